/**
 * GCP workload identity federation for HCP Terraform run tokens (multicloud.md §3).
 *
 * One pool + OIDC provider per (GCP project, host, organization). The provider maps the token's
 * `terraform_*` claims to attributes and admits ONLY the organization (its `attributeCondition`);
 * each service account then grants `roles/iam.workloadIdentityUser` to the declared workspaces by
 * WORKSPACE ID (or to one project by project id), never to the whole pool, so renames change
 * nothing and a re-created workspace (new id) is not admitted. `google.subject` is mapped from ids
 * (`<ws-id>:<phase>`, about 25 bytes) so it stays under GCP's 127-byte limit for any names, unlike
 * `assertion.sub`. With `splitPhases`, composite `<id>:<phase>` attributes bind each phase.
 *
 * The builders return the argument objects of `gcp.iam.WorkloadIdentityPool` and
 * `gcp.iam.WorkloadIdentityPoolProvider`, and the members of the `gcp.serviceaccount.IAMMember`s.
 */
import { validateAudience, validateOrganizationName } from "../../policies/names";
import { validateOrganizationId } from "../../policies/hcpIds";
import { issuerUrl } from "../issuer";
import {
    validateGcpProjectId,
    validateGcpProjectNumber,
    validateWorkloadIdentityDisplayName,
    validateWorkloadIdentityPoolId,
    validateWorkloadIdentityPoolProviderId,
} from "./names";

/** The token claims mapped one to one as `attribute.<claim>` (HashiCorp's example mapping). */
export const GCP_MAPPED_CLAIMS: readonly string[] = Object.freeze([
    "terraform_organization_id",
    "terraform_organization_name",
    "terraform_project_id",
    "terraform_project_name",
    "terraform_workspace_id",
    "terraform_workspace_name",
    "terraform_full_workspace",
    "terraform_run_phase",
    "terraform_run_id",
]);

/** The attribute names bindings use (principal sets `…/attribute.<name>/<value>`). */
export const GCP_ATTRIBUTES = Object.freeze({
    /** The workspace id, `ws-…`. */
    workspaceId: "terraform_workspace_id",
    /** The project id, `prj-…`. */
    projectId: "terraform_project_id",
    /** Composite `<ws-id>:<plan|apply>`: binds one workspace in one phase. */
    workspaceRunPhase: "workspace_id_run_phase",
    /** Composite `<prj-id>:<plan|apply>`: binds one project in one phase. */
    projectRunPhase: "project_id_run_phase",
} as const);

/** `google.subject`: `<ws-id>:<phase>`, at most about 25 bytes whatever the names (the limit is 127). */
export const GCP_SUBJECT_MAPPING = 'assertion.terraform_workspace_id + ":" + assertion.terraform_run_phase';

/** The provider's attribute mapping: google.subject from ids, `attribute.aud`, every `terraform_*` claim, and the two composites. */
export function gcpAttributeMapping(): { [key: string]: string } {
    const mapping: { [key: string]: string } = { "google.subject": GCP_SUBJECT_MAPPING, "attribute.aud": "assertion.aud" };
    for (const claim of GCP_MAPPED_CLAIMS) mapping[`attribute.${claim}`] = `assertion.${claim}`;
    mapping[`attribute.${GCP_ATTRIBUTES.workspaceRunPhase}`] = 'assertion.terraform_workspace_id + ":" + assertion.terraform_run_phase';
    mapping[`attribute.${GCP_ATTRIBUTES.projectRunPhase}`] = 'assertion.terraform_project_id + ":" + assertion.terraform_run_phase';
    return mapping;
}

/** Which organization the provider admits: by name (API casing), or by id when `organizationId` is given (survives renames). */
export interface GcpOrganizationArgs {
    /** HCP Terraform organization name, with the casing the API returns. */
    readonly organization: string;
    /** The organization's id (`org-…`, the `terraform_organization_id` claim): pins the id instead of the name. */
    readonly organizationId?: string;
}

/**
 * The provider's `attributeCondition`: `assertion.terraform_organization_name == "<ORG>"`, or with
 * `organizationId`, `assertion.terraform_organization_id == "<org-id>"`. The literal is a validated
 * name or id (letters, digits, `-`, `_`), so it needs no escaping inside the CEL string.
 */
export function gcpAttributeCondition(args: GcpOrganizationArgs): string {
    const organization = validateOrganizationName(args.organization);
    if (args.organizationId !== undefined) return `assertion.terraform_organization_id == "${validateOrganizationId(args.organizationId)}"`;
    return `assertion.terraform_organization_name == "${organization}"`;
}

/** `projects/<NUMBER>/locations/global/workloadIdentityPools/<POOL_ID>` (the pool's `name`). */
export function gcpWorkloadIdentityPoolName(projectNumber: string, poolId: string): string {
    return `projects/${validateGcpProjectNumber(projectNumber)}/locations/global/workloadIdentityPools/${validateWorkloadIdentityPoolId(poolId)}`;
}

/** `projects/<NUMBER>/locations/global/workloadIdentityPools/<POOL_ID>/providers/<PROVIDER_ID>`: the value of `TFC_GCP_WORKLOAD_PROVIDER_NAME`. */
export function gcpWorkloadProviderName(projectNumber: string, poolId: string, providerId: string): string {
    return `${gcpWorkloadIdentityPoolName(projectNumber, poolId)}/providers/${validateWorkloadIdentityPoolProviderId(providerId)}`;
}

/** The audience HCP Terraform uses by default: `//iam.googleapis.com/<provider name>` (GCP accepts it with no allowedAudiences). */
export function gcpDefaultAudience(projectNumber: string, poolId: string, providerId: string): string {
    return `//iam.googleapis.com/${gcpWorkloadProviderName(projectNumber, poolId, providerId)}`;
}

/** Arguments of {@link gcpWorkloadIdentityPool}. */
export interface GcpWorkloadIdentityPoolArgs {
    /** The pool id (4 to 32 of `[a-z0-9-]`, no `gcp-` prefix). Deleted pools keep their id for 30 days: keep it stable. */
    readonly workloadIdentityPoolId: string;
    /** At most 32 characters. Default: none. */
    readonly displayName?: string;
    /** GCP project id of the pool. Default: the provider's project. */
    readonly project?: string;
}

/** The arguments of `gcp.iam.WorkloadIdentityPool` (validated; absent options are left out). */
export function gcpWorkloadIdentityPool(args: GcpWorkloadIdentityPoolArgs): GcpWorkloadIdentityPoolArgs {
    return {
        workloadIdentityPoolId: validateWorkloadIdentityPoolId(args.workloadIdentityPoolId),
        ...(args.displayName !== undefined ? { displayName: validateWorkloadIdentityDisplayName(args.displayName) } : {}),
        ...(args.project !== undefined ? { project: validateGcpProjectId(args.project) } : {}),
    };
}

/** Arguments of {@link gcpWorkloadIdentityPoolProvider}. */
export interface GcpWorkloadIdentityPoolProviderArgs extends GcpOrganizationArgs {
    /** The pool's id. */
    readonly workloadIdentityPoolId: string;
    /** The provider's id (4 to 32 of `[a-z0-9-]`, no `gcp-` prefix). */
    readonly workloadIdentityPoolProviderId: string;
    /** HCP Terraform / Terraform Enterprise host; default app.terraform.io. */
    readonly hostname?: string;
    /** A custom token audience (then `TFC_GCP_WORKLOAD_IDENTITY_AUDIENCE` too); it becomes the only allowed audience. Default: the provider name form. */
    readonly audience?: string;
    /** At most 32 characters. Default: none. */
    readonly displayName?: string;
    /** GCP project id of the pool. Default: the provider's project. */
    readonly project?: string;
}

/** The arguments of `gcp.iam.WorkloadIdentityPoolProvider`. */
export interface GcpWorkloadIdentityPoolProvider {
    readonly workloadIdentityPoolId: string;
    readonly workloadIdentityPoolProviderId: string;
    readonly displayName?: string;
    readonly project?: string;
    readonly attributeMapping: { [key: string]: string };
    readonly attributeCondition: string;
    /** `issuerUri` `https://<host>`; `allowedAudiences` only for a custom audience. */
    readonly oidc: { readonly issuerUri: string; readonly allowedAudiences?: string[] };
}

/** The OIDC provider admitting the organization's run tokens (see the module comment). */
export function gcpWorkloadIdentityPoolProvider(args: GcpWorkloadIdentityPoolProviderArgs): GcpWorkloadIdentityPoolProvider {
    const condition = gcpAttributeCondition(args);
    const poolId = validateWorkloadIdentityPoolId(args.workloadIdentityPoolId);
    const providerId = validateWorkloadIdentityPoolProviderId(args.workloadIdentityPoolProviderId);
    const issuerUri = issuerUrl(args.hostname);
    const audience = args.audience === undefined ? undefined : validateAudience(args.audience);
    return {
        workloadIdentityPoolId: poolId,
        workloadIdentityPoolProviderId: providerId,
        ...(args.displayName !== undefined ? { displayName: validateWorkloadIdentityDisplayName(args.displayName) } : {}),
        ...(args.project !== undefined ? { project: validateGcpProjectId(args.project) } : {}),
        attributeMapping: gcpAttributeMapping(),
        attributeCondition: condition,
        oidc: audience === undefined ? { issuerUri } : { issuerUri, allowedAudiences: [audience] },
    };
}
