/**
 * Validators for every name or identifier this package places in an IAM policy or an ARN.
 *
 * Each validator returns its input unchanged when it is valid and otherwise throws a
 * `PolicyInputError` whose message names the input, the rule and the fix, in the form
 *   `<label> <JSON of the value>: <rule>. Fix the <thing>.`
 * The messages are part of the public contract (tests assert them verbatim).
 */

/** Which input an error is about: callers (the CLI) map it to their own flag names. */
export type PolicyInputField =
    | "organization"
    | "workspace"
    | "workspaces"
    | "project"
    | "hyokConfiguration"
    | "hyokConfigurations"
    | "hostname"
    | "audience"
    | "accountId"
    | "partition"
    | "roleArn"
    | "oidcProviderArn"
    | "policyArn"
    | "kmsKeyArn"
    | "kmsKeyArns"
    | "roleName"
    | "rolePath"
    | "runPhase"
    | "tag"
    // HCP ids, and the Azure, GCP and Vault inputs (src/clouds):
    | "organizationId" | "projectId" | "workspaceId" | "workspaceIds"
    | "subscriptionId" | "tenantId" | "clientId" | "roleDefinitionId" | "roleScope"
    | "gcpProject" | "projectNumber" | "poolId" | "providerId" | "poolName" | "serviceAccountId" | "displayName"
    | "providerName" | "serviceAccountEmail" | "gcpRole"
    | "authPath" | "namespace" | "tokenTtl" | "tokenMaxTtl" | "policyName" | "policyRules";

export class PolicyInputError extends Error {
    /** The rule the value breaks, without the value: "organization names may contain only …". */
    readonly rule: string;
    constructor(
        readonly field: PolicyInputField,
        readonly value: unknown,
        message: string,
        rule?: string,
    ) {
        super(message);
        this.name = "PolicyInputError";
        this.rule = rule ?? message;
    }
}

/** How a value is shown in a message: strings as JSON (quotes, escapes), anything else as is. */
export function formatInputValue(value: unknown): string {
    if (typeof value === "string") return JSON.stringify(value);
    if (Array.isArray(value)) return JSON.stringify(value);
    return String(value);
}

function typeName(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    return typeof value;
}

function fail(field: PolicyInputField, label: string, value: unknown, rule: string, fix: string): never {
    throw new PolicyInputError(field, value, `${label} ${formatInputValue(value)}: ${rule}. Fix the ${fix}.`, rule);
}

function requireString(field: PolicyInputField, label: string, value: unknown, fix: string): asserts value is string {
    if (typeof value !== "string") fail(field, label, value, `expected a string (got ${typeName(value)})`, fix);
}

/** Throws the house-style `PolicyInputError` `<label> <value>: <rule>. Fix the <fix>.` (for validators in other folders). */
export function rejectInput(field: PolicyInputField, label: string, value: unknown, rule: string, fix: string): never {
    fail(field, label, value, rule, fix);
}

/** Throws `<label> <value>: expected a string (got <type>). Fix the <fix>.` unless `value` is a string. */
export function requireStringInput(field: PolicyInputField, label: string, value: unknown, fix: string): asserts value is string {
    requireString(field, label, value, fix);
}

/** Characters that are IAM wildcards or the subject separator or start a policy variable. */
const WIDENING = /[*?:$]/;
const SIMPLE_NAME = /^[A-Za-z0-9_-]+$/;

function simpleName(field: PolicyInputField, label: string, plural: string, others: string, value: unknown): string {
    requireString(field, label, value, "name");
    if (value === "") fail(field, label, value, `${plural} must not be empty`, "name");
    if (!SIMPLE_NAME.test(value)) {
        const rule = `${plural} may contain only letters, digits, "-" and "_"`;
        if (WIDENING.test(value)) {
            fail(field, label, value, `${rule}; a wildcard or colon here would widen the trust policy to other ${others}`, "name");
        }
        fail(field, label, value, rule, "name");
    }
    return value;
}

/** HCP Terraform organization name: letters, digits, `-`, `_`; non-empty. */
export function validateOrganizationName(name: unknown): string {
    return simpleName("organization", "organization", "organization names", "organizations", name);
}

/** HCP Terraform workspace name: letters, digits, `-`, `_`; non-empty. */
export function validateWorkspaceName(name: unknown): string {
    return simpleName("workspace", "workspace", "workspace names", "workspaces", name);
}

/** HYOK configuration name: letters, digits, `-`, `_`; non-empty. */
export function validateHyokConfigurationName(name: unknown): string {
    return simpleName("hyokConfiguration", "HYOK configuration", "HYOK configuration names", "HYOK configurations", name);
}

const PROJECT_CHARS = /^[A-Za-z0-9 _-]*$/;

/** HCP Terraform project name: letters, digits, inner spaces, `-`, `_`; 3 to 40 characters. */
export function validateProjectName(name: unknown): string {
    const label = "project";
    requireString("project", label, name, "name");
    if (!PROJECT_CHARS.test(name)) {
        const rule = `project names may contain only letters, digits, spaces, "-" and "_"`;
        if (WIDENING.test(name)) {
            fail("project", label, name, `${rule}; a wildcard or colon here would widen the trust policy to other projects`, "name");
        }
        fail("project", label, name, rule, "name");
    }
    if (name.length < 3 || name.length > 40) {
        fail("project", label, name, `project names are 3 to 40 characters long (got ${name.length})`, "name");
    }
    if (name.startsWith(" ") || name.endsWith(" ")) {
        fail("project", label, name, "project names may not begin or end with a space", "name");
    }
    return name;
}

const DNS_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** True for `host` or `host:port` with a valid DNS name (or dotted IPv4) and a port 1-65535. */
export function isValidHost(value: string): boolean {
    const colon = value.lastIndexOf(":");
    let host = value;
    if (colon !== -1) {
        host = value.slice(0, colon);
        const port = value.slice(colon + 1);
        if (!/^[0-9]{1,5}$/.test(port)) return false;
        const n = Number(port);
        if (n < 1 || n > 65535) return false;
    }
    if (host.length === 0 || host.length > 253) return false;
    return host.split(".").every((label) => DNS_LABEL.test(label));
}

const HOST_RULE =
    `not a valid DNS name or host:port (dot-separated labels of letters, digits and "-", each 1 to 63 characters, ` +
    `not starting or ending with "-"; optional port 1 to 65535)`;

/** A bare site host (`app.terraform.io`, `tfe.example.com`, `127.0.0.1:8443`): no scheme, no path. */
export function validateHostname(hostname: unknown): string {
    const label = "hostname";
    requireString("hostname", label, hostname, "hostname");
    if (hostname === "") fail("hostname", label, hostname, `a hostname must not be empty (the default is "app.terraform.io")`, "hostname");
    if (SCHEME.test(hostname) || hostname.includes("/")) {
        const bare = hostname.replace(SCHEME, "").split("/")[0];
        const hint = isValidHost(bare) ? `; use ${JSON.stringify(bare)}` : "";
        fail("hostname", label, hostname, `a hostname has no scheme or path${hint}`, "hostname");
    }
    if (!isValidHost(hostname)) fail("hostname", label, hostname, HOST_RULE, "hostname");
    return hostname;
}

/** A workload identity audience: matched exactly, so no wildcard, `$` or whitespace; non-empty. */
export function validateAudience(audience: unknown): string {
    const label = "audience";
    requireString("audience", label, audience, "audience");
    if (audience === "") {
        fail("audience", label, audience, `an audience must not be empty (the AWS default is "aws.workload.identity")`, "audience");
    }
    if (/[*?$\s]/.test(audience)) {
        fail("audience", label, audience, `an audience is matched exactly and may not contain "*", "?", "$" or whitespace`, "audience");
    }
    return audience;
}

/** An AWS account id: exactly 12 digits, as a string. */
export function validateAccountId(accountId: unknown): string {
    requireString("accountId", "account id", accountId, "account id");
    if (!/^[0-9]{12}$/.test(accountId)) fail("accountId", "account id", accountId, "an AWS account id is exactly 12 digits", "account id");
    return accountId;
}

const PARTITION = /^aws(?:-[a-z]+)*$/;

/** An AWS partition: `aws`, `aws-cn`, `aws-us-gov`, … */
export function validatePartition(partition: unknown): string {
    requireString("partition", "partition", partition, "partition");
    if (!PARTITION.test(partition)) {
        fail("partition", "partition", partition, `expected "aws", "aws-cn", "aws-us-gov" or another "aws-…" partition`, "partition");
    }
    return partition;
}

const ROLE_NAME = /^[\w+=,.@-]+$/;
const PATH_CHARS = /^[\x21-\x7E]*$/;

/** An IAM role name: 1 to 64 characters of `[\w+=,.@-]`. */
export function validateRoleName(name: unknown): string {
    const label = "role name";
    requireString("roleName", label, name, "role name");
    if (name === "") fail("roleName", label, name, "an IAM role name must not be empty", "role name");
    if (!ROLE_NAME.test(name)) fail("roleName", label, name, `an IAM role name may contain only letters, digits and "+=,.@_-"`, "role name");
    if (name.length > 64) fail("roleName", label, name, `an IAM role name is at most 64 characters (got ${name.length})`, "role name");
    return name;
}

/** An IAM path: `/` or `/segments/…/`, printable ASCII without spaces, at most 512 characters. */
export function validateRolePath(path: unknown): string {
    const label = "role path";
    requireString("rolePath", label, path, "path");
    if (!path.startsWith("/") || !path.endsWith("/")) {
        fail("rolePath", label, path, `an IAM role path begins and ends with "/" (e.g. "/" or "/hcp-terraform/")`, "path");
    }
    if (!PATH_CHARS.test(path)) fail("rolePath", label, path, "an IAM role path may contain only printable ASCII characters other than spaces", "path");
    if (path.length > 512) fail("rolePath", label, path, `an IAM role path is at most 512 characters (got ${path.length})`, "path");
    return path;
}

/** The parts of an IAM ARN `arn:<partition>:iam::<account>:<resource>`. */
interface IamArnParts {
    partition: string;
    account: string;
    resource: string;
}

function iamArnParts(arn: string): IamArnParts | undefined {
    const m = /^arn:([^:]+):iam::([^:]*):(.+)$/.exec(arn);
    if (!m || !PARTITION.test(m[1])) return undefined;
    return { partition: m[1], account: m[2], resource: m[3] };
}

/** `<prefix>/<optional path segments/><name>` with the path valid as an IAM path. */
function pathAndName(resource: string, prefix: string, nameRule: RegExp): boolean {
    if (!resource.startsWith(prefix + "/")) return false;
    const rest = resource.slice(prefix.length + 1);
    const slash = rest.lastIndexOf("/");
    const name = rest.slice(slash + 1);
    const path = "/" + rest.slice(0, slash + 1);
    if (!nameRule.test(name)) return false;
    if (path.length > 512 || !PATH_CHARS.test(path) || path.includes("//")) return false;
    return true;
}

/** An IAM role ARN: `arn:<partition>:iam::<account>:role/<optional path/><role name>`. */
export function validateRoleArn(arn: unknown): string {
    const label = "role ARN";
    requireString("roleArn", label, arn, "ARN");
    const parts = iamArnParts(arn);
    if (!parts || !/^[0-9]{12}$/.test(parts.account) || !pathAndName(parts.resource, "role", /^[\w+=,.@-]{1,64}$/)) {
        fail("roleArn", label, arn, "expected arn:<partition>:iam::<12-digit account id>:role/<optional path/><role name>", "ARN");
    }
    return arn;
}

/** The parsed parts of an IAM OIDC identity provider ARN. */
export interface OidcProviderArnParts {
    partition: string;
    accountId: string;
    /** The provider's issuer host (its URL without `https://`): the condition key prefix. */
    host: string;
}

/** Parses (and validates) `arn:<partition>:iam::<account>:oidc-provider/<host>`. */
export function parseOidcProviderArn(arn: unknown): OidcProviderArnParts {
    const label = "OIDC provider ARN";
    requireString("oidcProviderArn", label, arn, "ARN");
    const parts = iamArnParts(arn);
    const host = parts && parts.resource.startsWith("oidc-provider/") ? parts.resource.slice("oidc-provider/".length) : "";
    if (!parts || !/^[0-9]{12}$/.test(parts.account) || !isValidHost(host)) {
        fail("oidcProviderArn", label, arn, "expected arn:<partition>:iam::<12-digit account id>:oidc-provider/<host>", "ARN");
    }
    return { partition: parts.partition, accountId: parts.account, host };
}

/** An IAM OIDC identity provider ARN: `arn:<partition>:iam::<account>:oidc-provider/<host>`. */
export function validateOidcProviderArn(arn: unknown): string {
    parseOidcProviderArn(arn);
    return arn as string;
}

/** A managed policy ARN: `arn:<partition>:iam::<account or "aws">:policy/<optional path/><name>`. */
export function validatePolicyArn(arn: unknown): string {
    const label = "policy ARN";
    requireString("policyArn", label, arn, "ARN");
    const parts = iamArnParts(arn);
    if (!parts || !/^(?:[0-9]{12}|aws)$/.test(parts.account) || !pathAndName(parts.resource, "policy", /^[\w+=,.@-]{1,128}$/)) {
        fail("policyArn", label, arn, `expected arn:<partition>:iam::<12-digit account id or "aws">:policy/<optional path/><policy name>`, "ARN");
    }
    return arn;
}

const KMS_KEY_ARN =
    /^arn:aws(?:-[a-z]+)*:kms:[a-z]{2}(?:-[a-z]+)+-[0-9]+:[0-9]{12}:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const KMS_SHAPE = "arn:<partition>:kms:<region>:<12-digit account id>:key/<key id>";

/** A KMS key ARN (single-region key id or `mrk-…` multi-Region key id); alias ARNs are refused. */
export function validateKmsKeyArn(arn: unknown): string {
    const label = "KMS key ARN";
    requireString("kmsKeyArn", label, arn, "ARN");
    if (!KMS_KEY_ARN.test(arn)) {
        if (/^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(arn)) {
            fail("kmsKeyArn", label, arn, `an alias ARN does not grant use of the key in an IAM policy; give the key ARN (${KMS_SHAPE})`, "ARN");
        }
        fail("kmsKeyArn", label, arn, `expected ${KMS_SHAPE}`, "ARN");
    }
    return arn;
}

/** The run phase a trust admits: `plan`, `apply`, or `*` (both). */
export type RunPhase = "plan" | "apply" | "*";

export function validateRunPhase(phase: unknown): RunPhase {
    if (phase !== "plan" && phase !== "apply" && phase !== "*") {
        fail("runPhase", "run phase", phase, `expected "plan", "apply" or "*"`, "run phase");
    }
    return phase;
}

const TAG = /^[A-Za-z0-9_]+$/;

/**
 * A dynamic-credentials configuration tag (the `_<TAG>` suffix of every `TFC_*` variable):
 * letters, digits and `_`, non-empty; `TYPE` is reserved (refused in any casing).
 */
export function validateTag(tag: unknown): string {
    requireString("tag", "tag", tag, "tag");
    if (!TAG.test(tag)) fail("tag", "tag", tag, `a tag may contain only letters, digits and "_" and must not be empty`, "tag");
    if (tag.toUpperCase() === "TYPE") fail("tag", "tag", tag, `"TYPE" is reserved by HCP Terraform and cannot be a tag`, "tag");
    return tag;
}
