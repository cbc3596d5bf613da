/**
 * IAM role trust policies for HCP Terraform workload identity tokens.
 *
 * Run tokens carry `sub = organization:<ORG>:project:<PROJECT>:workspace:<WS>:run_phase:<plan|apply>`;
 * HYOK tokens carry `sub = organization:<ORG>:hyok_config:<NAME>`. Both are checked with
 * `StringEquals <host>:aud` and a condition on `<host>:sub`. Every name is validated before it is
 * placed in a pattern: no name may contain `*`, `?`, `:` or `$`, which is what makes the
 * `project:*` and `run_phase:*` wildcards unable to reach into another segment.
 */
import {
    PolicyInputError,
    parseOidcProviderArn,
    formatInputValue,
    validateAccountId,
    validateAudience,
    validateHostname,
    validateHyokConfigurationName,
    validateOrganizationName,
    validatePartition,
    validateProjectName,
    validateRunPhase,
    validateWorkspaceName,
    type PolicyInputField,
    type RunPhase,
} from "./names";
import type { ConditionMap, PolicyDocument } from "./types";

export const HCP_DEFAULT_HOSTNAME = "app.terraform.io";
export const AWS_DEFAULT_AUDIENCE = "aws.workload.identity";
export const ASSUME_ROLE_WITH_WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";

/** Which OIDC provider the role trusts, and the token's issuer host and audience. */
export interface OidcProviderArgs {
    /** The account's IAM OIDC provider ARN; or give `accountId` (and `hostname`) to build it. */
    oidcProviderArn?: string;
    /** With no `oidcProviderArn`: builds `arn:<partition>:iam::<accountId>:oidc-provider/<hostname>`. */
    accountId?: string;
    /** Partition for the built ARN; default "aws". */
    partition?: string;
    /** Site host (the condition key prefix). Default: the host of `oidcProviderArn`, else "app.terraform.io". */
    hostname?: string;
    /** Token audience; default "aws.workload.identity". */
    audience?: string;
}

export interface AwsTrustPolicyArgs extends OidcProviderArgs {
    organization: string;
    /** One workspace name or several; several give an array of subject values (OR). */
    workspaces: string | readonly string[];
    /** Pin the project by name (e.g. "Default Project"); default "*" (any project). */
    project?: string;
    /** Default "*" (plan and apply). */
    runPhase?: RunPhase;
}

export interface HyokTrustPolicyArgs extends OidcProviderArgs {
    organization: string;
    /** One HYOK configuration name or several. */
    hyokConfigurations: string | readonly string[];
}

/** The resolved provider: its ARN, the condition key host and the audience. */
export interface ResolvedOidcProvider {
    oidcProviderArn: string;
    host: string;
    audience: string;
}

/** `arn:<partition>:iam::<accountId>:oidc-provider/<hostname>` (validated). */
export function awsOidcProviderArn(accountId: string, hostname: string = HCP_DEFAULT_HOSTNAME, partition = "aws"): string {
    validateAccountId(accountId);
    validateHostname(hostname);
    validatePartition(partition);
    return `arn:${partition}:iam::${accountId}:oidc-provider/${hostname}`;
}

function mismatch(field: PolicyInputField, label: string, value: string, what: string, arnValue: string, arn: string, fix: string): never {
    throw new PolicyInputError(
        field,
        value,
        `${label} ${formatInputValue(value)} does not match the ${what} ${formatInputValue(arnValue)} of OIDC provider ARN ${formatInputValue(arn)}. Fix the ${fix} or the ARN.`,
    );
}

/** Validates and reconciles `oidcProviderArn` / `accountId` / `partition` / `hostname` / `audience`. */
export function resolveOidcProvider(args: OidcProviderArgs): ResolvedOidcProvider {
    const audience = validateAudience(args.audience ?? AWS_DEFAULT_AUDIENCE);
    if (args.hostname !== undefined) validateHostname(args.hostname);
    if (args.accountId !== undefined) validateAccountId(args.accountId);
    if (args.partition !== undefined) validatePartition(args.partition);
    if (args.oidcProviderArn !== undefined) {
        const arn = args.oidcProviderArn;
        const parts = parseOidcProviderArn(arn);
        if (args.hostname !== undefined && args.hostname !== parts.host) {
            mismatch("hostname", "hostname", args.hostname, "host", parts.host, arn, "hostname");
        }
        if (args.accountId !== undefined && args.accountId !== parts.accountId) {
            mismatch("accountId", "account id", args.accountId, "account", parts.accountId, arn, "account id");
        }
        if (args.partition !== undefined && args.partition !== parts.partition) {
            mismatch("partition", "partition", args.partition, "partition", parts.partition, arn, "partition");
        }
        return { oidcProviderArn: arn, host: parts.host, audience };
    }
    if (args.accountId === undefined) {
        throw new PolicyInputError(
            "oidcProviderArn",
            undefined,
            "OIDC provider: neither oidcProviderArn nor accountId was given. Fix the arguments: give the provider ARN, or the account id (and hostname) to build it.",
        );
    }
    const host = args.hostname ?? HCP_DEFAULT_HOSTNAME;
    return { oidcProviderArn: awsOidcProviderArn(args.accountId, host, args.partition ?? "aws"), host, audience };
}

/** One name or a non-empty list of names, validated, duplicates dropped (first occurrence kept). */
function nameList(
    field: PolicyInputField,
    noun: string,
    value: string | readonly string[],
    validate: (name: unknown) => string,
): string[] {
    const list: readonly unknown[] = typeof value === "string" ? [value] : Array.isArray(value) ? value : [value];
    if (list.length === 0) {
        throw new PolicyInputError(field, value, `${field} []: give at least one ${noun} name. Fix the ${noun} list.`);
    }
    return [...new Set(list.map((name) => validate(name)))];
}

/**
 * The one builder behind every trust policy here: Allow sts:AssumeRoleWithWebIdentity to the
 * provider when `<host>:aud` equals the audience and `<host>:sub` matches the subjects
 * (one subject: a string; several: an array, i.e. any of them). With `StringEquals` on the
 * subject, the audience and subject keys share one `StringEquals` block.
 */
function webIdentityTrust(provider: ResolvedOidcProvider, subjectOperator: "StringEquals" | "StringLike", subjects: readonly string[]): PolicyDocument {
    const audKey = `${provider.host}:aud`;
    const subKey = `${provider.host}:sub`;
    const sub: string | string[] = subjects.length === 1 ? subjects[0] : [...subjects];
    const condition: ConditionMap =
        subjectOperator === "StringEquals"
            ? { StringEquals: { [audKey]: provider.audience, [subKey]: sub } }
            : { StringEquals: { [audKey]: provider.audience }, StringLike: { [subKey]: sub } };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: provider.oidcProviderArn },
                Action: ASSUME_ROLE_WITH_WEB_IDENTITY,
                Condition: condition,
            },
        ],
    };
}

/** A run subject or pattern (no validation: callers validate). */
function runSubjectOf(organization: string, project: string, workspace: string, runPhase: string): string {
    return `organization:${organization}:project:${project}:workspace:${workspace}:run_phase:${runPhase}`;
}

/**
 * The `sub` of a run token (or, with project or run phase "*", the pattern the trust uses).
 * Validates every part.
 */
export function runSubject(organization: string, project: string, workspace: string, runPhase: RunPhase): string {
    validateOrganizationName(organization);
    if (project !== "*") validateProjectName(project);
    validateWorkspaceName(workspace);
    validateRunPhase(runPhase);
    return runSubjectOf(organization, project, workspace, runPhase);
}

/** The `sub` of a HYOK token: `organization:<ORG>:hyok_config:<NAME>`. Validates both names. */
export function hyokSubject(organization: string, hyokConfiguration: string): string {
    validateOrganizationName(organization);
    validateHyokConfigurationName(hyokConfiguration);
    return `organization:${organization}:hyok_config:${hyokConfiguration}`;
}

/**
 * Trust policy for run tokens of the given workspaces. `StringLike` on `sub` unless fully pinned
 * (a project given and a run phase other than "*"), then `StringEquals`. Default arguments give
 * exactly the verified policy of trust-model.md.
 */
export function awsTrustPolicy(args: AwsTrustPolicyArgs): PolicyDocument {
    const organization = validateOrganizationName(args.organization);
    const workspaces = nameList("workspaces", "workspace", args.workspaces, validateWorkspaceName);
    const project = args.project === undefined || args.project === "*" ? "*" : validateProjectName(args.project);
    const runPhase = validateRunPhase(args.runPhase ?? "*");
    const provider = resolveOidcProvider(args);
    const pinned = project !== "*" && runPhase !== "*";
    const subjects = workspaces.map((ws) => runSubjectOf(organization, project, ws, runPhase));
    return webIdentityTrust(provider, pinned ? "StringEquals" : "StringLike", subjects);
}

/** A project-scoped trust: every workspace of one project, current and future. */
export interface AwsProjectTrustPolicyArgs extends OidcProviderArgs {
    organization: string;
    /** The project's name, exactly as HCP Terraform stores it (e.g. "Default Project"). */
    project: string;
    /** Default "*" (plan and apply). */
    runPhase?: RunPhase;
}

/**
 * Trust policy for run tokens of every workspace of one project:
 * `StringLike <host>:sub = organization:<ORG>:project:<PROJECT>:workspace:*:run_phase:<phase>`.
 * The `*` cannot reach another organization or project: names cannot contain ":" and both are
 * validated; it admits every workspace of the project, including workspaces created later.
 */
export function awsProjectTrustPolicy(args: AwsProjectTrustPolicyArgs): PolicyDocument {
    const organization = validateOrganizationName(args.organization);
    const project = validateProjectName(args.project);
    const runPhase = validateRunPhase(args.runPhase ?? "*");
    const provider = resolveOidcProvider(args);
    return webIdentityTrust(provider, "StringLike", [runSubjectOf(organization, project, "*", runPhase)]);
}

/** Separate plan and apply trust policies (for `TFC_AWS_PLAN_ROLE_ARN` / `TFC_AWS_APPLY_ROLE_ARN`). */
export function awsPhaseTrustPolicies(args: Omit<AwsTrustPolicyArgs, "runPhase">): { plan: PolicyDocument; apply: PolicyDocument } {
    return {
        plan: awsTrustPolicy({ ...args, runPhase: "plan" }),
        apply: awsTrustPolicy({ ...args, runPhase: "apply" }),
    };
}

/**
 * Trust policy for HYOK agent tokens: `StringEquals <host>:aud` and
 * `StringLike <host>:sub = organization:<ORG>:hyok_config:<NAME>` (HashiCorp's template, name pinned).
 */
export function hyokTrustPolicy(args: HyokTrustPolicyArgs): PolicyDocument {
    const organization = validateOrganizationName(args.organization);
    const names = nameList("hyokConfigurations", "HYOK configuration", args.hyokConfigurations, validateHyokConfigurationName);
    const provider = resolveOidcProvider(args);
    return webIdentityTrust(
        provider,
        "StringLike",
        names.map((name) => `organization:${organization}:hyok_config:${name}`),
    );
}
