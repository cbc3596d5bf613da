// Public surface of hcp-oidc-federation: components, dynamic resources, pure policy builders,
// and the HCP Terraform client they are built on.
export * from "./components";
export * from "./resources";
export * from "./policies";
export * as hcp from "./hcp";
