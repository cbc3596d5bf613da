// AWS: WorkspaceOidcFederation and the IAM OIDC provider it trusts. Also the package's main entry
// (and `hcp-oidc-federation/aws`).
export * from "./WorkspaceOidcFederation";
export * from "./iamOidcProvider";
export { AWS_DEFAULT_AUDIENCE, AWS_STATIC_CREDENTIAL_KEYS, AWS_VARIABLE_KEYS } from "./variables";
