import { strict as assert } from "assert";
import {
    GCP_ATTRIBUTES,
    GCP_MAPPED_CLAIMS,
    GCP_SUBJECT_MAPPING,
    gcpAttributeCondition,
    gcpAttributeMapping,
    gcpDefaultAudience,
    gcpWorkloadIdentityPool,
    gcpWorkloadIdentityPoolName,
    gcpWorkloadIdentityPoolProvider,
    gcpWorkloadProviderName,
} from "../../../src/clouds/gcp/trust";
import { expectInputError } from "../expectInputError";

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

describe("clouds/gcp/trust", () => {
    it("the attribute mapping: subject from ids, aud, every terraform_* claim, two composites (key order kept)", () => {
        assert.deepStrictEqual(gcpAttributeMapping(), MAPPING);
        assert.deepStrictEqual(Object.keys(gcpAttributeMapping()), Object.keys(MAPPING));
        assert.equal(GCP_SUBJECT_MAPPING, MAPPING["google.subject"]);
        assert.equal(GCP_MAPPED_CLAIMS.length, 9);
        assert.deepStrictEqual(GCP_ATTRIBUTES, {
            workspaceId: "terraform_workspace_id",
            projectId: "terraform_project_id",
            workspaceRunPhase: "workspace_id_run_phase",
            projectRunPhase: "project_id_run_phase",
        });
        // GCP's limits: at most 50 custom attributes, names of [a-z0-9_] up to 100 characters.
        const custom = Object.keys(MAPPING).filter((k) => k.startsWith("attribute."));
        assert.ok(custom.length <= 50);
        for (const k of custom) assert.match(k.slice("attribute.".length), /^[a-z0-9_]{1,100}$/);
    });

    it("the condition pins the organization by name, or by id when given", () => {
        assert.equal(gcpAttributeCondition({ organization: "Acme_Corp" }), 'assertion.terraform_organization_name == "Acme_Corp"');
        assert.equal(gcpAttributeCondition({ organization: "acme", organizationId: "org-AbCdEfGh12345678" }), 'assertion.terraform_organization_id == "org-AbCdEfGh12345678"');
        expectInputError(() => gcpAttributeCondition({ organization: 'a" || true || "' }), "organization", 'organization "a\\" || true || \\"": organization names may contain only letters, digits, "-" and "_". Fix the name.');
        expectInputError(() => gcpAttributeCondition({ organization: "acme", organizationId: "acme" }), "organizationId", 'organization id "acme": an HCP Terraform organization id is "org-" followed by 16 letters or digits (e.g. "org-AbCdEfGh12345678"), not a name. Fix the organization id.');
    });

    it("pool and provider names and the default audience", () => {
        assert.equal(gcpWorkloadIdentityPoolName("123456789012", "hcp-terraform"), "projects/123456789012/locations/global/workloadIdentityPools/hcp-terraform");
        assert.equal(gcpWorkloadProviderName("123456789012", "hcp-terraform", "app-terraform-io"), "projects/123456789012/locations/global/workloadIdentityPools/hcp-terraform/providers/app-terraform-io");
        assert.equal(gcpDefaultAudience("123456789012", "hcp-terraform", "app-terraform-io"), "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/hcp-terraform/providers/app-terraform-io");
        expectInputError(() => gcpWorkloadIdentityPoolName("my-project", "hcp-terraform"), "projectNumber", 'GCP project number "my-project": a GCP project number is digits only (e.g. "123456789012"), not the project id. Fix the project number.');
        expectInputError(() => gcpWorkloadProviderName("1", "hcp-terraform", "gcp-p"), "providerId", 'workload identity pool provider id "gcp-p": the prefix "gcp-" is reserved by Google. Fix the id.');
    });

    it("gcpWorkloadIdentityPool: validated args, absent options left out", () => {
        assert.deepStrictEqual(gcpWorkloadIdentityPool({ workloadIdentityPoolId: "hcp-terraform" }), { workloadIdentityPoolId: "hcp-terraform" });
        assert.deepStrictEqual(gcpWorkloadIdentityPool({ workloadIdentityPoolId: "hcp-terraform", displayName: "HCP Terraform", project: "my-project" }), {
            workloadIdentityPoolId: "hcp-terraform",
            displayName: "HCP Terraform",
            project: "my-project",
        });
        expectInputError(() => gcpWorkloadIdentityPool({ workloadIdentityPoolId: "hcp" }), "poolId", 'workload identity pool id "hcp": a workload identity pool id is 4 to 32 characters long (got 3). Fix the id.');
    });

    it("gcpWorkloadIdentityPoolProvider: default audience needs no allowedAudiences", () => {
        assert.deepStrictEqual(gcpWorkloadIdentityPoolProvider({ organization: "acme", workloadIdentityPoolId: "hcp-terraform", workloadIdentityPoolProviderId: "app-terraform-io" }), {
            workloadIdentityPoolId: "hcp-terraform",
            workloadIdentityPoolProviderId: "app-terraform-io",
            attributeMapping: MAPPING,
            attributeCondition: 'assertion.terraform_organization_name == "acme"',
            oidc: { issuerUri: "https://app.terraform.io" },
        });
    });

    it("gcpWorkloadIdentityPoolProvider: TFE host, custom audience (allowed), org id, display name, project", () => {
        assert.deepStrictEqual(
            gcpWorkloadIdentityPoolProvider({
                organization: "acme",
                organizationId: "org-AbCdEfGh12345678",
                workloadIdentityPoolId: "hcp-terraform",
                workloadIdentityPoolProviderId: "tfe-example-com",
                hostname: "tfe.example.com:8443",
                audience: "gcp.workload.identity",
                displayName: "TFE acme",
                project: "my-project",
            }),
            {
                workloadIdentityPoolId: "hcp-terraform",
                workloadIdentityPoolProviderId: "tfe-example-com",
                displayName: "TFE acme",
                project: "my-project",
                attributeMapping: MAPPING,
                attributeCondition: 'assertion.terraform_organization_id == "org-AbCdEfGh12345678"',
                oidc: { issuerUri: "https://tfe.example.com:8443", allowedAudiences: ["gcp.workload.identity"] },
            },
        );
    });

    const ARGS = { organization: "acme", workloadIdentityPoolId: "hcp-terraform", workloadIdentityPoolProviderId: "app-terraform-io" };
    const BAD: Array<[string, object, string, string]> = [
        ["bad organization", { organization: "ac me" }, "organization", 'organization "ac me": organization names may contain only letters, digits, "-" and "_". Fix the name.'],
        ["reserved pool id", { workloadIdentityPoolId: "gcp-pool" }, "poolId", 'workload identity pool id "gcp-pool": the prefix "gcp-" is reserved by Google. Fix the id.'],
        ["long provider id", { workloadIdentityPoolProviderId: "p".repeat(33) }, "providerId", `workload identity pool provider id "${"p".repeat(33)}": a workload identity pool provider id is 4 to 32 characters long (got 33). Fix the id.`],
        ["host with a scheme", { hostname: "https://tfe.example.com" }, "hostname", 'hostname "https://tfe.example.com": a hostname has no scheme or path; use "tfe.example.com". Fix the hostname.'],
        ["wildcard audience", { audience: "*" }, "audience", 'audience "*": an audience is matched exactly and may not contain "*", "?", "$" or whitespace. Fix the audience.'],
        ["long display name", { displayName: "HCP Terraform federation for acme" }, "displayName", 'display name "HCP Terraform federation for acme": a workload identity pool or provider display name is at most 32 characters (got 33). Fix the display name.'],
        ["project number as project", { project: "123456789012" }, "gcpProject", 'GCP project id "123456789012": a GCP project id is 6 to 30 characters: a lower-case letter first, then lower-case letters, digits and "-", not ending with "-" (the id, not the display name or number). Fix the project id.'],
    ];
    for (const [name, override, field, message] of BAD) {
        it(`gcpWorkloadIdentityPoolProvider refuses: ${name}`, () => expectInputError(() => gcpWorkloadIdentityPoolProvider({ ...ARGS, ...override }), field, message));
    }
});
