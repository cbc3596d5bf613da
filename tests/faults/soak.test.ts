// Soak: the HCP side of N WorkspaceOidcFederation components, applied through ONE real provider
// host with 16 resources in flight, against an emulator that answers 10% of requests 5xx (without
// acting), resets 5% of connections (without acting), loses the answer of 20% of the POSTs it
// carries out, delays 3% of requests beyond the client's deadline and has 429 storms.
//
// Proves: every resource converges (a failed create is created again by the next `up`, as the
// engine would, with the resources' adopt semantics), the emulator then holds EXACTLY the desired
// objects (no duplicate, no orphan, pre-existing objects the stack does not own untouched), a
// second `up` makes 0 requests, a refresh sees no drift, and `destroy` under the same faults
// removes exactly what the stack made.
//
// Size: SOAK_N federations (default 40 for CI; SOAK_N=200 for the full soak). SOAK_SEED changes
// the fault sequence. Figures are printed at the end (SOAK_QUIET=1 silences them).
import assert from "node:assert/strict";
import { WorkspaceOidcFederation, STATIC_AWS_CREDENTIAL_KEYS } from "../../src/components";
import type { Emulator } from "../emulator";
import { ACCOUNT, Engine, captureProgram, stepCounts, type PassReport } from "./engine";
import { ORG, clientStats, faultFigures, inventory, seedVariable, startWorld, variableLine, variableVersions, type Inventory, type World } from "./world";

const N = Number(process.env.SOAK_N ?? 40);
const SEED = Number(process.env.SOAK_SEED ?? 11);
const DEADLINE_MS = 1500;
const QUIET = process.env.SOAK_QUIET === "1";

type Kind = "existing" | "stale" | "create" | "static" | "list";

interface FederationSpec {
    name: string;
    kind: Kind;
    workspaces: string[];
}

/** Deterministic mix: half plain lookups, and every other path of the HCP side. */
function specs(n: number): FederationSpec[] {
    const kinds: Kind[] = ["existing", "existing", "existing", "existing", "stale", "create", "create", "static", "list", "existing"];
    return Array.from({ length: n }, (_, i) => {
        const kind = kinds[i % kinds.length];
        const name = `fed${String(i).padStart(3, "0")}`;
        return { name, kind, workspaces: kind === "list" ? [`${name}-a`, `${name}-b`] : [`${name}-ws`] };
    });
}

const owner = (fed: string) => `(managed by Pulumi stack "project/stack", WorkspaceOidcFederation "${fed}")`;
const description = (fed: string) => `HCP Terraform AWS dynamic credentials ${owner(fed)}`;
const roleArn = (roleName: string) => `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
const oidcVar = (fed: string, key: string, value: string) =>
    variableLine({ category: "env", key, value, sensitive: false, hcl: false, description: description(fed) });

/** Creates what exists before the stack: workspaces (except the ones to create), user variables, stale/static ones. */
function seed(emu: Emulator, feds: FederationSpec[]): void {
    for (const f of feds) {
        if (f.kind === "create") continue;
        for (const ws of f.workspaces) {
            const { id } = emu.addWorkspace(ORG, ws);
            // A variable of the user in every other workspace: never touched.
            if (f.name.endsWith("0") || f.name.endsWith("5") || f.kind !== "existing") {
                seedVariable(emu, id, { key: "TF_LOG", value: "INFO", category: "env", description: "the user's" });
            }
            if (f.kind === "stale") {
                // Adopted (adoptExisting) and corrected: same object, declared value.
                seedVariable(emu, id, { key: "TFC_AWS_RUN_ROLE_ARN", value: roleArn("old-role"), category: "env" });
                // Same key, other category: another object, not the stack's.
                seedVariable(emu, id, { key: "TFC_AWS_PROVIDER_AUTH", value: "tf-var", category: "terraform" });
            }
            if (f.kind === "static") {
                for (const key of STATIC_AWS_CREDENTIAL_KEYS) seedVariable(emu, id, { key, value: `static-${key}`, category: "env", sensitive: key !== "AWS_ACCESS_KEY_ID" });
                // Same key as a static credential but a Terraform variable: not removed.
                seedVariable(emu, id, { key: "AWS_ACCESS_KEY_ID", value: "tf-input", category: "terraform" });
                seedVariable(emu, id, { key: "AWS_REGION", value: "eu-west-1", category: "env" });
            }
        }
    }
}

/** The store the federations must leave after `up` (from the inventory before). */
function desired(before: Inventory, feds: FederationSpec[]): Inventory {
    const want: Inventory = JSON.parse(JSON.stringify(before));
    for (const f of feds) {
        for (const ws of f.workspaces) {
            if (!want.workspaces.includes(ws)) want.workspaces.push(ws);
            if (!want.variables[ws]) want.variables[ws] = [];
        }
        if (f.kind === "list") {
            want.varsets[`${f.name}-aws-oidc (project/stack)`] = {
                global: false,
                priority: false,
                description: `AWS dynamic credentials for ${ORG} workspaces ${f.workspaces.join(", ")} ${owner(f.name)}`,
                vars: [oidcVar(f.name, "TFC_AWS_PROVIDER_AUTH", "true"), oidcVar(f.name, "TFC_AWS_RUN_ROLE_ARN", roleArn(`tfc-${f.name}-oidc`))].sort(),
                workspaces: [...f.workspaces].sort(),
                projects: [],
            };
            continue;
        }
        const ws = f.workspaces[0];
        let vars = want.variables[ws];
        if (f.kind === "stale") vars = vars.filter((l) => !l.startsWith("env:TFC_AWS_RUN_ROLE_ARN="));
        if (f.kind === "static") vars = vars.filter((l) => !STATIC_AWS_CREDENTIAL_KEYS.some((k) => l.startsWith(`env:${k}=`)));
        vars.push(oidcVar(f.name, "TFC_AWS_RUN_ROLE_ARN", roleArn(`tfc-${ws}-oidc`)), oidcVar(f.name, "TFC_AWS_PROVIDER_AUTH", "true"));
        want.variables[ws] = vars.sort();
    }
    want.workspaces.sort();
    return want;
}

/** What must remain after destroy: the pre-existing objects, minus what the stack adopted or removed. */
function afterDestroy(before: Inventory, feds: FederationSpec[]): Inventory {
    const want: Inventory = JSON.parse(JSON.stringify(before));
    for (const f of feds) {
        if (f.kind === "stale") {
            // Adopted by the stack (adoptExisting), so deleted with it.
            want.variables[f.workspaces[0]] = want.variables[f.workspaces[0]].filter((l) => !l.startsWith("env:TFC_AWS_RUN_ROLE_ARN="));
        }
        if (f.kind === "static") {
            // Removed static keys stay removed (nothing to restore).
            want.variables[f.workspaces[0]] = want.variables[f.workspaces[0]].filter((l) => !STATIC_AWS_CREDENTIAL_KEYS.some((k) => l.startsWith(`env:${k}=`)));
        }
    }
    return want;
}

function summary(label: string, reports: PassReport[]): string {
    return reports
        .map(
            (r, i) =>
                `${label} pass ${i + 1}: ${r.ms} ms, steps ${JSON.stringify(stepCounts(r))}, failures ${r.failures.length}, skipped ${r.skipped.length}` +
                r.failures.map((f) => `\n        ${f.name} ${f.op}: ${f.message.replace(/127\.0\.0\.1:\d+/g, "<emulator>")}`).join(""),
        )
        .join("\n      ");
}

describe(`faults: soak of ${N} federations' HCP side through the real provider host`, function () {
    this.timeout(Math.max(300_000, N * 6_000));
    let world: World;
    let engine: Engine;
    let feds: FederationSpec[];
    let initial: Inventory;
    let foreign: Map<string, string>;
    const figures: string[] = [];
    let stormTimer: NodeJS.Timeout | undefined;

    const faultsOn = () => {
        world.emu.injectFaults({
            serverErrorRate: 0.1,
            resetRate: 0.05,
            lostResponseRate: 0.2,
            latencySpikeRate: 0.03,
            latencySpikeMs: DEADLINE_MS + 700,
        });
        // 429 storms: the emulator's limit drops to 5 requests/s for 1 s out of every 4 s.
        let tick = 0;
        stormTimer = setInterval(() => {
            tick++;
            world.emu.setRateLimit(tick % 4 === 1 ? 5 : 30);
        }, 1000);
    };
    const faultsOff = () => {
        if (stormTimer) clearInterval(stormTimer);
        stormTimer = undefined;
        world.emu.clearFaults();
        world.emu.setRateLimit(30);
    };

    before(async function () {
        feds = specs(N);
        world = await startWorld({ seed: SEED, deadlineMs: DEADLINE_MS });
        seed(world.emu, feds);
        initial = inventory(world.emu);
        foreign = variableVersions(world.emu);
        const [host, program] = await Promise.all([
            world.startHost(),
            captureProgram(() => {
                for (const f of feds) {
                    new WorkspaceOidcFederation(f.name, {
                        organization: ORG,
                        ...(f.kind === "list" ? { workspaces: f.workspaces } : { workspace: f.workspaces[0] }),
                        // deleteWorkspaceOnDestroy: the workspaces the stack made go with it (kept by default).
                        ...(f.kind === "create" ? { createWorkspace: true, deleteWorkspaceOnDestroy: true } : {}),
                        ...(f.kind === "static" ? { removeStaticAwsCredentials: true } : {}),
                    });
                }
            }),
        ]);
        engine = new Engine(host, program, { parallel: 16 });
    });

    after(async function () {
        faultsOff();
        if (!QUIET && figures.length > 0) console.log(`\n    soak figures (N=${N}, seed ${SEED}):\n      ${figures.join("\n      ")}`);
        await world?.close();
    });

    it("converges under 5xx, resets, lost POST answers, latency beyond the deadline and 429 storms", async () => {
        const types = stepCounts({ steps: new Map(engine.program.resources.map((r) => [r.urn, r.type as any])) } as PassReport);
        figures.push(`dynamic resources: ${engine.program.resources.length} ${JSON.stringify(types)}`);
        world.emu.clearLog();
        faultsOn();
        const reports = await engine.converge(8);
        faultsOff();
        const f = faultFigures(world.emu.log);
        figures.push(summary("up", reports));
        figures.push(`up requests: ${JSON.stringify(f)}`);
        const stats = await clientStats(engine.host);
        // Transport errors the server did not cause by a reset or a lost answer are client deadlines.
        const timeouts = stats.transportErrors - (f.reset ?? 0) - (f["lost-response"] ?? 0);
        figures.push(`client (cumulative): ${JSON.stringify(stats)}; deadline expiries (latency spikes): ${timeouts}`);
        // The faults really happened, and some creates really needed another pass or a look-up.
        assert.ok((f["server-error"] ?? 0) > 0 && (f.reset ?? 0) > 0 && (f["lost-response"] ?? 0) > 0 && (f["rate-limited"] ?? 0) > 0, JSON.stringify(f));
        assert.ok(timeouts > 0, "no request outlived the client's deadline");
        // Every resource is in the state, created, none left with init errors.
        assert.equal(engine.state.size, engine.program.resources.length);
        for (const [urn, s] of engine.state) assert.equal(s.initErrors, undefined, `${urn} has init errors`);
        // Failures of earlier passes are all of the retryable kind (no validation or permission error).
        for (const rep of reports) {
            for (const fail of rep.failures) {
                assert.match(fail.message, /server error|reset|deadline|may have been created|may have acted|429|could not be brought/, `${fail.name}: ${fail.message}`);
            }
        }
    });

    it("the emulator holds exactly the desired objects: no duplicate, no orphan, foreign variables untouched", () => {
        assert.deepEqual(inventory(world.emu), desired(initial, feds));
        // Variables that are not the stack's: untouched (same version), except the ones the stack
        // adopts (env TFC_AWS_RUN_ROLE_ARN, corrected in place: same id) or removes (env static keys).
        const now = variableVersions(world.emu);
        for (const [id, version] of foreign) {
            const [category, key] = version.split(":");
            if (category === "env" && STATIC_AWS_CREDENTIAL_KEYS.includes(key)) {
                assert.equal(now.get(id), undefined, `static key ${key} (${id}) was not removed`);
            } else if (category === "env" && key === "TFC_AWS_RUN_ROLE_ARN") {
                assert.ok(now.get(id)?.startsWith(`env:TFC_AWS_RUN_ROLE_ARN:${roleArn("tfc-")}`), `${id} was not adopted in place: ${now.get(id)}`);
            } else {
                assert.equal(now.get(id), version, `variable ${id} (${category} ${key}) is not the stack's and was changed`);
            }
        }
        // Each workspace the stack created exists once and is recorded as created (deleted on destroy).
        for (const f of feds.filter((x) => x.kind === "create")) {
            assert.equal(engine.stateOf(`${f.name}-workspace`).outs.created, true, `${f.name}-workspace is not recorded as created`);
        }
    });

    it("a second up makes 0 requests (no phantom diff), and a refresh finds no drift", async () => {
        world.emu.clearLog();
        const second = await engine.up();
        figures.push(`second up: ${second.ms} ms, ${world.emu.log.length} requests, steps ${JSON.stringify(stepCounts(second))}`);
        assert.deepEqual(second.failures, []);
        assert.deepEqual(stepCounts(second), { same: engine.program.resources.length });
        assert.equal(world.emu.log.length, 0, `requests: ${world.emu.log.map((e) => `${e.method} ${e.path}`).join(", ")}`);

        // Refresh: every read finds the object as applied (same outputs). Where a read returned other
        // inputs than the stored ones (e.g. the workspace's actual projectId), an up over those
        // resources still finds nothing to do: no phantom diff after a refresh either.
        const strip = ({ __provider: _p, ...rest }: Record<string, unknown>) => JSON.stringify(rest);
        const before = new Map([...engine.state].map(([u, s]) => [u, { outs: strip(s.outs), inputs: strip(s.inputs) }]));
        world.emu.clearLog();
        const refresh = await engine.refresh();
        assert.deepEqual(refresh.failures, []);
        assert.deepEqual(stepCounts(refresh), { read: engine.program.resources.length });
        assert.equal(world.emu.log.filter((e) => e.method !== "GET").length, 0, "refresh wrote something");
        const newInputs = new Set<string>();
        for (const [u, s] of engine.state) {
            assert.equal(strip(s.outs), before.get(u)!.outs, `refresh changed the outputs of ${u.split("::").pop()}`);
            if (strip(s.inputs) !== before.get(u)!.inputs) newInputs.add(u);
        }
        world.emu.clearLog();
        const after = await engine.up((r) => newInputs.has(r.urn));
        figures.push(`refresh: ${refresh.ms} ms; ${newInputs.size} resources got refreshed inputs, an up over them: ${JSON.stringify(stepCounts(after))}, ${world.emu.log.length} requests`);
        assert.deepEqual(after.failures, []);
        assert.ok([...after.steps.values()].every((k) => k === "same"));
        assert.equal(world.emu.log.length, 0);
    });

    it("destroy under the same faults removes exactly what the stack made", async () => {
        world.emu.clearLog();
        faultsOn();
        const reports = await engine.destroyAll(8);
        faultsOff();
        figures.push(summary("destroy", reports));
        figures.push(`destroy requests: ${JSON.stringify(faultFigures(world.emu.log))}`);
        assert.deepEqual(inventory(world.emu), afterDestroy(initial, feds));
    });
});
