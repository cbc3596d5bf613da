import type * as pulumi from "@pulumi/pulumi";
import { cloudProviderOf } from "../../federation/shared";

/** A token of a Vault resource type, to ask a parent which Vault provider its children get. */
const VAULT_TYPE = "vault:jwt/authBackend:AuthBackend";

/**
 * The Vault provider (a `vault.Provider` resource: one Vault, one namespace) that resources made
 * with these options would use; undefined for the default provider. The shared backend is made at
 * stack level, so it gets it explicitly; names are claimed per provider.
 */
export function vaultProviderOf(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ProviderResource | undefined {
    return cloudProviderOf(opts, "vault", VAULT_TYPE);
}
