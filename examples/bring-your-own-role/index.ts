// Bring your own role (oidc_setup.py --use-existing-role): no AWS resources and no AWS
// credentials needed; only the workspace variables pointing at a role managed elsewhere.
// `trustPolicy` shows the trust that role must have, for the team that owns it.
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceOidcFederation } from "hcp-oidc-federation";

const config = new pulumi.Config();
const organization = config.get("organization") ?? process.env.TFE_ORG ?? "my-organization";
const existingRoleArn = config.get("roleArn") ?? "arn:aws:iam::111122223333:role/my-tfc-role";
const workspaces = config.getObject<string[]>("workspaces") ?? ["prod-app", "staging-app", "dev-app"];

const federations = workspaces.map(
    (workspace) => new WorkspaceOidcFederation(workspace, { organization, workspace, existingRoleArn }),
);

export const expectedTrustPolicy = federations[0].trustPolicy;
export const workspaceIds = federations.map((f) => f.workspaceId);
