// `hcp-oidc-federation/aws`: the same as the main entry.
export * from "./index";
