// HCP Terraform / Terraform Enterprise API client (knows nothing of Pulumi).

export * from "./errors";
export * from "./jsonapi";
export * from "./connection";
export * from "./client";
export * from "./redact";
export * from "./organizations";
export * from "./workspaces";
export * from "./workspaceDirectory";
export * from "./projects";
export * from "./variables";
export * from "./variableSets";
export * from "./oidcConfigurations";
export * from "./workspaceSettings";
export * from "./configurationVersions";
export * from "./runs";
export * from "./plans";
export * from "./planLog";
