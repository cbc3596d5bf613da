import { strict as assert } from "assert";
import { AWS_DEFAULT_AUDIENCE, AWS_STATIC_CREDENTIAL_KEYS, AWS_VARIABLE_KEYS } from "../../../src/clouds/aws/variables";
import { AZURE_DEFAULT_AUDIENCE, AZURE_STATIC_CREDENTIAL_KEYS, AZURE_VARIABLE_KEYS } from "../../../src/clouds/azure/variables";
import { GCP_STATIC_CREDENTIAL_KEYS, GCP_VARIABLE_KEYS } from "../../../src/clouds/gcp/variables";
import { VAULT_DEFAULT_AUDIENCE, VAULT_STATIC_CREDENTIAL_KEYS, VAULT_VARIABLE_KEYS } from "../../../src/clouds/vault/variables";
import { phaseIdentities, runPhasesOf, taggedVariableKey, taggedVariableKeys } from "../../../src/clouds/variableKeys";
import { STATIC_AWS_CREDENTIAL_KEYS } from "../../../src/clouds/aws/WorkspaceOidcFederation";
import { expectInputError } from "../expectInputError";

describe("clouds/variableKeys", () => {
    it("each cloud's keys, exactly as hcp-api.md and multicloud.md name them", () => {
        assert.deepStrictEqual(AWS_VARIABLE_KEYS, {
            providerAuth: "TFC_AWS_PROVIDER_AUTH",
            run: "TFC_AWS_RUN_ROLE_ARN",
            plan: "TFC_AWS_PLAN_ROLE_ARN",
            apply: "TFC_AWS_APPLY_ROLE_ARN",
            audience: "TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE",
        });
        assert.deepStrictEqual(AZURE_VARIABLE_KEYS, {
            providerAuth: "TFC_AZURE_PROVIDER_AUTH",
            run: "TFC_AZURE_RUN_CLIENT_ID",
            plan: "TFC_AZURE_PLAN_CLIENT_ID",
            apply: "TFC_AZURE_APPLY_CLIENT_ID",
            audience: "TFC_AZURE_WORKLOAD_IDENTITY_AUDIENCE",
            subscriptionId: "ARM_SUBSCRIPTION_ID",
            tenantId: "ARM_TENANT_ID",
        });
        assert.deepStrictEqual(GCP_VARIABLE_KEYS, {
            providerAuth: "TFC_GCP_PROVIDER_AUTH",
            run: "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL",
            plan: "TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL",
            apply: "TFC_GCP_APPLY_SERVICE_ACCOUNT_EMAIL",
            audience: "TFC_GCP_WORKLOAD_IDENTITY_AUDIENCE",
            workloadProviderName: "TFC_GCP_WORKLOAD_PROVIDER_NAME",
        });
        assert.deepStrictEqual(VAULT_VARIABLE_KEYS, {
            providerAuth: "TFC_VAULT_PROVIDER_AUTH",
            run: "TFC_VAULT_RUN_ROLE",
            plan: "TFC_VAULT_PLAN_ROLE",
            apply: "TFC_VAULT_APPLY_ROLE",
            audience: "TFC_VAULT_WORKLOAD_IDENTITY_AUDIENCE",
            address: "TFC_VAULT_ADDR",
            namespace: "TFC_VAULT_NAMESPACE",
            authPath: "TFC_VAULT_AUTH_PATH",
            encodedCaCert: "TFC_VAULT_ENCODED_CACERT",
        });
    });

    it("default audiences and the static credentials each integration replaces", () => {
        assert.equal(AWS_DEFAULT_AUDIENCE, "aws.workload.identity");
        assert.equal(AZURE_DEFAULT_AUDIENCE, "api://AzureADTokenExchange");
        assert.equal(VAULT_DEFAULT_AUDIENCE, "vault.workload.identity");
        assert.deepStrictEqual(AWS_STATIC_CREDENTIAL_KEYS, ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);
        assert.deepStrictEqual(AWS_STATIC_CREDENTIAL_KEYS, STATIC_AWS_CREDENTIAL_KEYS, "the AWS component removes the same keys");
        assert.deepStrictEqual(AZURE_STATIC_CREDENTIAL_KEYS, ["ARM_CLIENT_SECRET", "ARM_CLIENT_ID", "ARM_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PASSWORD", "ARM_USE_OIDC", "ARM_OIDC_TOKEN"]);
        assert.deepStrictEqual(GCP_STATIC_CREDENTIAL_KEYS, ["GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"]);
        assert.deepStrictEqual(VAULT_STATIC_CREDENTIAL_KEYS, ["VAULT_TOKEN"]);
    });

    it("the constants are frozen", () => {
        for (const o of [AWS_VARIABLE_KEYS, AZURE_VARIABLE_KEYS, GCP_VARIABLE_KEYS, VAULT_VARIABLE_KEYS, AWS_STATIC_CREDENTIAL_KEYS, AZURE_STATIC_CREDENTIAL_KEYS, GCP_STATIC_CREDENTIAL_KEYS, VAULT_STATIC_CREDENTIAL_KEYS]) {
            assert.ok(Object.isFrozen(o));
        }
    });

    it("taggedVariableKey: TFC_* keys get _<TAG>; other keys and an absent tag leave the key alone", () => {
        assert.equal(taggedVariableKey("TFC_AWS_PROVIDER_AUTH", "other_config"), "TFC_AWS_PROVIDER_AUTH_other_config");
        assert.equal(taggedVariableKey("TFC_GCP_WORKLOAD_PROVIDER_NAME", "PROD2"), "TFC_GCP_WORKLOAD_PROVIDER_NAME_PROD2");
        assert.equal(taggedVariableKey("ARM_SUBSCRIPTION_ID", "prod"), "ARM_SUBSCRIPTION_ID");
        assert.equal(taggedVariableKey("TFC_VAULT_ADDR"), "TFC_VAULT_ADDR");
    });

    it("taggedVariableKeys maps every key of a constants object (same names and order)", () => {
        assert.deepStrictEqual(taggedVariableKeys(AZURE_VARIABLE_KEYS, "prod"), {
            providerAuth: "TFC_AZURE_PROVIDER_AUTH_prod",
            run: "TFC_AZURE_RUN_CLIENT_ID_prod",
            plan: "TFC_AZURE_PLAN_CLIENT_ID_prod",
            apply: "TFC_AZURE_APPLY_CLIENT_ID_prod",
            audience: "TFC_AZURE_WORKLOAD_IDENTITY_AUDIENCE_prod",
            subscriptionId: "ARM_SUBSCRIPTION_ID",
            tenantId: "ARM_TENANT_ID",
        });
        assert.deepStrictEqual(Object.keys(taggedVariableKeys(VAULT_VARIABLE_KEYS, "x")), Object.keys(VAULT_VARIABLE_KEYS));
        assert.deepStrictEqual(taggedVariableKeys(GCP_VARIABLE_KEYS), { ...GCP_VARIABLE_KEYS });
    });

    it("a bad tag is refused by both helpers, naming the tag and the fix", () => {
        const message = 'tag "prod-1": a tag may contain only letters, digits and "_" and must not be empty. Fix the tag.';
        expectInputError(() => taggedVariableKey("TFC_AWS_PROVIDER_AUTH", "prod-1"), "tag", message);
        expectInputError(() => taggedVariableKeys(AWS_VARIABLE_KEYS, "prod-1"), "tag", message);
        expectInputError(() => taggedVariableKey("ARM_TENANT_ID", "TYPE"), "tag", 'tag "TYPE": "TYPE" is reserved by HCP Terraform and cannot be a tag. Fix the tag.');
    });

    it("phaseIdentities and runPhasesOf", () => {
        assert.deepStrictEqual(phaseIdentities(undefined), ["run"]);
        assert.deepStrictEqual(phaseIdentities(false), ["run"]);
        assert.deepStrictEqual(phaseIdentities(true), ["plan", "apply"]);
        assert.deepStrictEqual(runPhasesOf("run"), ["plan", "apply"]);
        assert.deepStrictEqual(runPhasesOf("plan"), ["plan"]);
        assert.deepStrictEqual(runPhasesOf("apply"), ["apply"]);
    });
});
