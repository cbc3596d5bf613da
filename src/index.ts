// Public surface of hcp-oidc-federation (the main entry, also `hcp-oidc-federation/aws`): the AWS
// federation, the dynamic resources, the pure policy builders, the federation core's argument
// types, and the HCP Terraform client they are built on. Azure, GCP and Vault are subpath entries
// (`hcp-oidc-federation/azure`, `/gcp`, `/vault`): nothing here names their SDKs.
export * from "./clouds/aws";
export * from "./resources";
export * from "./policies";
export type { FederationArgs } from "./federation/args";
export { resetFederationRegistry } from "./federation/registry";
export * as hcp from "./hcp";
