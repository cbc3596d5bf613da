import { strict as assert } from "assert";
import {
    AZURE_CREDENTIAL_NAME_LENGTH,
    AZURE_FEDERATED_CREDENTIAL_LIMIT,
    AZURE_FLEXIBLE_CREDENTIAL_HOSTNAMES,
    checkFederatedCredentialLimit,
    validateAzureClientId,
    validateAzureRoleDefinitionId,
    validateAzureRoleScope,
    validateAzureSubscriptionId,
    validateAzureTenantId,
    validateFlexibleCredentialHostname,
} from "../../../src/clouds/azure/names";
import { expectInputError, validatorTable } from "../expectInputError";

const GUID = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

describe("clouds/azure/names", () => {
    it("Entra's limits", () => {
        assert.equal(AZURE_FEDERATED_CREDENTIAL_LIMIT, 20);
        assert.deepStrictEqual(AZURE_CREDENTIAL_NAME_LENGTH, { min: 3, max: 120 });
        assert.deepStrictEqual(AZURE_FLEXIBLE_CREDENTIAL_HOSTNAMES, ["app.terraform.io", "app.eu.terraform.io"]);
    });

    describe("checkFederatedCredentialLimit", () => {
        it("accepts up to 10 workspaces (2 credentials each), or 20 with splitPhases", () => {
            for (const n of [0, 1, 10]) checkFederatedCredentialLimit(n, false);
            for (const n of [1, 11, 20]) checkFederatedCredentialLimit(n, true);
        });

        it("refuses 11 workspaces naming the count, the limit and the ways out", () => {
            expectInputError(
                () => checkFederatedCredentialLimit(11, false),
                "workspaces",
                "workspaces: 22 federated identity credentials on one Azure application (11 workspaces, one credential per run phase) exceed Entra's limit of 20 per application. " +
                    "Fix the workspace list: federate at most 10 workspaces per application (one federation per group of workspaces), " +
                    "set splitPhases (one credential per workspace on each of a plan and an apply application: up to 20 workspaces), " +
                    "or federate the whole project with a flexible credential (app.terraform.io and app.eu.terraform.io only).",
            );
        });

        it("refuses 21 workspaces with splitPhases", () => {
            expectInputError(
                () => checkFederatedCredentialLimit(21, true),
                "workspaces",
                "workspaces: 21 federated identity credentials on one Azure application (21 workspaces, one credential each on the plan and on the apply application) exceed Entra's limit of 20 per application. " +
                    "Fix the workspace list: federate at most 20 workspaces per pair of applications (one federation per group of workspaces), " +
                    "or federate the whole project with a flexible credential (app.terraform.io and app.eu.terraform.io only).",
            );
        });
    });

    describe("validateFlexibleCredentialHostname", () => {
        it("app.terraform.io (the default) and app.eu.terraform.io", () => {
            assert.equal(validateFlexibleCredentialHostname(), "app.terraform.io");
            assert.equal(validateFlexibleCredentialHostname("app.eu.terraform.io"), "app.eu.terraform.io");
        });
        it("Terraform Enterprise hosts are refused with the alternative", () => {
            expectInputError(
                () => validateFlexibleCredentialHostname("tfe.example.com"),
                "hostname",
                'hostname "tfe.example.com": Entra accepts a flexible federated identity credential from HCP Terraform only for the issuers https://app.terraform.io and https://app.eu.terraform.io, ' +
                    "so project-wide federation is not possible for this host. Fix the hostname, or federate each workspace (one credential per workspace and run phase).",
            );
        });
        it("an invalid host gets the hostname validator's message", () => {
            expectInputError(() => validateFlexibleCredentialHostname("https://app.terraform.io"), "hostname", 'hostname "https://app.terraform.io": a hostname has no scheme or path; use "app.terraform.io". Fix the hostname.');
        });
    });

    describe("validateAzureSubscriptionId", () =>
        validatorTable(validateAzureSubscriptionId, "subscriptionId", [GUID, GUID.toUpperCase()], [
            ["my-sub", 'subscription id "my-sub": an Azure subscription id is a GUID (e.g. "00000000-0000-0000-0000-000000000000"). Fix the subscription id.'],
            [`/subscriptions/${GUID}`, `subscription id "/subscriptions/${GUID}": an Azure subscription id is a GUID (e.g. "00000000-0000-0000-0000-000000000000"). Fix the subscription id.`],
            [42, "subscription id 42: expected a string (got number). Fix the subscription id."],
        ]));

    describe("validateAzureTenantId", () =>
        validatorTable(validateAzureTenantId, "tenantId", [GUID], [
            ["contoso.onmicrosoft.com", 'tenant id "contoso.onmicrosoft.com": an Azure tenant id is a GUID (e.g. "00000000-0000-0000-0000-000000000000"). Fix the tenant id.'],
        ]));

    describe("validateAzureClientId", () =>
        validatorTable(validateAzureClientId, "clientId", [GUID], [
            ["tfc-app", 'client id "tfc-app": an Azure client id is a GUID (e.g. "00000000-0000-0000-0000-000000000000"). Fix the client id.'],
        ]));

    describe("validateAzureRoleDefinitionId", () => {
        const RULE =
            "expected the role's full id, /subscriptions/<subscription id>/providers/Microsoft.Authorization/roleDefinitions/<role guid> " +
            "(or /providers/Microsoft.Authorization/roleDefinitions/<role guid>), not its name; Contributor's guid is b24988ac-6180-42a0-ab88-20f7382dd24c. Fix the role definition id.";
        const ROLE = "b24988ac-6180-42a0-ab88-20f7382dd24c";
        validatorTable(validateAzureRoleDefinitionId, "roleDefinitionId", [
            `/subscriptions/${GUID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE}`,
            `/providers/Microsoft.Authorization/roleDefinitions/${ROLE}`,
            `/subscriptions/${GUID}/providers/microsoft.authorization/roledefinitions/${ROLE.toUpperCase()}`,
        ], [
            ["Contributor", `role definition id "Contributor": ${RULE}`],
            [ROLE, `role definition id "${ROLE}": ${RULE}`],
            [`/subscriptions/${GUID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE}x`, `role definition id "/subscriptions/${GUID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE}x": ${RULE}`],
            [`/subscriptions/${"-".repeat(36)}/providers/Microsoft.Authorization/roleDefinitions/${ROLE}`, `role definition id "/subscriptions/${"-".repeat(36)}/providers/Microsoft.Authorization/roleDefinitions/${ROLE}": ${RULE}`],
        ]);
    });

    describe("validateAzureRoleScope", () =>
        validatorTable(validateAzureRoleScope, "roleScope", [`/subscriptions/${GUID}`, `/subscriptions/${GUID}/resourceGroups/app-rg`], [
            ["app-rg", 'scope "app-rg": a scope is an Azure resource id starting with "/" (e.g. "/subscriptions/<id>/resourceGroups/<name>"). Fix the scope.'],
            ["/", 'scope "/": a scope is an Azure resource id starting with "/" (e.g. "/subscriptions/<id>/resourceGroups/<name>"). Fix the scope.'],
            ["/subscriptions/x y", 'scope "/subscriptions/x y": a scope is an Azure resource id starting with "/" (e.g. "/subscriptions/<id>/resourceGroups/<name>"). Fix the scope.'],
        ]));
});
