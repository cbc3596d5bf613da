// `hcp-oidc-federation/azure`: AzureWorkspaceFederation, its argument types, and the pure Azure
// builders (federated credentials, names and limits, variable keys). Needs the optional peer
// @pulumi/azuread (and @pulumi/azure-native only for roleAssignments, loaded when used).
import { requirePeer } from "./clouds/peers";

requirePeer("@pulumi/azuread", "hcp-oidc-federation/azure");

export * from "./clouds/azure/AzureWorkspaceFederation";
export * from "./clouds/azure/trust";
export * from "./clouds/azure/names";
export * from "./clouds/azure/variables";
export type { FederationArgs } from "./federation/args";
export { resetFederationRegistry } from "./federation/registry";
