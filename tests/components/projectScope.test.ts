// projectScope: every workspace of a project, current and future, through ONE role trusting
// `organization:<ORG>:project:<PROJECT>:workspace:*:run_phase:*` and ONE variable set attached to the
// project (ProjectVariableSet); the project is looked up (Project), and nothing is made per
// workspace. And a pinned `project` on a single workspace: the Workspace look-up refuses a
// workspace outside it before any variable is written. (0.2 had neither: no projectScope, and a
// wrong pin was only a warning while the variables were written.)
import assert from "node:assert/strict";
import { WorkspaceOidcFederation } from "../../src/components";
import { ACCOUNT, T, childrenOf, inputsOf, isolateHostEnv, outputOf, run } from "./harness";
import { ORG, capture, changedSteps, failuresOf, mark, requestsOf, startStackWorld, writesOf, type StackWorld } from "./stackWorld";

describe("projectScope: one role and one variable set for every workspace of a project", function () {
    this.timeout(120_000);
    isolateHostEnv();
    let w: StackWorld;

    before(async () => {
        w = await startStackWorld();
    });
    after(async () => w?.close());

    it("under mocks: a Project look-up, one role trusting the whole project, one set attached to the project, no per-workspace child", async () => {
        const r = await run(() => new WorkspaceOidcFederation("team", { organization: "acme", projectScope: true, project: "Payments" }));
        const federation = r.byName("team", T.federation);
        assert.deepEqual(childrenOf(r, federation).map((c) => `${c.type}::${c.name}`).sort(), [
            `${T.role}::team-role`,
            `${T.rolePolicy}::team-role-ec2`,
            `${T.project}::team-project`,
            `${T.projectVariableSet}::team-varset-project`,
            `${T.variableSet}::team-varset`,
            `${T.variableSetVariable}::team-varset-provider-auth`,
            `${T.variableSetVariable}::team-varset-run-role-arn`,
        ].sort());
        assert.deepEqual([r.ofType(T.workspace).length, r.ofType(T.variableSetWorkspaces).length, r.ofType(T.variableGroup).length], [0, 0, 0]);
        const project = r.byName("team-project", T.project);
        assert.deepEqual(inputsOf(project), { organization: "acme", name: "Payments" });
        const role = r.byName("team-role", T.role);
        assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Condition, {
            StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
            StringLike: { "app.terraform.io:sub": "organization:acme:project:Payments:workspace:*:run_phase:*" },
        });
        assert.equal(role.inputs.description, "HCP Terraform runs of acme workspaces of project Payments (WorkspaceOidcFederation team)");
        assert.ok(role.dependencies.includes(project.urn), "the role waits for the project look-up");
        assert.deepEqual(inputsOf(r.byName("team-varset", T.variableSet)), {
            organization: "acme",
            adoptArgument: "adoptExistingVariableSet",
            attached: true,
            name: "team-aws-oidc (project/stack)",
            description: 'AWS dynamic credentials for acme workspaces of project Payments (managed by Pulumi stack "project/stack", WorkspaceOidcFederation "team")',
            global: false,
        });
        const attach = r.byName("team-varset-project", T.projectVariableSet);
        assert.deepEqual(inputsOf(attach), { variableSetId: r.byName("team-varset", T.variableSet).id, projectId: project.id });
        for (const v of ["team-varset-run-role-arn", "team-varset-provider-auth"]) assert.ok(attach.dependencies.includes(r.byName(v).urn), v);
        assert.deepEqual([await outputOf(r.result.workspaceIds), await outputOf(r.result.projectId!)], [[], project.id]);
    });

    it("through the host: the set holds the variables and is attached to the project (not to its workspaces); destroy detaches and deletes it, the project stays", async () => {
        const payments = w.world.emu.addProject(ORG, "Payments");
        const a = w.world.emu.addWorkspace(ORG, "pay-a", { projectId: payments.id });
        const stack = await w.stack(await capture(() => new WorkspaceOidcFederation("team", { organization: ORG, projectScope: true, project: "Payments" })));
        assert.deepEqual((await stack.up()).failures, []);
        assert.equal(stack.engine.stateOf("team-project").outs.projectId, payments.id);
        const set = [...w.world.emu.store.varsets.values()].find((s) => s.name === "team-aws-oidc (project/stack)")!;
        assert.deepEqual([set.projectIds, set.workspaceIds, set.global], [[payments.id], [], false]);
        assert.deepEqual(
            [...w.world.emu.store.varsetVariables.values()].filter((v) => v.varsetId === set.id).map((v) => `${v.key}=${v.value} ${v.description}`).sort(),
            [`TFC_AWS_PROVIDER_AUTH=true ${mark("team")}`, `TFC_AWS_RUN_ROLE_ARN=arn:aws:iam::${ACCOUNT}:role/tfc-team-oidc ${mark("team")}`],
        );
        // A workspace added to the project later is covered without any change to the stack.
        w.world.emu.addWorkspace(ORG, "pay-b", { projectId: payments.id });
        assert.deepEqual(changedSteps(await stack.up()), {});
        assert.deepEqual(requestsOf(w.world), []);

        const variableIds = [...w.world.emu.store.varsetVariables.values()].filter((v) => v.varsetId === set.id).map((v) => v.id);
        assert.deepEqual((await stack.destroy()).failures, []);
        assert.deepEqual(writesOf(w.world).sort(), [
            `DELETE /varsets/${set.id}`,
            ...variableIds.map((id) => `DELETE /varsets/${set.id}/relationships/vars/${id}`),
            `DELETE /varsets/${set.id}/relationships/projects`,
        ].sort());
        assert.equal(w.world.emu.store.varsets.has(set.id), false);
        assert.ok(w.world.emu.store.projects.has(payments.id));
        assert.ok(w.world.emu.store.workspaces.has(a.id));
    });

    it("an unknown project: the look-up fails with the message, and nothing is written", async () => {
        const stack = await w.stack(await capture(() => new WorkspaceOidcFederation("nope", { organization: ORG, projectScope: true, project: "Nowhere" })));
        const rep = await stack.up();
        assert.deepEqual(failuresOf(rep, w.world), {
            "nope-project":
                'project "Nowhere" of organization "acme" was not found, or the token is not allowed to see it (HCP Terraform answers 404 for both). ' +
                'Check the project name (e.g. "Default Project") and the token\'s access.',
        });
        assert.deepEqual(rep.skipped.sort(), ["nope-varset", "nope-varset-project", "nope-varset-provider-auth", "nope-varset-run-role-arn"]);
        assert.deepEqual(writesOf(w.world), []);
    });

    it("a pinned project (single workspace) the workspace is not in: the Workspace fails naming both projects, before any variable is written", async () => {
        w.world.emu.addProject(ORG, "Platform");
        const ws = w.world.emu.addWorkspace(ORG, "pinned");
        const stack = await w.stack(await capture(() => new WorkspaceOidcFederation("pin", { organization: ORG, workspace: "pinned", project: "Platform" })));
        const rep = await stack.up();
        assert.deepEqual(failuresOf(rep, w.world), {
            "pin-workspace":
                'workspace "pinned" of organization "acme" is in project "Default Project", but the trust pins project "Platform": its runs could not get ' +
                'credentials, so nothing was written. Fix: move the workspace to project "Platform" in HCP Terraform, or pin project "Default Project".',
        });
        assert.deepEqual(rep.skipped, ["pin-variables"]);
        assert.deepEqual(writesOf(w.world), []);
        assert.deepEqual([...w.world.emu.store.variables.values()].filter((v) => v.workspaceId === ws.id), []);
    });
});
