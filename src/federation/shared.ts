// What the federations of one program share per cloud provider resource (GCP's workload identity
// pool and provider, Vault's JWT auth backend, the names claimed in one Vault): entries kept per
// provider (a `gcp.Provider`, a `vault.Provider`, or the default one), the provider that a
// component's options give its children, and the Pulumi name of a stack-level shared resource.
import type * as pulumi from "@pulumi/pulumi";
import { programMemo } from "./memo";

interface SharedMemo<E> {
    /** Provider resource -> key -> entry. */
    readonly byProvider: WeakMap<pulumi.ProviderResource, Map<string, E>>;
    /** The default provider's entries. */
    readonly byDefault: Map<string, E>;
}

/** The program's entries called `memoName` for `provider` (undefined: the default provider), made empty on first use. */
export function sharedEntries<E>(memoName: string, provider: pulumi.ProviderResource | undefined): Map<string, E> {
    const memo = programMemo<SharedMemo<E>>(memoName, () => ({ byProvider: new WeakMap(), byDefault: new Map() }));
    if (provider === undefined) return memo.byDefault;
    let entries = memo.byProvider.get(provider);
    if (entries === undefined) {
        entries = new Map();
        memo.byProvider.set(provider, entries);
    }
    return entries;
}

/**
 * The provider of package `pkg` ("gcp", "vault") that resources made with these options would use:
 * `provider`, or the `pkg` entry of `providers`, or the one inherited from `parent` (asked with
 * `typeToken`, a resource type of that package); undefined for the default provider. Shared
 * resources are made at stack level, so they get it explicitly.
 */
export function cloudProviderOf(opts: pulumi.ComponentResourceOptions | undefined, pkg: string, typeToken: string): pulumi.ProviderResource | undefined {
    // getPackage() exists at run time on every provider resource, but not in the SDK's typings.
    const ofPkg = (p: pulumi.ProviderResource | undefined) => (p !== undefined && (p as any).getPackage?.() === pkg ? p : undefined);
    const providers = opts?.providers;
    const listed = Array.isArray(providers) ? providers.find((p) => ofPkg(p)) : (providers as Record<string, pulumi.ProviderResource> | undefined)?.[pkg];
    return ofPkg(opts?.provider) ?? ofPkg(listed) ?? opts?.parent?.getProvider(typeToken);
}

/** `base`, with `-<provider's name>` when the provider is not the default one. */
export function sharedResourceName(base: string, provider: pulumi.ProviderResource | undefined): string {
    if (provider === undefined) return base;
    const providerName: unknown = (provider as any).__name;
    return `${base}-${typeof providerName === "string" ? providerName : "provider"}`;
}
