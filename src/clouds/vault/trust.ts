/**
 * Vault JWT auth for HCP Terraform run tokens (multicloud.md §4).
 *
 * The backend trusts the issuer `https://<host>` (discovery URL and bound issuer). Each role
 * (one, or plan and apply with `splitPhases`) checks the audience, and with `boundClaimsType`
 * "glob" two bound claims that must BOTH match:
 * - `sub` = `organization:<ORG>:project:<PROJECT or *>:workspace:<WS>:run_phase:<* or phase>`;
 * - `terraform_workspace_id` = the workspace's id, so a deleted and re-created workspace of the
 *   same name (a new id) does not inherit the trust; project-wide: `workspace:*` and
 *   `terraform_project_id` pinned instead.
 * Several workspaces share one role through comma-separated alternatives in both claims. Vault
 * checks each claim on its own, so a token is admitted when its name is one of the names AND its id
 * one of the ids: only the declared workspaces (by id) ever get in, which is what the role's one
 * policy is for (tests/clouds/vault/trustProperty.test.ts proves it). Names and ids are validated:
 * none contains `*` (the only glob character), `,` or `:`.
 */
import { HCP_DEFAULT_HOSTNAME } from "../../policies/awsTrustPolicy";
import { validateProjectId, validateWorkspaceId } from "../../policies/hcpIds";
import { PolicyInputError, validateAudience, validateOrganizationName, validateProjectName, validateWorkspaceName } from "../../policies/names";
import { issuerUrl } from "../issuer";
import { phaseIdentities, type PhaseIdentity } from "../variableKeys";
import { validateVaultAuthPath, validateVaultNamespace, validateVaultPolicyName, validateVaultRoleName, validateVaultTokenTtl } from "./names";
import { vaultPolicyHcl, vaultPolicyRules, type VaultPolicyRule } from "./policy";
import { VAULT_DEFAULT_AUDIENCE } from "./variables";

/** HashiCorp's example role name. */
export const VAULT_DEFAULT_ROLE_NAME = "tfc-role";
/** Vault's default JWT mount (and the default of `TFC_VAULT_AUTH_PATH`). */
export const VAULT_DEFAULT_AUTH_PATH = "jwt";
/** 20 minutes: short and renewable, as HashiCorp recommends (HCP Terraform renews it until the phase ends). */
export const VAULT_DEFAULT_TOKEN_TTL = 1200;
/** The claim that names the Vault entity alias: `organization:<ORG>:project:<PROJECT>:workspace:<WS>`. */
export const VAULT_USER_CLAIM = "terraform_full_workspace";

/** Arguments of {@link vaultJwtAuthBackend}. */
export interface VaultJwtAuthBackendArgs {
    /** HCP Terraform / Terraform Enterprise host; default app.terraform.io. */
    readonly hostname?: string;
    /** Mount path; default "jwt". */
    readonly path?: string;
    /** Namespace of the backend, role and policy (Vault Enterprise / HCP Vault, e.g. "admin"). Default: none. */
    readonly namespace?: string;
}

/** The arguments of `vault.jwt.AuthBackend`. */
export interface VaultJwtAuthBackend {
    readonly path: string;
    readonly type: "jwt";
    readonly oidcDiscoveryUrl: string;
    readonly boundIssuer: string;
    readonly namespace?: string;
}

/** The JWT auth backend trusting the host's tokens: discovery URL and bound issuer `https://<host>`. */
export function vaultJwtAuthBackend(args: VaultJwtAuthBackendArgs = {}): VaultJwtAuthBackend {
    const issuer = issuerUrl(args.hostname ?? HCP_DEFAULT_HOSTNAME);
    return {
        path: validateVaultAuthPath(args.path ?? VAULT_DEFAULT_AUTH_PATH),
        type: "jwt",
        oidcDiscoveryUrl: issuer,
        boundIssuer: issuer,
        ...(args.namespace !== undefined ? { namespace: validateVaultNamespace(args.namespace) } : {}),
    };
}

/** One workspace: its name (in `sub`) and its id (pinned as `terraform_workspace_id`). */
export interface VaultWorkspace {
    /** Workspace name (letters, digits, "-", "_"). */
    readonly name: string;
    /** Workspace id, `ws-…`. */
    readonly id: string;
}

/** Arguments of {@link vaultJwtRoles}: give `workspaces`, or `projectId` for every workspace of a project. */
export interface VaultJwtRolesArgs {
    /** HCP Terraform organization name, with the casing the API returns. */
    readonly organization: string;
    /** The workspaces (name and id) sharing the role(s). */
    readonly workspaces?: VaultWorkspace | readonly VaultWorkspace[];
    /** Project-wide: `workspace:*` in `sub` and this project id (`prj-…`) pinned as `terraform_project_id`. */
    readonly projectId?: string;
    /** Pin the project NAME in `sub` too (e.g. "Default Project"). Default "*" (any; the ids pin enough). */
    readonly project?: string;
    /** Token audience; default "vault.workload.identity". */
    readonly audience?: string;
    /** One role per run phase (`<roleName>-plan`, `<roleName>-apply`). Default false. */
    readonly splitPhases?: boolean;
    /** Role name (with `splitPhases`, the prefix). Default "tfc-role". */
    readonly roleName?: string;
    /** The JWT auth mount; default "jwt". */
    readonly backend?: string;
    /** Namespace of the role and its policy. Default: none. */
    readonly namespace?: string;
    /** Seconds or a duration ("20m"). Default 1200. */
    readonly tokenTtl?: number | string;
    /** Seconds or a duration; at least `tokenTtl`. Default: Vault's. */
    readonly tokenMaxTtl?: number | string;
    /** The role's own rules, after the token self-rules (with `splitPhases`: the apply role's, and the plan role's unless `planPolicyRules`). */
    readonly policyRules?: readonly VaultPolicyRule[];
    /** With `splitPhases`: the plan role's rules (keep them read-only). Default: `policyRules`. */
    readonly planPolicyRules?: readonly VaultPolicyRule[];
}

/** The arguments of `vault.jwt.AuthBackendRole`. */
export interface VaultJwtAuthBackendRole {
    readonly backend: string;
    readonly roleName: string;
    readonly roleType: "jwt";
    readonly boundAudiences: string[];
    readonly boundClaimsType: "glob";
    /** `sub` plus `terraform_workspace_id` (or `terraform_project_id`); several workspaces: comma-separated alternatives. */
    readonly boundClaims: { [claim: string]: string };
    readonly userClaim: string;
    /** The role's own policy. */
    readonly tokenPolicies: string[];
    readonly tokenTtl: number;
    readonly tokenMaxTtl?: number;
    readonly namespace?: string;
}

/** The arguments of `vault.Policy`: name and HCL text. */
export interface VaultPolicyArgs {
    readonly name: string;
    readonly policy: string;
    readonly namespace?: string;
}

/** One role, its policy, and which identity variable it serves. */
export interface VaultRoleTrust {
    /** "run" (both phases), or "plan" / "apply" with `splitPhases`. */
    readonly identity: PhaseIdentity;
    readonly role: VaultJwtAuthBackendRole;
    readonly policy: VaultPolicyArgs;
}

/** Validated workspaces; identical repeats dropped, a name or id listed twice with different partners refused. */
function vaultWorkspaces(workspaces: VaultWorkspace | readonly VaultWorkspace[]): VaultWorkspace[] {
    const list: readonly unknown[] = Array.isArray(workspaces) ? workspaces : [workspaces];
    if (list.length === 0) throw new PolicyInputError("workspaces", workspaces, "workspaces []: give at least one workspace { name, id }. Fix the workspace list.");
    const out: VaultWorkspace[] = [];
    for (const entry of list) {
        const e = (typeof entry === "object" && entry !== null ? entry : {}) as { name?: unknown; id?: unknown };
        const ws = { name: validateWorkspaceName(e.name), id: validateWorkspaceId(e.id) };
        const clash = out.find((o) => (o.name === ws.name) !== (o.id === ws.id));
        if (clash !== undefined) {
            throw new PolicyInputError(
                "workspaces",
                ws.name,
                `workspaces: ${JSON.stringify(ws.name)} (${ws.id}) and ${JSON.stringify(clash.name)} (${clash.id}) share a name or an id; each workspace has one name and one id. Fix the workspace list.`,
            );
        }
        if (!out.some((o) => o.name === ws.name)) out.push(ws);
    }
    return out;
}

/** The `sub` glob: `organization:<ORG>:project:<PROJECT|*>:workspace:<WS|*>:run_phase:<*|phase>` (parts already validated). */
function subGlob(organization: string, project: string, workspace: string, identity: PhaseIdentity): string {
    return `organization:${organization}:project:${project}:workspace:${workspace}:run_phase:${identity === "run" ? "*" : identity}`;
}

/** The role(s) and policy (policies) of a federation; see the module comment for what each role admits. */
export function vaultJwtRoles(args: VaultJwtRolesArgs): VaultRoleTrust[] {
    const organization = validateOrganizationName(args.organization);
    if ((args.workspaces === undefined) === (args.projectId === undefined)) {
        throw new PolicyInputError(
            "workspaces",
            undefined,
            "workspaces / projectId: give exactly one: workspaces ({ name, id }) for those workspaces, or a project id (prj-…) for every workspace of the project. Fix the arguments.",
        );
    }
    const workspaces = args.workspaces !== undefined ? vaultWorkspaces(args.workspaces) : [];
    const projectId = args.projectId !== undefined ? validateProjectId(args.projectId) : undefined;
    const project = args.project === undefined || args.project === "*" ? "*" : validateProjectName(args.project);
    const audience = validateAudience(args.audience ?? VAULT_DEFAULT_AUDIENCE);
    const baseName = validateVaultRoleName(args.roleName ?? VAULT_DEFAULT_ROLE_NAME);
    const backend = validateVaultAuthPath(args.backend ?? VAULT_DEFAULT_AUTH_PATH);
    const namespace = args.namespace !== undefined ? validateVaultNamespace(args.namespace) : undefined;
    const tokenTtl = validateVaultTokenTtl(args.tokenTtl ?? VAULT_DEFAULT_TOKEN_TTL);
    const tokenMaxTtl = args.tokenMaxTtl !== undefined ? validateVaultTokenTtl(args.tokenMaxTtl, "tokenMaxTtl") : undefined;
    if (tokenMaxTtl !== undefined && tokenMaxTtl < tokenTtl) {
        throw new PolicyInputError(
            "tokenMaxTtl",
            args.tokenMaxTtl,
            `token max TTL ${JSON.stringify(args.tokenMaxTtl)} (${tokenMaxTtl} s) is less than the token TTL (${tokenTtl} s). Fix the token max TTL.`,
        );
    }
    if (args.planPolicyRules !== undefined && args.splitPhases !== true) {
        throw new PolicyInputError("policyRules", undefined, "planPolicyRules: only a split plan role has its own rules. Fix the arguments: set splitPhases, or put the rules in policyRules.");
    }
    const ruleSets = { run: vaultPolicyRules(args.policyRules), plan: vaultPolicyRules(args.planPolicyRules ?? args.policyRules), apply: vaultPolicyRules(args.policyRules) };
    const pin: { [claim: string]: string } =
        projectId !== undefined ? { terraform_project_id: projectId } : { terraform_workspace_id: workspaces.map((w) => w.id).join(",") };
    return phaseIdentities(args.splitPhases).map((identity) => {
        const roleName = validateVaultRoleName(identity === "run" ? baseName : `${baseName}-${identity}`);
        const policyName = validateVaultPolicyName(roleName.toLowerCase());
        const sub = projectId !== undefined ? subGlob(organization, project, "*", identity) : workspaces.map((w) => subGlob(organization, project, w.name, identity)).join(",");
        return {
            identity,
            role: {
                backend,
                roleName,
                roleType: "jwt",
                boundAudiences: [audience],
                boundClaimsType: "glob",
                boundClaims: { sub, ...pin },
                userClaim: VAULT_USER_CLAIM,
                tokenPolicies: [policyName],
                tokenTtl,
                ...(tokenMaxTtl !== undefined ? { tokenMaxTtl } : {}),
                ...(namespace !== undefined ? { namespace } : {}),
            },
            policy: { name: policyName, policy: vaultPolicyHcl(ruleSets[identity]), ...(namespace !== undefined ? { namespace } : {}) },
        };
    });
}
