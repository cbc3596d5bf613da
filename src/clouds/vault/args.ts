// The arguments of VaultWorkspaceFederation: the core's, and Vault's own.
import type * as pulumi from "@pulumi/pulumi";
import { FEDERATION_ARG_KINDS, type FederationArgs } from "../../federation/args";
import type { ArgKind } from "../../resources/args";
import type { VaultPolicyRule } from "./policy";

/**
 * Arguments of {@link VaultWorkspaceFederation}: the core's (which workspaces, where, how) and the
 * Vault side's (the address runs log in at, the namespace and JWT auth mount, the role(s) and
 * their policies).
 */
export interface VaultWorkspaceFederationArgs extends FederationArgs {
    /** The Vault address runs log in at (`TFC_VAULT_ADDR`, exported to runs as `VAULT_ADDR`), e.g. "https://vault.example.com:8200". Required. */
    readonly vaultAddress: pulumi.Input<string>;
    /**
     * Vault Enterprise / HCP Vault namespace (e.g. "admin" or "admin/team-a") of the backend, the role(s) and the policy,
     * relative to the Vault provider's own namespace; also `TFC_VAULT_NAMESPACE`. Default: none (the provider's namespace).
     */
    readonly namespace?: string;
    /** The JWT auth mount path, relative to `auth/` (`TFC_VAULT_AUTH_PATH` when not "jwt"). Default "jwt". */
    readonly authPath?: string;
    /**
     * Make the JWT auth backend at `authPath`: ONE per Vault provider, namespace and path, shared by every federation
     * of the program (stack level). false: the backend exists already (made elsewhere); only the role(s) are made on it. Default true.
     */
    readonly createAuthBackend?: boolean;
    /** Name of the JWT role (with `splitPhases`, the prefix of `<roleName>-plan` and `<roleName>-apply`). Default: `tfc-<workspace>` (one workspace) or `tfc-<component name>`. */
    readonly roleName?: string;
    /** Existing Vault policies the role's tokens get too (names; with `splitPhases`, both roles'). Default: none. Give this and/or `policy`. */
    readonly tokenPolicies?: readonly string[];
    /**
     * Rules of the policy made here for the role (with `splitPhases`: the apply role's, and the plan role's unless `planPolicy`),
     * after the rules every role's policy has (`auth/token/lookup-self` read, `renew-self` and `revoke-self` update). Give this and/or `tokenPolicies`.
     */
    readonly policy?: readonly VaultPolicyRule[];
    /** With `splitPhases`: the plan role's rules (keep them read-only). Default: `policy`. */
    readonly planPolicy?: readonly VaultPolicyRule[];
    /** TTL of the role's tokens: seconds, or a duration such as "20m"; renewable, HCP Terraform renews them until the phase ends. Default 1200. */
    readonly tokenTtl?: number | string;
    /** Base64 of the PEM of Vault's CA certificate, for a Vault with a private CA (`TFC_VAULT_ENCODED_CACERT`). Default: none. */
    readonly encodedCaCert?: pulumi.Input<string>;
}

/** The runtime kind of every argument of VaultWorkspaceFederation. */
export const VAULT_ARG_KINDS: Readonly<Record<keyof VaultWorkspaceFederationArgs, ArgKind>> = {
    ...FEDERATION_ARG_KINDS,
    vaultAddress: "string",
    namespace: "string",
    authPath: "string",
    createAuthBackend: "boolean",
    roleName: "string",
    tokenPolicies: "string[]",
    policy: "object[]",
    planPolicy: "object[]",
    tokenTtl: "any",
    encodedCaCert: "string",
};
