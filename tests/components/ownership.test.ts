// Own only what you made: the variables a federation writes carry its owner (stack and name), so a
// second stack federating the same workspace is refused instead of taking them over (and deleting
// them on its destroy); two federations of one program on one workspace fail at construction;
// different tags write different variables and never touch each other's. (0.2 marked variables with
// the component's name only, and adopted whatever had the key.)
import assert from "node:assert/strict";
import { WorkspaceOidcFederation } from "../../src/components";
import { packageWrites, variableVersions } from "../faults/world";
import { ORG, capture, changedSteps, failuresOf, mark, requestsOf, startStackWorld, variablesOf, writesOf, type StackWorld } from "./stackWorld";
import { run } from "./harness";

const ROLE = "arn:aws:iam::123456789012:role/tfc-owned-oidc";

describe("ownership: a federation's variables are its own", function () {
    this.timeout(120_000);
    let w: StackWorld;

    before(async () => {
        w = await startStackWorld();
    });
    after(async () => w?.close());

    it("two stacks federating one workspace: the second's up is refused naming the first stack and changes nothing; destroying the first deletes only its variables", async () => {
        const ws = w.world.emu.addWorkspace(ORG, "owned");
        const program = () => new WorkspaceOidcFederation("app", { organization: ORG, workspace: "owned" });
        const alpha = await w.stack(await capture(program, { stack: "alpha" }));
        assert.deepEqual((await alpha.up()).failures, []);
        const theirs = [
            `TFC_AWS_PROVIDER_AUTH=true ${JSON.stringify(mark("app", "project/alpha"))}`,
            `TFC_AWS_RUN_ROLE_ARN=${ROLE} ${JSON.stringify(mark("app", "project/alpha"))}`,
        ];
        assert.deepEqual(variablesOf(w.world, ws.id), theirs);
        const versions = variableVersions(w.world.emu);

        const beta = await w.stack(await capture(program, { stack: "beta" }));
        const rep = await beta.up();
        const runRole = [...w.world.emu.store.variables.values()].find((v) => v.workspaceId === ws.id && v.key === "TFC_AWS_RUN_ROLE_ARN")!;
        assert.deepEqual(failuresOf(rep, w.world), {
            "app-variables":
                `variable "TFC_AWS_RUN_ROLE_ARN" (env) of workspace ${ws.id} (${runRole.id}) is managed by Pulumi stack "project/alpha" ` +
                `(WorkspaceOidcFederation "app"), as its description says. Two owners would overwrite each other's values and delete each ` +
                "other's objects on destroy, so it is not taken over. Fix: remove it from that stack first (or destroy that federation), or, " +
                "for a federation, give this one another tag so that it writes other variables.",
        });
        // Adopting, the group POSTs first: the key is taken (422), the existing variable is read and refused.
        assert.deepEqual(packageWrites(w.world.emu.log).map((e) => `${e.method} ${e.path} ${e.status}`), [`POST /api/v2/workspaces/${ws.id}/vars 422`]);
        assert.deepEqual(variableVersions(w.world.emu), versions);
        assert.equal(beta.engine.state.has(beta.engine.program.byName("app-variables").urn), false);

        // The first stack's destroy deletes its two variables and nothing else (the workspace it only looked up stays).
        w.world.emu.store.variables.set("var-usersownvariable", { ...runRole, id: "var-usersownvariable", key: "TF_LOG", value: "INFO", description: "" });
        const alphaIds = [...w.world.emu.store.variables.values()].filter((v) => v.workspaceId === ws.id && v.key.startsWith("TFC_AWS_")).map((v) => v.id);
        assert.deepEqual((await alpha.destroy()).failures, []);
        assert.deepEqual(writesOf(w.world).sort(), alphaIds.map((id) => `DELETE /workspaces/${ws.id}/vars/${id}`).sort());
        assert.deepEqual(variablesOf(w.world, ws.id), ['TF_LOG=INFO ""']);
        // Now the second stack's up writes its own.
        assert.deepEqual((await beta.up()).failures, []);
        assert.deepEqual(variablesOf(w.world, ws.id), [
            `TFC_AWS_PROVIDER_AUTH=true ${JSON.stringify(mark("app", "project/beta"))}`,
            `TFC_AWS_RUN_ROLE_ARN=${ROLE} ${JSON.stringify(mark("app", "project/beta"))}`,
            'TF_LOG=INFO ""',
        ]);
    });

    it("two federations of one program on one workspace (same cloud, no tag): the second fails at construction, registering nothing", async () => {
        const r = await run(() => {
            new WorkspaceOidcFederation("first", { organization: ORG, workspace: "both" });
            try {
                new WorkspaceOidcFederation("second", { organization: ORG, workspaces: ["other", "both"] });
            } catch (err) {
                return (err as Error).message;
            }
            return "(no error)";
        });
        assert.equal(
            r.result,
            'WorkspaceOidcFederation "second": workspace "both" of organization "acme" is already federated to AWS by WorkspaceOidcFederation "first" ' +
                "in this program: the two would overwrite each other's variables. Fix: federate it once, or give one of them another tag.",
        );
        assert.deepEqual(r.resources.filter((x) => x.name.startsWith("second")), []);
        // The same tag twice is the same configuration.
        const tagged = await run(() => {
            new WorkspaceOidcFederation("first", { organization: ORG, workspace: "both", tag: "PROD" });
            try {
                new WorkspaceOidcFederation("second", { organization: ORG, workspace: "both", tag: "PROD" });
            } catch (err) {
                return (err as Error).message;
            }
            return "(no error)";
        });
        assert.equal(
            tagged.result,
            'WorkspaceOidcFederation "second": workspace "both" of organization "acme" is already federated to AWS with tag "PROD" by WorkspaceOidcFederation ' +
                '"first" in this program: the two would overwrite each other\'s variables. Fix: federate it once, or give one of them another tag.',
        );
    });

    it("different tags on one workspace: each writes its own tagged keys; removing one federation leaves the other's variables untouched", async () => {
        const ws = w.world.emu.addWorkspace(ORG, "tagged");
        const both = await capture(() => {
            new WorkspaceOidcFederation("plain", { organization: ORG, workspace: "tagged" });
            new WorkspaceOidcFederation("second", { organization: ORG, workspace: "tagged", tag: "SECOND", roleName: "tfc-tagged-second" });
        });
        const stack = await w.stack(both);
        assert.deepEqual((await stack.up()).failures, []);
        const plain = [
            `TFC_AWS_PROVIDER_AUTH=true ${JSON.stringify(mark("plain"))}`,
            `TFC_AWS_RUN_ROLE_ARN=arn:aws:iam::123456789012:role/tfc-tagged-oidc ${JSON.stringify(mark("plain"))}`,
        ];
        assert.deepEqual(variablesOf(w.world, ws.id), [
            ...plain,
            `TFC_AWS_PROVIDER_AUTH_SECOND=true ${JSON.stringify(mark("second"))}`,
            `TFC_AWS_RUN_ROLE_ARN_SECOND=arn:aws:iam::123456789012:role/tfc-tagged-second ${JSON.stringify(mark("second"))}`,
        ].sort());
        const versions = variableVersions(w.world.emu);

        const rep = await stack.up(await capture(() => new WorkspaceOidcFederation("plain", { organization: ORG, workspace: "tagged" })));
        assert.deepEqual(rep.failures, []);
        assert.equal(changedSteps(rep)["second-variables"], "delete");
        assert.equal(changedSteps(rep)["plain-variables"], undefined);
        assert.equal(writesOf(w.world).length, 2);
        assert.deepEqual(variablesOf(w.world, ws.id), plain);
        for (const [id, v] of variableVersions(w.world.emu)) assert.equal(v, versions.get(id), `${id} was touched`);

        assert.deepEqual(changedSteps(await stack.up()), {});
        assert.deepEqual(requestsOf(w.world), []);
    });
});
