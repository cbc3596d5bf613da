// workspaces (a list): one variable set of the stack's own, attached by one VariableSetWorkspaces.
// Its default name is unique per stack; a set that already has the name is never taken over unless
// the user names it and asks (variableSetName + adoptExistingVariableSet), and an adopted set keeps
// what it had and stays on destroy. A workspace whose own variables would shadow the set's fails the
// attachment, unless removeShadowingVariables. Through the real provider host and the engine model,
// against the emulator. (0.2 always adopted "<name>-aws-oidc", whoever had it, changed its
// description and scope, deleted it on destroy, and attached it to shadowed workspaces silently.)
import assert from "node:assert/strict";
import { WorkspaceOidcFederation } from "../../src/components";
import { packageWrites, seedVariable } from "../faults/world";
import { ORG, capture, changedSteps, failuresOf, mark, requestsOf, startStackWorld, writesOf, type StackWorld } from "./stackWorld";

const ROLE = (name: string) => `arn:aws:iam::123456789012:role/tfc-${name}-oidc`;

describe("list mode: the federation's variable set", function () {
    this.timeout(120_000);
    let w: StackWorld;
    const setNamed = (name: string) => [...w.world.emu.store.varsets.values()].find((s) => s.name === name);
    const setVariables = (setId: string) =>
        [...w.world.emu.store.varsetVariables.values()].filter((v) => v.varsetId === setId).map((v) => `${v.key}=${v.value} ${JSON.stringify(v.description)}`).sort();
    /** A set the user made in the UI (no ownership mark), with one variable of its own. */
    const userSet = (name: string, attrs: { global?: boolean; priority?: boolean } = {}) => {
        const id = `varset-user${name.replace(/[^a-z0-9]/gi, "").slice(0, 12).padEnd(12, "0")}`;
        w.world.emu.store.varsets.set(id, {
            id, name, description: "the team's own set", global: attrs.global ?? false, priority: attrs.priority ?? false, organization: ORG,
            parentProjectId: null, workspaceIds: [], projectIds: [], createdAt: "", updatedAt: "",
        });
        w.world.emu.store.varsetVariables.set(`var-userof${id.slice(-8)}`, {
            id: `var-userof${id.slice(-8)}`, varsetId: id, key: "AWS_REGION", value: "eu-west-1", description: "", category: "env", hcl: false, sensitive: false,
            versionId: "0".repeat(36), createdAt: "",
        });
        return id;
    };

    before(async () => {
        w = await startStackWorld();
        for (const ws of ["la", "lb", "lc", "ld", "le", "lf", "lg", "lh"]) w.world.emu.addWorkspace(ORG, ws);
    });
    after(async () => w?.close());

    it("the default set name is unique per stack: two stacks with the same federation name get a set each", async () => {
        const program = (workspaces: string[]) => () => new WorkspaceOidcFederation("svc", { organization: ORG, workspaces });
        const alpha = await w.stack(await capture(program(["la"]), { stack: "alpha" }));
        const beta = await w.stack(await capture(program(["lb"]), { stack: "beta" }));
        assert.deepEqual((await alpha.up()).failures, []);
        assert.deepEqual((await beta.up()).failures, []);
        for (const [stack, ws] of [["alpha", "la"], ["beta", "lb"]] as const) {
            const set = setNamed(`svc-aws-oidc (project/${stack})`)!;
            assert.equal(set.description, `AWS dynamic credentials for acme workspace ${ws} (managed by Pulumi stack "project/${stack}", WorkspaceOidcFederation "svc")`);
            assert.deepEqual(setVariables(set.id), [
                `TFC_AWS_PROVIDER_AUTH=true ${JSON.stringify(mark("svc", `project/${stack}`))}`,
                `TFC_AWS_RUN_ROLE_ARN=${ROLE("svc")} ${JSON.stringify(mark("svc", `project/${stack}`))}`,
            ]);
            assert.deepEqual(set.workspaceIds.map((id) => w.world.emu.store.workspaces.get(id)!.name), [ws]);
        }
        assert.deepEqual((await alpha.destroy()).failures, []);
        assert.equal(setNamed("svc-aws-oidc (project/alpha)"), undefined);
        assert.ok(setNamed("svc-aws-oidc (project/beta)"));
        assert.deepEqual((await beta.destroy()).failures, []);
    });

    it("a set that already has the name is not adopted without variableSetName + adoptExistingVariableSet: the up fails and changes nothing", async () => {
        const id = userSet("team-creds");
        const stack = await w.stack(await capture(() => new WorkspaceOidcFederation("team", { organization: ORG, workspaces: ["lc"], variableSetName: "team-creds" })));
        const rep = await stack.up();
        assert.deepEqual(failuresOf(rep, w.world), {
            "team-varset":
                'variable set "team-creds" of organization "acme" already exists (Name has already been taken). Set adoptExistingVariableSet: true to manage the ' +
                "existing variable set (it is then kept, not deleted, when the stack is destroyed), or choose another name.",
        });
        assert.deepEqual(rep.skipped.sort(), ["team-varset-attachments", "team-varset-provider-auth", "team-varset-run-role-arn"]);
        assert.deepEqual(writesOf(w.world), []);
        const set = w.world.emu.store.varsets.get(id)!;
        assert.deepEqual([set.description, set.workspaceIds, setVariables(id)], ["the team's own set", [], ['AWS_REGION=eu-west-1 ""']]);
    });

    it("an adopted set (variableSetName + adoptExistingVariableSet) keeps its flags, description and variables, and is not deleted on destroy", async () => {
        const id = userSet("shared-creds", { priority: true });
        const stack = await w.stack(
            await capture(() => new WorkspaceOidcFederation("adopt", { organization: ORG, workspaces: ["ld", "le"], variableSetName: "shared-creds", adoptExistingVariableSet: true })),
        );
        assert.deepEqual((await stack.up()).failures, []);
        const set = w.world.emu.store.varsets.get(id)!;
        assert.deepEqual([set.global, set.priority, set.description], [false, true, "the team's own set"]);
        assert.deepEqual(setVariables(id), [
            'AWS_REGION=eu-west-1 ""',
            `TFC_AWS_PROVIDER_AUTH=true ${JSON.stringify(mark("adopt"))}`,
            `TFC_AWS_RUN_ROLE_ARN=${ROLE("adopt")} ${JSON.stringify(mark("adopt"))}`,
        ]);
        assert.equal(stack.engine.stateOf("adopt-varset").outs.created, false);
        assert.deepEqual(changedSteps(await stack.up()), {});
        assert.deepEqual(requestsOf(w.world), []);

        assert.deepEqual((await stack.destroy()).failures, []);
        const kept = w.world.emu.store.varsets.get(id)!;
        assert.deepEqual([kept.global, kept.priority, kept.description, kept.workspaceIds], [false, true, "the team's own set", []]);
        assert.deepEqual(setVariables(id), ['AWS_REGION=eu-west-1 ""']);
        assert.equal(writesOf(w.world).includes(`DELETE /varsets/${id}`), false);
    });

    it("a workspace with its own TFC_AWS_RUN_ROLE_ARN shadows the set: the up fails naming it and the keys, nothing is attached", async () => {
        const lf = w.world.emu.store.workspaces.get([...w.world.emu.store.workspaces.values()].find((x) => x.name === "lf")!.id)!;
        const own = seedVariable(w.world.emu, lf.id, { key: "TFC_AWS_RUN_ROLE_ARN", value: "arn:aws:iam::123456789012:role/seeded", category: "env" });
        const stack = await w.stack(await capture(() => new WorkspaceOidcFederation("shadow", { organization: ORG, workspaces: ["lf", "lg"] })));
        const rep = await stack.up();
        const set = setNamed("shadow-aws-oidc (project/stack)")!;
        assert.deepEqual(failuresOf(rep, w.world), {
            "shadow-varset-attachments":
                `workspace variables would shadow variable set ${set.id}: HCP Terraform gives a workspace's own variables precedence over its ` +
                `variable sets, so these workspaces would keep their own values and not use the set's: ${lf.id} (TFC_AWS_RUN_ROLE_ARN). Nothing was attached. ` +
                "Fix: delete those workspace variables, or set removeShadowingVariables: true (removeShadowing on the resource) to have them deleted once the set is attached.",
        });
        assert.deepEqual(set.workspaceIds, []);
        assert.equal(packageWrites(w.world.emu.log).some((e) => e.path.includes("/relationships/workspaces")), false);
        assert.ok(w.world.emu.store.variables.has(own));
        assert.deepEqual((await stack.destroy()).failures, []);
    });

    it("removeShadowingVariables: the set is attached, then the shadowing workspace variable is deleted (the user's other variables stay)", async () => {
        const lh = [...w.world.emu.store.workspaces.values()].find((x) => x.name === "lh")!;
        const own = seedVariable(w.world.emu, lh.id, { key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" });
        const other = seedVariable(w.world.emu, lh.id, { key: "TF_LOG", value: "INFO", category: "env" });
        const tfVar = seedVariable(w.world.emu, lh.id, { key: "TFC_AWS_RUN_ROLE_ARN", value: "a terraform variable", category: "terraform" });
        const stack = await w.stack(await capture(() => new WorkspaceOidcFederation("cleanup", { organization: ORG, workspaces: ["lh"], removeShadowingVariables: true })));
        assert.deepEqual((await stack.up()).failures, []);
        const set = setNamed("cleanup-aws-oidc (project/stack)")!;
        assert.deepEqual(set.workspaceIds, [lh.id]);
        const writes = writesOf(w.world);
        assert.deepEqual(writes.slice(-2), [`POST /varsets/${set.id}/relationships/workspaces`, `DELETE /workspaces/${lh.id}/vars/${own}`]);
        assert.equal(w.world.emu.store.variables.has(own), false);
        assert.ok(w.world.emu.store.variables.has(other));
        assert.ok(w.world.emu.store.variables.has(tfVar), "a terraform variable does not shadow an env one");
        assert.deepEqual(changedSteps(await stack.up()), {});
        assert.deepEqual(requestsOf(w.world), []);
    });
});
