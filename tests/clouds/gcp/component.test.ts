// GcpWorkspaceFederation under mocks: the exact children, names, parents, inputs, dependencies,
// variables and outputs, for one workspace, a list, a project, and split phases.
import { strict as assert } from "node:assert";
import { GcpWorkspaceFederation } from "../../../src/clouds/gcp/GcpWorkspaceFederation";
import { GCP_ATTRIBUTES } from "../../../src/clouds/gcp/trust";
import type { CapturedResource, MockRun } from "../../support/mocks";
import { G, POOL_BASE, fakeId, fakeWorkspaceId, inputsOf, isolateHostEnv, outputOf, run } from "./harness";

const ORG = "acme";
const GP = "acme-prod";
const POOL = `${POOL_BASE(GP)}/tfc-acme`;
const PROVIDER = `${POOL}/providers/tfc-app-terraform-io`;
const SET = `principalSet://iam.googleapis.com/${POOL}`;
const DESCRIPTION = (name: string) => `HCP Terraform GCP dynamic credentials (managed by Pulumi stack "project/stack", GcpWorkspaceFederation "${name}")`;
const MAPPING = {
    "google.subject": 'assertion.terraform_workspace_id + ":" + assertion.terraform_run_phase',
    "attribute.aud": "assertion.aud",
    "attribute.terraform_organization_id": "assertion.terraform_organization_id",
    "attribute.terraform_organization_name": "assertion.terraform_organization_name",
    "attribute.terraform_project_id": "assertion.terraform_project_id",
    "attribute.terraform_project_name": "assertion.terraform_project_name",
    "attribute.terraform_workspace_id": "assertion.terraform_workspace_id",
    "attribute.terraform_workspace_name": "assertion.terraform_workspace_name",
    "attribute.terraform_full_workspace": "assertion.terraform_full_workspace",
    "attribute.terraform_run_phase": "assertion.terraform_run_phase",
    "attribute.terraform_run_id": "assertion.terraform_run_id",
    "attribute.workspace_id_run_phase": 'assertion.terraform_workspace_id + ":" + assertion.terraform_run_phase',
    "attribute.project_id_run_phase": 'assertion.terraform_project_id + ":" + assertion.terraform_run_phase',
};
const email = (id: string) => `${id}@${GP}.iam.gserviceaccount.com`;
const saName = (id: string) => `projects/${GP}/serviceAccounts/${email(id)}`;

/** The names of what `r` depends on, sorted. */
function deps(run: MockRun<unknown>, r: CapturedResource): string[] {
    return r.dependencies.map((urn) => run.resources.find((x) => x.urn === urn)!.name).sort();
}

function inventory(r: MockRun<unknown>): string[] {
    return r.resources.map((x) => `${x.type}::${x.name}`).sort();
}

describe("GcpWorkspaceFederation under mocks", function () {
    isolateHostEnv();

    it("one workspace: the shared pool and provider (stack level, retained), a service account bound by workspace id, its project role, one variable group", async () => {
        const r = await run(() => new GcpWorkspaceFederation("app", { organization: ORG, workspace: "app-prod", gcpProject: GP, projectRoles: ["roles/editor"] }));
        const fed = r.byName("app", G.federation);
        assert.deepEqual(inventory(r), [
            `${G.pool}::hcp-terraform-pool-acme-prod-tfc-acme`,
            `${G.provider}::hcp-terraform-provider-acme-prod-tfc-acme-tfc-app-terraform-io`,
            `${G.account}::app-sa`,
            `${G.saMember}::app-sa-workload-identity-user`,
            `${G.projectMember}::app-sa-role-editor`,
            `${G.federation}::app`,
            `${G.variableGroup}::app-variables`,
            `${G.workspace}::app-workspace`,
        ].sort());
        const pool = r.byName("hcp-terraform-pool-acme-prod-tfc-acme");
        const provider = r.byName("hcp-terraform-provider-acme-prod-tfc-acme-tfc-app-terraform-io");
        for (const shared of [pool, provider]) {
            assert.equal(shared.parent?.includes(G.federation) ?? false, false, `${shared.name} is at stack level`);
            assert.equal(shared.retainOnDelete, true, `${shared.name} is retained on delete (GCP soft-deletes for 30 days)`);
            assert.equal(shared.protect, false);
        }
        for (const child of ["app-sa", "app-sa-workload-identity-user", "app-sa-role-editor", "app-variables", "app-workspace"]) {
            assert.equal(r.byName(child).parent, fed.urn, `${child} parented to the federation`);
        }
        const description = "HCP Terraform runs of organization acme on https://app.terraform.io (hcp-oidc-federation)";
        assert.deepEqual(inputsOf(pool), { project: GP, workloadIdentityPoolId: "tfc-acme", displayName: "HCP Terraform", description });
        assert.deepEqual(inputsOf(provider), {
            project: GP,
            workloadIdentityPoolId: "tfc-acme",
            workloadIdentityPoolProviderId: "tfc-app-terraform-io",
            displayName: "HCP Terraform",
            description,
            attributeMapping: MAPPING,
            attributeCondition: 'assertion.terraform_organization_name == "acme"',
            oidc: { issuerUri: "https://app.terraform.io" },
        });
        assert.deepEqual(inputsOf(r.byName("app-sa")), {
            project: GP,
            accountId: "tfc-app-prod",
            displayName: "HCP Terraform runs (app)",
            description: "HCP Terraform runs of acme workspace app-prod (GcpWorkspaceFederation app)",
        });
        const ws = fakeWorkspaceId(ORG, "app-prod");
        assert.deepEqual(inputsOf(r.byName("app-sa-workload-identity-user")), {
            serviceAccountId: saName("tfc-app-prod"),
            role: "roles/iam.workloadIdentityUser",
            member: `${SET}/attribute.terraform_workspace_id/${ws}`,
        });
        assert.deepEqual(inputsOf(r.byName("app-sa-role-editor")), { project: GP, role: "roles/editor", member: `serviceAccount:${email("tfc-app-prod")}` });
        assert.deepEqual(inputsOf(r.byName("app-variables")), {
            organization: ORG,
            workspaceName: "app-prod",
            variables: [
                { key: "TFC_GCP_WORKLOAD_PROVIDER_NAME", value: PROVIDER, category: "env", description: DESCRIPTION("app") },
                { key: "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL", value: email("tfc-app-prod"), category: "env", description: DESCRIPTION("app") },
                { key: "TFC_GCP_PROVIDER_AUTH", value: "true", category: "env", description: DESCRIPTION("app") },
            ],
            adoptExisting: true,
        });
        // Every GCP object waits for the workspace look-up; the variables for every trust object.
        assert.deepEqual(deps(r, pool), ["app-workspace"]);
        assert.deepEqual(deps(r, provider), ["app-workspace", "hcp-terraform-pool-acme-prod-tfc-acme"]);
        assert.deepEqual(deps(r, r.byName("app-sa")), ["app-workspace"]);
        assert.deepEqual(deps(r, r.byName("app-sa-workload-identity-user")), ["app-sa", "app-workspace", "hcp-terraform-pool-acme-prod-tfc-acme"]);
        assert.deepEqual(deps(r, r.byName("app-sa-role-editor")), ["app-sa", "app-workspace"]);
        assert.deepEqual(deps(r, r.byName("app-variables")), [
            "app-sa", "app-sa-role-editor", "app-sa-workload-identity-user", "app-workspace", "hcp-terraform-provider-acme-prod-tfc-acme-tfc-app-terraform-io",
        ]);

        const f = r.result;
        assert.equal(await outputOf(f.serviceAccountEmail), email("tfc-app-prod"));
        assert.equal(f.planServiceAccountEmail, undefined);
        assert.equal(f.applyServiceAccountEmail, undefined);
        assert.equal(await outputOf(f.workloadProviderName), PROVIDER);
        assert.equal(await outputOf(f.poolName), POOL);
        assert.equal(await outputOf(f.audience), `//iam.googleapis.com/${PROVIDER}`);
        assert.deepEqual(await outputOf(f.workloadIdentityUserMembers), [`${SET}/attribute.terraform_workspace_id/${ws}`]);
        assert.equal(await outputOf(f.workspaceId!), ws);
        assert.deepEqual(await outputOf(f.workspaceIds), [ws]);
        assert.equal(f.variableSetId, undefined);
        assert.equal(f.projectId, undefined);
        assert.equal(f.trustCheckRunUrls, undefined);
        assert.equal(f.workloadIdentityPool?.urn !== undefined, true);
        assert.equal(await outputOf(f.workloadIdentityPoolProvider!.name), PROVIDER);
    });

    it("a list of workspaces: one service account (named from the component), one binding per workspace id, one variable set attached to each", async () => {
        const r = await run(() => new GcpWorkspaceFederation("svc", { organization: ORG, workspaces: ["svc-a", "svc-b"], gcpProject: GP, removeStaticCredentials: true }));
        const [a, b] = [fakeWorkspaceId(ORG, "svc-a"), fakeWorkspaceId(ORG, "svc-b")];
        assert.deepEqual(r.ofType(G.account).map((x) => x.inputs.accountId), ["tfc-svc"]);
        assert.equal(r.byName("svc-sa").inputs.description, "HCP Terraform runs of acme workspaces svc-a, svc-b (GcpWorkspaceFederation svc)");
        assert.deepEqual(
            r.ofType(G.saMember).map((x) => [x.name, x.inputs.member]),
            [
                ["svc-sa-workload-identity-user-svc-a", `${SET}/attribute.terraform_workspace_id/${a}`],
                ["svc-sa-workload-identity-user-svc-b", `${SET}/attribute.terraform_workspace_id/${b}`],
            ],
        );
        assert.deepEqual(deps(r, r.byName("svc-sa-workload-identity-user-svc-b")), ["hcp-terraform-pool-acme-prod-tfc-acme", "svc-sa", "svc-workspace-svc-a", "svc-workspace-svc-b"]);
        assert.equal(r.ofType(G.projectMember).length, 0, "no project roles by default");
        assert.deepEqual(
            // Registered as their inputs resolve (not the contract); written in the order of shadowKeys (below).
            r.ofType(G.variableSetVariable).map((v) => [v.name, v.inputs.key, v.inputs.value]).sort(),
            [
                ["svc-varset-provider-auth", "TFC_GCP_PROVIDER_AUTH", "true"],
                ["svc-varset-run-service-account-email", "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL", email("tfc-svc")],
                ["svc-varset-workload-provider-name", "TFC_GCP_WORKLOAD_PROVIDER_NAME", PROVIDER],
            ],
        );
        assert.deepEqual(deps(r, r.byName("svc-varset-run-service-account-email")), ["svc-sa", "svc-sa-workload-identity-user-svc-a", "svc-sa-workload-identity-user-svc-b", "svc-varset"]);
        assert.ok(deps(r, r.byName("svc-varset-provider-auth")).includes("svc-varset-run-service-account-email"), "PROVIDER_AUTH last");
        assert.deepEqual(r.byName("svc-varset-attachments").inputs.shadowKeys, ["TFC_GCP_WORKLOAD_PROVIDER_NAME", "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL", "TFC_GCP_PROVIDER_AUTH"]);
        assert.deepEqual(
            r.ofType(G.variableRemoval).map((x) => [x.name, x.inputs.keys]),
            [
                ["svc-remove-static-gcp-credentials-svc-a", ["GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"]],
                ["svc-remove-static-gcp-credentials-svc-b", ["GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"]],
            ],
        );
        assert.deepEqual(await outputOf(r.result.workspaceIds), [a, b]);
        assert.equal(r.result.workspaceId, undefined);
        assert.equal(await outputOf(r.result.variableSetId!), fakeId("varset-", `${ORG}/svc-gcp-oidc (project/stack)`));
    });

    it("projectScope: the binding names the project by id; the variable set goes on the project", async () => {
        const r = await run(() => new GcpWorkspaceFederation("team", { organization: ORG, projectScope: true, project: "Payments", gcpProject: GP }));
        const prj = fakeId("prj-", `${ORG}/Payments`);
        assert.deepEqual(inputsOf(r.byName("team-sa-workload-identity-user")), {
            serviceAccountId: saName("tfc-team"),
            role: "roles/iam.workloadIdentityUser",
            member: `${SET}/attribute.${GCP_ATTRIBUTES.projectId}/${prj}`,
        });
        assert.deepEqual(deps(r, r.byName("team-sa")), ["team-project"]);
        assert.equal(r.ofType(G.projectVariableSet).length, 1);
        assert.equal(await outputOf(r.result.projectId!), prj);
        assert.deepEqual(await outputOf(r.result.workspaceIds), []);
    });

    it("splitPhases: plan and apply service accounts, each bound only to its phase, each with its roles; PLAN/APPLY variables, no RUN", async () => {
        const r = await run(() =>
            new GcpWorkspaceFederation("app", {
                organization: ORG, workspace: "app-prod", gcpProject: GP, splitPhases: true,
                projectRoles: ["roles/editor", "projects/acme-prod/roles/deployer"], planProjectRoles: ["roles/viewer"],
            }),
        );
        const ws = fakeWorkspaceId(ORG, "app-prod");
        assert.deepEqual(r.ofType(G.account).map((x) => [x.name, x.inputs.accountId, x.inputs.displayName]), [
            ["app-plan-sa", "tfc-app-prod-plan", "HCP Terraform plan runs (app)"],
            ["app-apply-sa", "tfc-app-prod-apply", "HCP Terraform apply runs (app)"],
        ]);
        assert.deepEqual(r.ofType(G.saMember).map((x) => [x.name, x.inputs.serviceAccountId, x.inputs.member]), [
            ["app-plan-sa-workload-identity-user", saName("tfc-app-prod-plan"), `${SET}/attribute.workspace_id_run_phase/${ws}:plan`],
            ["app-apply-sa-workload-identity-user", saName("tfc-app-prod-apply"), `${SET}/attribute.workspace_id_run_phase/${ws}:apply`],
        ]);
        assert.deepEqual(r.ofType(G.projectMember).map((x) => [x.name, x.inputs.role, x.inputs.member]), [
            ["app-plan-sa-role-viewer", "roles/viewer", `serviceAccount:${email("tfc-app-prod-plan")}`],
            ["app-apply-sa-role-editor", "roles/editor", `serviceAccount:${email("tfc-app-prod-apply")}`],
            ["app-apply-sa-role-projects-acme-prod-roles-deployer", "projects/acme-prod/roles/deployer", `serviceAccount:${email("tfc-app-prod-apply")}`],
        ]);
        assert.deepEqual(r.byName("app-variables").inputs.variables.map((v: any) => [v.key, v.value]), [
            ["TFC_GCP_WORKLOAD_PROVIDER_NAME", PROVIDER],
            ["TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL", email("tfc-app-prod-plan")],
            ["TFC_GCP_APPLY_SERVICE_ACCOUNT_EMAIL", email("tfc-app-prod-apply")],
            ["TFC_GCP_PROVIDER_AUTH", "true"],
        ]);
        const f = r.result;
        assert.equal(await outputOf(f.planServiceAccountEmail!), email("tfc-app-prod-plan"));
        assert.equal(await outputOf(f.applyServiceAccountEmail!), email("tfc-app-prod-apply"));
        assert.equal(await outputOf(f.serviceAccountEmail), email("tfc-app-prod-apply"));
        assert.deepEqual(await outputOf(f.workloadIdentityUserMembers), [`${SET}/attribute.workspace_id_run_phase/${ws}:plan`, `${SET}/attribute.workspace_id_run_phase/${ws}:apply`]);
    });

    it("serviceAccountId, poolId and providerId given; a long workspace name gets a valid hashed default id", async () => {
        const r = await run(() => [
            new GcpWorkspaceFederation("a", { organization: ORG, workspace: "a", gcpProject: GP, serviceAccountId: "deployer", poolId: "hcp-pool", providerId: "hcp-provider", splitPhases: true }),
            new GcpWorkspaceFederation("b", { organization: "other", workspace: "B_".repeat(30), gcpProject: GP }),
        ]);
        assert.deepEqual(r.ofType(G.account).map((x) => x.inputs.accountId), ["deployer-plan", "deployer-apply", "tfc-b-b-b-b-b-b-b-b-b-1jx2o95"]);
        assert.deepEqual(r.ofType(G.pool).map((x) => x.inputs.workloadIdentityPoolId), ["hcp-pool", "tfc-other"]);
        assert.deepEqual(r.ofType(G.provider).map((x) => [x.name, x.inputs.workloadIdentityPoolProviderId]), [
            ["hcp-terraform-provider-acme-prod-hcp-pool-hcp-provider", "hcp-provider"],
            ["hcp-terraform-provider-acme-prod-tfc-other-tfc-app-terraform-io", "tfc-app-terraform-io"],
        ]);
    });

    it("a Terraform Enterprise host: the issuer, a pool id with the host's hash, the provider id from the host", async () => {
        const r = await run(() => new GcpWorkspaceFederation("app", { organization: ORG, workspace: "w", gcpProject: GP, hostname: "tfe.example.com" }));
        const provider = r.ofType(G.provider)[0];
        assert.deepEqual([provider.inputs.workloadIdentityPoolId, provider.inputs.workloadIdentityPoolProviderId, provider.inputs.oidc], [
            "tfc-acme-0ay1cwf", "tfc-tfe-example-com", { issuerUri: "https://tfe.example.com" },
        ]);
        assert.equal(r.byName("app-variables").inputs.hostname, "tfe.example.com");
    });
});

describe("GcpWorkspaceFederation at preview", function () {
    isolateHostEnv();

    it("registers the same resources before anything exists; what GCP names is unknown, the plain trust is shown", async () => {
        const program = () => new GcpWorkspaceFederation("app", { organization: ORG, workspace: "app-prod", gcpProject: GP, projectRoles: ["roles/editor"] });
        const up = await run(program);
        const preview = await run(program, { preview: true });
        assert.deepEqual(inventory(preview), inventory(up));
        const provider = preview.ofType(G.provider)[0];
        assert.equal(provider.inputs.attributeCondition, 'assertion.terraform_organization_name == "acme"');
        assert.deepEqual(provider.inputs.oidc, { issuerUri: "https://app.terraform.io" });
        assert.equal(preview.byName("app-sa").inputs.accountId, "tfc-app-prod");
    });
});
