import type * as pulumi from "@pulumi/pulumi";
import { cloudProviderOf } from "../../federation/shared";

/** A token of a GCP resource type, to ask a parent which GCP provider its children get. */
const GCP_TYPE = "gcp:iam/workloadIdentityPool:WorkloadIdentityPool";

/**
 * The GCP provider (a `gcp.Provider` resource) that resources made with these options would use:
 * `provider`, or the `gcp` entry of `providers`, or the one inherited from `parent`; undefined for
 * the default provider. The shared pool and provider are made at stack level, so they get it explicitly.
 */
export function gcpProviderOf(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ProviderResource | undefined {
    return cloudProviderOf(opts, "gcp", GCP_TYPE);
}
