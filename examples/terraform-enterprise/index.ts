// Terraform Enterprise: the issuer is https://<your TFE host>, and the trust's condition keys are
// `<host>:aud` / `<host>:sub`. The host comes from `hostname` (or TFE_HOSTNAME / TFE_ADDRESS).
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceOidcFederation } from "hcp-oidc-federation";

const config = new pulumi.Config();
const organization = config.get("organization") ?? process.env.TFE_ORGANIZATION ?? "my-organization";
const hostname = config.get("hostname") ?? "tfe.example.com";

const federation = new WorkspaceOidcFederation("tfe-app", {
    organization,
    workspace: config.get("workspace") ?? "app-prod",
    hostname,
    // Optional: another audience (the role then checks it, and TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE is set).
    audience: config.get("audience"),
});

export const roleArn = federation.roleArn;
export const oidcProviderArn = federation.oidcProviderArn;
export const trustPolicy = federation.trustPolicy;
