/** The AWS dynamic-credentials workspace variables (hcp-api.md, "Dynamic provider credentials"). */
import { AWS_DEFAULT_AUDIENCE } from "../../policies/awsTrustPolicy";
import type { CloudVariableKeys } from "../variableKeys";

/** The token audience AWS expects by default (defined with the AWS trust policy builder). */
export { AWS_DEFAULT_AUDIENCE };

/** AWS variable keys: the identity is a role ARN (`TFC_AWS_<RUN|PLAN|APPLY>_ROLE_ARN`). */
export const AWS_VARIABLE_KEYS = Object.freeze({
    providerAuth: "TFC_AWS_PROVIDER_AUTH",
    run: "TFC_AWS_RUN_ROLE_ARN",
    plan: "TFC_AWS_PLAN_ROLE_ARN",
    apply: "TFC_AWS_APPLY_ROLE_ARN",
    audience: "TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE",
} as const);
const _awsKeysHaveEveryRole: CloudVariableKeys = AWS_VARIABLE_KEYS;

/** The static AWS credentials env variables that dynamic credentials replace. */
export const AWS_STATIC_CREDENTIAL_KEYS: readonly string[] = Object.freeze(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);
