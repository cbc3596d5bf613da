// Least privilege per run phase: a plan role that can only read (the Describe actions of the
// verified EC2 policy) and an apply role that can change things, each trusted only for its phase
// (run_phase:plan / run_phase:apply, StringEquals on the whole subject with the project pinned).
// Sets TFC_AWS_PLAN_ROLE_ARN and TFC_AWS_APPLY_ROLE_ARN (no TFC_AWS_RUN_ROLE_ARN).
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceOidcFederation } from "hcp-oidc-federation";

const config = new pulumi.Config();
const organization = config.get("organization") ?? process.env.TFE_ORGANIZATION ?? "my-organization";
const workspace = config.get("workspace") ?? "prod-app";

const federation = new WorkspaceOidcFederation("prod", {
    organization,
    workspace,
    project: config.get("project") ?? "Default Project",
    splitPhases: true,
    maxSessionDuration: 3600,
    tags: { "managed-by": "pulumi", workspace },
});

export const planRoleArn = federation.planRoleArn;
export const applyRoleArn = federation.applyRoleArn;
export const planTrustPolicy = federation.planTrustPolicy;
export const applyTrustPolicy = federation.trustPolicy;
export const planPermissionsPolicy = federation.planPermissionsPolicy;
