// One workspace, one role: the seed's oidc_aws_e2e.py, declaratively.
//   pulumi config set organization my-org && pulumi config set workspace my-app-prod && pulumi up
// Creates (or reuses) the IAM OIDC provider for https://app.terraform.io, a role trusted only by
// the runs of that workspace, the verified minimal EC2 policy inline as `<role>-ec2`, and the
// workspace variables TFC_AWS_PROVIDER_AUTH=true and TFC_AWS_RUN_ROLE_ARN.
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceOidcFederation } from "hcp-oidc-federation";

const config = new pulumi.Config();
const organization = config.get("organization") ?? process.env.TFE_ORGANIZATION ?? "my-organization";
const workspace = config.get("workspace") ?? process.env.OIDC_WORKSPACE_NAME ?? "pytfe-oidc-aws-e2e";

const federation = new WorkspaceOidcFederation("app", {
    organization,
    workspace,
    // The e2e script creates the workspace when it is missing.
    createWorkspace: config.getBoolean("createWorkspace") ?? true,
    removeStaticAwsCredentials: config.getBoolean("removeStaticAwsCredentials") ?? false,
});

export const roleArn = federation.roleArn;
export const roleName = federation.roleName;
export const oidcProviderArn = federation.oidcProviderArn;
export const workspaceId = federation.workspaceId;
export const trustPolicy = federation.trustPolicy;
export const permissionsPolicy = federation.permissionsPolicy;
