// The arguments of AzureWorkspaceFederation: the core's, and Azure's own.
import type * as pulumi from "@pulumi/pulumi";
import { FEDERATION_ARG_KINDS, type FederationArgs } from "../../federation/args";
import type { ArgKind } from "../../resources/args";

/** One Azure role granted to a federation's service principal (an `azure-native.authorization.RoleAssignment`). */
export interface AzureRoleAssignment {
    /** Where the role applies: `/subscriptions/<id>`, `/subscriptions/<id>/resourceGroups/<name>`, or any resource id. */
    readonly scope: pulumi.Input<string>;
    /**
     * The role's FULL id: `/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>`
     * (or `/providers/Microsoft.Authorization/roleDefinitions/<guid>`); Contributor's guid is `b24988ac-6180-42a0-ab88-20f7382dd24c`.
     */
    readonly roleDefinitionId: pulumi.Input<string>;
}

/**
 * Arguments of {@link AzureWorkspaceFederation}: the core's (which workspaces, where, how) and the
 * Azure side's (the tenant and subscription the runs use, the Entra application(s) runs sign in as,
 * and the roles their service principals get).
 */
export interface AzureWorkspaceFederationArgs extends FederationArgs {
    /** Entra tenant id (a GUID), written as `ARM_TENANT_ID`. Required. */
    readonly tenantId: pulumi.Input<string>;
    /** Azure subscription id (a GUID), written as `ARM_SUBSCRIPTION_ID` (azurerm 4.x requires one). Required. */
    readonly subscriptionId: pulumi.Input<string>;
    /**
     * Bring your own application: its CLIENT id (a GUID) goes into `TFC_AZURE_RUN_CLIENT_ID` and nothing is
     * made on the Azure side (no application, service principal, federated credential or role assignment):
     * you add the federated credentials listed in `federatedSubjects` to it yourself. Not with `splitPhases`,
     * `applicationName` or `roleAssignments`. Default: none (an application is made).
     */
    readonly existingClientId?: pulumi.Input<string>;
    /**
     * Display name of the application made (with `splitPhases`: `<name>-plan` and `<name>-apply`).
     * Default: `tfc-<workspace>` (one workspace), else `tfc-<component name>`.
     */
    readonly applicationName?: string;
    /** Roles granted to the service principal (with `splitPhases`: the apply one). Needs the optional peer @pulumi/azure-native. Default: none. */
    readonly roleAssignments?: readonly AzureRoleAssignment[];
    /** With `splitPhases`: roles granted to the plan service principal (keep them read-only, e.g. Reader). Needs @pulumi/azure-native. Default: none. */
    readonly planRoleAssignments?: readonly AzureRoleAssignment[];
}

/** The runtime kind of every argument of AzureWorkspaceFederation. */
export const AZURE_ARG_KINDS: Readonly<Record<keyof AzureWorkspaceFederationArgs, ArgKind>> = {
    ...FEDERATION_ARG_KINDS,
    tenantId: "string",
    subscriptionId: "string",
    existingClientId: "string",
    applicationName: "string",
    roleAssignments: "object[]",
    planRoleAssignments: "object[]",
};
