import { strict as assert } from "assert";
import { GCP_WORKLOAD_IDENTITY_USER_ROLE, gcpPrincipalSetMember, gcpWorkloadIdentityPrincipals, gcpWorkloadIdentityUserBindings } from "../../../src/clouds/gcp/bindings";
import { expectInputError } from "../expectInputError";

const POOL = "projects/123456789012/locations/global/workloadIdentityPools/hcp-terraform";
const SET = `principalSet://iam.googleapis.com/${POOL}`;
const WS1 = "ws-AAAAAAAAAAAAAAA1";
const WS2 = "ws-AAAAAAAAAAAAAAA2";
const PRJ = "prj-BBBBBBBBBBBBBBBB";

describe("clouds/gcp/bindings", () => {
    it("workspaces: one service account admitting each workspace id", () => {
        assert.equal(GCP_WORKLOAD_IDENTITY_USER_ROLE, "roles/iam.workloadIdentityUser");
        assert.deepStrictEqual(gcpWorkloadIdentityUserBindings({ poolName: POOL, workspaceIds: [WS1, WS2] }), [
            { identity: "run", role: "roles/iam.workloadIdentityUser", members: [`${SET}/attribute.terraform_workspace_id/${WS1}`, `${SET}/attribute.terraform_workspace_id/${WS2}`] },
        ]);
        assert.deepStrictEqual(gcpWorkloadIdentityUserBindings({ poolName: POOL, workspaceIds: WS1 }), [
            { identity: "run", role: "roles/iam.workloadIdentityUser", members: [`${SET}/attribute.terraform_workspace_id/${WS1}`] },
        ]);
    });

    it("workspaces with splitPhases: the composite <ws-id>:<phase> attribute per service account", () => {
        assert.deepStrictEqual(gcpWorkloadIdentityUserBindings({ poolName: POOL, workspaceIds: [WS1, WS2, WS1], splitPhases: true }), [
            { identity: "plan", role: "roles/iam.workloadIdentityUser", members: [`${SET}/attribute.workspace_id_run_phase/${WS1}:plan`, `${SET}/attribute.workspace_id_run_phase/${WS2}:plan`] },
            { identity: "apply", role: "roles/iam.workloadIdentityUser", members: [`${SET}/attribute.workspace_id_run_phase/${WS1}:apply`, `${SET}/attribute.workspace_id_run_phase/${WS2}:apply`] },
        ]);
    });

    it("project-wide: the project id, or <prj-id>:<phase> with splitPhases", () => {
        assert.deepStrictEqual(gcpWorkloadIdentityUserBindings({ poolName: POOL, projectId: PRJ }), [
            { identity: "run", role: "roles/iam.workloadIdentityUser", members: [`${SET}/attribute.terraform_project_id/${PRJ}`] },
        ]);
        assert.deepStrictEqual(gcpWorkloadIdentityPrincipals({ projectId: PRJ, splitPhases: true }), [
            { identity: "plan", principals: [{ attribute: "project_id_run_phase", value: `${PRJ}:plan` }] },
            { identity: "apply", principals: [{ attribute: "project_id_run_phase", value: `${PRJ}:apply` }] },
        ]);
    });

    it("principals need no pool name; gcpPrincipalSetMember builds a member from one", () => {
        const [sa] = gcpWorkloadIdentityPrincipals({ workspaceIds: [WS1] });
        assert.deepStrictEqual(sa, { identity: "run", principals: [{ attribute: "terraform_workspace_id", value: WS1 }] });
        assert.equal(gcpPrincipalSetMember(POOL, sa.principals[0]), `${SET}/attribute.terraform_workspace_id/${WS1}`);
    });

    it("refuses names for ids, both or neither scope, empty lists, and a bad pool name", () => {
        const both = "workspaceIds / projectId: give exactly one: workspace ids (ws-…) for those workspaces, or a project id (prj-…) for every workspace of the project. Fix the arguments.";
        expectInputError(() => gcpWorkloadIdentityPrincipals({}), "workspaceIds", both);
        expectInputError(() => gcpWorkloadIdentityPrincipals({ workspaceIds: [WS1], projectId: PRJ }), "workspaceIds", both);
        expectInputError(() => gcpWorkloadIdentityPrincipals({ workspaceIds: [] }), "workspaceIds", "workspaceIds []: give at least one workspace id. Fix the workspace id list.");
        expectInputError(() => gcpWorkloadIdentityPrincipals({ workspaceIds: ["prod"] }), "workspaceId", 'workspace id "prod": an HCP Terraform workspace id is "ws-" followed by 16 letters or digits (e.g. "ws-4j8p6jX1w33MiDC7"), not a name. Fix the workspace id.');
        expectInputError(() => gcpWorkloadIdentityPrincipals({ workspaceIds: ["*"] }), "workspaceId", 'workspace id "*": an HCP Terraform workspace id is "ws-" followed by 16 letters or digits (e.g. "ws-4j8p6jX1w33MiDC7"), not a name. Fix the workspace id.');
        expectInputError(() => gcpWorkloadIdentityPrincipals({ projectId: "Default Project" }), "projectId", 'project id "Default Project": an HCP Terraform project id is "prj-" followed by 16 letters or digits (e.g. "prj-AbCdEfGh12345678"), not a name. Fix the project id.');
        expectInputError(
            () => gcpWorkloadIdentityUserBindings({ poolName: "hcp-terraform", workspaceIds: [WS1] }),
            "poolName",
            'workload identity pool name "hcp-terraform": expected projects/<project number>/locations/global/workloadIdentityPools/<pool id>. Fix the pool name.',
        );
    });
});
