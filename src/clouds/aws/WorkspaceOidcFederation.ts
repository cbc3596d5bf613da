import * as pulumi from "@pulumi/pulumi";
import { buildWorkspaces, writeVariables } from "../../federation/build";
import { type CloudSpec, planCore } from "../../federation/plan";
import { claimWorkspaces } from "../../federation/registry";
import { programIdentity } from "../../federation/program";
import { verifyTrust } from "../../federation/verify";
import { federationVariables } from "../../federation/variables";
import { checkArgKinds } from "../../resources/args";
import { AWS_ARG_KINDS, type WorkspaceOidcFederationArgs } from "./args";
import { checkSharedOidcProvider, type HcpTerraformOidcProvider } from "./iamOidcProvider";
import { type AwsPlan, planAws } from "./plan";
import { awsProviderOf } from "./provider";
import { buildAwsSide } from "./roles";
import { AWS_DEFAULT_AUDIENCE, AWS_STATIC_CREDENTIAL_KEYS, AWS_VARIABLE_KEYS } from "./variables";

export type { WorkspaceOidcFederationArgs, WorkspaceOidcFederationHyokArgs } from "./args";
export { DEFAULT_ROLE_NAME_TEMPLATE, TRUST_POLICY_SIZE_LIMITS } from "./plan";

/** Component type token of {@link WorkspaceOidcFederation}. */
export const WORKSPACE_OIDC_FEDERATION_TYPE = "hcp-oidc-federation:index:WorkspaceOidcFederation";

/** The static AWS credentials env variables that dynamic credentials replace. */
export const STATIC_AWS_CREDENTIAL_KEYS = AWS_STATIC_CREDENTIAL_KEYS;

/** What the core needs to know of AWS. */
export const AWS_CLOUD: CloudSpec = {
    cloud: "aws",
    label: "AWS",
    component: "WorkspaceOidcFederation",
    identityNoun: "role",
    keys: AWS_VARIABLE_KEYS,
    defaultAudience: AWS_DEFAULT_AUDIENCE,
    staticCredentialKeys: AWS_STATIC_CREDENTIAL_KEYS,
};

/** Validates every argument (core then AWS) and resolves names and defaults; throws on the first problem. */
function plan(name: string, args: WorkspaceOidcFederationArgs, awsProvider: pulumi.ProviderResource | undefined): AwsPlan {
    const removeStatic = args.removeStaticCredentials ?? args.removeStaticAwsCredentials;
    const core = planCore(AWS_CLOUD, name, { ...args, removeStaticCredentials: removeStatic }, process.env, programIdentity());
    const aws = planAws(core, args);
    if (!aws.byo && args.oidcProviderArn === undefined && args.useExistingOidcProvider !== true) {
        checkSharedOidcProvider(core.site.host, core.audience, { provider: awsProvider });
    }
    claimWorkspaces(core);
    return aws;
}

/**
 * Gives the runs of HCP Terraform workspaces AWS credentials by OIDC workload identity: the IAM
 * role with a trust policy pinned to the organization, workspace(s) (or project), optionally
 * project and run phase; its permissions (least privilege by default: the verified minimal EC2
 * policy); and the `TFC_AWS_*` variables that make HCP Terraform assume it. `pulumi preview`
 * shows the exact trust policy, permissions and variables.
 *
 * ```ts
 * // One workspace, one role:
 * new WorkspaceOidcFederation("app", { organization: "acme", workspace: "app-prod" });
 * // One role per workspace: a federation each; they share one OIDC provider automatically.
 * for (const ws of ["app-prod", "app-staging"]) new WorkspaceOidcFederation(ws, { organization: "acme", workspace: ws });
 * // Several workspaces, ONE shared role, through a variable set:
 * new WorkspaceOidcFederation("shared", { organization: "acme", workspaces: ["a", "b"] });
 * // Every workspace of a project, current and future:
 * new WorkspaceOidcFederation("team", { organization: "acme", projectScope: true, project: "Payments" });
 * ```
 *
 * The workspaces are looked up (or created) first: no AWS object is made for a workspace that does
 * not exist. Invalid argument combinations throw before anything is registered.
 */
export class WorkspaceOidcFederation extends pulumi.ComponentResource {
    /** ARN of the role runs assume (with `splitPhases`: the apply role). */
    readonly roleArn: pulumi.Output<string>;
    /** Name of that role. */
    readonly roleName: pulumi.Output<string>;
    /** With `splitPhases`: ARN of the plan role. */
    readonly planRoleArn?: pulumi.Output<string>;
    /** With `splitPhases`: ARN of the apply role. */
    readonly applyRoleArn?: pulumi.Output<string>;
    /**
     * ARN of the IAM OIDC provider the trust names. Known at preview, even before the shared provider
     * exists (derived from the AWS provider's account and partition and the host); an `oidcProviderArn`
     * given as an output is passed through as it is.
     */
    readonly oidcProviderArn: pulumi.Output<string>;
    /** Trust policy (JSON) of the role (with `splitPhases`: of the apply role; with `existingRoleArn`: the trust that role should have). */
    readonly trustPolicy: pulumi.Output<string>;
    /** With `splitPhases`: trust policy (JSON) of the plan role. */
    readonly planTrustPolicy?: pulumi.Output<string>;
    /** The built-in EC2 policy (JSON) of the role (with `splitPhases`: of the apply role), when `ec2Policy` is on. */
    readonly permissionsPolicy?: pulumi.Output<string>;
    /** With `splitPhases` and `ec2Policy`: the read-only EC2 policy (JSON) of the plan role. */
    readonly planPermissionsPolicy?: pulumi.Output<string>;
    /** With `workspace`: the workspace id (`ws-…`). */
    readonly workspaceId?: pulumi.Output<string>;
    /** The workspace ids, in the order given (one element with `workspace`; none with `projectScope`). */
    readonly workspaceIds: pulumi.Output<string[]>;
    /** With `workspaces` or `projectScope`: the variable set id (`varset-…`). */
    readonly variableSetId?: pulumi.Output<string>;
    /** With `projectScope`: the project id (`prj-…`). */
    readonly projectId?: pulumi.Output<string>;
    /** With `hyok`: ARN of the HYOK KMS key-user role. */
    readonly hyokRoleArn?: pulumi.Output<string>;
    /** With `hyok`: trust policy (JSON) of the HYOK role. */
    readonly hyokTrustPolicy?: pulumi.Output<string>;
    /** With `hyok`: id of the organization's AwsOidcConfiguration (`awsoidc-…`). */
    readonly oidcConfigurationId?: pulumi.Output<string>;
    /** With `verifyTrust`: the run URL of each workspace's check, in the order of `workspaceIds`. */
    readonly trustCheckRunUrls?: pulumi.Output<string[]>;
    /** The OIDC provider component this federation made or shares (undefined with `oidcProviderArn`, `useExistingOidcProvider` or `existingRoleArn`). */
    readonly oidcProvider?: HcpTerraformOidcProvider;

    constructor(name: string, args: WorkspaceOidcFederationArgs, opts?: pulumi.ComponentResourceOptions) {
        const prefix = `WorkspaceOidcFederation "${name}": `;
        // Its messages carry the prefix already.
        checkArgKinds("WorkspaceOidcFederation", name, args, AWS_ARG_KINDS);
        const awsProvider = awsProviderOf(opts);
        let p: AwsPlan;
        try {
            p = plan(name, args, awsProvider);
        } catch (err) {
            throw new Error(`${prefix}${err instanceof Error ? err.message : String(err)}`);
        }
        super(WORKSPACE_OIDC_FEDERATION_TYPE, name, {}, opts);

        const refs = buildWorkspaces(this, p.core);
        const aws = buildAwsSide(this, p, args, awsProvider, refs.lookups, prefix);
        const variables = federationVariables(p.core, aws.variables);
        const written = writeVariables(this, p.core, refs, variables, []);

        this.roleArn = aws.roleArn;
        this.roleName = aws.roleName;
        this.planRoleArn = aws.planRoleArn;
        this.applyRoleArn = aws.applyRoleArn;
        this.oidcProviderArn = aws.oidcProviderArn;
        this.trustPolicy = aws.trustPolicy;
        this.planTrustPolicy = aws.planTrustPolicy;
        this.permissionsPolicy = aws.permissionsPolicy;
        this.planPermissionsPolicy = aws.planPermissionsPolicy;
        this.hyokRoleArn = aws.hyokRoleArn;
        this.hyokTrustPolicy = aws.hyokTrustPolicy;
        this.oidcConfigurationId = aws.oidcConfigurationId;
        this.oidcProvider = aws.oidcProvider;
        this.workspaceIds = pulumi.all([...written.workspaceIds]);
        this.workspaceId = p.core.mode === "single" ? written.workspaceIds[0] : undefined;
        this.variableSetId = written.variableSetId;
        this.projectId = refs.project?.projectId;
        if (p.core.verifyTrust) {
            this.trustCheckRunUrls = verifyTrust(this, p.core, refs, written, variables, [aws.trustPolicy, aws.planTrustPolicy]);
        }
        // What is not already the state of a child: the trust and permission JSON are the role's
        // and policies' own inputs, so they are not registered twice.
        this.registerOutputs({
            roleArn: this.roleArn,
            workspaceIds: this.workspaceIds,
            variableSetId: this.variableSetId,
            oidcConfigurationId: this.oidcConfigurationId,
        });
    }
}
