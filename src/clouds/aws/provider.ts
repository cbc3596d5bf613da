import type * as pulumi from "@pulumi/pulumi";

/** The AWS provider a resource made with these options would use (explicit, in `providers`, or inherited). */
export function awsProviderOf(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ProviderResource | undefined {
    if (!opts) return undefined;
    // getPackage() is public at run time but not in the SDK's typings.
    const isAws = (p: pulumi.ProviderResource | undefined) => p !== undefined && (p as any).getPackage?.() === "aws";
    if (isAws(opts.provider)) return opts.provider;
    const providers = opts.providers;
    if (Array.isArray(providers)) {
        const found = providers.find((p) => isAws(p));
        if (found) return found;
    } else if (providers && typeof providers === "object") {
        const p = (providers as Record<string, pulumi.ProviderResource>).aws;
        if (p) return p;
    }
    return opts.parent?.getProvider("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
}
