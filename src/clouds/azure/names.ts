/**
 * Azure (Entra ID) limits and identifiers, checked before any object is built (multicloud.md §2.2).
 * Same contract as src/policies/names.ts: the input back when valid, else a `PolicyInputError`
 * whose message names the input, the rule and the fix.
 */
import { HCP_DEFAULT_HOSTNAME } from "../../policies/awsTrustPolicy";
import { PolicyInputError, rejectInput, requireStringInput, validateHostname, type PolicyInputField } from "../../policies/names";

/** Entra's limit of federated identity credentials on one application. */
export const AZURE_FEDERATED_CREDENTIAL_LIMIT = 20;

/** The only issuers Entra accepts a flexible federated identity credential from, for HCP Terraform. */
export const AZURE_FLEXIBLE_CREDENTIAL_HOSTNAMES: readonly string[] = Object.freeze(["app.terraform.io", "app.eu.terraform.io"]);

/** Entra's bounds on a federated credential's name (its `displayName`). */
export const AZURE_CREDENTIAL_NAME_LENGTH = Object.freeze({ min: 3, max: 120 });

/**
 * Throws unless the credentials of `workspaceCount` workspaces fit on one application: 2 per
 * workspace (plan and apply), or 1 per workspace on each application with `splitPhases`.
 */
export function checkFederatedCredentialLimit(workspaceCount: number, splitPhases: boolean): void {
    const perWorkspace = splitPhases ? 1 : 2;
    const count = workspaceCount * perWorkspace;
    if (count <= AZURE_FEDERATED_CREDENTIAL_LIMIT) return;
    const limit = AZURE_FEDERATED_CREDENTIAL_LIMIT;
    const how = splitPhases
        ? `${workspaceCount} workspaces, one credential each on the plan and on the apply application`
        : `${workspaceCount} workspaces, one credential per run phase`;
    const ways = splitPhases
        ? `federate at most ${limit} workspaces per pair of applications (one federation per group of workspaces)`
        : `federate at most ${limit / 2} workspaces per application (one federation per group of workspaces), ` +
          `set splitPhases (one credential per workspace on each of a plan and an apply application: up to ${limit} workspaces)`;
    throw new PolicyInputError(
        "workspaces",
        workspaceCount,
        `workspaces: ${count} federated identity credentials on one Azure application (${how}) exceed Entra's limit of ${limit} per application. ` +
            `Fix the workspace list: ${ways}, or federate the whole project with a flexible credential (${AZURE_FLEXIBLE_CREDENTIAL_HOSTNAMES.join(" and ")} only).`,
    );
}

/** Refuses a host other than app.terraform.io / app.eu.terraform.io for a flexible credential (project-wide federation). */
export function validateFlexibleCredentialHostname(hostname: unknown = HCP_DEFAULT_HOSTNAME): string {
    const host = validateHostname(hostname);
    if (!AZURE_FLEXIBLE_CREDENTIAL_HOSTNAMES.includes(host)) {
        rejectInput(
            "hostname",
            "hostname",
            host,
            `Entra accepts a flexible federated identity credential from HCP Terraform only for the issuers https://app.terraform.io and ` +
                `https://app.eu.terraform.io, so project-wide federation is not possible for this host`,
            "hostname, or federate each workspace (one credential per workspace and run phase)",
        );
    }
    return host;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function guid(field: PolicyInputField, label: string, value: unknown): string {
    requireStringInput(field, label, value, label);
    if (!GUID.test(value)) rejectInput(field, label, value, `an Azure ${label} is a GUID (e.g. "00000000-0000-0000-0000-000000000000")`, label);
    return value;
}

/** An Azure subscription id (a GUID), for `ARM_SUBSCRIPTION_ID`. */
export function validateAzureSubscriptionId(id: unknown): string {
    return guid("subscriptionId", "subscription id", id);
}

/** An Entra tenant id (a GUID), for `ARM_TENANT_ID`. */
export function validateAzureTenantId(id: unknown): string {
    return guid("tenantId", "tenant id", id);
}

/** An Entra application's CLIENT id (a GUID, not its object id), for `TFC_AZURE_RUN_CLIENT_ID`. */
export function validateAzureClientId(id: unknown): string {
    return guid("clientId", "client id", id);
}

const ROLE_DEFINITION_ID = /^(\/subscriptions\/[0-9a-fA-F-]{36})?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([0-9a-fA-F-]{36})$/i;

/** A role definition's FULL id, as azure-native's RoleAssignment takes it (not the role's name). */
export function validateAzureRoleDefinitionId(id: unknown): string {
    const label = "role definition id";
    requireStringInput("roleDefinitionId", label, id, label);
    const m = ROLE_DEFINITION_ID.exec(id);
    if (!m || !GUID.test(m[2]) || (m[1] !== undefined && !GUID.test(m[1].slice("/subscriptions/".length)))) {
        rejectInput(
            "roleDefinitionId",
            label,
            id,
            "expected the role's full id, /subscriptions/<subscription id>/providers/Microsoft.Authorization/roleDefinitions/<role guid> " +
                "(or /providers/Microsoft.Authorization/roleDefinitions/<role guid>), not its name; Contributor's guid is b24988ac-6180-42a0-ab88-20f7382dd24c",
            label,
        );
    }
    return id;
}

/** A role assignment's scope: an Azure resource id (`/subscriptions/<id>`, `/subscriptions/<id>/resourceGroups/<name>`, …). */
export function validateAzureRoleScope(scope: unknown): string {
    const label = "scope";
    requireStringInput("roleScope", label, scope, label);
    if (!/^\/\S+$/.test(scope)) {
        rejectInput("roleScope", label, scope, 'a scope is an Azure resource id starting with "/" (e.g. "/subscriptions/<id>/resourceGroups/<name>")', label);
    }
    return scope;
}
