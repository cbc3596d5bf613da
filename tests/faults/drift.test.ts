// Out-of-band changes between runs, made through the API as the HCP Terraform UI makes them (another
// user, another token): a variable edited (the trust widened to another account's role!), a
// variable deleted, a static key re-added, a workspace the stack made deleted, a workspace the stack
// only looked up deleted, the HYOK OIDC configuration deleted, a variable set detached and one of
// its variables edited. `refresh` reports each of them exactly and nothing else; the next `up`
// restores the declared state with exactly the writes needed; objects the stack does not own
// (the user's variables, even in the same workspaces, even edited meanwhile) are never touched.
import assert from "node:assert/strict";
import { WorkspaceOidcFederation } from "../../src/components";
import { Engine, captureProgram, stepCounts, type PassReport } from "./engine";
import { ORG, inventory, packageWrites, seedVariable, startWorld, ui, variableVersions, type World } from "./world";

const KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-4567-89ef-0123-456789abcdef";
const ATTACKER_ROLE = "arn:aws:iam::999999999999:role/attacker";
const SET_NAME = "shared-aws-oidc (project/stack)";
const desc = (fed: string) => `HCP Terraform AWS dynamic credentials (managed by Pulumi stack "project/stack", WorkspaceOidcFederation "${fed}")`;

describe("faults: out-of-band changes between runs", function () {
    this.timeout(120_000);
    let world: World;
    let engine: Engine;
    let userVars: Map<string, string>;
    let ids: Record<string, string>;

    const ws = (name: string) => [...world.emu.store.workspaces.values()].find((w) => w.name === name);
    const wsVar = (wsName: string, key: string, category = "env") =>
        [...world.emu.store.variables.values()].find((v) => v.workspaceId === ws(wsName)?.id && v.key === key && v.category === category)!;
    const steps = (rep: PassReport) =>
        Object.fromEntries([...rep.steps].filter(([, k]) => k !== "same" && k !== "read").map(([urn, k]) => [urn.split("::").pop()!, k]));

    before(async () => {
        world = await startWorld({ hyok: true, seed: 9 });
        for (const name of ["app", "lookup-only", "s1", "s2", "ren"]) world.emu.addWorkspace(ORG, name);
        // The user's own variables, in the same workspaces as the stack's.
        seedVariable(world.emu, ws("app")!.id, { key: "TF_LOG", value: "INFO", category: "env" });
        seedVariable(world.emu, ws("app")!.id, { key: "region", value: "eu-west-1", category: "terraform" });
        seedVariable(world.emu, ws("app")!.id, { key: "DB_PASSWORD", value: "user-secret", category: "env", sensitive: true });
        seedVariable(world.emu, ws("s1")!.id, { key: "TF_LOG", value: "DEBUG", category: "env" });
        userVars = variableVersions(world.emu);
        const [host, program] = await Promise.all([
            world.startHost(),
            captureProgram(() => {
                new WorkspaceOidcFederation("app", {
                    organization: ORG,
                    workspace: "app",
                    removeStaticAwsCredentials: true,
                    hyok: { configurationName: "primary", kmsKeyArn: KMS_KEY },
                });
                new WorkspaceOidcFederation("made", { organization: ORG, workspace: "made", createWorkspace: true });
                new WorkspaceOidcFederation("lookup", { organization: ORG, workspace: "lookup-only" });
                new WorkspaceOidcFederation("shared", { organization: ORG, workspaces: ["s1", "s2"] });
                new WorkspaceOidcFederation("ren", { organization: ORG, workspace: "ren" });
            }),
        ]);
        engine = new Engine(host, program);
        await engine.converge(1);
    });

    after(async () => world?.close());

    it("refresh reports each out-of-band change exactly, and nothing else", async () => {
        const before = new Map([...engine.state].map(([u, s]) => [u, JSON.stringify(s.outs)]));
        const set = [...world.emu.store.varsets.values()].find((s) => s.name === SET_NAME)!;
        const setAuth = [...world.emu.store.varsetVariables.values()].find((v) => v.varsetId === set.id && v.key === "TFC_AWS_PROVIDER_AUTH")!;
        const oidc = [...world.emu.store.oidcConfigurations.values()][0];
        ids = { app: ws("app")!.id, made: ws("made")!.id, lookup: ws("lookup-only")!.id, s2: ws("s2")!.id, set: set.id, ren: ws("ren")!.id };

        // --- The UI, between runs.
        const runRole = wsVar("app", "TFC_AWS_RUN_ROLE_ARN");
        await ui(world.emu, "PATCH", `/workspaces/${ids.app}/vars/${runRole.id}`, { data: { type: "vars", id: runRole.id, attributes: { value: ATTACKER_ROLE } } });
        await ui(world.emu, "DELETE", `/workspaces/${ids.app}/vars/${wsVar("app", "TFC_AWS_PROVIDER_AUTH").id}`);
        await ui(world.emu, "POST", `/workspaces/${ids.app}/vars`, { data: { type: "vars", attributes: { key: "AWS_SECRET_ACCESS_KEY", value: "static", category: "env", sensitive: true } } });
        await ui(world.emu, "POST", `/workspaces/${ids.app}/vars`, { data: { type: "vars", attributes: { key: "NEW_USER_VAR", value: "mine", category: "env" } } });
        const tfLog = wsVar("app", "TF_LOG");
        await ui(world.emu, "PATCH", `/workspaces/${ids.app}/vars/${tfLog.id}`, { data: { type: "vars", id: tfLog.id, attributes: { value: "TRACE" } } });
        await ui(world.emu, "DELETE", `/workspaces/${ids.made}`);
        await ui(world.emu, "DELETE", `/workspaces/${ids.lookup}`);
        await ui(world.emu, "DELETE", `/oidc-configurations/${oidc.id}`);
        await ui(world.emu, "DELETE", `/varsets/${set.id}/relationships/workspaces`, { data: [{ type: "workspaces", id: ids.s2 }] });
        await ui(world.emu, "PATCH", `/varsets/${set.id}/relationships/vars/${setAuth.id}`, { data: { type: "vars", id: setAuth.id, attributes: { value: "false" } } });
        const renRole = wsVar("ren", "TFC_AWS_RUN_ROLE_ARN");
        await ui(world.emu, "PATCH", `/workspaces/${ids.ren}/vars/${renRole.id}`, { data: { type: "vars", id: renRole.id, attributes: { key: "OLD_ROLE_ARN" } } });
        const renAuth = wsVar("ren", "TFC_AWS_PROVIDER_AUTH");
        await ui(world.emu, "PATCH", `/workspaces/${ids.ren}/vars/${renAuth.id}`, { data: { type: "vars", id: renAuth.id, attributes: { sensitive: true } } });
        userVars = new Map([...userVars].map(([id]) => [id, variableVersions(world.emu).get(id)!]));

        // Each `pulumi` command is a new provider host (the workspace look-ups of one process share a listing).
        engine.host = await world.startHost();
        world.emu.clearLog();
        const refresh = await engine.refresh();
        assert.deepEqual(refresh.failures, []);
        assert.equal(packageWrites(world.emu.log).length, 0, "refresh wrote something");
        // A workspace deleted is gone, and so is its group; a group that lost one variable is not (it
        // drops it), nor the attachments of a set detached from one of its workspaces (they drop it).
        assert.deepEqual(steps(refresh), {
            "app-hyok-oidc-configuration": "gone",
            "made-workspace": "gone",
            "made-variables": "gone",
            "lookup-workspace": "gone",
            "lookup-variables": "gone",
        });
        // What still exists: changed exactly where the UI changed it.
        const changed: Record<string, Record<string, unknown>> = {};
        for (const [urn, s] of engine.state) {
            const old = JSON.parse(before.get(urn)!);
            const diff: Record<string, unknown> = {};
            for (const k of new Set([...Object.keys(old), ...Object.keys(s.outs)])) {
                if (k !== "__provider" && JSON.stringify(old[k]) !== JSON.stringify(s.outs[k])) diff[k] = s.outs[k];
            }
            if (Object.keys(diff).length > 0) changed[urn.split("::").pop()!] = diff;
        }
        const groupVar = (fed: string, id: string, key: string, value: string, extra: Record<string, unknown> = {}) => ({
            key, value, category: "env", hcl: false, description: desc(fed), id, ...extra,
        });
        assert.deepEqual(changed, {
            // The edited role ARN; TFC_AWS_PROVIDER_AUTH, deleted, is no longer listed; the static key is back.
            "app-variables": { variables: [groupVar("app", runRole.id, "TFC_AWS_RUN_ROLE_ARN", ATTACKER_ROLE)], presentKeys: ["AWS_SECRET_ACCESS_KEY"] },
            "shared-varset-attachments": { workspaceIds: [ws("s1")!.id] },
            "shared-varset-provider-auth": { value: "false" },
            // Renamed, and made sensitive (its value can no longer be read).
            "ren-variables": {
                variables: [
                    groupVar("ren", renRole.id, "OLD_ROLE_ARN", "arn:aws:iam::123456789012:role/tfc-ren-oidc"),
                    groupVar("ren", renAuth.id, "TFC_AWS_PROVIDER_AUTH", "", { sensitive: true }),
                ],
            },
        });
        // Refreshed inputs follow the refreshed outputs (no phantom diff for what did not change).
        assert.equal(engine.stateOf("app-variables").inputs.variables[0].value, ATTACKER_ROLE);
    });

    it("the next up restores the declared state with exactly the writes needed, and touches nothing else", async () => {
        engine.host = await world.startHost();
        world.emu.clearLog();
        const rep = await engine.up();
        assert.deepEqual(
            Object.fromEntries(rep.failures.map((f) => [f.name, f.message])),
            {
                // A workspace the stack only looked up is not re-created behind the user's back.
                "lookup-workspace":
                    'workspace "lookup-only" of organization "acme" was not found, or the token is not allowed to see it (HCP Terraform answers 404 for both). ' +
                    "Check the names and the token's access, or set createWorkspace: true to create it.",
            },
        );
        assert.deepEqual(rep.skipped, ["lookup-variables"]);
        assert.deepEqual(steps(rep), {
            "app-variables": "update",
            "app-hyok-oidc-configuration": "create",
            "made-workspace": "create",
            "made-variables": "create",
            "shared-varset-attachments": "update",
            "shared-varset-provider-auth": "update",
            // The renamed variable and the one made sensitive are made again (in place: the group stays).
            "ren-variables": "update",
        });
        const made = ws("made")!.id;
        const writes = packageWrites(world.emu.log)
            .map((e) => `${e.method} ${e.path.replace(/^\/api\/v2/, "").replace(/var-[A-Za-z0-9]+/, "var-*").replace(made, "ws-made")}`)
            .sort();
        assert.deepEqual(
            writes,
            [
                `PATCH /workspaces/${ids.app}/vars/var-*`,
                `POST /workspaces/${ids.app}/vars`,
                `DELETE /workspaces/${ids.app}/vars/var-*`,
                "POST /organizations/acme/oidc-configurations",
                "POST /organizations/acme/workspaces",
                "POST /workspaces/ws-made/vars",
                "POST /workspaces/ws-made/vars",
                `POST /varsets/${ids.set}/relationships/workspaces`,
                `PATCH /varsets/${ids.set}/relationships/vars/var-*`,
                // The one made sensitive: deleted and made again; the renamed one: made again under its
                // declared key, then the old key deleted.
                `DELETE /workspaces/${ids.ren}/vars/var-*`,
                `POST /workspaces/${ids.ren}/vars`,
                `POST /workspaces/${ids.ren}/vars`,
                `DELETE /workspaces/${ids.ren}/vars/var-*`,
            ].sort(),
        );
        for (const w of world.emu.log.filter((e) => e.method !== "GET")) assert.ok(w.status >= 200 && w.status < 300, `${w.method} ${w.path} ${w.status}`);
        // The deleted static key is the one the UI re-added; the declared values are back.
        assert.equal(wsVar("app", "AWS_SECRET_ACCESS_KEY"), undefined);
        assert.equal(wsVar("app", "TFC_AWS_RUN_ROLE_ARN").value, "arn:aws:iam::123456789012:role/tfc-app-oidc");
        assert.equal(wsVar("app", "TFC_AWS_PROVIDER_AUTH").value, "true");
        assert.deepEqual(
            [...world.emu.store.oidcConfigurations.values()].map((c) => c.attributes["role-arn"]),
            ["arn:aws:iam::123456789012:role/tfc-app-oidc-hyok"],
        );
        assert.deepEqual(inventory(world.emu).varsets[SET_NAME].workspaces, ["s1", "s2"]);
        assert.deepEqual(inventory(world.emu).variables.ren, [
            `env:TFC_AWS_PROVIDER_AUTH=true ${JSON.stringify(desc("ren"))}`,
            `env:TFC_AWS_RUN_ROLE_ARN=arn:aws:iam::123456789012:role/tfc-ren-oidc ${JSON.stringify(desc("ren"))}`,
        ]);
        // The user's variables: untouched (same value and version as the UI left them), NEW_USER_VAR kept.
        const now = variableVersions(world.emu);
        for (const [id, version] of userVars) assert.equal(now.get(id), version, `user variable ${id} was touched`);
        assert.equal(wsVar("app", "NEW_USER_VAR").value, "mine");
        assert.equal(wsVar("app", "TF_LOG").value, "TRACE");
    });

    it("a second up makes 0 requests (the failed lookup aside, which the user must fix)", async () => {
        engine.host = await world.startHost();
        world.emu.clearLog();
        const rep = await engine.up((r) => !r.name.startsWith("lookup-"));
        assert.deepEqual(rep.failures, []);
        assert.deepEqual(stepCounts(rep), { same: engine.program.resources.length - 2 });
        assert.equal(world.emu.log.length, 0, world.emu.log.map((e) => `${e.method} ${e.path}`).join(", "));
    });
});
