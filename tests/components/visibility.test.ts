// "Not visible" is not "gone": HCP Terraform answers 404 both for a deleted object and for one the
// token may not see. With a token that cannot see the organization (another team's, another
// site's), refresh and destroy of a federation fail with the visibility message and keep every
// resource in the state; once a token with access is back, the next up finds everything as it was:
// 0 requests, nothing created twice, the workspace the stack created still recorded as created (not
// taken for someone else's). (0.2 dropped a resource from the state on any 404.)
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { WorkspaceOidcFederation } from "../../src/components";
import { ORG, capture, changedSteps, failuresOf, requestsOf, startStackWorld, workspaceNamed, writesOf, type Stack, type StackWorld } from "./stackWorld";

describe("visibility: a token that cannot see the organization removes nothing", function () {
    this.timeout(120_000);
    let w: StackWorld;
    let stack: Stack;
    let wsId: string;
    let snapshot: string;
    let inventory: () => string;
    const visibility = (what: string) =>
        `${what} answered 404, and so does organization "acme" on http://<emulator>: the token from the TFE_TOKEN environment variable cannot see that ` +
        "organization at all. This is a credentials problem (another team's token, or another site than the one the object was created on), not a deletion: " +
        'nothing was removed from the stack. Use a token of a member of "acme" on http://<emulator>, then run the command again.';

    before(async () => {
        w = await startStackWorld();
        stack = await w.stack(await capture(() => new WorkspaceOidcFederation("app", { organization: ORG, workspace: "hidden", createWorkspace: true })));
        assert.deepEqual((await stack.up()).failures, []);
        wsId = workspaceNamed(w.world, "hidden")!.id;
        snapshot = JSON.stringify(stack.engine.snapshot());
        inventory = () => JSON.stringify([...w.world.emu.store.workspaces.values(), ...w.world.emu.store.variables.values()]);
        // From now on the stack's token gets 404 for the organization and everything in it.
        w.world.emu.denyAccess(w.world.token, ORG);
    });
    after(async () => w?.close());

    it("refresh: every read fails with the visibility message; the state is unchanged and nothing is written", async () => {
        const store = inventory();
        const rep = await stack.refresh();
        assert.deepEqual(failuresOf(rep, w.world), {
            "app-workspace": visibility(`workspace ${wsId} ("hidden")`),
            "app-variables": visibility(`the variables of workspace ${wsId}`),
        });
        assert.deepEqual([...rep.steps.values()].filter((k) => k === "gone"), []);
        assert.equal(JSON.stringify(stack.engine.snapshot()), snapshot);
        assert.deepEqual(writesOf(w.world), []);
        assert.equal(inventory(), store);
    });

    it("destroy: the variables' delete fails with the visibility message; what they depend on is not deleted; the state and the store are unchanged", async () => {
        const store = inventory();
        const rep = await stack.destroy();
        const runRole = (stack.engine.stateOf("app-variables").outs.variables as { key: string; id: string }[]).find((v) => v.key === "TFC_AWS_PROVIDER_AUTH")!;
        assert.deepEqual(failuresOf(rep, w.world), { "app-variables": visibility(`variable "TFC_AWS_PROVIDER_AUTH" (${runRole.id}) of workspace ${wsId}`) });
        assert.deepEqual(rep.skipped.sort(), ["app", "app-role", "app-role-ec2", "app-workspace", "hcp-terraform-oidc-app.terraform.io", "hcp-terraform-oidc-app.terraform.io"].sort());
        assert.equal(JSON.stringify(stack.engine.snapshot()), snapshot);
        assert.equal(inventory(), store);
        // The one write tried was the refused delete.
        assert.deepEqual(writesOf(w.world), [`DELETE /workspaces/${wsId}/vars/${runRole.id}`]);
    });

    it("access restored: the next up makes 0 requests, nothing is made twice, the workspace is still the stack's own", async () => {
        const token = `restored${randomBytes(6).toString("hex")}.atlasv1.${randomBytes(24).toString("hex")}`;
        w.world.emu.addToken(token, "pulumi-user");
        const restored = await w.stack(stack.engine.program, { TFE_TOKEN: token });
        restored.engine.loadState(stack.engine.snapshot());
        const rep = await restored.up();
        assert.deepEqual(rep.failures, []);
        assert.deepEqual(changedSteps(rep), {});
        assert.deepEqual(requestsOf(w.world), []);
        assert.equal(restored.engine.stateOf("app-workspace").outs.created, true);
        assert.equal([...w.world.emu.store.workspaces.values()].filter((x) => x.name === "hidden").length, 1);
        assert.equal([...w.world.emu.store.variables.values()].filter((v) => v.workspaceId === wsId).length, 2);
        // And a refresh with access finds it all.
        const refresh = await restored.refresh();
        assert.deepEqual(refresh.failures, []);
        assert.deepEqual([...refresh.steps.values()], ["read", "read"]);
    });
});
