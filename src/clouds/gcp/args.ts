// The arguments of GcpWorkspaceFederation: the core's, and GCP's own.
import type * as pulumi from "@pulumi/pulumi";
import { FEDERATION_ARG_KINDS, type FederationArgs } from "../../federation/args";
import type { ArgKind } from "../../resources/args";

/**
 * Arguments of {@link GcpWorkspaceFederation}: the core's (which workspaces, where, how) and the
 * GCP side's (the project, the workload identity pool and provider, the service account(s) and
 * their project roles).
 */
export interface GcpWorkspaceFederationArgs extends FederationArgs {
    /** GCP project ID (not its number or name) holding the pool, the provider, the service account(s) and the role grants. Required. */
    readonly gcpProject: string;
    /**
     * ID of the workload identity pool shared by every federation of this organization and host in
     * `gcpProject` (4 to 32 of `[a-z0-9-]`, not starting with `gcp-`). Default: `tfc-<organization>`
     * (shortened, with a hash, when it is not a valid ID as it is, or the host is not app.terraform.io).
     */
    readonly poolId?: string;
    /** ID of the pool's OIDC provider (same rules as `poolId`). Default: `tfc-<host>` (e.g. `tfc-app-terraform-io`). */
    readonly providerId?: string;
    /**
     * Use this existing workload identity pool provider (`projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<id>`,
     * e.g. another stack's output) instead of the shared pool and provider: no pool or provider is made, and
     * the bindings name its pool. It must map `attribute.terraform_workspace_id` (and, with `splitPhases`,
     * `attribute.workspace_id_run_phase`), as this package's provider does. Default: the shared pool and provider.
     */
    readonly existingProviderName?: pulumi.Input<string>;
    /**
     * ID of the service account runs impersonate (6 to 30 characters; with `splitPhases`, `<id>-plan` and `<id>-apply`).
     * Default: `tfc-<workspace>` (one workspace) or `tfc-<component name>` (a list or projectScope), shortened with a hash when needed.
     */
    readonly serviceAccountId?: string;
    /** Use this existing service account (its email) instead of making one: only its bindings (and `projectRoles`) are made. Not with `splitPhases`. Default: none. */
    readonly existingServiceAccountEmail?: pulumi.Input<string>;
    /** IAM roles granted to the service account on `gcpProject` (`roles/<name>`, or a custom role's name); with `splitPhases`, to the apply service account. Default: none. */
    readonly projectRoles?: readonly pulumi.Input<string>[];
    /** With `splitPhases`: IAM roles granted to the plan service account on `gcpProject` (keep them read-only, e.g. `roles/viewer`). Default: none. */
    readonly planProjectRoles?: readonly pulumi.Input<string>[];
}

/** The runtime kind of every argument of GcpWorkspaceFederation. */
export const GCP_ARG_KINDS: Readonly<Record<keyof GcpWorkspaceFederationArgs, ArgKind>> = {
    ...FEDERATION_ARG_KINDS,
    gcpProject: "string",
    poolId: "string",
    providerId: "string",
    existingProviderName: "string",
    serviceAccountId: "string",
    existingServiceAccountEmail: "string",
    projectRoles: "string[]",
    planProjectRoles: "string[]",
};
