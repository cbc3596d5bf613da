import * as pulumi from "@pulumi/pulumi";
import type * as gcp from "@pulumi/gcp";
import { buildWorkspaces, writeVariables, type WorkspaceRefs } from "../../federation/build";
import { type CloudSpec, planCore } from "../../federation/plan";
import { programIdentity } from "../../federation/program";
import { claimWorkspaces } from "../../federation/registry";
import { federationVariables, type CloudVariable } from "../../federation/variables";
import { verifyTrust } from "../../federation/verify";
import { checkArgKinds } from "../../resources/args";
import { checkedArn as checkedInput } from "../aws/plan";
import { claimServiceAccountIds, checkServiceAccountIds } from "./accountClaims";
import { GCP_ARG_KINDS, type GcpWorkspaceFederationArgs } from "./args";
import { parseWorkloadProviderName } from "./names";
import { type GcpPlan, planGcp } from "./plan";
import { gcpProviderOf } from "./provider";
import { buildIdentities } from "./serviceAccounts";
import { checkSharedPool, sharedPool } from "./sharedPool";
import { gcpDefaultAudience } from "./trust";
import { GCP_DEFAULT_AUDIENCE_STANDIN, GCP_STATIC_CREDENTIAL_KEYS, GCP_VARIABLE_KEYS } from "./variables";

export type { GcpWorkspaceFederationArgs } from "./args";

/** Component type token of {@link GcpWorkspaceFederation}. */
export const GCP_WORKSPACE_FEDERATION_TYPE = "hcp-oidc-federation:index:GcpWorkspaceFederation";

/** What the core needs to know of GCP. */
export const GCP_CLOUD: CloudSpec = {
    cloud: "gcp",
    label: "GCP",
    component: "GcpWorkspaceFederation",
    identityNoun: "service account",
    keys: GCP_VARIABLE_KEYS,
    defaultAudience: GCP_DEFAULT_AUDIENCE_STANDIN,
    staticCredentialKeys: GCP_STATIC_CREDENTIAL_KEYS,
};

/** Validates the arguments (core then GCP, then the program's shared pool and ids) and claims the workspaces; throws on the first problem. */
function plan(name: string, args: GcpWorkspaceFederationArgs, gcpProvider: pulumi.ProviderResource | undefined): GcpPlan {
    const core = planCore(GCP_CLOUD, name, args, process.env, programIdentity());
    const gcpPlan = planGcp(core, args);
    if (gcpPlan.shared !== undefined) checkSharedPool(gcpPlan, gcpProvider);
    checkServiceAccountIds(gcpPlan);
    claimWorkspaces(core);
    claimServiceAccountIds(gcpPlan);
    return gcpPlan;
}

/** The provider runs exchange their tokens at: the shared one (made on first use), or `existingProviderName`. */
function workloadProvider(p: GcpPlan, gcpProvider: pulumi.ProviderResource | undefined, refs: WorkspaceRefs, prefix: string) {
    if (p.shared !== undefined) {
        const shared = sharedPool(p, gcpProvider, refs.lookups);
        return { shared, poolName: shared.pool.name, providerName: shared.provider.name };
    }
    const providerName = checkedInput(prefix, "existingProviderName", p.existingProviderName!, parseWorkloadProviderName);
    return { shared: undefined, poolName: providerName.apply((n) => parseWorkloadProviderName(n).poolName), providerName };
}

/**
 * Gives the runs of HCP Terraform workspaces GCP credentials by workload identity federation: a
 * workload identity pool and OIDC provider shared per (GCP project, host, organization) whose
 * condition admits only the organization, a service account (two with `splitPhases`) that only
 * the declared workspaces may impersonate, BY WORKSPACE ID (or the project by id), its project
 * roles, and the `TFC_GCP_*` variables that make HCP Terraform use it.
 *
 * ```ts
 * new GcpWorkspaceFederation("app", { organization: "acme", workspace: "app-prod", gcpProject: "acme-prod", projectRoles: ["roles/editor"] });
 * ```
 *
 * The workspaces are looked up (or created) first: no GCP object is made for a workspace that does
 * not exist. Invalid arguments throw before anything is registered.
 */
export class GcpWorkspaceFederation extends pulumi.ComponentResource {
    /** Email of the service account runs impersonate (with `splitPhases`: the apply one). */
    readonly serviceAccountEmail: pulumi.Output<string>;
    /** With `splitPhases`: email of the plan service account. */
    readonly planServiceAccountEmail?: pulumi.Output<string>;
    /** With `splitPhases`: email of the apply service account. */
    readonly applyServiceAccountEmail?: pulumi.Output<string>;
    /** `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<id>`: the value of TFC_GCP_WORKLOAD_PROVIDER_NAME. */
    readonly workloadProviderName: pulumi.Output<string>;
    /** `projects/<number>/locations/global/workloadIdentityPools/<pool>`: the pool the bindings name. */
    readonly poolName: pulumi.Output<string>;
    /** The token audience: `audience`, else GCP's default `//iam.googleapis.com/<provider name>`. */
    readonly audience: pulumi.Output<string>;
    /** The roles/iam.workloadIdentityUser members, service account by service account (principal sets by workspace or project id). */
    readonly workloadIdentityUserMembers: pulumi.Output<string[]>;
    /** With `workspace`: the workspace id (`ws-…`). */
    readonly workspaceId?: pulumi.Output<string>;
    /** The workspace ids, in the order given (one with `workspace`; none with `projectScope`). */
    readonly workspaceIds: pulumi.Output<string[]>;
    /** With `workspaces` or `projectScope`: the variable set id (`varset-…`). */
    readonly variableSetId?: pulumi.Output<string>;
    /** With `projectScope`: the HCP Terraform project id (`prj-…`). */
    readonly projectId?: pulumi.Output<string>;
    /** With `verifyTrust`: the run URL of each workspace's check, in the order of `workspaceIds`. */
    readonly trustCheckRunUrls?: pulumi.Output<string[]>;
    /** The shared pool this federation uses (undefined with `existingProviderName`); a stack-level resource. */
    readonly workloadIdentityPool?: gcp.iam.WorkloadIdentityPool;
    /** The shared provider this federation uses (undefined with `existingProviderName`); a stack-level resource. */
    readonly workloadIdentityPoolProvider?: gcp.iam.WorkloadIdentityPoolProvider;

    constructor(name: string, args: GcpWorkspaceFederationArgs, opts?: pulumi.ComponentResourceOptions) {
        const prefix = `GcpWorkspaceFederation "${name}": `;
        // Its messages carry the prefix already.
        checkArgKinds("GcpWorkspaceFederation", name, args, GCP_ARG_KINDS);
        const gcpProvider = gcpProviderOf(opts);
        let p: GcpPlan;
        try {
            p = plan(name, args, gcpProvider);
        } catch (err) {
            throw new Error(`${prefix}${err instanceof Error ? err.message : String(err)}`);
        }
        super(GCP_WORKSPACE_FEDERATION_TYPE, name, {}, opts);

        const refs = buildWorkspaces(this, p.core);
        const provider = workloadProvider(p, gcpProvider, refs, prefix);
        const identities = buildIdentities(this, p, refs, provider.poolName, prefix);
        const cloudVariables: CloudVariable[] = [
            {
                suffix: "workload-provider-name",
                key: GCP_VARIABLE_KEYS.workloadProviderName,
                value: provider.providerName,
                ...(provider.shared !== undefined ? { dependsOn: [provider.shared.provider] } : {}),
            },
            ...identities.variables,
        ];
        const variables = federationVariables(p.core, cloudVariables);
        const written = writeVariables(this, p.core, refs, variables, []);

        const emails = identities.emails;
        this.serviceAccountEmail = emails[emails.length - 1];
        if (emails.length === 2) {
            this.planServiceAccountEmail = emails[0];
            this.applyServiceAccountEmail = emails[1];
        }
        this.workloadProviderName = provider.providerName;
        this.poolName = provider.poolName;
        const custom = p.customAudience;
        this.audience =
            custom !== undefined
                ? pulumi.output(custom)
                : provider.providerName.apply((n) => {
                      const parts = parseWorkloadProviderName(n);
                      return gcpDefaultAudience(parts.projectNumber, parts.poolId, parts.providerId);
                  });
        this.workloadIdentityUserMembers = pulumi.all(identities.members);
        this.workspaceIds = pulumi.all([...written.workspaceIds]);
        this.workspaceId = p.core.mode === "single" ? written.workspaceIds[0] : undefined;
        this.variableSetId = written.variableSetId;
        this.projectId = refs.project?.projectId;
        this.workloadIdentityPool = provider.shared?.pool;
        this.workloadIdentityPoolProvider = provider.shared?.provider;
        if (p.core.verifyTrust) {
            // What decides the trust on GCP's side: the provider's mapping, condition and issuer (or the provider named), and the members.
            const providerTrust = p.shared !== undefined ? JSON.stringify(p.shared.provider) : provider.providerName;
            this.trustCheckRunUrls = verifyTrust(this, p.core, refs, written, variables, [providerTrust, this.workloadIdentityUserMembers]);
        }
        this.registerOutputs({
            serviceAccountEmail: this.serviceAccountEmail,
            workloadProviderName: this.workloadProviderName,
            audience: this.audience,
            workspaceIds: this.workspaceIds,
            variableSetId: this.variableSetId,
        });
    }
}
