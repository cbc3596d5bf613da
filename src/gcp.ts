// `hcp-oidc-federation/gcp`: GcpWorkspaceFederation, its argument types, and the pure GCP
// builders (trust, bindings, names, default ids, variable keys). Needs the optional peer @pulumi/gcp.
import { requirePeer } from "./clouds/peers";

requirePeer("@pulumi/gcp", "hcp-oidc-federation/gcp");

export * from "./clouds/gcp/GcpWorkspaceFederation";
export * from "./clouds/gcp/trust";
export * from "./clouds/gcp/bindings";
export * from "./clouds/gcp/names";
export * from "./clouds/gcp/variables";
export { gcpDefaultPoolId, gcpDefaultProviderId, gcpDefaultServiceAccountId } from "./clouds/gcp/defaultIds";
export { GCP_DISPLAY_NAME } from "./clouds/gcp/plan";
export type { FederationArgs } from "./federation/args";
export { resetFederationRegistry } from "./federation/registry";
