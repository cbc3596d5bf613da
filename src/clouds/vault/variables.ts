/** The Vault dynamic-credentials workspace variables (multicloud.md §4.4; hcp-api.md). */
import type { CloudVariableKeys } from "../variableKeys";

/** The token audience HCP Terraform uses for Vault by default (must equal the role's `boundAudiences`). */
export const VAULT_DEFAULT_AUDIENCE = "vault.workload.identity";

/**
 * Vault variable keys: the identity is a JWT role NAME. `TFC_VAULT_ADDR` is required (HCP Terraform
 * exports it as `VAULT_ADDR`); the namespace, auth path (default "jwt") and the base64 PEM of
 * Vault's CA certificate are optional.
 */
export const VAULT_VARIABLE_KEYS = Object.freeze({
    providerAuth: "TFC_VAULT_PROVIDER_AUTH",
    run: "TFC_VAULT_RUN_ROLE",
    plan: "TFC_VAULT_PLAN_ROLE",
    apply: "TFC_VAULT_APPLY_ROLE",
    audience: "TFC_VAULT_WORKLOAD_IDENTITY_AUDIENCE",
    address: "TFC_VAULT_ADDR",
    namespace: "TFC_VAULT_NAMESPACE",
    authPath: "TFC_VAULT_AUTH_PATH",
    encodedCaCert: "TFC_VAULT_ENCODED_CACERT",
} as const);
const _vaultKeysHaveEveryRole: CloudVariableKeys = VAULT_VARIABLE_KEYS;

/** The static Vault credential that dynamic credentials replace. */
export const VAULT_STATIC_CREDENTIAL_KEYS: readonly string[] = Object.freeze(["VAULT_TOKEN"]);
