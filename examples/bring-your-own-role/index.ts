// Bring your own role (oidc_setup.py --use-existing-role): no AWS resources and no AWS
// credentials needed; only the variables pointing at a role managed elsewhere. The workspaces
// share the role through one variable set, and `trustPolicy` is the ONE trust that role must have
// to admit every one of them (and nothing else), for the team that owns it.
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceOidcFederation } from "hcp-oidc-federation";

const config = new pulumi.Config();
const organization = config.get("organization") ?? process.env.TFE_ORGANIZATION ?? "my-organization";
const existingRoleArn = config.get("roleArn") ?? "arn:aws:iam::111122223333:role/my-tfc-role";
const workspaces = config.getObject<string[]>("workspaces") ?? ["prod-app", "staging-app", "dev-app"];

const federation = new WorkspaceOidcFederation("shared", { organization, workspaces, existingRoleArn });

export const expectedTrustPolicy = federation.trustPolicy;
export const workspaceIds = federation.workspaceIds;
export const variableSetId = federation.variableSetId;
