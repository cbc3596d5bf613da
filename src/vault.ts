// `hcp-oidc-federation/vault`: VaultWorkspaceFederation, its argument types, and the pure Vault
// builders (backend, roles, policy, names, variable keys). Needs the optional peer @pulumi/vault.
import { requirePeer } from "./clouds/peers";

requirePeer("@pulumi/vault", "hcp-oidc-federation/vault");

export * from "./clouds/vault/VaultWorkspaceFederation";
export * from "./clouds/vault/trust";
export * from "./clouds/vault/policy";
export * from "./clouds/vault/names";
export * from "./clouds/vault/variables";
export { validateEncodedCaCert, validateVaultAddress } from "./clouds/vault/plan";
export type { FederationArgs } from "./federation/args";
export { resetFederationRegistry } from "./federation/registry";
