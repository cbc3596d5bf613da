// The role assignments of a federation's service principal, with @pulumi/azure-native loaded HERE
// and only when some are asked for (+100 MB an Entra-only user does not install). Its types stay
// out of the public .d.ts: what is made is returned as plain custom resources.
import * as pulumi from "@pulumi/pulumi";
import type * as authorization from "@pulumi/azure-native/authorization";
import { checkedArn as checkedInput } from "../aws/plan";
import { shortHash } from "../gcp/defaultIds";
import { requirePeer } from "../peers";
import type { AzureRoleAssignment } from "./args";
import { validateAzureRoleDefinitionId, validateAzureRoleScope } from "./names";

/** What requirePeer names as needing @pulumi/azure-native. */
export const ROLE_ASSIGNMENTS_ENTRY = "AzureWorkspaceFederation's roleAssignments (hcp-oidc-federation/azure)";

/** Throws, saying what to install, unless @pulumi/azure-native can be loaded. */
export function requireAzureNative(): void {
    requirePeer("@pulumi/azure-native", ROLE_ASSIGNMENTS_ENTRY);
}

/** The resource name part of an assignment: a hash of scope and role when both are plain (order-proof), else its place. */
function namePart(role: AzureRoleAssignment, i: number): string {
    return typeof role.scope === "string" && typeof role.roleDefinitionId === "string"
        ? shortHash(`${role.scope.toLowerCase()}\n${role.roleDefinitionId.toLowerCase()}`)
        : `${i + 1}`;
}

/**
 * One `azure-native.authorization.RoleAssignment` per role, to `principalId` (a service principal's
 * object id) with `principalType: "ServicePrincipal"` (no wait for Entra's replication).
 */
export function buildRoleAssignments(
    label: string,
    argument: string,
    roles: readonly AzureRoleAssignment[],
    principalId: pulumi.Output<string>,
    prefix: string,
    opts: pulumi.CustomResourceOptions,
): pulumi.CustomResource[] {
    if (roles.length === 0) return [];
    requireAzureNative();
    const az: typeof authorization = require("@pulumi/azure-native/authorization");
    return roles.map(
        (role, i) =>
            new az.RoleAssignment(
                `${label}-role-${namePart(role, i)}`,
                {
                    principalId,
                    principalType: "ServicePrincipal",
                    roleDefinitionId: checkedInput(prefix, `${argument}[${i}].roleDefinitionId`, role.roleDefinitionId, validateAzureRoleDefinitionId),
                    scope: checkedInput(prefix, `${argument}[${i}].scope`, role.scope, validateAzureRoleScope),
                },
                opts,
            ),
    );
}
