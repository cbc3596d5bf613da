// The roles of a VaultWorkspaceFederation: per identity (run; or plan and apply) a vault.Policy
// (the token self-rules and the federation's rules) and a vault.jwt.AuthBackendRole whose bound
// claims pin the organization, the workspace names (or the project) and, as a second claim, the
// workspace ids (or the project id), read from the look-ups. It answers the role variables.
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import type { WorkspaceRefs } from "../../federation/build";
import type { CloudVariable } from "../../federation/variables";
import { type VaultPlan, vaultRolesOf } from "./plan";
import type { VaultRoleTrust } from "./trust";
import { VAULT_VARIABLE_KEYS } from "./variables";

/** What the roles are, for the component's outputs and the trust check's triggers. */
export interface VaultRoleParts {
    /** In the order of the plan's roles (run; or plan, apply). */
    readonly roleNames: pulumi.Output<string>[];
    readonly roles: vault.jwt.AuthBackendRole[];
    readonly policies: vault.Policy[];
    /** Every role's bound claims, role by role. */
    readonly boundClaims: pulumi.Output<{ [claim: string]: string }>[];
    /** The role variables, each waiting for its role and policy. */
    readonly variables: CloudVariable[];
}

/** The roles' trust once the workspace (or project) ids are known. */
function trustOf(plan: VaultPlan, refs: WorkspaceRefs): pulumi.Output<VaultRoleTrust[]> {
    if (plan.core.mode === "project") return refs.project!.projectId.apply((projectId) => vaultRolesOf(plan, { projectId }));
    return pulumi.all(refs.workspaces.map((w) => w.workspaceId)).apply((workspaceIds) => vaultRolesOf(plan, { workspaceIds }));
}

/**
 * The policies and roles. Everything waits for the workspace look-ups (`refs.lookups`): no Vault
 * object is made for a workspace that does not exist. `backend` is the shared backend (undefined
 * with createAuthBackend false: the roles go on the existing mount).
 */
export function buildRoles(component: pulumi.ComponentResource, plan: VaultPlan, refs: WorkspaceRefs, backend: vault.jwt.AuthBackend | undefined): VaultRoleParts {
    const name = plan.core.name;
    const trust = trustOf(plan, refs);
    const namespace = plan.namespace !== undefined ? { namespace: plan.namespace } : {};
    const mount = backend !== undefined ? backend.path.apply((p) => p ?? plan.authPath) : plan.authPath;
    const parts: VaultRoleParts = { roleNames: [], roles: [], policies: [], boundClaims: [], variables: [] };
    plan.roles.forEach((r, k) => {
        const label = r.identity === "run" ? name : `${name}-${r.identity}`;
        const own = trust.apply((t) => t[k]);
        const policy = new vault.Policy(
            `${label}-policy`,
            { name: r.policyName, policy: own.apply((t) => t.policy.policy), ...namespace },
            { parent: component, dependsOn: [...refs.lookups] },
        );
        const boundClaims = own.apply((t) => t.role.boundClaims);
        const role = new vault.jwt.AuthBackendRole(
            `${label}-role`,
            {
                backend: mount,
                roleName: r.roleName,
                roleType: "jwt",
                boundAudiences: [plan.core.audience],
                boundClaimsType: "glob",
                boundClaims,
                userClaim: own.apply((t) => t.role.userClaim),
                tokenPolicies: [policy.name, ...plan.tokenPolicies],
                tokenTtl: plan.tokenTtl,
                ...namespace,
            },
            { parent: component, dependsOn: [...refs.lookups, ...(backend !== undefined ? [backend] : [])] },
        );
        parts.policies.push(policy);
        parts.roles.push(role);
        parts.roleNames.push(role.roleName);
        parts.boundClaims.push(boundClaims);
        parts.variables.push({ suffix: `${r.identity}-role`, key: VAULT_VARIABLE_KEYS[r.identity], value: role.roleName, dependsOn: [role, policy] });
    });
    return parts;
}
