/** The Azure dynamic-credentials workspace variables (multicloud.md §2.4; hcp-api.md). */
import type { CloudVariableKeys } from "../variableKeys";

/** The token audience Entra expects by default (the federated credential's only audience). */
export const AZURE_DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

/**
 * Azure variable keys: the identity is an application's CLIENT id (not its object id). The
 * workspace's azurerm/azuread providers also need the subscription and tenant, which they read
 * from `ARM_SUBSCRIPTION_ID` / `ARM_TENANT_ID` (not `TFC_*`, so never tagged).
 */
export const AZURE_VARIABLE_KEYS = Object.freeze({
    providerAuth: "TFC_AZURE_PROVIDER_AUTH",
    run: "TFC_AZURE_RUN_CLIENT_ID",
    plan: "TFC_AZURE_PLAN_CLIENT_ID",
    apply: "TFC_AZURE_APPLY_CLIENT_ID",
    audience: "TFC_AZURE_WORKLOAD_IDENTITY_AUDIENCE",
    subscriptionId: "ARM_SUBSCRIPTION_ID",
    tenantId: "ARM_TENANT_ID",
} as const);
const _azureKeysHaveEveryRole: CloudVariableKeys = AZURE_VARIABLE_KEYS;

/** Static Azure credentials (and OIDC settings the workspace must not set itself) that dynamic credentials replace. */
export const AZURE_STATIC_CREDENTIAL_KEYS: readonly string[] = Object.freeze([
    "ARM_CLIENT_SECRET",
    "ARM_CLIENT_ID",
    "ARM_CLIENT_CERTIFICATE_PATH",
    "ARM_CLIENT_CERTIFICATE_PASSWORD",
    "ARM_USE_OIDC",
    "ARM_OIDC_TOKEN",
]);
