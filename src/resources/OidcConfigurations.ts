// HYOK (hold-your-own-key) OIDC configurations of an organization: four small resources over one
// provider factory (oidcProvider.ts), one provider module each (providers/*OidcConfiguration.ts).
import * as pulumi from "@pulumi/pulumi";
import awsOidcProvider = require("./providers/awsOidcConfiguration");
import azureOidcProvider = require("./providers/azureOidcConfiguration");
import gcpOidcProvider = require("./providers/gcpOidcConfiguration");
import vaultOidcProvider = require("./providers/vaultOidcConfiguration");

/** What every OIDC configuration has. */
export interface OidcConfigurationBaseArgs {
    /** The organization (with the HYOK entitlement) that owns the configuration. Changing it replaces the configuration. */
    readonly organization: pulumi.Input<string>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). Changing it replaces the configuration. */
    readonly hostname?: pulumi.Input<string>;
}

export interface AwsOidcConfigurationArgs extends OidcConfigurationBaseArgs {
    /** The IAM role HCP Terraform assumes (`arn:aws:iam::<account>:role/<name>`). Updated in place. */
    readonly roleArn: pulumi.Input<string>;
}

export interface AzureOidcConfigurationArgs extends OidcConfigurationBaseArgs {
    /** Application (client) id (UUID). Updated in place. */
    readonly clientId: pulumi.Input<string>;
    /** Subscription id (UUID). Updated in place. */
    readonly subscriptionId: pulumi.Input<string>;
    /** Tenant (directory) id (UUID). Updated in place. */
    readonly tenantId: pulumi.Input<string>;
}

export interface GcpOidcConfigurationArgs extends OidcConfigurationBaseArgs {
    /** The service account HCP Terraform impersonates. Updated in place. */
    readonly serviceAccountEmail: pulumi.Input<string>;
    /** The project NUMBER (digits) of the workload identity pool. Updated in place. */
    readonly projectNumber: pulumi.Input<string>;
    /** `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`. Updated in place. */
    readonly workloadProviderName: pulumi.Input<string>;
}

export interface VaultOidcConfigurationArgs extends OidcConfigurationBaseArgs {
    /** Vault address, an https URL. Updated in place. */
    readonly address: pulumi.Input<string>;
    /** The JWT auth role. Updated in place. */
    readonly role: pulumi.Input<string>;
    /** Vault Enterprise namespace (default: none). */
    readonly namespace?: pulumi.Input<string>;
    /** Mount path of the JWT auth method (default "jwt"). */
    readonly authPath?: pulumi.Input<string>;
    /** Base64-encoded PEM CA certificate of the Vault server (default: none). */
    readonly encodedCacert?: pulumi.Input<string>;
}

const MODULE = "hcp-oidc-federation";

/** A HYOK AWS OIDC configuration (`aws-oidc-configurations`, id `awsoidc-…`). */
export class AwsOidcConfiguration extends pulumi.dynamic.Resource {
    declare readonly organization: pulumi.Output<string>;
    declare readonly hostname: pulumi.Output<string | undefined>;
    declare readonly roleArn: pulumi.Output<string>;
    /** The configuration's id (`awsoidc-…`), the same as the resource id. */
    declare readonly oidcConfigurationId: pulumi.Output<string>;

    constructor(name: string, args: AwsOidcConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            awsOidcProvider,
            name,
            { organization: args.organization, roleArn: args.roleArn, hostname: args.hostname, oidcConfigurationId: undefined },
            opts,
            MODULE,
            "AwsOidcConfiguration",
        );
    }
}

/** A HYOK Azure OIDC configuration (`azure-oidc-configurations`, id `azoidc-…`). */
export class AzureOidcConfiguration extends pulumi.dynamic.Resource {
    declare readonly organization: pulumi.Output<string>;
    declare readonly hostname: pulumi.Output<string | undefined>;
    declare readonly clientId: pulumi.Output<string>;
    declare readonly subscriptionId: pulumi.Output<string>;
    declare readonly tenantId: pulumi.Output<string>;
    /** The configuration's id (`azoidc-…`), the same as the resource id. */
    declare readonly oidcConfigurationId: pulumi.Output<string>;

    constructor(name: string, args: AzureOidcConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            azureOidcProvider,
            name,
            {
                organization: args.organization,
                clientId: args.clientId,
                subscriptionId: args.subscriptionId,
                tenantId: args.tenantId,
                hostname: args.hostname,
                oidcConfigurationId: undefined,
            },
            opts,
            MODULE,
            "AzureOidcConfiguration",
        );
    }
}

/** A HYOK GCP OIDC configuration (`gcp-oidc-configurations`, id `gcpoidc-…`). */
export class GcpOidcConfiguration extends pulumi.dynamic.Resource {
    declare readonly organization: pulumi.Output<string>;
    declare readonly hostname: pulumi.Output<string | undefined>;
    declare readonly serviceAccountEmail: pulumi.Output<string>;
    declare readonly projectNumber: pulumi.Output<string>;
    declare readonly workloadProviderName: pulumi.Output<string>;
    /** The configuration's id (`gcpoidc-…`), the same as the resource id. */
    declare readonly oidcConfigurationId: pulumi.Output<string>;

    constructor(name: string, args: GcpOidcConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            gcpOidcProvider,
            name,
            {
                organization: args.organization,
                serviceAccountEmail: args.serviceAccountEmail,
                projectNumber: args.projectNumber,
                workloadProviderName: args.workloadProviderName,
                hostname: args.hostname,
                oidcConfigurationId: undefined,
            },
            opts,
            MODULE,
            "GcpOidcConfiguration",
        );
    }
}

/** A HYOK Vault OIDC configuration (`vault-oidc-configurations`, id `voidc-…`). */
export class VaultOidcConfiguration extends pulumi.dynamic.Resource {
    declare readonly organization: pulumi.Output<string>;
    declare readonly hostname: pulumi.Output<string | undefined>;
    declare readonly address: pulumi.Output<string>;
    declare readonly role: pulumi.Output<string>;
    declare readonly namespace: pulumi.Output<string | undefined>;
    declare readonly authPath: pulumi.Output<string>;
    declare readonly encodedCacert: pulumi.Output<string | undefined>;
    /** The configuration's id (`voidc-…`), the same as the resource id. */
    declare readonly oidcConfigurationId: pulumi.Output<string>;

    constructor(name: string, args: VaultOidcConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            vaultOidcProvider,
            name,
            {
                organization: args.organization,
                address: args.address,
                role: args.role,
                namespace: args.namespace,
                authPath: args.authPath ?? "jwt",
                encodedCacert: args.encodedCacert,
                hostname: args.hostname,
                oidcConfigurationId: undefined,
            },
            opts,
            MODULE,
            "VaultOidcConfiguration",
        );
    }
}
