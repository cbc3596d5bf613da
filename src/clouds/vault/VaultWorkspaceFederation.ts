import * as pulumi from "@pulumi/pulumi";
import type * as vault from "@pulumi/vault";
import { buildWorkspaces, writeVariables } from "../../federation/build";
import { type CloudSpec, planCore } from "../../federation/plan";
import { programIdentity } from "../../federation/program";
import { claimWorkspaces } from "../../federation/registry";
import { federationVariables, type CloudVariable } from "../../federation/variables";
import { verifyTrust } from "../../federation/verify";
import { checkArgKinds } from "../../resources/args";
import { checkedArn as checkedInput } from "../aws/plan";
import { VAULT_ARG_KINDS, type VaultWorkspaceFederationArgs } from "./args";
import { checkVaultNames, claimVaultNames } from "./nameClaims";
import { type VaultPlan, planVault, validateEncodedCaCert, validateVaultAddress } from "./plan";
import { vaultProviderOf } from "./provider";
import { buildRoles } from "./roles";
import { checkSharedBackend, sharedBackend } from "./sharedBackend";
import { VAULT_DEFAULT_AUTH_PATH } from "./trust";
import { VAULT_DEFAULT_AUDIENCE, VAULT_STATIC_CREDENTIAL_KEYS, VAULT_VARIABLE_KEYS } from "./variables";

export type { VaultWorkspaceFederationArgs } from "./args";

/** Component type token of {@link VaultWorkspaceFederation}. */
export const VAULT_WORKSPACE_FEDERATION_TYPE = "hcp-oidc-federation:index:VaultWorkspaceFederation";

/** What the core needs to know of Vault. */
export const VAULT_CLOUD: CloudSpec = {
    cloud: "vault",
    label: "Vault",
    component: "VaultWorkspaceFederation",
    identityNoun: "role",
    keys: VAULT_VARIABLE_KEYS,
    defaultAudience: VAULT_DEFAULT_AUDIENCE,
    staticCredentialKeys: VAULT_STATIC_CREDENTIAL_KEYS,
};

/** Validates the arguments (core then Vault, then the program's shared backend and names) and claims the workspaces; throws on the first problem. */
function plan(name: string, args: VaultWorkspaceFederationArgs, vaultProvider: pulumi.ProviderResource | undefined): VaultPlan {
    const core = planCore(VAULT_CLOUD, name, args, process.env, programIdentity());
    const vaultPlan = planVault(core, args);
    if (vaultPlan.createAuthBackend) checkSharedBackend(vaultPlan, vaultProvider);
    checkVaultNames(vaultPlan, vaultProvider);
    claimWorkspaces(core);
    claimVaultNames(vaultPlan, vaultProvider);
    return vaultPlan;
}

/** The variables besides the roles': the address, then the namespace, auth path and CA certificate when given. */
function settingVariables(p: VaultPlan, prefix: string): { first: CloudVariable[]; rest: CloudVariable[] } {
    const insecure = p.core.allowInsecureHttp;
    const rest: CloudVariable[] = [];
    if (p.namespace !== undefined) rest.push({ suffix: "namespace", key: VAULT_VARIABLE_KEYS.namespace, value: p.namespace });
    if (p.authPath !== VAULT_DEFAULT_AUTH_PATH) rest.push({ suffix: "auth-path", key: VAULT_VARIABLE_KEYS.authPath, value: p.authPath });
    if (p.encodedCaCert !== undefined) {
        rest.push({ suffix: "encoded-cacert", key: VAULT_VARIABLE_KEYS.encodedCaCert, value: checkedInput(prefix, undefined, p.encodedCaCert, validateEncodedCaCert) });
    }
    const address = checkedInput(prefix, undefined, p.address, (a) => validateVaultAddress(a, insecure));
    return { first: [{ suffix: "address", key: VAULT_VARIABLE_KEYS.address, value: address }], rest };
}

/**
 * Gives the runs of HCP Terraform workspaces Vault tokens by JWT auth: a JWT auth backend shared
 * per (Vault provider, namespace, path) that trusts the host's tokens, a role (two with
 * `splitPhases`) whose glob bound claims admit only the declared workspaces, by name AND by
 * workspace id (or the project by id), a policy that lets the token look up, renew and revoke
 * itself plus your rules, and the `TFC_VAULT_*` variables that make HCP Terraform use it.
 *
 * ```ts
 * new VaultWorkspaceFederation("app", { organization: "acme", workspace: "app-prod", vaultAddress: "https://vault.example.com:8200",
 *     policy: [{ path: "secret/data/app/*", capabilities: ["read"] }] });
 * ```
 *
 * The workspaces are looked up (or created) first: no Vault object is made for a workspace that
 * does not exist. Invalid arguments throw before anything is registered.
 */
export class VaultWorkspaceFederation extends pulumi.ComponentResource {
    /** Name of the JWT role runs log in with (with `splitPhases`: the apply one). */
    readonly roleName: pulumi.Output<string>;
    /** With `splitPhases`: the plan role's name. */
    readonly planRoleName?: pulumi.Output<string>;
    /** With `splitPhases`: the apply role's name. */
    readonly applyRoleName?: pulumi.Output<string>;
    /** The JWT auth mount path the roles are on (relative to `auth/`). */
    readonly authPath: pulumi.Output<string>;
    /** The policies made here, role by role (their names). */
    readonly policyNames: pulumi.Output<string[]>;
    /** With `workspace`: the workspace id (`ws-…`). */
    readonly workspaceId?: pulumi.Output<string>;
    /** The workspace ids, in the order given (one with `workspace`; none with `projectScope`). */
    readonly workspaceIds: pulumi.Output<string[]>;
    /** With `workspaces` or `projectScope`: the variable set id (`varset-…`). */
    readonly variableSetId?: pulumi.Output<string>;
    /** With `projectScope`: the HCP Terraform project id (`prj-…`). */
    readonly projectId?: pulumi.Output<string>;
    /** With `verifyTrust`: the run URL of each workspace's check, in the order of `workspaceIds`. */
    readonly trustCheckRunUrls?: pulumi.Output<string[]>;
    /** The shared backend this federation uses (undefined with `createAuthBackend: false`); a stack-level resource. */
    readonly authBackend?: vault.jwt.AuthBackend;

    constructor(name: string, args: VaultWorkspaceFederationArgs, opts?: pulumi.ComponentResourceOptions) {
        const prefix = `VaultWorkspaceFederation "${name}": `;
        // Its messages carry the prefix already.
        checkArgKinds("VaultWorkspaceFederation", name, args, VAULT_ARG_KINDS);
        const vaultProvider = vaultProviderOf(opts);
        let p: VaultPlan;
        try {
            p = plan(name, args, vaultProvider);
        } catch (err) {
            throw new Error(`${prefix}${err instanceof Error ? err.message : String(err)}`);
        }
        super(VAULT_WORKSPACE_FEDERATION_TYPE, name, {}, opts);

        const refs = buildWorkspaces(this, p.core);
        const backend = p.createAuthBackend ? sharedBackend(p, vaultProvider, refs.lookups) : undefined;
        const roles = buildRoles(this, p, refs, backend);
        const settings = settingVariables(p, prefix);
        const variables = federationVariables(p.core, [...settings.first, ...roles.variables, ...settings.rest]);
        const written = writeVariables(this, p.core, refs, variables, []);

        const names = roles.roleNames;
        this.roleName = names[names.length - 1];
        if (names.length === 2) {
            this.planRoleName = names[0];
            this.applyRoleName = names[1];
        }
        this.authPath = pulumi.output(p.authPath);
        this.policyNames = pulumi.all(roles.policies.map((x) => x.name));
        this.workspaceIds = pulumi.all([...written.workspaceIds]);
        this.workspaceId = p.core.mode === "single" ? written.workspaceIds[0] : undefined;
        this.variableSetId = written.variableSetId;
        this.projectId = refs.project?.projectId;
        this.authBackend = backend;
        if (p.core.verifyTrust) {
            // What decides the trust on Vault's side: the backend's issuer and mount, and each role's claims and audience.
            this.trustCheckRunUrls = verifyTrust(this, p.core, refs, written, variables, [JSON.stringify(p.backend), pulumi.all(roles.boundClaims)]);
        }
        this.registerOutputs({
            roleName: this.roleName,
            authPath: this.authPath,
            workspaceIds: this.workspaceIds,
            variableSetId: this.variableSetId,
        });
    }
}
