// The AWS half of WorkspaceOidcFederation's plan: role names, permissions, the OIDC provider, and
// the trust policies' shape and size, validated before anything exists. Pure.
import * as pulumi from "@pulumi/pulumi";
import { type CorePlan, asArgument } from "../../federation/plan";
import {
    AWS_DEFAULT_AUDIENCE,
    awsProjectTrustPolicy,
    awsTrustPolicy,
    hyokTrustPolicy,
    parseOidcProviderArn,
    validateHyokConfigurationName,
    validateKmsKeyArn,
    validatePolicyArn,
    validateRoleArn,
    validateRolePath,
    type PolicyDocument,
    type RunPhase,
} from "../../policies";
import type { WorkspaceOidcFederationArgs } from "./args";

/** Role name template of the seed's oidc_setup.py. */
export const DEFAULT_ROLE_NAME_TEMPLATE = "tfc-{workspace}-oidc";

/** IAM's limits on a role trust policy: the default quota, and the most it can be raised to. */
export const TRUST_POLICY_SIZE_LIMITS = [2048, 4096] as const;

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

export interface AwsPlan {
    readonly core: CorePlan;
    /** Bring your own role: no AWS resource at all. */
    readonly byo: boolean;
    /** The run role, or with splitPhases the apply role. */
    readonly roleName?: string;
    readonly planRoleName?: string;
    readonly hyokRoleName?: string;
    readonly ec2Policy: boolean;
    readonly managedPolicyArns: readonly pulumi.Input<string>[];
    readonly planManagedPolicyArns: readonly pulumi.Input<string>[];
    readonly inlinePolicies: readonly [string, pulumi.Input<string | object>][];
    readonly planInlinePolicies: readonly [string, pulumi.Input<string | object>][];
    readonly trustPolicySizeLimit: number;
}

function isPlainString(v: unknown): v is string {
    return typeof v === "string";
}

/** `{workspace}` substituted (every occurrence). */
function applyTemplate(template: string, workspace: string): string {
    return template.split("{workspace}").join(workspace);
}

function checkRoleName(roleName: string, source: string, suffixNote: string, fix: string): string {
    if (roleName === "") {
        throw new Error(`${source} gives an empty IAM role name. Fix: ${fix}.`);
    }
    if (!/^[\w+=,.@-]+$/.test(roleName)) {
        throw new Error(
            `${source} gives IAM role name ${JSON.stringify(roleName)}${suffixNote}, but IAM role names may contain only letters, digits and "+=,.@_-". Fix: ${fix}.`,
        );
    }
    if (roleName.length > 64) {
        throw new Error(
            `${source} gives IAM role name ${JSON.stringify(roleName)}${suffixNote} of ${roleName.length} characters; IAM role names are at most 64 characters. Fix: ${fix}.`,
        );
    }
    return roleName;
}

function policyEntries(argument: string, value: Readonly<Record<string, pulumi.Input<string | object>>> | undefined): [string, pulumi.Input<string | object>][] {
    if (value === undefined) {
        return [];
    }
    const entries = Object.entries(value);
    for (const [policyName, doc] of entries) {
        if (!POLICY_NAME.test(policyName)) {
            throw new Error(
                `${argument} has policy name ${JSON.stringify(policyName)}, but IAM policy names are 1 to 128 characters of letters, digits and "+=,.@_-". Fix the name in ${argument}.`,
            );
        }
        if (doc === undefined || doc === null) {
            throw new Error(`${argument}[${JSON.stringify(policyName)}] has no document. Fix: give a policy document object or its JSON text.`);
        }
        if (isPlainString(doc)) {
            try {
                JSON.parse(doc);
            } catch (err) {
                throw new Error(`${argument}[${JSON.stringify(policyName)}] is not valid JSON (${(err as Error).message}). Fix: give a policy document object or its JSON text.`);
            }
        }
    }
    return entries;
}

/** The list, each plain ARN validated now (outputs when known: see checkedArn). */
function policyArnList(argument: string, value: readonly pulumi.Input<string>[] | undefined): pulumi.Input<string>[] {
    const list = [...(value ?? [])];
    list.forEach((arn) => {
        if (isPlainString(arn)) asArgument(argument, () => validatePolicyArn(arn));
    });
    const plain = list.filter(isPlainString);
    const dup = plain.find((a, i) => plain.indexOf(a) !== i);
    if (dup !== undefined) {
        throw new Error(`${argument} lists ${JSON.stringify(dup)} twice. Fix: give each policy ARN once.`);
    }
    return list;
}

/**
 * An ARN given as an input, validated when it is known with the same message as a plain one.
 * `argument` names it in the message; undefined when `validate`'s own messages do.
 */
export function checkedArn(prefix: string, argument: string | undefined, value: pulumi.Input<string>, validate: (v: string) => unknown): pulumi.Output<string> {
    return pulumi.output(value).apply((v) => {
        try {
            if (argument === undefined) validate(v);
            else asArgument(argument, () => validate(v));
        } catch (err) {
            throw new Error(`${prefix}${(err as Error).message}`);
        }
        return v;
    });
}

/** The run-phase patterns of the trust: both phases, or one of them. */
export function trustPolicy(plan: AwsPlan, oidcProviderArn: string, runPhase?: RunPhase): PolicyDocument {
    const core = plan.core;
    const common = { oidcProviderArn, hostname: core.site.host, organization: core.organization, audience: core.audience, ...(runPhase ? { runPhase } : {}) };
    return core.mode === "project"
        ? awsProjectTrustPolicy({ ...common, project: core.project! })
        : awsTrustPolicy({ ...common, workspaces: core.workspaces, project: core.project });
}

/** The length IAM counts (white space is not counted). */
export function trustPolicyLength(doc: PolicyDocument): number {
    return JSON.stringify(doc).replace(/\s/g, "").length;
}

/** Throws when a trust would be over IAM's limit, naming the size, the limit and the ways out. */
function checkTrustSize(plan: AwsPlan, providerArn: string): void {
    for (const phase of plan.core.splitPhases ? (["plan", "apply"] as RunPhase[]) : [undefined]) {
        const length = trustPolicyLength(trustPolicy(plan, providerArn, phase));
        if (length > plan.trustPolicySizeLimit) {
            const raise = plan.trustPolicySizeLimit < 4096 ? ", raise the account's quota and set trustPolicySizeLimit: 4096" : "";
            throw new Error(
                `the trust policy of the ${phase ? `${phase} ` : ""}role for ${plan.core.workspaces.length} workspaces is ${length} characters, over ` +
                    `IAM's limit of ${plan.trustPolicySizeLimit} for role trust policies, so AWS would refuse it. Fix: federate fewer workspaces per ` +
                    `role (one federation per workspace, or several lists)${raise}, or trust the whole project with projectScope: true.`,
            );
        }
    }
}

/** Validates the AWS arguments (throws on the first problem) and resolves names and defaults. */
export function planAws(core: CorePlan, args: WorkspaceOidcFederationArgs): AwsPlan {
    const shared = core.mode !== "single";
    if (args.hyok !== undefined) {
        const missing = (["configurationName", "kmsKeyArn"] as const).filter((k) => args.hyok?.[k] === undefined || args.hyok?.[k] === "");
        if (missing.length > 0) {
            throw new Error(`hyok needs configurationName and kmsKeyArn (missing: ${missing.join(", ")}). Fix: give both, or remove hyok.`);
        }
        const hyok = args.hyok;
        asArgument("hyok.configurationName", () => validateHyokConfigurationName(hyok.configurationName));
        if (isPlainString(hyok.kmsKeyArn)) asArgument("hyok.kmsKeyArn", () => validateKmsKeyArn(hyok.kmsKeyArn));
    }
    const byo = args.existingRoleArn !== undefined;
    if (byo) {
        const conflicts: string[] = [];
        for (const k of [
            "oidcProviderArn",
            "useExistingOidcProvider",
            "importExistingRoles",
            "roleName",
            "roleNameTemplate",
            "rolePath",
            "permissionsBoundary",
            "managedPolicyArns",
            "inlinePolicies",
            "planManagedPolicyArns",
            "planInlinePolicies",
        ] as const) {
            if (args[k] !== undefined) conflicts.push(k);
        }
        if (args.ec2Policy === true) conflicts.push("ec2Policy: true");
        if (args.splitPhases === true) conflicts.push("splitPhases: true");
        for (const k of ["hyok", "maxSessionDuration", "tags"] as const) {
            if (args[k] !== undefined) conflicts.push(k);
        }
        if (conflicts.length > 0) {
            throw new Error(
                `existingRoleArn brings your own role, so no AWS resources are made here and ${conflicts.join(", ")} cannot be used with it. ` +
                    `Fix: remove ${conflicts.join(", ")}, or remove existingRoleArn to let this component make the role.`,
            );
        }
        const arn = args.existingRoleArn;
        if (isPlainString(arn)) asArgument("existingRoleArn", () => validateRoleArn(arn));
    }
    if (args.roleName !== undefined && args.roleNameTemplate !== undefined) {
        throw new Error(`give roleName or roleNameTemplate, not both. Fix: remove one of them.`);
    }
    if (shared && args.roleNameTemplate !== undefined) {
        throw new Error(
            `roleNameTemplate names one role per workspace, but ${core.mode === "project" ? "projectScope" : "workspaces (a list)"} shares one role. ` +
                `Fix: set roleName for the shared role, or make one WorkspaceOidcFederation per workspace (workspace: ...) in a loop for a role each.`,
        );
    }
    if (args.roleNameTemplate !== undefined && !args.roleNameTemplate.includes("{workspace}")) {
        throw new Error(
            `roleNameTemplate ${JSON.stringify(args.roleNameTemplate)} does not contain "{workspace}". Fix: include "{workspace}" (default "${DEFAULT_ROLE_NAME_TEMPLATE}"), or set roleName.`,
        );
    }
    if (args.rolePath !== undefined) asArgument("rolePath", () => validateRolePath(args.rolePath));
    const boundary = args.permissionsBoundary;
    if (isPlainString(boundary)) asArgument("permissionsBoundary", () => validatePolicyArn(boundary));
    if (args.maxSessionDuration !== undefined) {
        const d = args.maxSessionDuration;
        if (typeof d !== "number" || !Number.isInteger(d) || d < 3600 || d > 43200) {
            throw new Error(`maxSessionDuration ${String(d)} is not a whole number of seconds in 3600..43200 (1 to 12 hours). Fix maxSessionDuration.`);
        }
    }
    if (args.oidcProviderArn !== undefined && args.useExistingOidcProvider === true) {
        throw new Error(`give oidcProviderArn or useExistingOidcProvider, not both: both name an existing provider. Fix: remove one of them.`);
    }
    const oidcProviderArn = args.oidcProviderArn;
    if (isPlainString(oidcProviderArn)) checkProviderArn(core, oidcProviderArn);
    if (args.splitPhases !== true) {
        for (const k of ["planManagedPolicyArns", "planInlinePolicies"] as const) {
            if (args[k] !== undefined) {
                throw new Error(
                    `${k} is for the plan role of splitPhases. Fix: set splitPhases: true, or move these policies to ${k === "planManagedPolicyArns" ? "managedPolicyArns" : "inlinePolicies"}.`,
                );
            }
        }
    }
    if (args.hyok !== undefined && core.audience !== AWS_DEFAULT_AUDIENCE && args.oidcProviderArn === undefined && args.useExistingOidcProvider !== true) {
        throw new Error(
            `hyok: HYOK tokens carry audience "${AWS_DEFAULT_AUDIENCE}", but the shared OIDC provider for audience ${JSON.stringify(core.audience)} would not accept it. ` +
                `Fix: create an HcpTerraformOidcProvider with audiences ["${AWS_DEFAULT_AUDIENCE}", ${JSON.stringify(core.audience)}] and pass its arn as oidcProviderArn.`,
        );
    }
    const limit = args.trustPolicySizeLimit ?? 2048;
    if (!(TRUST_POLICY_SIZE_LIMITS as readonly number[]).includes(limit)) {
        throw new Error(`trustPolicySizeLimit ${String(limit)} is not one of IAM's limits: give 2048 (the default quota) or 4096 (raised). Fix trustPolicySizeLimit.`);
    }
    const names = byo ? {} : roleNames(core, args);
    const plan: AwsPlan = {
        core,
        byo,
        ...names,
        ec2Policy: args.ec2Policy ?? !byo,
        managedPolicyArns: policyArnList("managedPolicyArns", args.managedPolicyArns),
        planManagedPolicyArns: policyArnList("planManagedPolicyArns", args.planManagedPolicyArns),
        inlinePolicies: policyEntries("inlinePolicies", args.inlinePolicies),
        planInlinePolicies: policyEntries("planInlinePolicies", args.planInlinePolicies),
        trustPolicySizeLimit: limit,
    };
    if (!byo) {
        // Inline policy names must not collide with the built-in EC2 policy.
        const taken = (roleName: string | undefined, entries: readonly [string, unknown][], argument: string) => {
            if (plan.ec2Policy && roleName !== undefined && entries.some(([n]) => n === `${roleName}-ec2`)) {
                throw new Error(`${argument} has a policy named "${roleName}-ec2", the name of the built-in EC2 policy (ec2Policy). Fix: rename it, or set ec2Policy: false.`);
            }
        };
        taken(plan.roleName, plan.inlinePolicies, "inlinePolicies");
        taken(plan.planRoleName, plan.planInlinePolicies, "planInlinePolicies");
    }
    // The trust policies themselves: their shape, and their size (the account id is a placeholder of the same length).
    const probe = isPlainString(args.oidcProviderArn) ? args.oidcProviderArn : `arn:aws:iam::123456789012:oidc-provider/${core.site.host}`;
    checkTrustSize(plan, probe);
    if (args.hyok !== undefined) {
        hyokTrustPolicy({ oidcProviderArn: probe, hostname: core.site.host, organization: core.organization, hyokConfigurations: args.hyok.configurationName });
    }
    return plan;
}

/** An OIDC provider ARN must name the site's host: its tokens' issuer is what the trust's condition keys are about. */
export function checkProviderArn(core: CorePlan, arn: string): void {
    const parts = asArgument("oidcProviderArn", () => parseOidcProviderArn(arn));
    if (parts.host !== core.site.host) {
        throw new Error(
            `oidcProviderArn ${JSON.stringify(arn)} is the provider of ${parts.host}, but this federation's site is ${core.siteUrl}: its tokens ` +
                `would never be accepted. Fix: pass the provider of ${core.site.host}, or set hostname: "${parts.host}".`,
        );
    }
}

function roleNames(core: CorePlan, args: WorkspaceOidcFederationArgs): Pick<AwsPlan, "roleName" | "planRoleName" | "hyokRoleName"> {
    let base: string;
    let source: string;
    let fix: string;
    if (args.roleName !== undefined) {
        base = args.roleName;
        source = `roleName ${JSON.stringify(args.roleName)}`;
        fix = "shorten or correct roleName";
    } else if (core.mode !== "single") {
        base = `tfc-${core.name}-oidc`;
        source = `the default shared role name "tfc-<component name>-oidc"`;
        fix = "set roleName";
    } else {
        const template = args.roleNameTemplate ?? DEFAULT_ROLE_NAME_TEMPLATE;
        base = applyTemplate(template, core.workspaces[0]);
        source =
            args.roleNameTemplate !== undefined
                ? `roleNameTemplate ${JSON.stringify(template)} for workspace ${JSON.stringify(core.workspaces[0])}`
                : `the default roleNameTemplate "${DEFAULT_ROLE_NAME_TEMPLATE}" for workspace ${JSON.stringify(core.workspaces[0])}`;
        fix = args.roleNameTemplate !== undefined ? "shorten or correct roleNameTemplate, or set roleName" : "set roleName or a shorter roleNameTemplate";
    }
    const out: { roleName?: string; planRoleName?: string; hyokRoleName?: string } = {};
    if (core.splitPhases) {
        out.planRoleName = checkRoleName(`${base}-plan`, source, ` (with the "-plan" suffix of splitPhases)`, fix);
        out.roleName = checkRoleName(`${base}-apply`, source, ` (with the "-apply" suffix of splitPhases)`, fix);
    } else {
        out.roleName = checkRoleName(base, source, "", fix);
    }
    if (args.hyok !== undefined) {
        out.hyokRoleName = checkRoleName(`${base}-hyok`, source, ` (with the "-hyok" suffix of hyok)`, fix);
    }
    return out;
}
