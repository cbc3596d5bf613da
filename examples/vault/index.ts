// Vault: HCP Terraform runs log in to Vault with their workload identity token (JWT auth). One
// workspace with least privilege per run phase (a plan role that can only read the app's secrets,
// an apply role that can also write them), and two workspaces sharing one role through a variable
// set, with an existing policy. Both federations share ONE JWT auth backend (per Vault provider,
// namespace and path) that trusts the host's tokens; each role admits only its workspaces, by
// name AND by workspace id (a deleted and re-created workspace of the same name is not trusted).
// The Vault provider is configured as usual (VAULT_ADDR / VAULT_TOKEN of the deployer).
import * as pulumi from "@pulumi/pulumi";
import { VaultWorkspaceFederation } from "hcp-oidc-federation/vault";

const config = new pulumi.Config();
const organization = config.get("organization") ?? process.env.TFE_ORGANIZATION ?? "my-organization";
const vaultAddress = config.get("vaultAddress") ?? "https://vault.example.com:8200";
// HCP Vault: "admin"; a self-managed Vault without namespaces: leave it out.
const namespace = config.get("namespace");

const app = new VaultWorkspaceFederation("app", {
    organization,
    workspace: config.get("workspace") ?? "app-prod",
    vaultAddress,
    namespace,
    splitPhases: true,
    planPolicy: [{ path: "secret/data/app/*", capabilities: ["read"] }],
    policy: [{ path: "secret/data/app/*", capabilities: ["create", "read", "update"] }],
    // VAULT_TOKEN goes once the dynamic credentials are in place.
    removeStaticCredentials: true,
});

const network = new VaultWorkspaceFederation("network", {
    organization,
    workspaces: ["network-prod", "dns-prod"],
    vaultAddress,
    namespace,
    tokenPolicies: ["network-read"],
    tokenTtl: "20m",
});

export const planRole = app.planRoleName;
export const applyRole = app.applyRoleName;
export const authPath = app.authPath;
export const networkRole = network.roleName;
export const networkVariableSet = network.variableSetId;
