// HYOK (hold-your-own-key) OIDC configurations of an organization: four small resources over one
// provider factory (oidcProvider.ts), one provider module each (providers/*OidcConfiguration.ts).
import * as pulumi from "@pulumi/pulumi";
import { checkArgKinds } from "./args";
import awsOidcProvider = require("./providers/awsOidcConfiguration");
import azureOidcProvider = require("./providers/azureOidcConfiguration");
import gcpOidcProvider = require("./providers/gcpOidcConfiguration");
import vaultOidcProvider = require("./providers/vaultOidcConfiguration");

/** What every OIDC configuration has. */
export interface OidcConfigurationBaseArgs {
    /** The organization (with the HYOK entitlement) that owns the configuration. Changing it replaces the configuration. */
    readonly organization: pulumi.Input<string>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). Another site replaces the configuration. */
    readonly hostname?: pulumi.Input<string>;
    /** Accept an http:// hostname that is not a loopback address (lab installs only; default false). */
    readonly allowInsecureHttp?: pulumi.Input<boolean>;
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

/** The inputs of a configuration: only those given travel; every name is checked first. */
function oidcProps(type: string, name: string, args: object, attributes: readonly string[]): Record<string, pulumi.Input<unknown>> {
    const kinds: Record<string, "string" | "boolean"> = { organization: "string", hostname: "string", allowInsecureHttp: "boolean" };
    for (const a of attributes) kinds[a] = "string";
    checkArgKinds(type, name, args, kinds);
    const props: Record<string, pulumi.Input<unknown>> = { oidcConfigurationId: undefined, site: undefined };
    for (const [k, v] of Object.entries(args)) {
        if (v !== undefined) props[k] = v;
    }
    return props;
}

/** A HYOK AWS OIDC configuration (`aws-oidc-configurations`, id `awsoidc-…`). */
export class AwsOidcConfiguration extends pulumi.dynamic.Resource {
    declare readonly organization: pulumi.Output<string>;
    declare readonly hostname: pulumi.Output<string | undefined>;
    declare readonly roleArn: pulumi.Output<string>;
    /** The site the configuration is on: "https://app.terraform.io". */
    declare readonly site: pulumi.Output<string>;
    /** The configuration's id (`awsoidc-…`), the same as the resource id. */
    declare readonly oidcConfigurationId: pulumi.Output<string>;

    constructor(name: string, args: AwsOidcConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            awsOidcProvider,
            name,
            oidcProps("AwsOidcConfiguration", name, args, ["roleArn"]),
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
    /** The site the configuration is on: "https://app.terraform.io". */
    declare readonly site: pulumi.Output<string>;
    /** The configuration's id (`azoidc-…`), the same as the resource id. */
    declare readonly oidcConfigurationId: pulumi.Output<string>;

    constructor(name: string, args: AzureOidcConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            azureOidcProvider,
            name,
            oidcProps("AzureOidcConfiguration", name, args, ["clientId", "subscriptionId", "tenantId"]),
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
    /** The site the configuration is on: "https://app.terraform.io". */
    declare readonly site: pulumi.Output<string>;
    /** The configuration's id (`gcpoidc-…`), the same as the resource id. */
    declare readonly oidcConfigurationId: pulumi.Output<string>;

    constructor(name: string, args: GcpOidcConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            gcpOidcProvider,
            name,
            oidcProps("GcpOidcConfiguration", name, args, ["serviceAccountEmail", "projectNumber", "workloadProviderName"]),
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
    /** The site the configuration is on: "https://app.terraform.io". */
    declare readonly site: pulumi.Output<string>;
    /** The configuration's id (`voidc-…`), the same as the resource id. */
    declare readonly oidcConfigurationId: pulumi.Output<string>;

    constructor(name: string, args: VaultOidcConfigurationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            vaultOidcProvider,
            name,
            oidcProps("VaultOidcConfiguration", name, args, ["address", "role", "namespace", "authPath", "encodedCacert"]),
            opts,
            MODULE,
            "VaultOidcConfiguration",
        );
    }
}
