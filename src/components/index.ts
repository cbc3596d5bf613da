export * from "./oidcProvider";
export * from "./WorkspaceOidcFederation";
