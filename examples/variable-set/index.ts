// Several workspaces, ONE shared role, through one variable set (the seed's variable-set path):
// the set holds TFC_AWS_PROVIDER_AUTH and TFC_AWS_RUN_ROLE_ARN and is attached to each workspace.
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceOidcFederation } from "hcp-oidc-federation";

const config = new pulumi.Config();
const organization = config.get("organization") ?? process.env.TFE_ORGANIZATION ?? "my-organization";
const workspaces = config.getObject<string[]>("workspaces") ?? ["prod-app", "staging-app", "dev-app"];

const shared = new WorkspaceOidcFederation("shared", {
    organization,
    workspaces,
    variableSetName: "aws-dynamic-creds",
    roleName: "hcp-terraform-shared",
    // Pin the project: the trust then names it instead of project:*.
    project: config.get("project") ?? "Default Project",
});

export const roleArn = shared.roleArn;
export const variableSetId = shared.variableSetId;
export const workspaceIds = shared.workspaceIds;
export const trustPolicy = shared.trustPolicy;
