// The Azure half of AzureWorkspaceFederation's plan: the tenant and subscription, the application(s)
// (made, or yours), their federated credentials (exact subjects; a flexible one with projectScope)
// and role assignments, validated before anything exists. Pure.
import type * as pulumi from "@pulumi/pulumi";
import { type CorePlan, asArgument } from "../../federation/plan";
import { phaseIdentities, type PhaseIdentity } from "../variableKeys";
import type { AzureRoleAssignment, AzureWorkspaceFederationArgs } from "./args";
import { validateAzureClientId, validateAzureRoleDefinitionId, validateAzureRoleScope, validateAzureSubscriptionId, validateAzureTenantId } from "./names";
import { azureFederatedCredentials, azureFlexibleFederatedCredentials, type AzureFederatedCredential, type AzureFlexibleFederatedCredential } from "./trust";

/** Stands in for a workspace's project name until the look-up reads it (only to validate the rest and the credential names). */
export const AZURE_PROJECT_STANDIN = "Default Project";

/** One federated credential of an application: for which workspace and phase, and its arguments. */
export interface AzureCredentialPlan {
    /** Index of the workspace in the core plan's list. */
    readonly workspaceIndex: number;
    readonly phase: "plan" | "apply";
    /** Its arguments; the subject names the pinned project, or AZURE_PROJECT_STANDIN when the project is read from the workspace. */
    readonly credential: AzureFederatedCredential;
}

/** One application (and service principal) of the federation. */
export interface AzureApplicationPlan {
    /** "run" (both phases), or "plan" / "apply" with splitPhases. */
    readonly identity: PhaseIdentity;
    /** The application's display name (undefined with existingClientId). */
    readonly displayName?: string;
    /** One per workspace and phase ([] with projectScope). */
    readonly credentials: readonly AzureCredentialPlan[];
    /** With projectScope: the one flexible credential. */
    readonly flexibleCredential?: AzureFlexibleFederatedCredential;
    /** Roles granted to its service principal. */
    readonly roles: readonly AzureRoleAssignment[];
}

export interface AzurePlan {
    readonly core: CorePlan;
    readonly tenantId: pulumi.Input<string>;
    readonly subscriptionId: pulumi.Input<string>;
    /** Bring your own application: variables only. */
    readonly existingClientId?: pulumi.Input<string>;
    /** One, or plan and apply with splitPhases. */
    readonly applications: readonly AzureApplicationPlan[];
}

function isPlainString(v: unknown): v is string {
    return typeof v === "string";
}

/** A required GUID argument, validated when plain. */
function guidArgument(argument: "tenantId" | "subscriptionId", value: pulumi.Input<string> | undefined, what: string, validate: (v: unknown) => string): pulumi.Input<string> {
    if (value === undefined) {
        throw new Error(`${argument} is required: ${what}. Fix: set ${argument} (a GUID, e.g. "00000000-0000-0000-0000-000000000000").`);
    }
    if (isPlainString(value)) asArgument(argument, () => validate(value));
    return value;
}

/** The role assignments, each plain part validated, none twice. */
function roleList(argument: string, value: readonly AzureRoleAssignment[] | undefined): AzureRoleAssignment[] {
    const list = [...(value ?? [])];
    const seen = new Set<string>();
    list.forEach((role, i) => {
        const at = `${argument}[${i}]`;
        if (role === null || typeof role !== "object") throw new Error(`${at} must be { scope, roleDefinitionId }. Fix the ${argument} argument.`);
        const extra = Object.keys(role).filter((k) => k !== "scope" && k !== "roleDefinitionId");
        if (extra.length > 0) throw new Error(`${at} has unknown field ${JSON.stringify(extra[0])}: a role assignment is { scope, roleDefinitionId }. Fix the ${argument} argument.`);
        for (const field of ["scope", "roleDefinitionId"] as const) {
            if (role[field] === undefined) throw new Error(`${at}.${field} is required: a role assignment is { scope, roleDefinitionId }. Fix the ${argument} argument.`);
        }
        if (isPlainString(role.scope)) asArgument(`${at}.scope`, () => validateAzureRoleScope(role.scope));
        if (isPlainString(role.roleDefinitionId)) asArgument(`${at}.roleDefinitionId`, () => validateAzureRoleDefinitionId(role.roleDefinitionId));
        if (isPlainString(role.scope) && isPlainString(role.roleDefinitionId)) {
            const key = `${role.scope.toLowerCase()}\n${role.roleDefinitionId.toLowerCase()}`;
            if (seen.has(key)) throw new Error(`${argument} grants ${JSON.stringify(role.roleDefinitionId)} on ${JSON.stringify(role.scope)} twice. Fix: give each role assignment once.`);
            seen.add(key);
        }
    });
    return list;
}

/** The application's display name: applicationName, else tfc-<workspace> / tfc-<component name>; with -plan / -apply when split. */
function displayNameOf(core: CorePlan, args: AzureWorkspaceFederationArgs, identity: PhaseIdentity): string {
    const base = args.applicationName ?? `tfc-${core.mode === "single" ? core.workspaces[0] : core.name}`;
    return identity === "run" ? base : `${base}-${identity}`;
}

/** The credentials of each identity: per workspace and phase (exact subjects), or the project's flexible one. */
function credentialsOf(core: CorePlan): { standard?: AzureCredentialPlan[][]; flexible?: AzureFlexibleFederatedCredential[] } {
    const common = { organization: core.organization, hostname: core.site.host, audience: core.audience, splitPhases: core.splitPhases };
    if (core.mode === "project") {
        return { flexible: azureFlexibleFederatedCredentials({ ...common, project: core.project! }).map((t) => t.flexibleFederatedCredential) };
    }
    const apps = azureFederatedCredentials({ ...common, project: core.project ?? AZURE_PROJECT_STANDIN, workspaces: [...core.workspaces] });
    return {
        standard: apps.map((app) =>
            app.federatedCredentials.map((credential) => {
                const phase = credential.subject.endsWith(":run_phase:plan") ? "plan" : "apply";
                const workspaceIndex = core.workspaces.findIndex((ws) => credential.displayName === `tfc-${ws}-${phase}`);
                return { workspaceIndex, phase, credential };
            }),
        ),
    };
}

/** Validates the Azure arguments (throws on the first problem) and resolves names and defaults. */
export function planAzure(core: CorePlan, args: AzureWorkspaceFederationArgs): AzurePlan {
    const tenantId = guidArgument("tenantId", args.tenantId, "the Entra tenant (directory) id the runs sign in to, written as ARM_TENANT_ID", validateAzureTenantId);
    const subscriptionId = guidArgument("subscriptionId", args.subscriptionId, "the Azure subscription the workspace's azurerm provider uses, written as ARM_SUBSCRIPTION_ID", validateAzureSubscriptionId);
    const existing = args.existingClientId;
    if (existing !== undefined) {
        const given = (["applicationName", "roleAssignments", "planRoleAssignments"] as const).filter((k) => args[k] !== undefined);
        if (given.length > 0) {
            throw new Error(
                `existingClientId brings your own application, so nothing is made on the Azure side and ${given.join(" and ")} cannot be used with it. ` +
                    `Fix: remove ${given.join(" and ")} (grant the roles to your application's service principal yourself), or remove existingClientId.`,
            );
        }
        if (core.splitPhases) {
            throw new Error(
                `existingClientId is one application for both run phases, and splitPhases needs one per phase. ` +
                    `Fix: remove splitPhases, or remove existingClientId to let this component make the plan and apply applications.`,
            );
        }
        if (isPlainString(existing)) asArgument("existingClientId", () => validateAzureClientId(existing));
    }
    if (args.applicationName !== undefined && args.applicationName.trim() === "") {
        throw new Error(`applicationName ${JSON.stringify(args.applicationName)} is blank: an application needs a display name. Fix: give a name, or omit applicationName for the default (tfc-<workspace> or tfc-<component name>).`);
    }
    if (!core.splitPhases && args.planRoleAssignments !== undefined) {
        throw new Error(`planRoleAssignments is for the plan service principal of splitPhases. Fix: set splitPhases: true, or move these roles to roleAssignments.`);
    }
    const roles = roleList("roleAssignments", args.roleAssignments);
    const planRoles = roleList("planRoleAssignments", args.planRoleAssignments);
    const { standard, flexible } = credentialsOf(core);
    const applications = phaseIdentities(core.splitPhases).map((identity, k): AzureApplicationPlan => ({
        identity,
        ...(existing === undefined ? { displayName: displayNameOf(core, args, identity) } : {}),
        credentials: standard?.[k] ?? [],
        ...(flexible !== undefined ? { flexibleCredential: flexible[k] } : {}),
        roles: identity === "plan" ? planRoles : roles,
    }));
    return { core, tenantId, subscriptionId, ...(existing !== undefined ? { existingClientId: existing } : {}), applications };
}

/** Whether any application gets a role assignment (then @pulumi/azure-native is needed). */
export function hasRoleAssignments(plan: AzurePlan): boolean {
    return plan.applications.some((a) => a.roles.length > 0);
}
