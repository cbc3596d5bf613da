// A workspace holds state and history: a federation never deletes one it did not make, and one it
// made only on destroy with deleteWorkspaceOnDestroy. Through the real provider host and the engine
// model, against the emulator. (0.2 made a Workspace child only while createWorkspace was on, so
// turning it off deleted the workspace it had created; it deleted created workspaces on destroy.)
import assert from "node:assert/strict";
import { WorkspaceOidcFederation } from "../../src/components";
import { ORG, capture, changedSteps, mark, requestsOf, startStackWorld, variablesOf, workspaceNamed, writesOf, type StackWorld } from "./stackWorld";

const fed = (args: { createWorkspace?: boolean; deleteWorkspaceOnDestroy?: boolean; projectId?: string; workspace?: string }) => () =>
    capture(() => new WorkspaceOidcFederation("app", { organization: ORG, workspace: args.workspace ?? "made", ...args }));

describe("safety: a workspace the stack created is kept unless deleteWorkspaceOnDestroy", function () {
    this.timeout(120_000);
    let w: StackWorld;

    before(async () => {
        w = await startStackWorld();
    });
    after(async () => w?.close());

    it("createWorkspace turned off then on again: the Workspace child stays (no delete, no request), destroy keeps the workspace", async () => {
        const on = await fed({ createWorkspace: true, workspace: "made-1" })();
        const stack = await w.stack(on);
        assert.deepEqual((await stack.up()).failures, []);
        const made = workspaceNamed(w.world, "made-1")!;
        assert.equal(stack.engine.stateOf("app-workspace").outs.created, true);

        for (const createWorkspace of [false, true]) {
            const rep = await stack.up(await fed({ createWorkspace, workspace: "made-1" })());
            assert.deepEqual(rep.failures, []);
            // createIfMissing is recorded only ("local"): an update with no request, never a delete.
            assert.deepEqual(changedSteps(rep), { "app-workspace": "update" }, `createWorkspace: ${createWorkspace}`);
            assert.deepEqual(requestsOf(w.world), []);
            assert.equal(stack.engine.stateOf("app-workspace").id, made.id);
            assert.equal(stack.engine.stateOf("app-workspace").outs.created, true);
        }
        const destroy = await stack.destroy();
        assert.deepEqual(destroy.failures, []);
        // The variables go; the workspace (retainOnDelete in the state) is dropped without a delete.
        assert.equal(destroy.steps.get(stack.engine.program.byName("app-workspace").urn), "retain");
        assert.deepEqual(writesOf(w.world).filter((r) => !r.startsWith("DELETE /workspaces/")), []);
        assert.equal(writesOf(w.world).length, 2);
        assert.ok(w.world.emu.store.workspaces.has(made.id));
        assert.deepEqual(variablesOf(w.world, made.id), []);
    });

    it("the federation removed from the program: its variables are deleted, the workspace it created is kept (retainOnDelete)", async () => {
        const stack = await w.stack(await fed({ createWorkspace: true, workspace: "made-2" })());
        assert.deepEqual((await stack.up()).failures, []);
        const made = workspaceNamed(w.world, "made-2")!;
        assert.deepEqual(variablesOf(w.world, made.id), [
            `TFC_AWS_PROVIDER_AUTH=true ${JSON.stringify(mark("app"))}`,
            `TFC_AWS_RUN_ROLE_ARN=arn:aws:iam::123456789012:role/tfc-made-2-oidc ${JSON.stringify(mark("app"))}`,
        ]);
        const rep = await stack.up(await capture(() => undefined));
        assert.deepEqual(rep.failures, []);
        assert.deepEqual(changedSteps(rep), {
            "app-workspace": "retain",
            "app-variables": "delete",
            "passive:app": "delete",
            "passive:app-role": "delete",
            "passive:app-role-ec2": "delete",
            "passive:hcp-terraform-oidc-app.terraform.io": "delete",
        });
        assert.equal(writesOf(w.world).every((r) => r.startsWith(`DELETE /workspaces/${made.id}/vars/`)), true);
        assert.ok(w.world.emu.store.workspaces.has(made.id));
        assert.deepEqual(variablesOf(w.world, made.id), []);
    });

    it("deleteWorkspaceOnDestroy: true: destroy safe-deletes the workspace the stack created, after its variables", async () => {
        const stack = await w.stack(await fed({ createWorkspace: true, deleteWorkspaceOnDestroy: true, workspace: "made-3" })());
        assert.deepEqual((await stack.up()).failures, []);
        assert.equal(stack.engine.program.byName("app-workspace").registration.retainOnDelete, false);
        const made = workspaceNamed(w.world, "made-3")!;
        const destroy = await stack.destroy();
        assert.deepEqual(destroy.failures, []);
        const writes = writesOf(w.world);
        assert.deepEqual(writes.slice(-1), [`POST /workspaces/${made.id}/actions/safe-delete`]);
        assert.equal(writes.length, 3);
        assert.equal(w.world.emu.store.workspaces.has(made.id), false);
    });

    it("deleteWorkspaceOnDestroy never deletes a workspace the stack only looked up", async () => {
        const existing = w.world.emu.addWorkspace(ORG, "existing-4");
        const stack = await w.stack(await fed({ createWorkspace: true, deleteWorkspaceOnDestroy: true, workspace: "existing-4" })());
        assert.deepEqual((await stack.up()).failures, []);
        assert.equal(stack.engine.stateOf("app-workspace").outs.created, false);
        assert.deepEqual((await stack.destroy()).failures, []);
        assert.equal(writesOf(w.world).some((r) => r.includes("safe-delete")), false);
        assert.ok(w.world.emu.store.workspaces.has(existing.id));
    });

    it("a created workspace renamed and moved out of band: refresh sees it, up renames and moves it back in place (same id); the group keeps its id", async () => {
        const home = w.world.emu.addProject(ORG, "Home");
        const elsewhere = w.world.emu.addProject(ORG, "Elsewhere");
        const program = await fed({ createWorkspace: true, projectId: home.id, workspace: "made-5" })();
        const stack = await w.stack(program);
        assert.deepEqual((await stack.up()).failures, []);
        const made = workspaceNamed(w.world, "made-5")!;
        assert.equal(made.projectId, home.id);
        const variableIds = [...w.world.emu.store.variables.values()].filter((v) => v.workspaceId === made.id).map((v) => v.id).sort();

        w.world.emu.renameWorkspace(made.id, "renamed-5");
        w.world.emu.moveWorkspace(made.id, elsewhere.id);
        const refresh = await stack.refresh();
        assert.deepEqual(refresh.failures, []);
        assert.deepEqual(writesOf(w.world), []);
        const seen = stack.engine.stateOf("app-workspace");
        assert.deepEqual([seen.id, seen.outs.name, seen.outs.projectId], [made.id, "renamed-5", elsewhere.id]);

        const rep = await stack.up();
        assert.deepEqual(rep.failures, []);
        assert.deepEqual(changedSteps(rep), { "app-workspace": "update" });
        assert.deepEqual(writesOf(w.world), [`PATCH /workspaces/${made.id}`]);
        const back = w.world.emu.store.workspaces.get(made.id)!;
        assert.deepEqual([back.name, back.projectId], ["made-5", home.id]);
        assert.equal(stack.engine.stateOf("app-variables").id, made.id);
        assert.deepEqual([...w.world.emu.store.variables.values()].filter((v) => v.workspaceId === made.id).map((v) => v.id).sort(), variableIds);

        const again = await stack.up();
        assert.deepEqual(changedSteps(again), {});
        assert.deepEqual(requestsOf(w.world), []);
    });
});
