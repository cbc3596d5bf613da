// The Vault half of VaultWorkspaceFederation's plan: the address, the namespace and auth mount,
// the backend (shared, or yours), the role(s) and their policies, validated before anything
// exists. Pure. The bound claims pin workspace ids, known only once the workspaces are looked up:
// the roles are validated here with stand-in ids, and rebuilt with the real ones (vaultRolesOf).
import type * as pulumi from "@pulumi/pulumi";
import { isLoopbackHost } from "../../hcp/connection";
import { type CorePlan, asArgument } from "../../federation/plan";
import type { PhaseIdentity } from "../variableKeys";
import type { VaultWorkspaceFederationArgs } from "./args";
import { validateVaultAuthPath, validateVaultNamespace, validateVaultPolicyName, validateVaultRoleName, validateVaultTokenTtl } from "./names";
import { vaultPolicyRules, type VaultPolicyRule } from "./policy";
import { VAULT_DEFAULT_AUTH_PATH, VAULT_DEFAULT_TOKEN_TTL, vaultJwtAuthBackend, vaultJwtRoles, type VaultJwtAuthBackend, type VaultRoleTrust } from "./trust";

/** One role of the federation, with the names known at construction. */
export interface VaultRolePlan {
    readonly identity: PhaseIdentity;
    readonly roleName: string;
    readonly policyName: string;
}

export interface VaultPlan {
    readonly core: CorePlan;
    readonly address: pulumi.Input<string>;
    readonly namespace?: string;
    readonly authPath: string;
    /** Make (or share) the backend; false: it exists already. */
    readonly createAuthBackend: boolean;
    /** The backend's arguments (also what the roles trust: its issuer). */
    readonly backend: VaultJwtAuthBackend;
    /** The role name given, or the default (with splitPhases: the prefix). */
    readonly roleName: string;
    /** Existing policies every role's tokens get besides its own. */
    readonly tokenPolicies: readonly string[];
    readonly policyRules: readonly VaultPolicyRule[];
    readonly planPolicyRules?: readonly VaultPolicyRule[];
    readonly tokenTtl: number;
    readonly encodedCaCert?: pulumi.Input<string>;
    /** One, or plan and apply with splitPhases. */
    readonly roles: readonly VaultRolePlan[];
}

const ADDRESS_RULE = 'expected the URL of Vault, https://<host>[:<port>] (e.g. "https://vault.example.com:8200"), with no user, query or fragment';

/** A Vault address (http only to a loopback host, or with allowInsecureHttp). */
export function validateVaultAddress(address: string, allowInsecureHttp = false): string {
    let url: URL | undefined;
    try {
        url = new URL(address);
    } catch {
        url = undefined;
    }
    if (url === undefined || !["http:", "https:"].includes(url.protocol) || url.hostname === "" || url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
        throw new Error(`vaultAddress ${JSON.stringify(address)}: ${ADDRESS_RULE}. Fix the address.`);
    }
    if (url.protocol === "http:" && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
        throw new Error(
            `vaultAddress ${JSON.stringify(address)}: http:// sends the run's token and Vault's answers unencrypted. Fix: use https://, or set allowInsecureHttp for a lab install.`,
        );
    }
    return address;
}

/** Base64 of a PEM with at least one certificate (what `filebase64("ca.pem")` gives). */
export function validateEncodedCaCert(value: string): string {
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, "base64").toString("utf8") : "";
    if (!decoded.includes("-----BEGIN CERTIFICATE-----")) {
        throw new Error(
            `encodedCaCert: expected the base64 of a PEM file with Vault's CA certificate (it starts with "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t"). ` +
                `Fix: give the base64 of the PEM file's content (e.g. Buffer.from(pem).toString("base64")).`,
        );
    }
    return value;
}

/** The validated rules of `argument`, its messages naming it (the builder's name them policyRules). */
function rulesOf(argument: "policy" | "planPolicy", rules: readonly VaultPolicyRule[] | undefined): readonly VaultPolicyRule[] | undefined {
    if (rules === undefined) return undefined;
    try {
        vaultPolicyRules(rules);
    } catch (err) {
        const message = (err as Error).message;
        throw new Error(message.startsWith("policyRules") ? `${argument}${message.slice("policyRules".length)}` : `${argument}: ${message}`);
    }
    return rules;
}

/** The role name given, else `tfc-<workspace>` (one workspace) or `tfc-<component name>`. */
function roleNameOf(core: CorePlan, given: string | undefined): string {
    if (given !== undefined) return asArgument("roleName", () => validateVaultRoleName(given));
    const name = `tfc-${core.mode === "single" ? core.workspaces[0] : core.name}`;
    try {
        return validateVaultRoleName(name);
    } catch {
        throw new Error(
            `roleName: the default role name ${JSON.stringify(name)} (from the component's name) is not a Vault role name (letters, digits and "_", with "-" and "." inside). Fix: set roleName.`,
        );
    }
}

/** The policies listed, each a valid name, none twice. */
function tokenPolicyList(value: readonly string[] | undefined): string[] {
    const list = [...(value ?? [])];
    list.forEach((p) => asArgument("tokenPolicies", () => validateVaultPolicyName(p)));
    const dup = list.find((p, i) => list.indexOf(p) !== i);
    if (dup !== undefined) throw new Error(`tokenPolicies lists ${JSON.stringify(dup)} twice. Fix: give each policy once.`);
    return list;
}

/** The roles and policies of `plan` for these workspace ids (in the order of the core's workspaces) or this project id. */
export function vaultRolesOf(plan: VaultPlan, scope: { workspaceIds: readonly string[] } | { projectId: string }): VaultRoleTrust[] {
    const core = plan.core;
    return vaultJwtRoles({
        organization: core.organization,
        ...("projectId" in scope ? { projectId: scope.projectId } : { workspaces: core.workspaces.map((name, i) => ({ name, id: scope.workspaceIds[i] })) }),
        ...(core.project !== undefined ? { project: core.project } : {}),
        audience: core.audience,
        splitPhases: core.splitPhases,
        roleName: plan.roleName,
        backend: plan.authPath,
        ...(plan.namespace !== undefined ? { namespace: plan.namespace } : {}),
        tokenTtl: plan.tokenTtl,
        policyRules: plan.policyRules,
        ...(plan.planPolicyRules !== undefined ? { planPolicyRules: plan.planPolicyRules } : {}),
    });
}

/** Stand-in ids (valid, distinct) for validating the roles before the workspaces are looked up. */
function standInScope(core: CorePlan): { workspaceIds: string[] } | { projectId: string } {
    return core.mode === "project" ? { projectId: "prj-PLAN000000000000" } : { workspaceIds: core.workspaces.map((_, i) => `ws-PLAN${String(i).padStart(12, "0")}`) };
}

/** Validates the Vault arguments (throws on the first problem) and resolves names and defaults. */
export function planVault(core: CorePlan, args: VaultWorkspaceFederationArgs): VaultPlan {
    if (args.vaultAddress === undefined) {
        throw new Error(`vaultAddress is required: the Vault address runs log in at (TFC_VAULT_ADDR). Fix: set vaultAddress (e.g. "https://vault.example.com:8200").`);
    }
    if (typeof args.vaultAddress === "string") validateVaultAddress(args.vaultAddress, core.allowInsecureHttp);
    const namespace = args.namespace !== undefined ? asArgument("namespace", () => validateVaultNamespace(args.namespace)) : undefined;
    const authPath = asArgument("authPath", () => validateVaultAuthPath(args.authPath ?? VAULT_DEFAULT_AUTH_PATH));
    const roleName = roleNameOf(core, args.roleName);
    const tokenPolicies = tokenPolicyList(args.tokenPolicies);
    if (args.planPolicy !== undefined && !core.splitPhases) {
        throw new Error(`planPolicy is for the plan role of splitPhases. Fix: set splitPhases: true, or move these rules to policy.`);
    }
    const policyRules = rulesOf("policy", args.policy);
    const planPolicyRules = rulesOf("planPolicy", args.planPolicy);
    if (tokenPolicies.length === 0 && (policyRules === undefined || policyRules.length === 0)) {
        throw new Error(
            `give tokenPolicies (existing policy names) and/or policy (rules for a policy made here): without them the role's tokens may only look up, renew and revoke themselves. ` +
                `Fix: set tokenPolicies, policy, or both.`,
        );
    }
    const tokenTtl = asArgument("tokenTtl", () => validateVaultTokenTtl(args.tokenTtl ?? VAULT_DEFAULT_TOKEN_TTL));
    if (typeof args.encodedCaCert === "string") validateEncodedCaCert(args.encodedCaCert);
    const backend = vaultJwtAuthBackend({ hostname: core.site.host, path: authPath, ...(namespace !== undefined ? { namespace } : {}) });
    const partial = {
        core,
        address: args.vaultAddress,
        ...(namespace !== undefined ? { namespace } : {}),
        authPath,
        createAuthBackend: args.createAuthBackend !== false,
        backend,
        roleName,
        tokenPolicies,
        policyRules: policyRules ?? [],
        ...(planPolicyRules !== undefined ? { planPolicyRules } : {}),
        tokenTtl,
        ...(args.encodedCaCert !== undefined ? { encodedCaCert: args.encodedCaCert } : {}),
        roles: [],
    };
    const roles = vaultRolesOf(partial, standInScope(core)).map((t) => ({ identity: t.identity, roleName: t.role.roleName, policyName: t.policy.name }));
    return { ...partial, roles };
}
