import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { resolveHost } from "../../hcp/connection";
import { resetFederationRegistry } from "../../federation/registry";
import { AWS_DEFAULT_AUDIENCE, awsOidcProviderArn, validateAudience, validateHostname } from "../../policies";

/** Component type token of {@link HcpTerraformOidcProvider}. */
export const HCP_TERRAFORM_OIDC_PROVIDER_TYPE = "hcp-oidc-federation:index:HcpTerraformOidcProvider";

export interface HcpTerraformOidcProviderArgs {
    /**
     * HCP Terraform or Terraform Enterprise host whose tokens the provider trusts (the issuer is
     * `https://<host>`). Default: TFE_HOSTNAME / TFE_ADDRESS, else "app.terraform.io".
     */
    readonly hostname?: string;
    /**
     * Audiences (client ids) accepted from that issuer. Default ["aws.workload.identity"]. List every
     * audience the account's federations use: AWS allows only one provider per URL per account.
     */
    readonly audiences?: readonly string[];
    /** Optional CA thumbprints (40 hex digits each). Default: none (AWS does not need one for this issuer). */
    readonly thumbprints?: pulumi.Input<pulumi.Input<string>[]>;
    /** Tags for the IAM OIDC provider. Default: none. */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Error message prefix of this component. */
function providerError(name: string, message: string): Error {
    return new Error(`HcpTerraformOidcProvider "${name}": ${message}`);
}

/** The validated host of an `hostname` argument ("app.terraform.io" by default). */
export function resolveTrustHost(hostname: string | undefined, argument = "hostname"): string {
    let host: string;
    try {
        host = resolveHost(hostname).host;
    } catch (err) {
        throw new Error(`${argument}: ${(err as Error).message}. Fix the ${argument} (e.g. "app.terraform.io" or "tfe.example.com").`);
    }
    validateHostname(host);
    return host;
}

/**
 * The ARN AWS gives the provider, `arn:<partition>:iam::<account>:oidc-provider/<host>`, built from
 * the account and partition of the component's AWS provider. Those invokes run during `pulumi
 * preview`, so a trust policy naming this ARN is known (shown in full) even before the provider
 * exists. The value carries the provider resource's URN as a dependency, so whatever takes it as
 * an input is still created after the provider. When the invokes give no account id (mocks that
 * answer invokes with `{}`), it is the resource's own `arn` (unknown in a first preview).
 */
function previewKnownArn(component: pulumi.ComponentResource, provider: aws.iam.OpenIdConnectProvider, host: string): pulumi.Output<string> {
    const identity = aws.getCallerIdentityOutput({}, { parent: component });
    const partition = aws.getPartitionOutput({}, { parent: component });
    return pulumi
        .all([identity.accountId, partition.partition, provider.urn])
        .apply(([accountId, part]) => (accountId ? pulumi.output(awsOidcProviderArn(accountId, host, part || "aws")) : provider.arn));
}

/**
 * The account's IAM OIDC identity provider for an HCP Terraform / Terraform Enterprise issuer
 * (`aws.iam.OpenIdConnectProvider`, URL `https://<host>`, client ids = the audiences).
 *
 * AWS allows ONE provider per issuer URL per account. Every {@link WorkspaceOidcFederation} that
 * is not given `oidcProviderArn` shares one of these per (AWS provider, host) through
 * {@link sharedOidcProvider}, so many federations in one stack need no extra code. Create one
 * yourself when the account's federations need several audiences, or to manage the provider in
 * a stack of its own, and pass its `arn` as `oidcProviderArn`:
 *
 * ```ts
 * const provider = new HcpTerraformOidcProvider("hcp-terraform", { audiences: ["aws.workload.identity", "custom"] });
 * new WorkspaceOidcFederation("app", { organization: "acme", workspace: "app", oidcProviderArn: provider.arn });
 * ```
 */
export class HcpTerraformOidcProvider extends pulumi.ComponentResource {
    /**
     * ARN of the IAM OIDC provider, `arn:<partition>:iam::<account>:oidc-provider/<host>`: known at
     * preview (derived from the AWS provider's account and partition), and a dependency on the provider.
     */
    readonly arn: pulumi.Output<string>;
    /** The issuer URL, `https://<host>`. */
    readonly url: pulumi.Output<string>;
    /** The issuer host (condition key prefix of trust policies: `<host>:aud`, `<host>:sub`). */
    readonly host: string;
    /** The audiences the provider accepts. */
    readonly audiences: readonly string[];
    /** The `aws.iam.OpenIdConnectProvider` child. */
    readonly provider: aws.iam.OpenIdConnectProvider;

    constructor(name: string, args: HcpTerraformOidcProviderArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        let host: string;
        let audiences: string[];
        try {
            host = resolveTrustHost(args.hostname);
            const list = args.audiences ?? [AWS_DEFAULT_AUDIENCE];
            if (list.length === 0) {
                throw new Error(`audiences []: give at least one audience (the AWS default is "${AWS_DEFAULT_AUDIENCE}"). Fix the audiences.`);
            }
            audiences = list.map((a) => validateAudience(a));
            const dup = audiences.find((a, i) => audiences.indexOf(a) !== i);
            if (dup !== undefined) {
                throw new Error(`audiences lists ${JSON.stringify(dup)} twice. Fix the audiences: give each once.`);
            }
        } catch (err) {
            throw providerError(name, (err as Error).message);
        }
        super(HCP_TERRAFORM_OIDC_PROVIDER_TYPE, name, {}, opts);
        this.host = host;
        this.audiences = audiences;
        this.provider = new aws.iam.OpenIdConnectProvider(
            name,
            {
                url: `https://${host}`,
                clientIdLists: audiences,
                ...(args.thumbprints !== undefined ? { thumbprintLists: args.thumbprints } : {}),
                ...(args.tags !== undefined ? { tags: args.tags } : {}),
            },
            { parent: this },
        );
        this.arn = previewKnownArn(this, this.provider, host);
        this.url = this.provider.url;
        this.registerOutputs({ arn: this.arn, url: this.url, host: this.host, audiences: this.audiences });
    }
}

/** Options of {@link sharedOidcProvider}. */
export interface SharedOidcProviderOptions {
    /** The AWS provider (account) to create it with. Default: the default AWS provider. */
    readonly provider?: pulumi.ProviderResource;
}

interface SharedEntry {
    readonly component: HcpTerraformOidcProvider;
    readonly audience: string;
}

interface SharedMemo {
    /** AWS provider resource -> host -> entry. */
    readonly byProvider: WeakMap<pulumi.ProviderResource, Map<string, SharedEntry>>;
    /** host -> entry, for the default AWS provider. */
    readonly byDefault: Map<string, SharedEntry>;
}

const MEMO_KEY = Symbol.for("hcp-oidc-federation.sharedOidcProviders");

function memo(): SharedMemo {
    const g = globalThis as any;
    if (!g[MEMO_KEY]) {
        resetSharedOidcProviders();
    }
    return g[MEMO_KEY];
}

/**
 * Forgets every provider made by {@link sharedOidcProvider} and every federation registered on a
 * workspace (both are process-wide). For tests that run several programs in one process; a Pulumi
 * program never needs it.
 */
export function resetSharedOidcProviders(): void {
    (globalThis as any)[MEMO_KEY] = { byProvider: new WeakMap(), byDefault: new Map() } satisfies SharedMemo;
    resetFederationRegistry();
}

function entriesFor(provider: pulumi.ProviderResource | undefined): Map<string, SharedEntry> {
    const m = memo();
    if (provider === undefined) {
        return m.byDefault;
    }
    let entries = m.byProvider.get(provider);
    if (!entries) {
        entries = new Map();
        m.byProvider.set(provider, entries);
    }
    return entries;
}

/** Stack-level resource name of the shared provider for a host (and a non-default AWS provider). */
export function sharedOidcProviderName(host: string, provider?: pulumi.ProviderResource): string {
    const base = `hcp-terraform-oidc-${host.replace(/[^A-Za-z0-9.-]/g, "-")}`;
    if (provider === undefined) {
        return base;
    }
    const providerName: unknown = (provider as any).__name;
    return `${base}-${typeof providerName === "string" ? providerName : "provider"}`;
}

/** The message of a second audience for a host whose shared provider already has another one. */
function audienceConflict(host: string, existing: string, wanted: string): string {
    return (
        `the shared OIDC provider for "${host}" already accepts audience ${JSON.stringify(existing)}, and AWS allows only one ` +
        `provider per URL per account, so audience ${JSON.stringify(wanted)} cannot get its own. Fix: create one ` +
        `HcpTerraformOidcProvider with audiences [${JSON.stringify(existing)}, ${JSON.stringify(wanted)}] and pass its arn as ` +
        `oidcProviderArn to each WorkspaceOidcFederation of that host.`
    );
}

/**
 * Throws (creating nothing) when {@link sharedOidcProvider} would refuse this host and audience.
 * Returns whether a provider already exists for them.
 */
export function checkSharedOidcProvider(host: string, audience: string, opts: SharedOidcProviderOptions = {}): boolean {
    const existing = entriesFor(opts.provider).get(host);
    if (existing && existing.audience !== audience) {
        throw new Error(audienceConflict(host, existing.audience, audience));
    }
    return existing !== undefined;
}

/**
 * The one {@link HcpTerraformOidcProvider} of this stack for `host` and the AWS provider in
 * `opts.provider` (default provider when absent), created on first use and returned on every
 * later call. It is made at stack level (no parent), so deleting a federation that first asked
 * for it never deletes it while other federations still use it.
 *
 * A second audience for the same host and AWS provider throws: AWS allows one provider per URL
 * per account. Then create an `HcpTerraformOidcProvider` with every audience and pass its `arn` as
 * `oidcProviderArn` instead.
 */
export function sharedOidcProvider(
    hostname: string,
    audience: string = AWS_DEFAULT_AUDIENCE,
    opts: SharedOidcProviderOptions = {},
): HcpTerraformOidcProvider {
    const host = resolveTrustHost(hostname);
    validateAudience(audience);
    const entries = entriesFor(opts.provider);
    checkSharedOidcProvider(host, audience, opts);
    const existing = entries.get(host);
    if (existing) {
        return existing.component;
    }
    const component = new HcpTerraformOidcProvider(
        sharedOidcProviderName(host, opts.provider),
        { hostname: host, audiences: [audience] },
        opts.provider ? { provider: opts.provider } : {},
    );
    entries.set(host, { component, audience });
    return component;
}
