import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import {
    AWS_DEFAULT_AUDIENCE,
    awsOidcProviderArn,
    awsTrustPolicy,
    ec2MinimalPolicy,
    hyokKeyPolicy,
    hyokTrustPolicy,
    validateAudience,
    validateHyokConfigurationName,
    validateKmsKeyArn,
    validateOidcProviderArn,
    validateOrganizationName,
    validatePolicyArn,
    validateProjectName,
    validateRoleArn,
    validateRolePath,
    validateWorkspaceName,
    type RunPhase,
} from "../policies";
import { resolveHost } from "../hcp/connection";
import {
    AwsOidcConfiguration,
    VariableSet,
    VariableSetVariable,
    Workspace,
    WorkspaceVariableGroup,
    WorkspaceVariableRemoval,
    WorkspaceVariableSet,
} from "../resources";
import { HcpTerraformOidcProvider, checkSharedOidcProvider, resolveTrustHost, sharedOidcProvider } from "./oidcProvider";

/** Component type token of {@link WorkspaceOidcFederation}. */
export const WORKSPACE_OIDC_FEDERATION_TYPE = "hcp-oidc-federation:index:WorkspaceOidcFederation";

/** Role name template of the seed's oidc_setup.py. */
export const DEFAULT_ROLE_NAME_TEMPLATE = "tfc-{workspace}-oidc";

/** The static AWS credentials env variables that dynamic credentials replace. */
export const STATIC_AWS_CREDENTIAL_KEYS: readonly string[] = Object.freeze(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);

/** HYOK (hold-your-own-key) settings: a KMS key-user role for one HYOK configuration of the organization. */
export interface WorkspaceOidcFederationHyokArgs {
    /** Name of the organization's HYOK configuration (letters, digits, "-", "_"): the trust pins `organization:<ORG>:hyok_config:<NAME>`. Required. */
    readonly configurationName: string;
    /** ARN of the symmetric KMS key-encryption key (a key ARN, not an alias) the HYOK role may use. Required. */
    readonly kmsKeyArn: pulumi.Input<string>;
}

/**
 * Arguments of {@link WorkspaceOidcFederation}.
 *
 * Names that end up in a trust policy pattern (organization, workspace(s), project, hostname,
 * audience, HYOK configuration name) and flags that decide which children exist are plain values:
 * they are validated before any child is made.
 */
export interface WorkspaceOidcFederationArgs {
    /** HCP Terraform organization (letters, digits, "-", "_"), with the casing the API returns. Required. */
    readonly organization: string;
    /** The one workspace whose runs get credentials. Give exactly one of `workspace` and `workspaces`. */
    readonly workspace?: string;
    /**
     * Several workspaces sharing ONE role, through one variable set attached to each of them. Give
     * exactly one of `workspace` and `workspaces`. For one role per workspace, make one
     * federation per workspace in a loop instead.
     */
    readonly workspaces?: readonly string[];
    /** Project name to pin in the trust (`project:<PROJECT>`, e.g. "Default Project"). Default: any project (`project:*`). */
    readonly project?: string;
    /** Project (`prj-…`) to create missing workspaces in (with `createWorkspace`); an existing workspace must already be in it. Default: none (the organization's default project for new workspaces). */
    readonly projectId?: pulumi.Input<string>;
    /** HCP Terraform or Terraform Enterprise host. Default: TFE_HOSTNAME / TFE_ADDRESS, else "app.terraform.io". */
    readonly hostname?: string;
    /** Workload identity audience. Default "aws.workload.identity" (otherwise `TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE` is set too). */
    readonly audience?: string;
    /** Create a workspace that does not exist instead of failing (only a workspace created here is deleted on destroy). Default false. */
    readonly createWorkspace?: boolean;
    /**
     * Reuse the account's existing IAM OIDC provider (`arn:aws:iam::<acct>:oidc-provider/<host>`, e.g. `HcpTerraformOidcProvider.arn`)
     * instead of the stack's shared one; its client ids must include `audience` (not checked here). Default: the shared provider for the host.
     */
    readonly oidcProviderArn?: pulumi.Input<string>;
    /** Bring your own role: set the variables to this role ARN and make no AWS resources at all. Default: none (the role is made here). */
    readonly existingRoleArn?: string;
    /** Name of the role (of the shared role with `workspaces`). Default: from `roleNameTemplate`, or `tfc-<component name>-oidc` with `workspaces`. */
    readonly roleName?: string;
    /** Role name template containing `{workspace}` (single workspace only). Default "tfc-{workspace}-oidc". */
    readonly roleNameTemplate?: string;
    /** IAM path of the role(s). Default "/". */
    readonly rolePath?: string;
    /** ARN of a managed policy used as the permissions boundary of the role(s). Default: none. */
    readonly permissionsBoundary?: pulumi.Input<string>;
    /** Maximum session duration of the role(s) in seconds, 3600..43200. Default 3600. */
    readonly maxSessionDuration?: number;
    /** Tags of the role(s). Default: none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Put the verified minimal EC2 policy inline as `<role>-ec2` (read-only for a split plan role). Default true (false with `existingRoleArn`). */
    readonly ec2Policy?: boolean;
    /** Managed policy ARNs attached to the role (the apply role with `splitPhases`). Default: none. */
    readonly managedPolicyArns?: readonly string[];
    /** Inline policies of the role (the apply role with `splitPhases`): policy name -> document object or JSON text. Default: none. */
    readonly inlinePolicies?: Readonly<Record<string, pulumi.Input<string | object>>>;
    /** Separate plan and apply roles (`<role>-plan`, `<role>-apply`), each trusting only its run phase; sets `TFC_AWS_PLAN_ROLE_ARN` / `TFC_AWS_APPLY_ROLE_ARN`. Default false. */
    readonly splitPhases?: boolean;
    /** With `splitPhases`: managed policy ARNs attached to the plan role (keep them read-only). Default: none. */
    readonly planManagedPolicyArns?: readonly string[];
    /** With `splitPhases`: inline policies of the plan role (keep them read-only). Default: none. */
    readonly planInlinePolicies?: Readonly<Record<string, pulumi.Input<string | object>>>;
    /** Delete the env variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN of each workspace (after the OIDC variables are set). Default false. */
    readonly removeStaticAwsCredentials?: boolean;
    /** Also make a HYOK KMS key-user role (`<role>-hyok`) and register it as the organization's AwsOidcConfiguration. Does not give runs credentials. Default: none. */
    readonly hyok?: WorkspaceOidcFederationHyokArgs;
    /** Name of the variable set (with `workspaces`). Default `<component name>-aws-oidc`. */
    readonly variableSetName?: string;
}

/** A run role this component makes, with its trust and built-in EC2 policy (JSON). */
interface RoleParts {
    role: aws.iam.Role;
    trust: pulumi.Output<string>;
    permissions?: pulumi.Output<string>;
}

/** What validation resolves from the arguments (everything needed to build the children). */
interface FederationPlan {
    organization: string;
    workspaces: string[];
    listMode: boolean;
    project?: string;
    host: string;
    /** The hostname input handed to the HCP resources (undefined = app.terraform.io). */
    hcpHostname?: string;
    audience: string;
    byo: boolean;
    /** The run role, or with splitPhases the apply role. */
    roleName?: string;
    planRoleName?: string;
    hyokRoleName?: string;
    ec2Policy: boolean;
    managedPolicyArns: string[];
    planManagedPolicyArns: string[];
    inlinePolicies: [string, pulumi.Input<string | object>][];
    planInlinePolicies: [string, pulumi.Input<string | object>][];
    variableSetName?: string;
}

/** Runs a validator, naming the argument in its error when the validator's own label does not. */
function asArgument<T>(argument: string, validate: () => T): T {
    try {
        return validate();
    } catch (err) {
        throw new Error(`${argument}: ${(err as Error).message}`);
    }
}

function isPlainString(v: unknown): v is string {
    return typeof v === "string";
}

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

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

function policyEntries(
    argument: string,
    value: Readonly<Record<string, pulumi.Input<string | object>>> | undefined,
): [string, pulumi.Input<string | object>][] {
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
                throw new Error(
                    `${argument}[${JSON.stringify(policyName)}] is not valid JSON (${(err as Error).message}). Fix: give a policy document object or its JSON text.`,
                );
            }
        }
    }
    return entries;
}

function policyArnList(argument: string, value: readonly string[] | undefined): string[] {
    const list = [...(value ?? [])];
    list.forEach((arn) => asArgument(argument, () => validatePolicyArn(arn)));
    const dup = list.find((a, i) => list.indexOf(a) !== i);
    if (dup !== undefined) {
        throw new Error(`${argument} lists ${JSON.stringify(dup)} twice. Fix: give each policy ARN once.`);
    }
    return list;
}

/** The hostname input given to the HCP resources: explicit, else the environment's site, else none (app.terraform.io). */
function hcpHostnameInput(hostname: string | undefined, host: string): string | undefined {
    if (hostname !== undefined) {
        return hostname;
    }
    const resolved = resolveHost(undefined);
    if (resolved.host === "app.terraform.io" && resolved.scheme === "https") {
        return undefined;
    }
    return resolved.scheme === "http" ? `http://${host}` : host;
}

/** Validates every argument (throws on the first problem) and resolves names and defaults. */
function planFederation(name: string, args: WorkspaceOidcFederationArgs): FederationPlan {
    if (args === undefined || args === null || typeof args !== "object") {
        throw new Error(`args are required: give at least organization and workspace (or workspaces).`);
    }
    // Which workspaces.
    if (args.workspace !== undefined && args.workspaces !== undefined) {
        throw new Error(
            `give either workspace or workspaces, not both. Fix: use workspace for one workspace, or workspaces for one role shared by several.`,
        );
    }
    if (args.workspace === undefined && args.workspaces === undefined) {
        throw new Error(`give workspace (one workspace) or workspaces (a list). Fix: set exactly one of them.`);
    }
    const listMode = args.workspaces !== undefined;
    let workspaces: string[];
    if (listMode) {
        if (!Array.isArray(args.workspaces)) {
            throw new Error(`workspaces must be a list of workspace names. Fix: give e.g. ["prod-app", "staging-app"].`);
        }
        workspaces = [...args.workspaces];
        if (workspaces.length === 0) {
            throw new Error(`workspaces is empty. Fix: give at least one workspace name, or use workspace.`);
        }
        const dup = workspaces.find((w, i) => workspaces.indexOf(w) !== i);
        if (dup !== undefined) {
            throw new Error(`workspaces lists ${JSON.stringify(dup)} twice. Fix: give each workspace once.`);
        }
    } else {
        workspaces = [args.workspace as string];
    }

    // Names placed in trust patterns.
    validateOrganizationName(args.organization);
    if (listMode) {
        workspaces.forEach((w) => asArgument("workspaces", () => validateWorkspaceName(w)));
    } else {
        validateWorkspaceName(workspaces[0]);
    }
    if (args.project !== undefined) validateProjectName(args.project);
    const host = resolveTrustHost(args.hostname);
    const audience = validateAudience(args.audience ?? AWS_DEFAULT_AUDIENCE);
    if (args.hyok !== undefined) {
        const missing = (["configurationName", "kmsKeyArn"] as const).filter((k) => args.hyok?.[k] === undefined || args.hyok?.[k] === "");
        if (missing.length > 0) {
            throw new Error(`hyok needs configurationName and kmsKeyArn (missing: ${missing.join(", ")}). Fix: give both, or remove hyok.`);
        }
        const hyok = args.hyok;
        asArgument("hyok.configurationName", () => validateHyokConfigurationName(hyok.configurationName));
        if (isPlainString(hyok.kmsKeyArn)) asArgument("hyok.kmsKeyArn", () => validateKmsKeyArn(hyok.kmsKeyArn));
    }

    // Bring your own role.
    const byo = args.existingRoleArn !== undefined;
    if (byo) {
        const conflicts: string[] = [];
        const given = (k: keyof WorkspaceOidcFederationArgs) => args[k] !== undefined;
        for (const k of [
            "oidcProviderArn",
            "roleName",
            "roleNameTemplate",
            "rolePath",
            "permissionsBoundary",
            "managedPolicyArns",
            "inlinePolicies",
            "planManagedPolicyArns",
            "planInlinePolicies",
        ] as const) {
            if (given(k)) conflicts.push(k);
        }
        if (args.ec2Policy === true) conflicts.push("ec2Policy: true");
        if (args.splitPhases === true) conflicts.push("splitPhases: true");
        for (const k of ["hyok", "maxSessionDuration", "tags"] as const) {
            if (given(k)) conflicts.push(k);
        }
        if (conflicts.length > 0) {
            throw new Error(
                `existingRoleArn brings your own role, so no AWS resources are made here and ${conflicts.join(", ")} cannot be used with it. ` +
                    `Fix: remove ${conflicts.join(", ")}, or remove existingRoleArn to let this component make the role.`,
            );
        }
        asArgument("existingRoleArn", () => validateRoleArn(args.existingRoleArn));
    }

    // Role names.
    if (args.roleName !== undefined && args.roleNameTemplate !== undefined) {
        throw new Error(`give roleName or roleNameTemplate, not both. Fix: remove one of them.`);
    }
    if (listMode && args.roleNameTemplate !== undefined) {
        throw new Error(
            `roleNameTemplate names one role per workspace, but workspaces (a list) shares one role. ` +
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
    const oidcProviderArn = args.oidcProviderArn;
    if (isPlainString(oidcProviderArn)) {
        asArgument("oidcProviderArn", () => validateOidcProviderArn(oidcProviderArn));
    }
    if (args.splitPhases !== true) {
        for (const k of ["planManagedPolicyArns", "planInlinePolicies"] as const) {
            if (args[k] !== undefined) {
                throw new Error(`${k} is for the plan role of splitPhases. Fix: set splitPhases: true, or move these policies to ${k === "planManagedPolicyArns" ? "managedPolicyArns" : "inlinePolicies"}.`);
            }
        }
    }
    if (!listMode && args.variableSetName !== undefined) {
        throw new Error(`variableSetName is for workspaces (a list), whose variables live in a variable set; a single workspace gets workspace variables. Fix: remove variableSetName, or use workspaces.`);
    }
    if (args.hyok !== undefined && audience !== AWS_DEFAULT_AUDIENCE && args.oidcProviderArn === undefined) {
        throw new Error(
            `hyok: HYOK tokens carry audience "${AWS_DEFAULT_AUDIENCE}", but the shared OIDC provider for audience ${JSON.stringify(audience)} would not accept it. ` +
                `Fix: create an HcpTerraformOidcProvider with audiences ["${AWS_DEFAULT_AUDIENCE}", ${JSON.stringify(audience)}] and pass its arn as oidcProviderArn.`,
        );
    }

    const plan: FederationPlan = {
        organization: args.organization,
        workspaces,
        listMode,
        project: args.project,
        host,
        hcpHostname: hcpHostnameInput(args.hostname, host),
        audience,
        byo,
        ec2Policy: args.ec2Policy ?? !byo,
        managedPolicyArns: policyArnList("managedPolicyArns", args.managedPolicyArns),
        planManagedPolicyArns: policyArnList("planManagedPolicyArns", args.planManagedPolicyArns),
        inlinePolicies: policyEntries("inlinePolicies", args.inlinePolicies),
        planInlinePolicies: policyEntries("planInlinePolicies", args.planInlinePolicies),
        variableSetName: listMode ? (args.variableSetName ?? `${name}-aws-oidc`) : undefined,
    };
    if (plan.variableSetName !== undefined && plan.variableSetName.trim() === "") {
        throw new Error(`variableSetName is empty. Fix: give a name, or omit it for "${name}-aws-oidc".`);
    }

    if (!byo) {
        let base: string;
        let source: string;
        let fix: string;
        if (args.roleName !== undefined) {
            base = args.roleName;
            source = `roleName ${JSON.stringify(args.roleName)}`;
            fix = "shorten or correct roleName";
        } else if (listMode) {
            base = `tfc-${name}-oidc`;
            source = `the default shared role name "tfc-<component name>-oidc"`;
            fix = "set roleName";
        } else {
            const template = args.roleNameTemplate ?? DEFAULT_ROLE_NAME_TEMPLATE;
            base = applyTemplate(template, workspaces[0]);
            source =
                args.roleNameTemplate !== undefined
                    ? `roleNameTemplate ${JSON.stringify(template)} for workspace ${JSON.stringify(workspaces[0])}`
                    : `the default roleNameTemplate "${DEFAULT_ROLE_NAME_TEMPLATE}" for workspace ${JSON.stringify(workspaces[0])}`;
            fix = args.roleNameTemplate !== undefined ? "shorten or correct roleNameTemplate, or set roleName" : "set roleName or a shorter roleNameTemplate";
        }
        if (args.splitPhases === true) {
            plan.planRoleName = checkRoleName(`${base}-plan`, source, ` (with the "-plan" suffix of splitPhases)`, fix);
            plan.roleName = checkRoleName(`${base}-apply`, source, ` (with the "-apply" suffix of splitPhases)`, fix);
        } else {
            plan.roleName = checkRoleName(base, source, "", fix);
        }
        if (args.hyok !== undefined) {
            plan.hyokRoleName = checkRoleName(`${base}-hyok`, source, ` (with the "-hyok" suffix of hyok)`, fix);
        }
        // Inline policy names must not collide with the built-in EC2 policy.
        const taken = (roleName: string | undefined, entries: [string, unknown][], argument: string) => {
            if (plan.ec2Policy && roleName !== undefined && entries.some(([n]) => n === `${roleName}-ec2`)) {
                throw new Error(`${argument} has a policy named "${roleName}-ec2", the name of the built-in EC2 policy (ec2Policy). Fix: rename it, or set ec2Policy: false.`);
            }
        };
        taken(plan.roleName, plan.inlinePolicies, "inlinePolicies");
        taken(plan.planRoleName, plan.planInlinePolicies, "planInlinePolicies");
    }

    // The trust policies themselves (validates the combination; account id is a placeholder here).
    const probe = isPlainString(args.oidcProviderArn)
        ? { oidcProviderArn: args.oidcProviderArn }
        : { accountId: "123456789012" };
    awsTrustPolicy({ ...probe, hostname: host, organization: plan.organization, workspaces, project: plan.project, audience });
    if (args.hyok !== undefined) {
        hyokTrustPolicy({ ...probe, hostname: host, organization: plan.organization, hyokConfigurations: args.hyok.configurationName });
    }
    return plan;
}

/** "workspace a" / "workspaces a, b" (or "N workspaces" when the list is long: IAM descriptions are at most 1000 characters). */
function describeWorkspaces(workspaces: readonly string[]): string {
    if (workspaces.length === 1) return `workspace ${workspaces[0]}`;
    const list = `workspaces ${workspaces.join(", ")}`;
    return list.length <= 400 ? list : `${workspaces.length} workspaces`;
}

/** JSON text of a policy given as an object or as text. */
function policyJson(doc: pulumi.Input<string | object>): pulumi.Output<string> {
    return pulumi.output(doc).apply((d) => (typeof d === "string" ? d : JSON.stringify(d)));
}

/** Pulumi resource name part of a policy ARN or name (`arn:…:policy/path/Name` -> `Name`). */
function nameOf(policyArn: string): string {
    return policyArn.slice(policyArn.lastIndexOf("/") + 1);
}

/** `arn:<partition>:iam::<account>:role/<path/><name>` -> parts. */
function parseRoleArn(arn: string): { partition: string; accountId: string; roleName: string } {
    const m = /^arn:([^:]+):iam::([0-9]{12}):role\/(.+)$/.exec(arn) as RegExpExecArray;
    return { partition: m[1], accountId: m[2], roleName: m[3].slice(m[3].lastIndexOf("/") + 1) };
}

/** The AWS provider a resource made with these options would use (explicit, in `providers`, or inherited). */
function awsProviderOf(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ProviderResource | undefined {
    if (!opts) return undefined;
    // getPackage() is public at run time but not in the SDK's typings.
    const isAws = (p: pulumi.ProviderResource | undefined) => p !== undefined && (p as any).getPackage?.() === "aws";
    if (isAws(opts.provider)) return opts.provider;
    const providers = opts.providers;
    if (Array.isArray(providers)) {
        const found = providers.find((p) => isAws(p));
        if (found) return found;
    } else if (providers && typeof providers === "object") {
        const p = (providers as Record<string, pulumi.ProviderResource>).aws;
        if (p) return p;
    }
    return opts.parent?.getProvider("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
}

/**
 * Gives the runs of one HCP Terraform workspace (or of several, through one variable set) AWS
 * credentials by OIDC workload identity: the IAM role with a trust policy pinned to the
 * organization, workspace(s), optionally project and run phase; its permissions (least privilege
 * by default: the verified minimal EC2 policy); and the `TFC_AWS_*` variables that make HCP
 * Terraform assume it. `pulumi preview` shows the exact trust policy, permissions and variables.
 *
 * ```ts
 * // One workspace, one role:
 * new WorkspaceOidcFederation("app", { organization: "acme", workspace: "app-prod" });
 * // One role per workspace: a federation each; they share one OIDC provider automatically.
 * for (const ws of ["app-prod", "app-staging"]) new WorkspaceOidcFederation(ws, { organization: "acme", workspace: ws });
 * // Several workspaces, ONE shared role, through a variable set:
 * new WorkspaceOidcFederation("shared", { organization: "acme", workspaces: ["a", "b"] });
 * ```
 *
 * Invalid argument combinations throw before anything is registered.
 */
export class WorkspaceOidcFederation extends pulumi.ComponentResource {
    /** ARN of the role runs assume (with `splitPhases`: the apply role). */
    readonly roleArn: pulumi.Output<string>;
    /** Name of that role. */
    readonly roleName: pulumi.Output<string>;
    /** With `splitPhases`: ARN of the plan role. */
    readonly planRoleArn?: pulumi.Output<string>;
    /** With `splitPhases`: ARN of the apply role. */
    readonly applyRoleArn?: pulumi.Output<string>;
    /**
     * ARN of the IAM OIDC provider the trust names. Known at preview, even before the shared provider
     * exists (derived from the AWS provider's account and partition and the host); an `oidcProviderArn`
     * given as an output is passed through as it is.
     */
    readonly oidcProviderArn: pulumi.Output<string>;
    /** Trust policy (JSON) of the role (with `splitPhases`: of the apply role; with `existingRoleArn`: the trust that role should have). */
    readonly trustPolicy: pulumi.Output<string>;
    /** With `splitPhases`: trust policy (JSON) of the plan role. */
    readonly planTrustPolicy?: pulumi.Output<string>;
    /** The built-in EC2 policy (JSON) of the role (with `splitPhases`: of the apply role), when `ec2Policy` is on. */
    readonly permissionsPolicy?: pulumi.Output<string>;
    /** With `splitPhases` and `ec2Policy`: the read-only EC2 policy (JSON) of the plan role. */
    readonly planPermissionsPolicy?: pulumi.Output<string>;
    /** With `workspace`: the workspace id (`ws-…`). */
    readonly workspaceId?: pulumi.Output<string>;
    /** The workspace ids, in the order given (one element with `workspace`). */
    readonly workspaceIds: pulumi.Output<string[]>;
    /** With `workspaces`: the variable set id (`varset-…`). */
    readonly variableSetId?: pulumi.Output<string>;
    /** With `hyok`: ARN of the HYOK KMS key-user role. */
    readonly hyokRoleArn?: pulumi.Output<string>;
    /** With `hyok`: trust policy (JSON) of the HYOK role. */
    readonly hyokTrustPolicy?: pulumi.Output<string>;
    /** With `hyok`: id of the organization's AwsOidcConfiguration (`awsoidc-…`). */
    readonly oidcConfigurationId?: pulumi.Output<string>;
    /** The OIDC provider component this federation made or shares (undefined with `oidcProviderArn` or `existingRoleArn`). */
    readonly oidcProvider?: HcpTerraformOidcProvider;

    constructor(name: string, args: WorkspaceOidcFederationArgs, opts?: pulumi.ComponentResourceOptions) {
        let plan: FederationPlan;
        const awsProvider = awsProviderOf(opts);
        try {
            plan = planFederation(name, args);
            if (!plan.byo && args.oidcProviderArn === undefined) {
                checkSharedOidcProvider(plan.host, plan.audience, { provider: awsProvider });
            }
        } catch (err) {
            throw new Error(`WorkspaceOidcFederation "${name}": ${err instanceof Error ? err.message : String(err)}`);
        }
        super(WORKSPACE_OIDC_FEDERATION_TYPE, name, {}, opts);

        const parent = { parent: this };
        /** The `hostname` input of every HCP resource (none for app.terraform.io). */
        const hcpHost = plan.hcpHostname !== undefined ? { hostname: plan.hcpHostname } : {};
        const trustArgs = {
            hostname: plan.host,
            organization: plan.organization,
            workspaces: plan.workspaces,
            project: plan.project,
            audience: plan.audience,
        };
        const trustFor = (providerArn: string, runPhase?: RunPhase) =>
            JSON.stringify(awsTrustPolicy({ oidcProviderArn: providerArn, ...trustArgs, ...(runPhase ? { runPhase } : {}) }));

        // --- HCP Terraform workspaces. A single workspace that is only looked up is found by the
        // variable group itself (one resource instead of three); a Workspace resource is made when the
        // workspace may be created, its project is given or checked, and for each of `workspaces`.
        const groupOnly = !plan.listMode && args.createWorkspace !== true && args.projectId === undefined && plan.project === undefined;
        const workspaceResources = groupOnly
            ? []
            : plan.workspaces.map(
                  (ws) =>
                      new Workspace(
                          plan.listMode ? `${name}-workspace-${ws}` : `${name}-workspace`,
                          {
                              organization: plan.organization,
                              name: ws,
                              createIfMissing: args.createWorkspace ?? false,
                              // The project's name is needed only to check a pinned project.
                              lookupProjectName: plan.project !== undefined,
                              ...(args.projectId !== undefined ? { projectId: args.projectId } : {}),
                              ...hcpHost,
                          },
                          parent,
                      ),
              );
        if (plan.project !== undefined) {
            const pinned = plan.project;
            workspaceResources.forEach((w, i) =>
                w.projectName.apply((actual) => {
                    if (actual !== undefined && actual !== pinned) {
                        void pulumi.log.warn(
                            `workspace "${plan.workspaces[i]}" is in project ${JSON.stringify(actual)}, but the trust pins project ${JSON.stringify(pinned)}: its runs cannot assume the role. Move the workspace or fix project.`,
                            this,
                        );
                    }
                }),
            );
        }

        // --- AWS side.
        /** The role ARN variables: `TFC_AWS_<RUN|PLAN|APPLY>_ROLE_ARN`, each set once every policy of its role is attached. */
        const roleArnVars: { key: string; value: pulumi.Output<string>; dependsOn: pulumi.Resource[]; suffix: string }[] = [];
        if (plan.byo) {
            const arn = args.existingRoleArn as string;
            const parts = parseRoleArn(arn);
            const providerArn = awsOidcProviderArn(parts.accountId, plan.host, parts.partition);
            this.roleArn = pulumi.output(arn);
            this.roleName = pulumi.output(parts.roleName);
            this.oidcProviderArn = pulumi.output(providerArn);
            this.trustPolicy = pulumi.output(trustFor(providerArn));
            roleArnVars.push({ key: "TFC_AWS_RUN_ROLE_ARN", value: this.roleArn, dependsOn: [], suffix: "run-role-arn" });
        } else {
            // The trust names the provider ARN. The shared provider's ARN is known at preview (derived
            // from the account, partition and host), so the roles wait for the provider explicitly.
            let roleOpts: pulumi.CustomResourceOptions = parent;
            if (args.oidcProviderArn !== undefined) {
                this.oidcProviderArn = pulumi.output(args.oidcProviderArn);
            } else {
                this.oidcProvider = sharedOidcProvider(plan.host, plan.audience, { provider: awsProvider });
                this.oidcProviderArn = this.oidcProvider.arn;
                roleOpts = { parent: this, dependsOn: [this.oidcProvider.provider] };
            }
            const providerArn = this.oidcProviderArn;
            const newRole = (resourceName: string, roleName: string, trust: pulumi.Output<string>, description: string) =>
                new aws.iam.Role(
                    resourceName,
                    {
                        name: roleName,
                        assumeRolePolicy: trust,
                        description,
                        ...(args.rolePath !== undefined ? { path: args.rolePath } : {}),
                        ...(args.permissionsBoundary !== undefined ? { permissionsBoundary: args.permissionsBoundary } : {}),
                        ...(args.maxSessionDuration !== undefined ? { maxSessionDuration: args.maxSessionDuration } : {}),
                        ...(args.tags !== undefined ? { tags: args.tags } : {}),
                    },
                    roleOpts,
                );

            // The run role, or with splitPhases a plan role (read-only EC2, plan* policies) and an apply role.
            const who = describeWorkspaces(plan.workspaces);
            const phases: (RunPhase | undefined)[] = args.splitPhases === true ? ["plan", "apply"] : [undefined];
            const roles = phases.map((phase): RoleParts => {
                const isPlan = phase === "plan";
                const resourceName = phase ? `${name}-${phase}-role` : `${name}-role`;
                const roleName = (isPlan ? plan.planRoleName : plan.roleName) as string;
                const trust = providerArn.apply((arn) => trustFor(arn, phase));
                const role = newRole(
                    resourceName,
                    roleName,
                    trust,
                    `HCP Terraform ${phase ? `${phase} ` : ""}runs of ${plan.organization} ${who} (WorkspaceOidcFederation ${name})`,
                );
                const policies: pulumi.Resource[] = [];
                let permissions: pulumi.Output<string> | undefined;
                if (plan.ec2Policy) {
                    permissions = pulumi.output(JSON.stringify(ec2MinimalPolicy({ readOnly: isPlan })));
                    policies.push(new aws.iam.RolePolicy(`${resourceName}-ec2`, { role: role.name, name: `${roleName}-ec2`, policy: permissions }, parent));
                }
                const used = new Set<string>();
                for (const arn of isPlan ? plan.planManagedPolicyArns : plan.managedPolicyArns) {
                    let n = `${resourceName}-attach-${nameOf(arn)}`;
                    for (let i = 2; used.has(n); i++) n = `${resourceName}-attach-${nameOf(arn)}-${i}`;
                    used.add(n);
                    policies.push(new aws.iam.RolePolicyAttachment(n, { role: role.name, policyArn: arn }, parent));
                }
                for (const [policyName, doc] of isPlan ? plan.planInlinePolicies : plan.inlinePolicies) {
                    policies.push(
                        new aws.iam.RolePolicy(`${resourceName}-inline-${policyName}`, { role: role.name, name: policyName, policy: policyJson(doc) }, parent),
                    );
                }
                const label = phase ?? "run";
                roleArnVars.push({ key: `TFC_AWS_${label.toUpperCase()}_ROLE_ARN`, value: role.arn, dependsOn: policies, suffix: `${label}-role-arn` });
                return { role, trust, permissions };
            });
            // The role runs assume (the apply role with splitPhases) is the last one.
            const main = roles[roles.length - 1];
            this.roleArn = main.role.arn;
            this.roleName = main.role.name;
            this.trustPolicy = main.trust;
            this.permissionsPolicy = main.permissions;
            if (roles.length === 2) {
                const planRole = roles[0];
                this.planRoleArn = planRole.role.arn;
                this.applyRoleArn = main.role.arn;
                this.planTrustPolicy = planRole.trust;
                this.planPermissionsPolicy = planRole.permissions;
            }

            // --- HYOK: a KMS key-user role for the organization's HYOK configuration.
            if (args.hyok !== undefined) {
                const hyok = args.hyok;
                const hyokTrust = providerArn.apply((arn) =>
                    JSON.stringify(
                        hyokTrustPolicy({
                            oidcProviderArn: arn,
                            hostname: plan.host,
                            organization: plan.organization,
                            hyokConfigurations: hyok.configurationName,
                        }),
                    ),
                );
                const hyokRole = newRole(
                    `${name}-hyok-role`,
                    plan.hyokRoleName as string,
                    hyokTrust,
                    `HCP Terraform HYOK configuration ${hyok.configurationName} of ${plan.organization} (WorkspaceOidcFederation ${name})`,
                );
                const kmsPolicy = new aws.iam.RolePolicy(
                    `${name}-hyok-kms`,
                    {
                        role: hyokRole.name,
                        name: `${plan.hyokRoleName}-kms`,
                        policy: pulumi.output(hyok.kmsKeyArn).apply((arn) => JSON.stringify(hyokKeyPolicy(arn))),
                    },
                    parent,
                );
                const configuration = new AwsOidcConfiguration(
                    `${name}-hyok-oidc-configuration`,
                    { organization: plan.organization, roleArn: hyokRole.arn, ...hcpHost },
                    { parent: this, dependsOn: [kmsPolicy] },
                );
                this.hyokRoleArn = hyokRole.arn;
                this.hyokTrustPolicy = hyokTrust;
                this.oidcConfigurationId = configuration.oidcConfigurationId;
            }
        }

        // --- The TFC_AWS_* variables, TFC_AWS_PROVIDER_AUTH last (once it is set, runs try to assume the
        // role), all written only after every policy of the roles is attached.
        const description = `Managed by Pulumi (WorkspaceOidcFederation ${name})`;
        const rolePolicies = roleArnVars.flatMap((v) => v.dependsOn);
        const entries: { suffix: string; key: string; value: pulumi.Input<string>; dependsOn?: pulumi.Resource[] }[] = [
            ...roleArnVars,
            ...(plan.audience !== AWS_DEFAULT_AUDIENCE ? [{ suffix: "audience", key: "TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE", value: plan.audience }] : []),
            { suffix: "provider-auth", key: "TFC_AWS_PROVIDER_AUTH", value: "true" },
        ];
        /** What must be in place before static keys go: the variables, and with `workspaces` the attachments. */
        let oidcVariables: pulumi.Resource[];
        /** Per workspace: its id, for the static-key removal. */
        let workspaceIdList: pulumi.Output<string>[];
        if (plan.listMode) {
            const set = new VariableSet(
                `${name}-varset`,
                {
                    organization: plan.organization,
                    name: plan.variableSetName as string,
                    description: `AWS dynamic credentials for ${plan.organization} ${describeWorkspaces(plan.workspaces)} (WorkspaceOidcFederation ${name})`,
                    global: false,
                    adoptExisting: true,
                    ...hcpHost,
                },
                parent,
            );
            const variableSetId = set.variableSetId;
            this.variableSetId = variableSetId;
            const common = { variableSetId, category: "env" as const, sensitive: false, adoptExisting: true, description, ...hcpHost };
            // One resource per variable: a role ARN waits for its role's policies, TFC_AWS_PROVIDER_AUTH for everything before it.
            const variables: pulumi.Resource[] = [];
            for (const e of entries) {
                const dependsOn = e.dependsOn ?? (e.key === "TFC_AWS_PROVIDER_AUTH" ? [...rolePolicies, ...variables] : []);
                variables.push(new VariableSetVariable(`${name}-varset-${e.suffix}`, { ...common, key: e.key, value: e.value }, { parent: this, dependsOn }));
            }
            const attachments = workspaceResources.map(
                (w, i) =>
                    new WorkspaceVariableSet(
                        `${name}-varset-attach-${plan.workspaces[i]}`,
                        { variableSetId, workspaceId: w.workspaceId, ...hcpHost },
                        { parent: this, dependsOn: variables },
                    ),
            );
            oidcVariables = [...variables, ...attachments];
            workspaceIdList = workspaceResources.map((w) => w.workspaceId);
        } else {
            // Always named by name, after the Workspace resource when there is one: turning
            // createWorkspace, projectId or project on or off then leaves the group as it is.
            const group = new WorkspaceVariableGroup(
                `${name}-variables`,
                {
                    organization: plan.organization,
                    workspaceName: plan.workspaces[0],
                    variables: entries.map((e) => ({ key: e.key, value: e.value, category: "env" as const, description })),
                    adoptExisting: true,
                    ...hcpHost,
                },
                { parent: this, dependsOn: [...workspaceResources, ...rolePolicies] },
            );
            oidcVariables = [group];
            workspaceIdList = [group.workspaceId];
            this.workspaceId = group.workspaceId;
        }
        this.workspaceIds = pulumi.all(workspaceIdList);

        // --- Static keys go only once the OIDC variables are in place.
        if (args.removeStaticAwsCredentials === true) {
            workspaceIdList.forEach(
                (workspaceId, i) =>
                    new WorkspaceVariableRemoval(
                        plan.listMode ? `${name}-remove-static-aws-credentials-${plan.workspaces[i]}` : `${name}-remove-static-aws-credentials`,
                        { workspaceId, keys: [...STATIC_AWS_CREDENTIAL_KEYS], category: "env", ...hcpHost },
                        { parent: this, dependsOn: oidcVariables },
                    ),
            );
        }

        this.registerOutputs({
            roleArn: this.roleArn,
            roleName: this.roleName,
            planRoleArn: this.planRoleArn,
            applyRoleArn: this.applyRoleArn,
            oidcProviderArn: this.oidcProviderArn,
            trustPolicy: this.trustPolicy,
            planTrustPolicy: this.planTrustPolicy,
            permissionsPolicy: this.permissionsPolicy,
            planPermissionsPolicy: this.planPermissionsPolicy,
            workspaceId: this.workspaceId,
            workspaceIds: this.workspaceIds,
            variableSetId: this.variableSetId,
            hyokRoleArn: this.hyokRoleArn,
            hyokTrustPolicy: this.hyokTrustPolicy,
            oidcConfigurationId: this.oidcConfigurationId,
        });
    }
}
