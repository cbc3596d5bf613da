import { strict as assert } from "assert";
import {
    parseWorkloadIdentityPoolName,
    parseWorkloadProviderName,
    projectOfServiceAccountEmail,
    validateGcpProjectId,
    validateGcpRole,
    validateServiceAccountEmail,
    validateGcpProjectNumber,
    validateServiceAccountId,
    validateWorkloadIdentityDisplayName,
    validateWorkloadIdentityPoolId,
    validateWorkloadIdentityPoolProviderId,
} from "../../../src/clouds/gcp/names";
import { expectInputError, validatorTable } from "../expectInputError";

const POOL = "workload identity pool id";
const PROVIDER = "workload identity pool provider id";

describe("clouds/gcp/names", () => {
    describe("validateWorkloadIdentityPoolId", () =>
        validatorTable(validateWorkloadIdentityPoolId, "poolId", ["hcp-terraform", "abcd", "p".repeat(32), "0000", "-ab-", "gcp4"], [
            ["abc", `${POOL} "abc": a ${POOL} is 4 to 32 characters long (got 3). Fix the id.`],
            ["p".repeat(33), `${POOL} "${"p".repeat(33)}": a ${POOL} is 4 to 32 characters long (got 33). Fix the id.`],
            ["My-Pool", `${POOL} "My-Pool": a ${POOL} may contain only lower-case letters, digits and "-". Fix the id.`],
            ["my_pool", `${POOL} "my_pool": a ${POOL} may contain only lower-case letters, digits and "-". Fix the id.`],
            ["gcp-pool", `${POOL} "gcp-pool": the prefix "gcp-" is reserved by Google. Fix the id.`],
            [undefined, `${POOL} undefined: expected a string (got undefined). Fix the id.`],
        ]));

    describe("validateWorkloadIdentityPoolProviderId", () =>
        validatorTable(validateWorkloadIdentityPoolProviderId, "providerId", ["hcp-terraform", "tfe-example-com"], [
            ["gcp-x", `${PROVIDER} "gcp-x": the prefix "gcp-" is reserved by Google. Fix the id.`],
            ["a.b.c.d", `${PROVIDER} "a.b.c.d": a ${PROVIDER} may contain only lower-case letters, digits and "-". Fix the id.`],
        ]));

    const SA_RULE = 'a service account id is 6 to 30 characters: a lower-case letter first, then lower-case letters, digits and "-", not ending with "-"';
    describe("validateServiceAccountId", () =>
        validatorTable(validateServiceAccountId, "serviceAccountId", ["tfc-sa", "tfc-service-account", "a".repeat(30), "a1b2c3"], [
            ["tfc-s", `service account id "tfc-s": ${SA_RULE}. Fix the id.`],
            ["a".repeat(31), `service account id "${"a".repeat(31)}": ${SA_RULE}. Fix the id.`],
            ["1tfc-sa", `service account id "1tfc-sa": ${SA_RULE}. Fix the id.`],
            ["tfc-sa-", `service account id "tfc-sa-": ${SA_RULE}. Fix the id.`],
            ["TFC-SA", `service account id "TFC-SA": ${SA_RULE}. Fix the id.`],
            ["tfc@x.iam.gserviceaccount.com", `service account id "tfc@x.iam.gserviceaccount.com": ${SA_RULE}. Fix the id.`],
        ]));

    const PROJECT_RULE = 'a GCP project id is 6 to 30 characters: a lower-case letter first, then lower-case letters, digits and "-", not ending with "-" (the id, not the display name or number)';
    describe("validateGcpProjectId", () =>
        validatorTable(validateGcpProjectId, "gcpProject", ["my-project-123", "abcdef"], [
            ["123456789012", `GCP project id "123456789012": ${PROJECT_RULE}. Fix the project id.`],
            ["My Project", `GCP project id "My Project": ${PROJECT_RULE}. Fix the project id.`],
            ["example.com:my-project", `GCP project id "example.com:my-project": ${PROJECT_RULE}. Fix the project id.`],
        ]));

    describe("validateGcpProjectNumber", () =>
        validatorTable(validateGcpProjectNumber, "projectNumber", ["123456789012", "1"], [
            ["my-project", 'GCP project number "my-project": a GCP project number is digits only (e.g. "123456789012"), not the project id. Fix the project number.'],
            ["0123", 'GCP project number "0123": a GCP project number is digits only (e.g. "123456789012"), not the project id. Fix the project number.'],
            [123456789012, "GCP project number 123456789012: expected a string (got number). Fix the project number."],
        ]));

    describe("validateWorkloadIdentityDisplayName", () =>
        validatorTable(validateWorkloadIdentityDisplayName, "displayName", ["HCP Terraform", "x".repeat(32), ""], [
            ["x".repeat(33), `display name "${"x".repeat(33)}": a workload identity pool or provider display name is at most 32 characters (got 33). Fix the display name.`],
        ]));

    describe("parseWorkloadIdentityPoolName", () => {
        it("splits the pool's name output", () => {
            assert.deepStrictEqual(parseWorkloadIdentityPoolName("projects/123456789012/locations/global/workloadIdentityPools/hcp-terraform"), { projectNumber: "123456789012", poolId: "hcp-terraform" });
        });
        const RULE = "expected projects/<project number>/locations/global/workloadIdentityPools/<pool id>";
        for (const bad of [
            "projects/my-project/locations/global/workloadIdentityPools/hcp-terraform",
            "projects/123/locations/us/workloadIdentityPools/hcp-terraform",
            "projects/123/locations/global/workloadIdentityPools/gcp-x",
            "projects/123/locations/global/workloadIdentityPools/hcp-terraform/providers/p",
            "hcp-terraform",
        ]) {
            it(`refuses ${bad}`, () => expectInputError(() => parseWorkloadIdentityPoolName(bad), "poolName", `workload identity pool name ${JSON.stringify(bad)}: ${RULE}. Fix the pool name.`));
        }
    });

    describe("parseWorkloadProviderName", () => {
        const NAME = "projects/123456789012/locations/global/workloadIdentityPools/hcp-terraform/providers/tfc-app-terraform-io";
        it("splits a provider's name (TFC_GCP_WORKLOAD_PROVIDER_NAME)", () => {
            assert.deepStrictEqual(parseWorkloadProviderName(NAME), {
                projectNumber: "123456789012",
                poolId: "hcp-terraform",
                providerId: "tfc-app-terraform-io",
                poolName: "projects/123456789012/locations/global/workloadIdentityPools/hcp-terraform",
            });
        });
        const RULE = "expected projects/<project number>/locations/global/workloadIdentityPools/<pool id>/providers/<provider id>";
        for (const bad of [
            "projects/123456789012/locations/global/workloadIdentityPools/hcp-terraform",
            "projects/my-project/locations/global/workloadIdentityPools/hcp-terraform/providers/p123",
            "projects/123/locations/global/workloadIdentityPools/hcp-terraform/providers/gcp-x",
            "projects/123/locations/global/workloadIdentityPools/Pool/providers/p123",
            `//iam.googleapis.com/${NAME}`,
        ]) {
            it(`refuses ${bad}`, () => expectInputError(() => parseWorkloadProviderName(bad), "providerName", `workload identity provider name ${JSON.stringify(bad)}: ${RULE}. Fix the provider name.`));
        }
        it("refuses a non-string", () => expectInputError(() => parseWorkloadProviderName(42), "providerName", "workload identity provider name 42: expected a string (got number). Fix the provider name."));
    });

    const EMAIL_RULE = "expected <account id>@<project id>.iam.gserviceaccount.com (a service account's email, lower case)";
    describe("validateServiceAccountEmail", () =>
        validatorTable(
            validateServiceAccountEmail,
            "serviceAccountEmail",
            ["deployer@my-project.iam.gserviceaccount.com", "123456789012-compute@developer.gserviceaccount.com", "my-project@appspot.gserviceaccount.com"],
            [
                ["me@gmail.com", `service account email "me@gmail.com": ${EMAIL_RULE}. Fix the email.`],
                ["Deployer@my-project.iam.gserviceaccount.com", `service account email "Deployer@my-project.iam.gserviceaccount.com": ${EMAIL_RULE}. Fix the email.`],
                ["deployer", `service account email "deployer": ${EMAIL_RULE}. Fix the email.`],
                ["serviceAccount:d@p.iam.gserviceaccount.com", `service account email "serviceAccount:d@p.iam.gserviceaccount.com": ${EMAIL_RULE}. Fix the email.`],
            ],
        ));

    it("projectOfServiceAccountEmail: the project of a user-managed account, else undefined", () => {
        assert.equal(projectOfServiceAccountEmail("deployer@my-project.iam.gserviceaccount.com"), "my-project");
        assert.equal(projectOfServiceAccountEmail("123456789012-compute@developer.gserviceaccount.com"), undefined);
        assert.equal(projectOfServiceAccountEmail("my-project@appspot.gserviceaccount.com"), undefined);
    });

    const ROLE_RULE = 'expected roles/<name> (e.g. "roles/viewer"), projects/<project id>/roles/<name> or organizations/<number>/roles/<name>';
    describe("validateGcpRole", () =>
        validatorTable(validateGcpRole, "gcpRole", ["roles/viewer", "roles/iam.serviceAccountUser", "projects/my-project/roles/deployer_1", "organizations/1234/roles/custom.role"], [
            ["viewer", `IAM role "viewer": ${ROLE_RULE}. Fix the role.`],
            ["roles/", `IAM role "roles/": ${ROLE_RULE}. Fix the role.`],
            ["roles/a b", `IAM role "roles/a b": ${ROLE_RULE}. Fix the role.`],
            ["projects/My Project/roles/x", `IAM role "projects/My Project/roles/x": ${ROLE_RULE}. Fix the role.`],
            ["organizations/acme/roles/x", `IAM role "organizations/acme/roles/x": ${ROLE_RULE}. Fix the role.`],
        ]));
});
