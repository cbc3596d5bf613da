// HYOK (hold your own key, Premium): the organization's four HYOK OIDC configurations.
// These let HCP Terraform agents reach YOUR key-encryption key; they do NOT give runs cloud
// credentials (that is what the TFC_* variables of the other examples do).
// - AWS: through the component's `hyok` option: a role trusted only for
//   organization:<ORG>:hyok_config:<NAME>, key user of the KMS key, registered as the
//   organization's AwsOidcConfiguration. (The same component also federates one workspace.)
// - Azure, GCP, Vault: the dynamic resources directly (their cloud-side identities are made elsewhere).
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import {
    AzureOidcConfiguration,
    GcpOidcConfiguration,
    VaultOidcConfiguration,
    WorkspaceOidcFederation,
} from "hcp-oidc-federation";

const config = new pulumi.Config();
const organization = config.get("organization") ?? process.env.TFE_ORGANIZATION ?? "my-organization";

// The key-encryption key: the default key policy lets IAM policies grant its use.
const kek = new aws.kms.Key("hyok-kek", { description: "HCP Terraform HYOK key-encryption key", enableKeyRotation: true });

const aws_ = new WorkspaceOidcFederation("hyok-app", {
    organization,
    workspace: config.get("workspace") ?? "app-prod",
    hyok: { configurationName: config.get("hyokConfigurationName") ?? "aws-kek", kmsKeyArn: kek.arn },
});

const azure = new AzureOidcConfiguration("hyok-azure", {
    organization,
    clientId: config.get("azureClientId") ?? "00000000-0000-0000-0000-000000000000",
    subscriptionId: config.get("azureSubscriptionId") ?? "11111111-1111-1111-1111-111111111111",
    tenantId: config.get("azureTenantId") ?? "22222222-2222-2222-2222-222222222222",
});

const gcp = new GcpOidcConfiguration("hyok-gcp", {
    organization,
    serviceAccountEmail: config.get("gcpServiceAccountEmail") ?? "tfc@my-project.iam.gserviceaccount.com",
    projectNumber: config.get("gcpProjectNumber") ?? "123456789012",
    workloadProviderName:
        config.get("gcpWorkloadProviderName") ??
        "projects/123456789012/locations/global/workloadIdentityPools/hcp/providers/hcp-terraform",
});

const vault = new VaultOidcConfiguration("hyok-vault", {
    organization,
    address: config.get("vaultAddress") ?? "https://vault.example.com",
    role: config.get("vaultRole") ?? "hcp-terraform",
    authPath: "jwt",
});

export const awsOidcConfigurationId = aws_.oidcConfigurationId;
export const hyokRoleArn = aws_.hyokRoleArn;
export const hyokTrustPolicy = aws_.hyokTrustPolicy;
export const azureOidcConfigurationId = azure.oidcConfigurationId;
export const gcpOidcConfigurationId = gcp.oidcConfigurationId;
export const vaultOidcConfigurationId = vault.oidcConfigurationId;
