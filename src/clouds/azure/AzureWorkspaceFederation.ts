import * as pulumi from "@pulumi/pulumi";
import { buildWorkspaces, writeVariables } from "../../federation/build";
import { type CloudSpec, planCore } from "../../federation/plan";
import { programIdentity } from "../../federation/program";
import { claimWorkspaces } from "../../federation/registry";
import { federationVariables, type CloudVariable } from "../../federation/variables";
import { verifyTrust } from "../../federation/verify";
import { checkArgKinds } from "../../resources/args";
import { checkedArn as checkedInput } from "../aws/plan";
import { buildIdentities } from "./applications";
import { claimArmVariables } from "./armClaims";
import { AZURE_ARG_KINDS, type AzureWorkspaceFederationArgs } from "./args";
import { validateAzureSubscriptionId, validateAzureTenantId } from "./names";
import { type AzurePlan, hasRoleAssignments, planAzure } from "./plan";
import { requireAzureNative } from "./roleAssignments";
import { AZURE_DEFAULT_AUDIENCE, AZURE_STATIC_CREDENTIAL_KEYS, AZURE_VARIABLE_KEYS } from "./variables";

export type { AzureRoleAssignment, AzureWorkspaceFederationArgs } from "./args";

/** Component type token of {@link AzureWorkspaceFederation}. */
export const AZURE_WORKSPACE_FEDERATION_TYPE = "hcp-oidc-federation:index:AzureWorkspaceFederation";

/** What the core needs to know of Azure: Entra matches exact subjects, so each workspace's project name is read. */
export const AZURE_CLOUD: CloudSpec = {
    cloud: "azure",
    label: "Azure",
    component: "AzureWorkspaceFederation",
    identityNoun: "application",
    keys: AZURE_VARIABLE_KEYS,
    defaultAudience: AZURE_DEFAULT_AUDIENCE,
    staticCredentialKeys: AZURE_STATIC_CREDENTIAL_KEYS,
    needsProjectName: true,
};

/** Validates the arguments (core then Azure; the optional peer for roles) and claims the workspaces; throws on the first problem. */
function plan(name: string, args: AzureWorkspaceFederationArgs): AzurePlan {
    const core = planCore(AZURE_CLOUD, name, args, process.env, programIdentity());
    const azurePlan = planAzure(core, args);
    if (hasRoleAssignments(azurePlan)) requireAzureNative();
    claimWorkspaces(core);
    claimArmVariables(core);
    return azurePlan;
}

/**
 * Gives the runs of HCP Terraform workspaces Azure credentials by Entra ID workload identity
 * federation: an application and its service principal (two of each with `splitPhases`), one
 * federated identity credential per workspace and run phase whose subject is EXACTLY
 * `organization:<ORG>:project:<PROJECT>:workspace:<WS>:run_phase:<plan|apply>` (the project pinned
 * by `project`, or read from each workspace), the service principal's role assignments, and the
 * `TFC_AZURE_*` / `ARM_*` variables that make HCP Terraform use it.
 *
 * ```ts
 * new AzureWorkspaceFederation("app", { organization: "acme", workspace: "app-prod", tenantId, subscriptionId,
 *     roleAssignments: [{ scope: `/subscriptions/${subscriptionId}`, roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c` }] });
 * ```
 *
 * The workspaces are looked up (or created) first: no Azure object is made for a workspace that
 * does not exist. Invalid arguments throw before anything is registered.
 */
export class AzureWorkspaceFederation extends pulumi.ComponentResource {
    /** Client id of the application runs sign in as (with `splitPhases`: the apply one): the value of TFC_AZURE_RUN_CLIENT_ID. */
    readonly clientId: pulumi.Output<string>;
    /** With `splitPhases`: client id of the plan application. */
    readonly planClientId?: pulumi.Output<string>;
    /** With `splitPhases`: client id of the apply application. */
    readonly applyClientId?: pulumi.Output<string>;
    /** Resource id (`/applications/<object id>`) of the application made (with `splitPhases`: the apply one); undefined with `existingClientId`. */
    readonly applicationId?: pulumi.Output<string>;
    /** With `splitPhases`: resource id of the plan application. */
    readonly planApplicationId?: pulumi.Output<string>;
    /** With `splitPhases`: resource id of the apply application. */
    readonly applyApplicationId?: pulumi.Output<string>;
    /** Object id of the application made (with `splitPhases`: the apply one); undefined with `existingClientId`. */
    readonly applicationObjectId?: pulumi.Output<string>;
    /** Object id of the service principal (with `splitPhases`: the apply one), for your own role assignments; undefined with `existingClientId`. */
    readonly servicePrincipalObjectId?: pulumi.Output<string>;
    /** With `splitPhases`: object id of the plan service principal. */
    readonly planServicePrincipalObjectId?: pulumi.Output<string>;
    /** With `splitPhases`: object id of the apply service principal. */
    readonly applyServicePrincipalObjectId?: pulumi.Output<string>;
    /** The exact subjects trusted, workspace by workspace, plan before apply ([] with `projectScope`); with `existingClientId`, the ones your application needs. */
    readonly federatedSubjects: pulumi.Output<string[]>;
    /** With `projectScope`: the flexible credentials' claimsMatchingExpression, application by application. */
    readonly claimsMatchingExpressions?: pulumi.Output<string[]>;
    /** With `workspace`: the workspace id (`ws-…`). */
    readonly workspaceId?: pulumi.Output<string>;
    /** The workspace ids, in the order given (none with `projectScope`). */
    readonly workspaceIds: pulumi.Output<string[]>;
    /** With `workspaces` or `projectScope`: the variable set id (`varset-…`). */
    readonly variableSetId?: pulumi.Output<string>;
    /** With `projectScope`: the HCP Terraform project id (`prj-…`). */
    readonly projectId?: pulumi.Output<string>;
    /** With `verifyTrust`: the run URL of each workspace's check, in the order of `workspaceIds`. */
    readonly trustCheckRunUrls?: pulumi.Output<string[]>;

    constructor(name: string, args: AzureWorkspaceFederationArgs, opts?: pulumi.ComponentResourceOptions) {
        const prefix = `AzureWorkspaceFederation "${name}": `;
        // Its messages carry the prefix already.
        checkArgKinds("AzureWorkspaceFederation", name, args, AZURE_ARG_KINDS);
        let p: AzurePlan;
        try {
            p = plan(name, args);
        } catch (err) {
            throw new Error(`${prefix}${err instanceof Error ? err.message : String(err)}`);
        }
        super(AZURE_WORKSPACE_FEDERATION_TYPE, name, {}, opts);

        const refs = buildWorkspaces(this, p.core);
        const identities = buildIdentities(this, p, refs, prefix);
        const cloudVariables: CloudVariable[] = [
            ...identities.variables,
            { suffix: "subscription-id", key: AZURE_VARIABLE_KEYS.subscriptionId, value: checkedInput(prefix, "subscriptionId", p.subscriptionId, validateAzureSubscriptionId) },
            { suffix: "tenant-id", key: AZURE_VARIABLE_KEYS.tenantId, value: checkedInput(prefix, "tenantId", p.tenantId, validateAzureTenantId) },
        ];
        const variables = federationVariables(p.core, cloudVariables);
        const written = writeVariables(this, p.core, refs, variables, []);

        const last = <T>(list: T[]): T | undefined => list[list.length - 1];
        const ids = identities;
        this.clientId = last(ids.clientIds)!;
        this.applicationId = last(ids.applicationIds);
        this.applicationObjectId = last(ids.applicationObjectIds);
        this.servicePrincipalObjectId = last(ids.servicePrincipalObjectIds);
        if (p.core.splitPhases) {
            [this.planClientId, this.applyClientId] = ids.clientIds;
            [this.planApplicationId, this.applyApplicationId] = ids.applicationIds;
            [this.planServicePrincipalObjectId, this.applyServicePrincipalObjectId] = ids.servicePrincipalObjectIds;
        }
        this.federatedSubjects = pulumi.all(ids.subjects);
        this.claimsMatchingExpressions = p.core.mode === "project" ? pulumi.output(ids.expressions) : undefined;
        this.workspaceIds = pulumi.all([...written.workspaceIds]);
        this.workspaceId = p.core.mode === "single" ? written.workspaceIds[0] : undefined;
        this.variableSetId = written.variableSetId;
        this.projectId = refs.project?.projectId;
        if (p.core.verifyTrust) {
            // What decides the trust on Entra's side: each application's client id and the subjects (issuer and audience are in the variables' triggers).
            this.trustCheckRunUrls = verifyTrust(this, p.core, refs, written, variables, [pulumi.all(ids.clientIds), this.federatedSubjects]);
        }
        this.registerOutputs({
            clientId: this.clientId,
            servicePrincipalObjectId: this.servicePrincipalObjectId,
            federatedSubjects: this.federatedSubjects,
            workspaceIds: this.workspaceIds,
            variableSetId: this.variableSetId,
        });
    }
}
