import type * as pulumi from "@pulumi/pulumi";

/** A token of a GCP resource type, to ask a parent which GCP provider its children get. */
const GCP_TYPE = "gcp:iam/workloadIdentityPool:WorkloadIdentityPool";

/**
 * The GCP provider (a `gcp.Provider` resource) that resources made with these options would use:
 * `provider`, or the `gcp` entry of `providers`, or the one inherited from `parent`; undefined for
 * the default provider. The shared pool and provider are made at stack level, so they get it explicitly.
 */
export function gcpProviderOf(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ProviderResource | undefined {
    // getPackage() exists at run time on every provider resource, but not in the SDK's typings.
    const gcpOnly = (p: pulumi.ProviderResource | undefined) => (p !== undefined && (p as any).getPackage?.() === "gcp" ? p : undefined);
    const providers = opts?.providers;
    const listed = Array.isArray(providers) ? providers.find((p) => gcpOnly(p)) : (providers as Record<string, pulumi.ProviderResource> | undefined)?.gcp;
    return gcpOnly(opts?.provider) ?? gcpOnly(listed) ?? opts?.parent?.getProvider(GCP_TYPE);
}
