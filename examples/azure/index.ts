// Azure: HCP Terraform runs get Azure credentials by Entra ID workload identity federation. One
// workspace with least privilege per run phase (a plan application that can only read, an apply one
// that can change things, both on one resource group), and two workspaces sharing one application
// through a variable set. Entra matches subjects EXACTLY: each credential names the workspace's
// real project (read from HCP Terraform here; pin it with `project` to fail on a moved workspace).
import * as pulumi from "@pulumi/pulumi";
import { AzureWorkspaceFederation } from "hcp-oidc-federation/azure";

const config = new pulumi.Config();
const organization = config.get("organization") ?? process.env.TFE_ORGANIZATION ?? "my-organization";
const tenantId = config.get("tenantId") ?? "00000000-0000-0000-0000-000000000000";
const subscriptionId = config.get("subscriptionId") ?? "00000000-0000-0000-0000-000000000000";
const resourceGroup = `/subscriptions/${subscriptionId}/resourceGroups/${config.get("resourceGroup") ?? "app-prod"}`;
const role = (guid: string) => `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const READER = role("acdd72a7-3385-48ef-bd42-f606fba81ae7");
const CONTRIBUTOR = role("b24988ac-6180-42a0-ab88-20f7382dd24c");

const app = new AzureWorkspaceFederation("app", {
    organization,
    workspace: config.get("workspace") ?? "app-prod",
    tenantId,
    subscriptionId,
    splitPhases: true,
    planRoleAssignments: [{ scope: resourceGroup, roleDefinitionId: READER }],
    roleAssignments: [{ scope: resourceGroup, roleDefinitionId: CONTRIBUTOR }],
    // ARM_CLIENT_SECRET, ARM_CLIENT_ID, … go once the dynamic credentials are in place.
    removeStaticCredentials: true,
});

const network = new AzureWorkspaceFederation("network", {
    organization,
    workspaces: ["network-prod", "dns-prod"],
    project: "Default Project",
    tenantId,
    subscriptionId,
});

export const planClientId = app.planClientId;
export const applyClientId = app.applyClientId;
export const appSubjects = app.federatedSubjects;
export const networkClientId = network.clientId;
export const networkServicePrincipal = network.servicePrincipalObjectId;
export const networkVariableSet = network.variableSetId;
