/**
 * The workload identity pool and OIDC provider shared by every GcpWorkspaceFederation of one
 * (GCP provider, GCP project, host, organization), made once per program at STACK level (no
 * parent), like the AWS account's shared OIDC provider: deleting the federation that first asked
 * for them never deletes them while others use them.
 *
 * GCP soft-deletes a pool or provider for 30 days and keeps its id taken meanwhile, so a delete
 * followed by a create of the same id fails. Hence:
 * - every input is derived from the project, host, organization, audience and ids only, so an
 *   unrelated change (a workspace added, a tag, a role) never touches them; the ids and project are
 *   in their resource names, so another id is another resource, never a replacement in place;
 * - `retainOnDelete`: when the last federation leaves the program they stay in GCP, active (not
 *   soft-deleted), to be used again with `existingProviderName` or `pulumi import`.
 * A second federation asking for the same pool with other settings fails at construction.
 */
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import { sharedEntries, sharedResourceName } from "../../federation/shared";
import type { GcpPlan, GcpSharedPoolPlan } from "./plan";

/** The shared objects of one (project, host, organization). */
export interface GcpSharedPool {
    readonly pool: gcp.iam.WorkloadIdentityPool;
    readonly provider: gcp.iam.WorkloadIdentityPoolProvider;
}

interface PoolEntry {
    /** The federation that first asked for it, for messages. */
    readonly federation: string;
    readonly organization: string;
    readonly plan: GcpSharedPoolPlan;
    readonly customAudience?: string;
    made?: GcpSharedPool;
}

function entriesFor(gcpProvider: pulumi.ProviderResource | undefined): Map<string, PoolEntry> {
    // Keys: the scope, and the pool id in its project.
    return sharedEntries<PoolEntry>("gcpSharedPools", gcpProvider);
}

function scopeKey(plan: GcpPlan): string {
    return `scope ${plan.gcpProject} ${plan.core.site.host} ${plan.core.organization.toLowerCase()}`;
}

function poolKey(project: string, poolId: string): string {
    return `pool ${project} ${poolId}`;
}

function audienceText(audience: string | undefined): string {
    return audience === undefined ? "the default audience (the provider's own name)" : `audience ${JSON.stringify(audience)}`;
}

/** Throws (creating nothing) when the shared pool of this plan exists with other settings, or its pool id is another organization's. */
export function checkSharedPool(plan: GcpPlan, gcpProvider: pulumi.ProviderResource | undefined): void {
    const shared = plan.shared!;
    const entries = entriesFor(gcpProvider);
    const poolId = shared.pool.workloadIdentityPoolId;
    const providerId = shared.provider.workloadIdentityPoolProviderId;
    const where = `organization "${plan.core.organization}" on ${shared.provider.oidc.issuerUri} in GCP project "${plan.gcpProject}"`;
    const existing = entries.get(scopeKey(plan));
    if (existing === undefined) {
        const owner = entries.get(poolKey(plan.gcpProject, poolId));
        if (owner !== undefined) {
            throw new Error(
                `poolId "${poolId}" in GCP project "${plan.gcpProject}" is already the pool of organization "${owner.organization}" on ` +
                    `${owner.plan.provider.oidc.issuerUri} (GcpWorkspaceFederation "${owner.federation}"), and a pool's provider admits one organization. ` +
                    `Fix: give this federation another poolId, or omit poolId for the default.`,
            );
        }
        return;
    }
    const by = `(GcpWorkspaceFederation "${existing.federation}")`;
    if (existing.organization !== plan.core.organization) {
        throw new Error(
            `the shared workload identity pool of ${where} admits the organization spelled "${existing.organization}" ${by}, and its condition ` +
                `compares the name exactly. Fix: spell organization the same way in every federation, as HCP Terraform stores it.`,
        );
    }
    const had = existing.plan;
    if (had.pool.workloadIdentityPoolId !== poolId || had.provider.workloadIdentityPoolProviderId !== providerId) {
        throw new Error(
            `the workload identity pool of ${where} is already "${had.pool.workloadIdentityPoolId}" with provider ` +
                `"${had.provider.workloadIdentityPoolProviderId}" ${by}, not "${poolId}" with "${providerId}": the federations of one organization, ` +
                `host and project share one pool and provider. Fix: give every such federation the same poolId and providerId (or none), ` +
                `or set existingProviderName to use a provider made elsewhere.`,
        );
    }
    if (existing.customAudience !== plan.customAudience) {
        throw new Error(
            `the shared workload identity provider of ${where} allows ${audienceText(existing.customAudience)} ${by}, not ` +
                `${audienceText(plan.customAudience)}: the federations of one organization, host and project share one provider. Fix: give ` +
                `every such federation the same audience, or make a provider of your own that allows both and pass its name as existingProviderName.`,
        );
    }
}

/** The Pulumi name of a shared object: its kind, project and ids, and the GCP provider's name when it is not the default. */
function resourceName(kind: string, plan: GcpSharedPoolPlan, gcpProvider: pulumi.ProviderResource | undefined): string {
    const ids = kind === "pool" ? plan.pool.workloadIdentityPoolId : `${plan.pool.workloadIdentityPoolId}-${plan.provider.workloadIdentityPoolProviderId}`;
    return sharedResourceName(`hcp-terraform-${kind}-${plan.pool.project}-${ids}`, gcpProvider);
}

/** At most 256 characters (GCP's limit); never changes for one pool. */
function description(organization: string, issuer: string): string {
    const text = `HCP Terraform runs of organization ${organization} on ${issuer} (hcp-oidc-federation)`;
    return text.length <= 256 ? text : "HCP Terraform runs (hcp-oidc-federation)";
}

/**
 * The shared pool and provider of `plan` (see the module comment), made on first use, waiting for
 * `dependsOn` (the first federation's workspace look-ups). Call {@link checkSharedPool} first.
 */
export function sharedPool(plan: GcpPlan, gcpProvider: pulumi.ProviderResource | undefined, dependsOn: readonly pulumi.Resource[]): GcpSharedPool {
    checkSharedPool(plan, gcpProvider);
    const entries = entriesFor(gcpProvider);
    const found = entries.get(scopeKey(plan));
    if (found?.made !== undefined) return found.made;
    const shared = plan.shared!;
    const opts: pulumi.CustomResourceOptions = { ...(gcpProvider ? { provider: gcpProvider } : {}), retainOnDelete: true, dependsOn: [...dependsOn] };
    const text = description(plan.core.organization, shared.provider.oidc.issuerUri);
    const pool = new gcp.iam.WorkloadIdentityPool(resourceName("pool", shared, gcpProvider), { ...shared.pool, description: text }, opts);
    const { workloadIdentityPoolId: _id, ...providerArgs } = shared.provider;
    const provider = new gcp.iam.WorkloadIdentityPoolProvider(
        resourceName("provider", shared, gcpProvider),
        { ...providerArgs, workloadIdentityPoolId: pool.workloadIdentityPoolId, description: text },
        opts,
    );
    const entry: PoolEntry = {
        federation: plan.core.name,
        organization: plan.core.organization,
        plan: shared,
        ...(plan.customAudience !== undefined ? { customAudience: plan.customAudience } : {}),
        made: { pool, provider },
    };
    entries.set(scopeKey(plan), entry);
    entries.set(poolKey(plan.gcpProject, shared.pool.workloadIdentityPoolId), entry);
    return entry.made!;
}
