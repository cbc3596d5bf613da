// The arguments of WorkspaceOidcFederation: the core's, and AWS's own.
import type * as pulumi from "@pulumi/pulumi";
import { FEDERATION_ARG_KINDS, type FederationArgs } from "../../federation/args";
import type { ArgKind } from "../../resources/args";

/** HYOK (hold-your-own-key) settings: a KMS key-user role for one HYOK configuration of the organization. */
export interface WorkspaceOidcFederationHyokArgs {
    /** Name of the organization's HYOK configuration (letters, digits, "-", "_"): the trust pins `organization:<ORG>:hyok_config:<NAME>`. Required. */
    readonly configurationName: string;
    /** ARN of the symmetric KMS key-encryption key (a key ARN, not an alias) the HYOK role may use. Required. */
    readonly kmsKeyArn: pulumi.Input<string>;
}

/**
 * Arguments of {@link WorkspaceOidcFederation}: the core's (which workspaces, where, how) and the
 * AWS side's (the IAM OIDC provider, the role(s) and their permissions).
 */
export interface WorkspaceOidcFederationArgs extends FederationArgs {
    /**
     * Reuse this IAM OIDC provider (`arn:aws:iam::<acct>:oidc-provider/<host>`, e.g. `HcpTerraformOidcProvider.arn`,
     * or another stack's output) instead of the stack's shared one. Checked when known: its host must be the site's.
     * Its client ids must include `audience`: use `useExistingOidcProvider` to have that checked. Default: the shared provider.
     */
    readonly oidcProviderArn?: pulumi.Input<string>;
    /**
     * The account already has the IAM OIDC provider for the site (the seed's `--skip-identity-provider`):
     * look it up by URL and check that its client ids include `audience`, instead of creating it. Default false.
     */
    readonly useExistingOidcProvider?: boolean;
    /** Bring your own role: set the variables to this role ARN and make no AWS resources at all (checked when known). Default: none. */
    readonly existingRoleArn?: pulumi.Input<string>;
    /** Adopt roles that already exist under the names this federation would give them (Pulumi `import`, the seed's roles). Default false. */
    readonly importExistingRoles?: boolean;
    /** Name of the role (of the shared role with `workspaces` or `projectScope`). Default: from `roleNameTemplate`, or `tfc-<component name>-oidc` when shared. */
    readonly roleName?: string;
    /** Role name template containing `{workspace}` (single workspace only). Default "tfc-{workspace}-oidc". */
    readonly roleNameTemplate?: string;
    /** IAM path of the role(s). Default "/". */
    readonly rolePath?: string;
    /** ARN of a managed policy used as the permissions boundary of the role(s). Default: none. */
    readonly permissionsBoundary?: pulumi.Input<string>;
    /** Maximum session duration of the role(s) in seconds, 3600..43200. Default 3600. */
    readonly maxSessionDuration?: number;
    /** Tags of the role(s). Default: none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Put the verified minimal EC2 policy inline as `<role>-ec2` (read-only for a split plan role). Default true (false with `existingRoleArn`). */
    readonly ec2Policy?: boolean;
    /** Managed policy ARNs attached to the role (the apply role with `splitPhases`); each may be an output of another resource. Default: none. */
    readonly managedPolicyArns?: readonly pulumi.Input<string>[];
    /** Inline policies of the role (the apply role with `splitPhases`): policy name -> document object or JSON text. Default: none. */
    readonly inlinePolicies?: Readonly<Record<string, pulumi.Input<string | object>>>;
    /** With `splitPhases`: managed policy ARNs attached to the plan role (keep them read-only). Default: none. */
    readonly planManagedPolicyArns?: readonly pulumi.Input<string>[];
    /** With `splitPhases`: inline policies of the plan role (keep them read-only). Default: none. */
    readonly planInlinePolicies?: Readonly<Record<string, pulumi.Input<string | object>>>;
    /** The same as `removeStaticCredentials`: delete AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN. Default false. */
    readonly removeStaticAwsCredentials?: boolean;
    /** Also make a HYOK KMS key-user role (`<role>-hyok`) and register it as the organization's AwsOidcConfiguration. Does not give runs credentials. Default: none. */
    readonly hyok?: WorkspaceOidcFederationHyokArgs;
    /** The IAM limit on the length of a role trust policy: 2048 (the default quota) or 4096 (raised). Default 2048. */
    readonly trustPolicySizeLimit?: number;
}

export const AWS_ARG_KINDS: Readonly<Record<keyof WorkspaceOidcFederationArgs, ArgKind>> = {
    ...FEDERATION_ARG_KINDS,
    oidcProviderArn: "string",
    useExistingOidcProvider: "boolean",
    existingRoleArn: "string",
    importExistingRoles: "boolean",
    roleName: "string",
    roleNameTemplate: "string",
    rolePath: "string",
    permissionsBoundary: "string",
    maxSessionDuration: "number",
    tags: "object",
    ec2Policy: "boolean",
    managedPolicyArns: "string[]",
    inlinePolicies: "object",
    planManagedPolicyArns: "string[]",
    planInlinePolicies: "object",
    removeStaticAwsCredentials: "boolean",
    hyok: "object",
    trustPolicySizeLimit: "number",
};
