// The GCP half of GcpWorkspaceFederation's plan: the project, the pool and provider (shared, or an
// existing provider), the service account(s) and their project roles, validated before anything
// exists. Pure.
import type * as pulumi from "@pulumi/pulumi";
import { type CorePlan, asArgument } from "../../federation/plan";
import { phaseIdentities, type PhaseIdentity } from "../variableKeys";
import type { GcpWorkspaceFederationArgs } from "./args";
import { gcpDefaultPoolId, gcpDefaultProviderId, gcpDefaultServiceAccountId } from "./defaultIds";
import {
    parseWorkloadProviderName,
    validateGcpProjectId,
    validateGcpRole,
    validateServiceAccountEmail,
    validateServiceAccountId,
    validateWorkloadIdentityPoolId,
    validateWorkloadIdentityPoolProviderId,
} from "./names";
import {
    gcpWorkloadIdentityPool,
    gcpWorkloadIdentityPoolProvider,
    type GcpWorkloadIdentityPoolArgs,
    type GcpWorkloadIdentityPoolProvider,
} from "./trust";
import { GCP_DEFAULT_AUDIENCE_STANDIN } from "./variables";

/** The display name of the pools and providers this package makes (at most 32 characters, never changed). */
export const GCP_DISPLAY_NAME = "HCP Terraform";

/** One service account of the federation. */
export interface GcpServiceAccountPlan {
    /** "run" (both phases), or "plan" / "apply" with splitPhases. */
    readonly identity: PhaseIdentity;
    /** The account id to make; undefined with existingServiceAccountEmail. */
    readonly accountId?: string;
    /** Roles granted to it on the project. */
    readonly roles: readonly pulumi.Input<string>[];
}

/** The shared pool and provider this federation uses, as their resources' arguments. */
export interface GcpSharedPoolPlan {
    readonly pool: GcpWorkloadIdentityPoolArgs & { readonly project: string };
    readonly provider: GcpWorkloadIdentityPoolProvider & { readonly project: string };
}

export interface GcpPlan {
    readonly core: CorePlan;
    readonly gcpProject: string;
    /** The audience the provider must allow when it is not the provider-name default (also the audience variable). */
    readonly customAudience?: string;
    /** The shared pool and provider (undefined with existingProviderName). */
    readonly shared?: GcpSharedPoolPlan;
    readonly existingProviderName?: pulumi.Input<string>;
    readonly existingServiceAccountEmail?: pulumi.Input<string>;
    /** One, or plan and apply with splitPhases. */
    readonly serviceAccounts: readonly GcpServiceAccountPlan[];
}

function isPlainString(v: unknown): v is string {
    return typeof v === "string";
}

/** The roles, each plain one validated, none twice. */
function roleList(argument: string, value: readonly pulumi.Input<string>[] | undefined): pulumi.Input<string>[] {
    const list = [...(value ?? [])];
    list.forEach((role) => {
        if (isPlainString(role)) asArgument(argument, () => validateGcpRole(role));
    });
    const plain = list.filter(isPlainString);
    const dup = plain.find((r, i) => plain.indexOf(r) !== i);
    if (dup !== undefined) {
        throw new Error(`${argument} lists ${JSON.stringify(dup)} twice. Fix: give each role once.`);
    }
    return list;
}

/** The account id of each identity: serviceAccountId (with the -plan / -apply suffix), else the default. */
function accountIdOf(core: CorePlan, args: GcpWorkspaceFederationArgs, identity: PhaseIdentity): string {
    const suffix = identity === "run" ? undefined : identity;
    if (args.serviceAccountId === undefined) {
        return gcpDefaultServiceAccountId(core.mode === "single" ? core.workspaces[0] : core.name, suffix);
    }
    const id = suffix === undefined ? args.serviceAccountId : `${args.serviceAccountId}-${suffix}`;
    try {
        return validateServiceAccountId(id);
    } catch (err) {
        const note = suffix === undefined ? "" : ` (with the "-${suffix}" suffix of splitPhases)`;
        throw new Error(`serviceAccountId ${JSON.stringify(args.serviceAccountId)}${note}: ${(err as Error).message}`);
    }
}

/** The existing provider, or the shared pool and provider's arguments (ids defaulted and validated). */
function planProvider(core: CorePlan, args: GcpWorkspaceFederationArgs, gcpProject: string, customAudience: string | undefined): Pick<GcpPlan, "shared" | "existingProviderName"> {
    if (args.existingProviderName !== undefined) {
        const given = (["poolId", "providerId"] as const).filter((k) => args[k] !== undefined);
        if (given.length > 0) {
            throw new Error(
                `existingProviderName names a provider made elsewhere, so no pool or provider is made here and ${given.join(" and ")} cannot be used with it. ` +
                    `Fix: remove ${given.join(" and ")}, or remove existingProviderName to use the shared pool and provider.`,
            );
        }
        const name = args.existingProviderName;
        if (isPlainString(name)) asArgument("existingProviderName", () => parseWorkloadProviderName(name));
        return { existingProviderName: name };
    }
    const poolId = args.poolId !== undefined ? asArgument("poolId", () => validateWorkloadIdentityPoolId(args.poolId)) : gcpDefaultPoolId(core.site.host, core.organization);
    const providerId =
        args.providerId !== undefined ? asArgument("providerId", () => validateWorkloadIdentityPoolProviderId(args.providerId)) : gcpDefaultProviderId(core.site.host);
    const pool = gcpWorkloadIdentityPool({ workloadIdentityPoolId: poolId, displayName: GCP_DISPLAY_NAME, project: gcpProject });
    const provider = gcpWorkloadIdentityPoolProvider({
        organization: core.organization,
        workloadIdentityPoolId: poolId,
        workloadIdentityPoolProviderId: providerId,
        hostname: core.site.host,
        displayName: GCP_DISPLAY_NAME,
        project: gcpProject,
        ...(customAudience !== undefined ? { audience: customAudience } : {}),
    });
    return { shared: { pool: { ...pool, project: gcpProject }, provider: { ...provider, project: gcpProject } } };
}

/** Validates the GCP arguments (throws on the first problem) and resolves ids and defaults. */
export function planGcp(core: CorePlan, args: GcpWorkspaceFederationArgs): GcpPlan {
    if (args.gcpProject === undefined) {
        throw new Error(
            `gcpProject is required: the GCP project ID (not its number or display name) that holds the workload identity pool, ` +
                `the service account(s) and the role grants. Fix: set gcpProject (e.g. "my-project-123").`,
        );
    }
    const gcpProject = asArgument("gcpProject", () => validateGcpProjectId(args.gcpProject));
    if (args.audience === GCP_DEFAULT_AUDIENCE_STANDIN) {
        throw new Error(
            `audience ${JSON.stringify(args.audience)} is a placeholder, not an audience. Fix: omit audience for GCP's default (//iam.googleapis.com/<the provider's name>), or give your own.`,
        );
    }
    const customAudience = core.audience !== GCP_DEFAULT_AUDIENCE_STANDIN ? core.audience : undefined;
    const provider = planProvider(core, args, gcpProject, customAudience);

    const existingEmail = args.existingServiceAccountEmail;
    if (existingEmail !== undefined) {
        if (args.serviceAccountId !== undefined) {
            throw new Error(`give serviceAccountId or existingServiceAccountEmail, not both: one makes a service account, the other uses yours. Fix: remove one of them.`);
        }
        if (core.splitPhases) {
            throw new Error(
                `existingServiceAccountEmail is one service account for both run phases, and splitPhases needs one per phase. ` +
                    `Fix: remove splitPhases, or remove existingServiceAccountEmail to let this component make the plan and apply service accounts.`,
            );
        }
        if (isPlainString(existingEmail)) asArgument("existingServiceAccountEmail", () => validateServiceAccountEmail(existingEmail));
    }
    if (!core.splitPhases && args.planProjectRoles !== undefined) {
        throw new Error(`planProjectRoles is for the plan service account of splitPhases. Fix: set splitPhases: true, or move these roles to projectRoles.`);
    }
    const projectRoles = roleList("projectRoles", args.projectRoles);
    const planProjectRoles = roleList("planProjectRoles", args.planProjectRoles);
    const serviceAccounts = phaseIdentities(core.splitPhases).map((identity) => ({
        identity,
        ...(existingEmail === undefined ? { accountId: accountIdOf(core, args, identity) } : {}),
        roles: identity === "plan" ? planProjectRoles : projectRoles,
    }));
    return {
        core,
        gcpProject,
        ...(customAudience !== undefined ? { customAudience } : {}),
        ...provider,
        ...(existingEmail !== undefined ? { existingServiceAccountEmail: existingEmail } : {}),
        serviceAccounts,
    };
}
