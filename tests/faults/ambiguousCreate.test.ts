// One ambiguous create per resource kind, in isolation: the create's POST answers 503 without acting,
// or is carried out but its answer is lost. Everything with a natural key (workspace name,
// variable key+category, variable set name) must come out of ONE `pulumi up` with exactly one
// object (look it up, then create again only if it is not there). HYOK OIDC configurations have no
// natural key and no list endpoint: the create is not repeated, and the error says what may exist
// and how to find it.
import assert from "node:assert/strict";
import { AwsOidcConfiguration, VariableSet, VariableSetVariable, Workspace, WorkspaceVariable } from "../../src/resources";
import { Engine, captureProgram, type Program } from "./engine";
import { ORG, seedVariable, startWorld, type World } from "./world";

type Fault = "503" | "lost answer";

describe("faults: one ambiguous create per resource kind", function () {
    this.timeout(120_000);
    let world: World;
    let wsId: string;
    let setId: string;
    let program: Program;

    before(async () => {
        world = await startWorld({ hyok: true, rateLimit: null });
        wsId = world.emu.addWorkspace(ORG, "app").id;
        setId = "varset-EXISTING00000000";
        world.emu.store.varsets.set(setId, {
            id: setId, name: "existing", description: "", global: false, priority: false, organization: ORG,
            parentProjectId: null, workspaceIds: [], projectIds: [], createdAt: "", updatedAt: "",
        });
        seedVariable(world.emu, wsId, { key: "USER_KEY", value: "the user's", category: "env", description: "the user's" });
        world.emu.store.varsets.set("varset-USERS0000000000", {
            id: "varset-USERS0000000000", name: "user-set", description: "the user's", global: false, priority: false, organization: ORG,
            parentProjectId: null, workspaceIds: [], projectIds: [], createdAt: "", updatedAt: "",
        });
        program = await captureProgram(() => {
            for (const f of ["503", "lost"]) {
                new Workspace(`ws-${f}`, { organization: ORG, name: `made-${f}`, createIfMissing: true });
                new WorkspaceVariable(`var-${f}`, { workspaceId: wsId, key: `KEY_${f.toUpperCase()}`, value: "v", category: "env" });
                new VariableSet(`set-${f}`, { organization: ORG, name: `set-${f}` });
                new VariableSetVariable(`setvar-${f}`, { variableSetId: setId, key: `key_${f}`, value: "v", category: "terraform" });
                new AwsOidcConfiguration(`oidc-${f}`, { organization: ORG, roleArn: `arn:aws:iam::123456789012:role/hyok-${f}` });
            }
            // Same key / name as an object the user already has; adoptExisting is NOT set.
            new WorkspaceVariable("user-var", { workspaceId: wsId, key: "USER_KEY", value: "declared", category: "env" });
            new VariableSet("user-set", { organization: ORG, name: "user-set", description: "declared" });
        });
    });
    after(async () => world?.close());

    /** Runs ONE up of the named resource with its first create POST faulted. */
    async function upWithFault(name: string, path: string, fault: Fault) {
        let n = 0;
        world.emu.injectFaults({
            ...(fault === "503" ? { serverErrorBurst: 1 } : { lostResponseRate: 1 }),
            match: (m, p) => m === "POST" && p === `/api/v2${path}` && n++ === 0,
        });
        const engine = new Engine(await host(), program);
        try {
            return { engine, report: await engine.up((r) => r.name === name) };
        } finally {
            world.emu.clearFaults();
        }
    }
    let sharedHost: Awaited<ReturnType<World["startHost"]>> | undefined;
    const host = async () => {
        if (!sharedHost) sharedHost = await world.startHost();
        return sharedHost;
    };

    const count = {
        workspaces: (name: string) => [...world.emu.store.workspaces.values()].filter((w) => w.name === name).length,
        variables: (key: string) => [...world.emu.store.variables.values()].filter((v) => v.key === key).length,
        varsets: (name: string) => [...world.emu.store.varsets.values()].filter((s) => s.name === name).length,
        setVariables: (key: string) => [...world.emu.store.varsetVariables.values()].filter((v) => v.key === key).length,
    };

    for (const [fault, tag] of [["503", "503"], ["lost answer", "lost"]] as const) {
        describe(`the first create POST ${fault === "503" ? "answers 503 without acting" : "is carried out but its answer is lost"}`, () => {
            it("WorkspaceVariable: one up, one variable", async () => {
                const { report } = await upWithFault(`var-${tag}`, `/workspaces/${wsId}/vars`, fault);
                assert.deepEqual(report.failures, []);
                assert.equal(count.variables(`KEY_${tag.toUpperCase()}`), 1);
            });
            it("VariableSet: one up, one set", async () => {
                const { report } = await upWithFault(`set-${tag}`, `/organizations/${ORG}/varsets`, fault);
                assert.deepEqual(report.failures, []);
                assert.equal(count.varsets(`set-${tag}`), 1);
            });
            it("VariableSetVariable: one up, one variable", async () => {
                const { report } = await upWithFault(`setvar-${tag}`, `/varsets/${setId}/relationships/vars`, fault);
                assert.deepEqual(report.failures, []);
                assert.equal(count.setVariables(`key_${tag}`), 1);
            });
            it("Workspace (createIfMissing): one up, one workspace, recorded as created", async () => {
                const { report, engine } = await upWithFault(`ws-${tag}`, `/organizations/${ORG}/workspaces`, fault);
                // DEFECT (src/resources/providers/workspace.ts): after an ambiguous POST whose look-up finds
                // nothing, create() throws instead of sending the POST again as the other creates with a
                // natural key do, so ONE 5xx fails the whole `pulumi up`.
                assert.deepEqual(report.failures.map((f) => f.message), []);
                assert.equal(count.workspaces(`made-${tag}`), 1);
                assert.equal(engine.stateOf(`ws-${tag}`).outs.created, true);
            });
        });
    }

    it("AwsOidcConfiguration, 503: not repeated; the error says it may exist and how to find it; the next up makes exactly one", async () => {
        const { report, engine } = await upWithFault("oidc-503", `/organizations/${ORG}/oidc-configurations`, "503");
        const e = world.emu.hostname;
        assert.deepEqual(
            report.failures.map((f) => f.message.split(e).join("<emulator>")),
            [
                'creating the AWS OIDC configuration of organization "acme" got no clear answer, so the configuration may have been created anyway: ' +
                    "POST /organizations/acme/oidc-configurations on <emulator> failed: 503 server error: service unavailable; the request was not repeated because it is not safe to repeat, " +
                    "and the server may have acted on it (an object may have been created): look it up by its natural key before creating it again. " +
                    "It was not retried because HCP Terraform has no way to list OIDC configurations or find one by its attributes. " +
                    "To find it, list GET /api/v2/organizations/acme/hyok-configurations?include=oidc_configuration (or look in the organization's HYOK settings); " +
                    "a configuration that no HYOK configuration uses is unused and can be removed with DELETE /api/v2/oidc-configurations/<id>. Then run `pulumi up` again.",
            ],
        );
        assert.equal(world.emu.store.oidcConfigurations.size, 0);
        const next = await engine.up((r) => r.name === "oidc-503");
        assert.deepEqual(next.failures, []);
        assert.equal(world.emu.store.oidcConfigurations.size, 1);
    });

    it("AwsOidcConfiguration, lost answer: same error; the configuration the lost POST made is left for the user to remove (known limit)", async () => {
        const before = world.emu.store.oidcConfigurations.size;
        const { report, engine } = await upWithFault("oidc-lost", `/organizations/${ORG}/oidc-configurations`, "lost answer");
        assert.equal(report.failures.length, 1);
        assert.match(report.failures[0].message, /got no clear answer, so the configuration may have been created anyway: .*reset.*DELETE \/api\/v2\/oidc-configurations\/<id>/);
        assert.equal(world.emu.store.oidcConfigurations.size, before + 1);
        await engine.up((r) => r.name === "oidc-lost");
        // One managed, one orphan: the API gives no way to recognise the orphan as this stack's.
        assert.equal(world.emu.store.oidcConfigurations.size, before + 2);
    });

    describe("an object the stack does not own (adoptExisting not set), when the first create POST answers 503 without acting", () => {
        // Without the fault, the POST answers 422 "has already been taken" and create() fails with
        // "... already exists ... Set adoptExisting: true ...": the user's object is never touched.
        // With one 5xx first, the retry's look-up finds the user's object and takes it for the one the
        // lost POST made.
        it("WorkspaceVariable: the user's variable is untouched, and create fails with the adoptExisting message", async () => {
            const v = [...world.emu.store.variables.values()].find((x) => x.key === "USER_KEY")!;
            const before = `${v.value} | ${v.description} | ${v.versionId}`;
            const { report } = await upWithFault("user-var", `/workspaces/${wsId}/vars`, "503");
            // DEFECT (src/resources/variableProvider.ts create(): the look-up before a retry adopts any
            // variable with the key): the user's variable is overwritten and now belongs to the stack,
            // which deletes it on destroy.
            assert.equal(`${v.value} | ${v.description} | ${v.versionId}`, before, "the user's variable was changed");
            assert.equal(report.failures.length, 1, "create took over the user's variable");
            assert.match(report.failures[0].message, /^variable "USER_KEY" \(env\) of workspace ws-\w+ already exists.*Set adoptExisting: true to manage the existing variable/);
        });
        it("VariableSet: the user's set is untouched, and create fails with the adoptExisting message", async () => {
            const set = world.emu.store.varsets.get("varset-USERS0000000000")!;
            const { report } = await upWithFault("user-set", `/organizations/${ORG}/varsets`, "503");
            // DEFECT (src/resources/providers/variableSet.ts create(), same pattern).
            assert.equal(set.description, "the user's", "the user's set was changed");
            assert.equal(report.failures.length, 1, "create took over the user's set");
            assert.match(report.failures[0].message, /^variable set "user-set" of organization "acme" already exists.*Set adoptExisting: true/);
        });
    });
});
