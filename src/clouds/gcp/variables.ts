/**
 * The GCP dynamic-credentials workspace variables (multicloud.md §3.4; hcp-api.md). The default
 * audience is per provider: `//iam.googleapis.com/<provider name>` (see `gcpDefaultAudience`).
 */
import type { CloudVariableKeys } from "../variableKeys";

/**
 * GCP variable keys: the identity is a service account EMAIL; `TFC_GCP_WORKLOAD_PROVIDER_NAME` is
 * the provider's full name `projects/<NUMBER>/locations/global/workloadIdentityPools/<POOL>/providers/<PROVIDER>`.
 */
export const GCP_VARIABLE_KEYS = Object.freeze({
    providerAuth: "TFC_GCP_PROVIDER_AUTH",
    run: "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL",
    plan: "TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL",
    apply: "TFC_GCP_APPLY_SERVICE_ACCOUNT_EMAIL",
    audience: "TFC_GCP_WORKLOAD_IDENTITY_AUDIENCE",
    workloadProviderName: "TFC_GCP_WORKLOAD_PROVIDER_NAME",
} as const);
const _gcpKeysHaveEveryRole: CloudVariableKeys = GCP_VARIABLE_KEYS;

/** Static GCP credentials that dynamic credentials replace. */
export const GCP_STATIC_CREDENTIAL_KEYS: readonly string[] = Object.freeze(["GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"]);

/**
 * The default audience as the cloud-neutral core knows it. GCP's real default is per provider,
 * `//iam.googleapis.com/<provider name>` (`gcpDefaultAudience`), known only once the provider
 * exists; the core only compares a federation's audience with this stand-in (equal: no audience
 * variable), and it is never written anywhere.
 */
export const GCP_DEFAULT_AUDIENCE_STANDIN = "//iam.googleapis.com/{workloadProviderName}";
