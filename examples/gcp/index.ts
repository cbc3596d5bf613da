// GCP: HCP Terraform runs get Google Cloud credentials by workload identity federation. One
// workspace with least privilege per run phase (a plan service account that can only read, an
// apply one that can change things), and two workspaces sharing one service account through a
// variable set. Both federations share ONE workload identity pool and provider (per GCP project,
// host and organization), whose condition admits only the organization; each service account may
// be impersonated only by its workspaces, by WORKSPACE ID (renames keep working; a re-created
// workspace is not trusted).
import * as pulumi from "@pulumi/pulumi";
import { GcpWorkspaceFederation } from "hcp-oidc-federation/gcp";

const config = new pulumi.Config();
const organization = config.get("organization") ?? process.env.TFE_ORGANIZATION ?? "my-organization";
const gcpProject = config.get("gcpProject") ?? "my-gcp-project";

const app = new GcpWorkspaceFederation("app", {
    organization,
    workspace: config.get("workspace") ?? "app-prod",
    gcpProject,
    splitPhases: true,
    planProjectRoles: ["roles/viewer"],
    projectRoles: ["roles/editor"],
    // GOOGLE_CREDENTIALS / GOOGLE_APPLICATION_CREDENTIALS go once the dynamic credentials are in place.
    removeStaticCredentials: true,
});

const network = new GcpWorkspaceFederation("network", {
    organization,
    workspaces: ["network-prod", "dns-prod"],
    gcpProject,
    projectRoles: ["roles/compute.networkAdmin", "roles/dns.admin"],
});

export const planServiceAccount = app.planServiceAccountEmail;
export const applyServiceAccount = app.applyServiceAccountEmail;
export const workloadProviderName = app.workloadProviderName;
export const audience = app.audience;
export const networkServiceAccount = network.serviceAccountEmail;
export const networkVariableSet = network.variableSetId;
