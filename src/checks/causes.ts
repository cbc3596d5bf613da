// What a failed probe means: the first error of the plan's log, matched against the error texts
// the clouds really print (runs-api.md §5), mapped to one line of cause and one line of fix. Pure.

import type { LogDiagnostic } from "../hcp/planLog";

export interface CauseRule {
    /** Stable name of the rule, e.g. "aws-trust-denied". */
    kind: string;
    /** Case-sensitive substrings; the rule matches when the error's text contains any of them. */
    match: string[];
    cause: string;
    fix: string;
}

/** Most specific first: the first rule whose substring is in the error's summary or detail wins. */
export const CAUSE_RULES: readonly CauseRule[] = [
    {
        kind: "aws-trust-denied",
        match: ["Not authorized to perform sts:AssumeRoleWithWebIdentity"],
        cause: "the role's trust policy does not admit this workspace's token (or the role named by the workspace's role ARN variable is another role, or does not exist)",
        fix: "check the trust policy against the token's subject: the organization name's exact casing, the project pin, the workspace name, and the audience condition; and that the role ARN variable names this role",
    },
    {
        kind: "aws-no-oidc-provider",
        match: ["No OpenIDConnect provider found"],
        cause: "the role's AWS account has no IAM OIDC identity provider for this HCP Terraform issuer",
        fix: "create the IAM OIDC provider with the issuer's URL (https://<host>, no trailing slash) in the role's account",
    },
    {
        kind: "aws-audience",
        match: ["Incorrect token audience"],
        cause: "the IAM OIDC provider's client id list does not contain the token's audience",
        fix: "add the audience (aws.workload.identity, or the value of TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE) to the OIDC provider's client ids, or make the variable match them",
    },
    {
        kind: "aws-thumbprint",
        match: ["HTTPS certificate doesn't match configured thumbprint"],
        cause: "the IAM OIDC provider's thumbprint does not match the issuer's certificate",
        fix: "update the OIDC provider's thumbprint list (or remove it: AWS verifies this issuer without one)",
    },
    {
        kind: "aws-jwks-unreachable",
        match: ["Couldn't retrieve verification key from your identity provider"],
        cause: "AWS could not fetch the issuer's signing keys",
        fix: "make https://<host>/.well-known/openid-configuration and /.well-known/jwks reachable from AWS (a Terraform Enterprise site behind a firewall)",
    },
    {
        kind: "aws-token-signature",
        match: ["Token signature invalid"],
        cause: "AWS rejected the token's signature",
        fix: "the issuer's keys do not match what AWS knows: re-create the IAM OIDC provider, and contact HashiCorp support if it persists",
    },
    {
        kind: "aws-invalid-role-arn",
        match: ["Request ARN is invalid"],
        cause: "the role ARN the workspace's variables give is not a valid role ARN",
        fix: "fix TFC_AWS_RUN_ROLE_ARN (or TFC_AWS_PLAN_ROLE_ARN): arn:aws:iam::<account>:role/<name>",
    },
    {
        kind: "aws-no-credentials",
        match: ["no EC2 IMDS role found", "No valid credential sources", "no valid credential sources"],
        cause: "HCP Terraform gave the AWS provider no dynamic credentials",
        fix: "set TFC_AWS_PROVIDER_AUTH=true and TFC_AWS_RUN_ROLE_ARN (with the _<TAG> suffix for a tagged configuration) as env variables of the workspace or of a variable set it gets",
    },
    {
        kind: "azure-no-federated-credential",
        match: ["AADSTS700213", "AADSTS70021"],
        cause: "Entra ID found no federated identity credential matching the token's issuer, subject and audience",
        fix: "check the credential's subject (organization:…:run_phase:plan, exact and case-sensitive), issuer https://<host> and audience; a credential created minutes ago may still be propagating: retry later",
    },
    {
        kind: "azure-issuer",
        match: ["AADSTS50107"],
        cause: "Entra ID does not accept the token's issuer",
        fix: "make the federated credential's issuer exactly https://<host> (no trailing slash)",
    },
    {
        kind: "gcp-attribute-condition",
        match: ["rejected by the attribute condition"],
        cause: "the GCP workload identity provider's attribute condition rejected the token",
        fix: "make the attribute condition admit this workspace (organization, project and workspace names, or terraform_workspace_id)",
    },
    {
        kind: "gcp-impersonation-denied",
        match: ["getAccessToken' denied", "Unable to impersonate service account"],
        cause: "the token's identity may not impersonate the service account",
        fix: "grant roles/iam.workloadIdentityUser on the service account to the pool principal (set) that matches this workspace's run_phase:plan subject",
    },
    {
        kind: "gcp-no-credentials",
        match: ["Attempted to load application default credentials"],
        cause: "HCP Terraform gave the Google provider no dynamic credentials",
        fix: "set TFC_GCP_PROVIDER_AUTH=true, TFC_GCP_WORKLOAD_PROVIDER_NAME and TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL as env variables of the workspace",
    },
    {
        kind: "vault-login",
        match: ["failed authenticating to Vault"],
        cause: "HCP Terraform could not log in to Vault with the run's token",
        fix: "check that the JWT role (TFC_VAULT_RUN_ROLE) exists on the auth path (TFC_VAULT_AUTH_PATH, default jwt), that its bound_claims admit the subject and bound_audiences the audience, and that Vault is reachable from HCP Terraform",
    },
    {
        kind: "tag-not-configured",
        match: ["The given key does not identify an element in this collection value", 'The root module input variable "tfc_'],
        cause: "the tagged configuration is not enabled in this workspace, so HCP Terraform made no credentials for its alias",
        fix: "set TFC_<CLOUD>_PROVIDER_AUTH_<TAG>=true and the tag's identity variables (…_<TAG>) on the workspace or a variable set it gets",
    },
];

export interface FailureCause {
    /** The rule that matched, or "unknown". */
    kind: string;
    /** The first error's summary, verbatim (secrets redacted). */
    summary: string;
    /** The first error's detail, verbatim (secrets redacted, shortened past 2000 characters). */
    detail: string;
    /** One line: what is wrong. */
    cause: string;
    /** One line: what to do. */
    fix: string;
}

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const MAX_DETAIL = 2000;

/** Replaces JWT-shaped strings and each given secret (e.g. the API token) with "[redacted]". */
export function redact(text: string, secrets: readonly string[] = []): string {
    let out = String(text).replace(JWT, "[redacted]");
    for (const secret of secrets) {
        if (typeof secret === "string" && secret.length >= 8) {
            out = out.split(secret).join("[redacted]");
        }
    }
    return out;
}

/** The first rule matching `text`, or undefined. */
export function matchCause(text: string): CauseRule | undefined {
    return CAUSE_RULES.find((rule) => rule.match.some((m) => text.includes(m)));
}

/**
 * The cause of a failed plan from its error diagnostics (in log order): the first one a rule knows
 * wins; otherwise the first one, as "unknown". `secrets` are redacted from the quoted texts.
 */
export function explainFailure(errors: readonly LogDiagnostic[], secrets: readonly string[] = []): FailureCause {
    const quoted = (d: LogDiagnostic) => {
        const detail = redact(d.detail, secrets);
        return { summary: redact(d.summary, secrets), detail: detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail };
    };
    for (const d of errors) {
        const rule = matchCause(`${d.summary}\n${d.detail}`);
        if (rule) {
            return { kind: rule.kind, ...quoted(d), cause: rule.cause, fix: rule.fix };
        }
    }
    if (errors.length === 0) {
        return {
            kind: "unknown",
            summary: "",
            detail: "",
            cause: "the plan errored without an error message in its log",
            fix: "open the run in HCP Terraform and read its log",
        };
    }
    const first = quoted(errors[0]);
    return {
        kind: "unknown",
        ...first,
        cause: `the plan failed for a reason this check does not recognise: ${first.summary}`,
        fix: "read the error below and the run's log in HCP Terraform",
    };
}
