export * from "./Workspace";
export * from "./WorkspaceVariable";
export * from "./VariableSet";
export * from "./VariableSetVariable";
export * from "./WorkspaceVariableSet";
export * from "./ProjectVariableSet";
export * from "./OidcConfigurations";
export { VariableArgs } from "./variableArgs";
export * from "./WorkspaceVariableRemoval";
