// One role per workspace (oidc_setup.py's managed-IAM mode): one federation per workspace in a
// loop. They all share ONE IAM OIDC provider for the host automatically (AWS allows one per URL).
//   pulumi config set organization my-org
//   pulumi config set --path 'workspaces[0]' prod-app ... (default: prod-app, staging-app, dev-app)
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceOidcFederation } from "hcp-oidc-federation";

const config = new pulumi.Config();
const organization = config.get("organization") ?? process.env.TFE_ORGANIZATION ?? "my-organization";
const workspaces = config.getObject<string[]>("workspaces") ?? ["prod-app", "staging-app", "dev-app"];

const federations = workspaces.map(
    (workspace) =>
        new WorkspaceOidcFederation(workspace, {
            organization,
            workspace,
            // oidc_setup.py's flags, declaratively:
            roleNameTemplate: "tfc-{workspace}-oidc", // --role-name-template (the default)
            createWorkspace: false, //                 --create-missing
            removeStaticAwsCredentials: true, //        --remove-static-aws-creds
            managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"], // --attach-managed-policy
            ec2Policy: false, // the managed read-only policy is what this example grants
        }),
);

export const roleArns = Object.fromEntries(workspaces.map((w, i) => [w, federations[i].roleArn]));
export const oidcProviderArn = federations[0].oidcProviderArn;
