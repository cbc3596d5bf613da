// Secret hygiene over a full lifecycle with canaries: the API token (TFE_TOKEN of the host, also set
// in this process while the providers are serialized) and sensitive variable values. Through the
// real provider host, with faults (lost answers, 5xx) so that the error and adoption paths run too:
// capture -> up -> refresh -> update (new secret, description-only change) -> out-of-band delete +
// stale update -> adoption conflict -> a rejected token -> destroy.
//
// The token must appear NOWHERE: provider texts, inputs, outputs, answers, error messages, the
// host's output, the requests' paths, queries and bodies. A sensitive value may appear only where
// the engine keeps it encrypted: in a top-level property that was a secret input (the engine marks
// the output of the same name secret) and in the request that sets it.
import assert from "node:assert/strict";
import { WorkspaceOidcFederation } from "../../src/components";
import { VariableSet, VariableSetVariable, WorkspaceVariable, WorkspaceVariableSet } from "../../src/resources";
import { runWithMocks } from "../support/mocks";
import { HostError, PROVIDER_KEY, type ProviderHost } from "../support/providerHost";
import { Engine, captureProgram, type Program } from "../faults/engine";
import { ORG, canaryToken, inventory, seedVariable, startWorld, ui, type World } from "../faults/world";

const SECRET_A = canaryToken("sensitiveA");
const SECRET_B = canaryToken("sensitiveB");
const SECRET_C = canaryToken("sensitiveC");
const STATIC_SECRET = canaryToken("staticKey");
const SECRET_VALUES = [SECRET_A, SECRET_B, SECRET_C, STATIC_SECRET];

function where(haystack: string, needles: string[]): string | undefined {
    return needles.find((n) => haystack.includes(n));
}

describe("security: secret hygiene over a full lifecycle (canary token and sensitive values)", function () {
    this.timeout(180_000);
    let world: World;
    let engine: Engine;
    let program: Program;
    let host: ProviderHost;
    let wsId: string;
    const messages: string[] = [];

    /** Secret-bearing top-level properties of a resource (the engine encrypts them). */
    const secretKeys = (name: string): string[] => {
        const r = program.byName(name);
        return [...r.secretInputs, ...r.additionalSecretOutputs];
    };

    /** Asserts the state holds no token, and sensitive values only under secret properties. */
    function assertStateClean(label: string): void {
        for (const r of program.resources) {
            const s = engine.state.get(r.urn);
            if (!s) continue;
            for (const [kind, map] of [["outputs", s.outs], ["inputs", s.inputs]] as const) {
                for (const [k, v] of Object.entries(map)) {
                    const text = JSON.stringify(v);
                    assert.equal(where(text, [world.token]), undefined, `${label}: the token is in ${r.name} ${kind}.${k}`);
                    if (!secretKeys(r.name).includes(k)) {
                        assert.equal(where(text, SECRET_VALUES), undefined, `${label}: a sensitive value is in ${r.name} ${kind}.${k}, which is not secret`);
                    }
                }
            }
        }
    }

    before(async () => {
        world = await startWorld({ seed: 3 });
        wsId = world.emu.addWorkspace(ORG, "app").id;
        seedVariable(world.emu, wsId, { key: "AWS_SECRET_ACCESS_KEY", value: STATIC_SECRET, category: "env", sensitive: true });
        const saved = process.env.TFE_TOKEN;
        process.env.TFE_TOKEN = world.token; // present while serializing: must not be captured
        try {
            [host, program] = await Promise.all([
                world.startHost(),
                captureProgram(() => {
                    const fed = new WorkspaceOidcFederation("app", { organization: ORG, workspace: "app", removeStaticAwsCredentials: true });
                    new WorkspaceVariable("db-password", { workspaceId: fed.workspaceId!, key: "DB_PASSWORD", value: SECRET_A, category: "env", sensitive: true });
                    const set = new VariableSet("secrets", { organization: ORG, name: "app-secrets" });
                    new VariableSetVariable("api-key", { variableSetId: set.variableSetId, key: "api_key", value: SECRET_B, category: "terraform", sensitive: true, description: "v1" });
                    new WorkspaceVariableSet("secrets-attach", { variableSetId: set.variableSetId, workspaceId: fed.workspaceId! });
                }),
            ]);
        } finally {
            if (saved === undefined) delete process.env.TFE_TOKEN;
            else process.env.TFE_TOKEN = saved;
        }
        engine = new Engine(host, program);
    });

    after(async () => {
        try {
            for (const h of world.hosts) {
                const out = h.output();
                assert.equal(where(out, [world.token, ...SECRET_VALUES]), undefined, `a canary is in the host's output:\n${out.slice(0, 2000)}`);
            }
            // Error messages: no canary at all. Structured answers (JSON: check/create/read/update
            // results, init-failed properties): no token; their sensitive values were checked per
            // property by assertStateClean.
            for (const s of [...engine.seen, ...messages]) {
                const structured = s.startsWith("{");
                assert.equal(where(s, structured ? [world.token] : [world.token, ...SECRET_VALUES]), undefined, `a canary is in: ${s.slice(0, 300)}`);
            }
            for (const e of world.emu.log) {
                assert.equal(where(e.path + JSON.stringify(e.query) + JSON.stringify(e.body ?? ""), [world.token]), undefined, `the token was sent in ${e.method} ${e.path}`);
            }
        } finally {
            await world?.close();
        }
    });

    it("registration: no provider text holds the token or a sensitive value; sensitive values travel as secrets", () => {
        for (const r of program.run.resources) {
            assert.equal(where(r.providerText ?? "", [world.token, ...SECRET_VALUES]), undefined, `${r.name}: canary in __provider`);
            const plain = Object.fromEntries(Object.entries(r.inputs).filter(([k]) => k !== PROVIDER_KEY && !r.secretInputs.includes(k)));
            assert.equal(where(JSON.stringify(plain), [world.token, ...SECRET_VALUES]), undefined, `${r.name}: canary in a non-secret input`);
        }
        assert.deepEqual(program.byName("db-password").secretInputs, ["value"]);
        assert.deepEqual(program.byName("api-key").secretInputs, ["value"]);
        // Non-sensitive variables are not needlessly secret (drift stays visible).
        assert.deepEqual(program.byName("app-variables").secretInputs, []);
    });

    it("up under lost answers and 5xx: errors and answers carry no canary; the state keeps sensitive values only as secrets", async () => {
        world.emu.injectFaults({ lostResponseRate: 0.5, serverErrorRate: 0.2 });
        const reports = await engine.converge(6);
        world.emu.clearFaults();
        for (const r of reports) for (const f of r.failures) messages.push(f.message);
        assertStateClean("after up");
        // The values HCP holds are the declared ones (write-only there).
        const vars = [...world.emu.store.variables.values()].filter((v) => v.workspaceId === wsId);
        assert.equal(vars.find((v) => v.key === "DB_PASSWORD")?.value, SECRET_A);
        assert.equal(vars.find((v) => v.key === "AWS_SECRET_ACCESS_KEY"), undefined);
        // The static keys are removed by the group itself (removeKeys), which records what it removed.
        assert.deepEqual(engine.stateOf("app-variables").outs.removedKeys, ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);
        assert.equal([...world.emu.store.varsetVariables.values()].find((v) => v.key === "api_key")?.value, SECRET_B);
    });

    it("refresh: sensitive values are never read back, the declared ones are kept as secrets", async () => {
        world.emu.clearLog();
        const rep = await engine.refresh();
        assert.deepEqual(rep.failures, []);
        assertStateClean("after refresh");
        assert.equal(engine.stateOf("db-password").outs.value, SECRET_A);
        for (const e of world.emu.log) assert.equal(e.method, "GET");
    });

    it("update: a new secret is sent once (PATCH); a description-only change never sends the value", async () => {
        engine.overrides.set(program.byName("db-password").urn, { value: SECRET_C });
        engine.overrides.set(program.byName("api-key").urn, { description: "v2" });
        world.emu.clearLog();
        const rep = await engine.up();
        assert.deepEqual(rep.failures, []);
        assertStateClean("after update");
        const patches = world.emu.log.filter((e) => e.method === "PATCH").map((e) => (e.body as any).data.attributes);
        assert.deepEqual(patches.sort((a, b) => Object.keys(a)[0].localeCompare(Object.keys(b)[0])), [{ description: "v2" }, { value: SECRET_C }]);
        assert.equal([...world.emu.store.varsetVariables.values()].find((v) => v.key === "api_key")?.value, SECRET_B);
    });

    it("error paths: a variable deleted out of band, an adoption conflict, a rejected token: no canary in any message", async () => {
        // Deleted in the UI, then a stale update (no refresh): the update fails and names the fix.
        const db = [...world.emu.store.variables.values()].find((v) => v.key === "DB_PASSWORD")!;
        await ui(world.emu, "DELETE", `/workspaces/${wsId}/vars/${db.id}`);
        engine.overrides.set(program.byName("db-password").urn, { value: SECRET_A });
        const rep = await engine.up();
        assert.equal(rep.failures.length, 1);
        assert.equal(
            rep.failures[0].message,
            `variable "DB_PASSWORD" (env) of workspace ${wsId} (${db.id}) no longer exists or the token may not see it: ` +
                "run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again.",
        );
        messages.push(rep.failures[0].message);
        await engine.refresh();
        const again = await engine.up();
        assert.deepEqual(again.failures, []);
        assertStateClean("after re-create");

        // Adoption conflict on a sensitive variable, declared non-sensitive with a canary value.
        const conflict = await runWithMocks(() =>
            new WorkspaceVariable("conflict", { workspaceId: wsId, key: "DB_PASSWORD", value: SECRET_C, category: "env", sensitive: false, adoptExisting: true }),
        );
        const c = conflict.byName("conflict");
        const { inputs } = await host.check(c.urn, {}, c.inputs);
        const err: HostError = await host.create(c.urn, inputs).then(
            () => assert.fail("created"),
            (e) => e,
        );
        messages.push(err.details);
        assert.match(err.details, /already exists and is sensitive/);

        // A token the server rejects: refresh, update and delete errors (the host prints some of them).
        const rejected = canaryToken("rejected");
        const bad = await world.startHost({ TFE_TOKEN: rejected });
        const s = engine.stateOf("db-password");
        const urn = program.byName("db-password").urn;
        for (const call of [
            () => bad.read(s.id, urn, s.outs, s.inputs),
            () => bad.update(s.id, urn, s.outs, { ...s.inputs, value: SECRET_B }, { oldInputs: s.inputs }),
            () => bad.delete(s.id, urn, s.outs, { oldInputs: s.inputs }),
        ]) {
            const e: HostError = await call().then(
                () => assert.fail("succeeded with a rejected token"),
                (x) => x,
            );
            assert.match(e.details, /401 Unauthorized: the API token was rejected/);
            assert.equal(where(e.details, [rejected, world.token, ...SECRET_VALUES]), undefined, e.details);
            messages.push(e.details);
        }
        assert.equal(where(bad.output(), [rejected]), undefined, "the rejected token is in the host's output");
    });

    it("destroy: everything the stack made is gone; no canary anywhere on the way", async () => {
        await engine.destroyAll(3);
        const inv = inventory(world.emu);
        assert.deepEqual(inv.variables, { app: [] });
        assert.deepEqual(inv.varsets, {});
    });
});
