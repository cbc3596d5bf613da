// A GCP workload identity federation evaluator (STS token exchange, then the service account's
// roles/iam.workloadIdentityUser check), independent of src/. It evaluates the provider's
// attributeMapping and attributeCondition with a REAL CEL implementation (@bufbuild/cel):
// 1. `iss` must equal `oidc.issuerUri` exactly;
// 2. `aud` must be one of `oidc.allowedAudiences`, or with none, one of the provider's canonical
//    names `//iam.googleapis.com/<provider name>` and `https://iam.googleapis.com/<provider name>`;
// 3. every mapping is evaluated over `assertion` (the token's claims) and must give a string
//    (a failed mapping fails the exchange: fail-closed); `google.subject` is required and at most
//    127 bytes ("size of mapped attribute google.subject exceeds the 127 bytes limit");
// 4. the condition, if any, is evaluated over `assertion`, `google` and `attribute` and must be true;
// 5. a member admits the federated identity when it is `principal://…/<pool>/subject/<subject>`,
//    `principalSet://…/<pool>/attribute.<name>/<value>` with that attribute equal to the value
//    (exact, case-sensitive), or `principalSet://…/<pool>/*`; for the pool of the provider only.
// Other member forms throw.
import { celEnv, isCelError, parse, plan, type CelInput, type CelResult } from "@bufbuild/cel";

export interface GcpProviderConfig {
    attributeMapping: { readonly [key: string]: string };
    attributeCondition?: string;
    oidc: { issuerUri: string; allowedAudiences?: readonly string[] };
}

/** The identity STS federates a token into. */
export interface GcpFederatedIdentity {
    poolName: string;
    subject: string;
    attributes: { [name: string]: string };
}

export type GcpDecision = { allowed: true; reason: string; identity: GcpFederatedIdentity } | { allowed: false; reason: string };

const SUBJECT_LIMIT_BYTES = 127;
const IAM = "iam.googleapis.com/";

type Program = (bindings: Record<string, CelInput>) => CelResult;
const programs = new Map<string, Program>(); // parsed and planned once per expression

/** Evaluates a CEL expression (parsed and planned once, then cached). */
function cel(expression: string, bindings: Record<string, CelInput>): { value?: unknown; error?: string } {
    let program = programs.get(expression);
    if (program === undefined) {
        try {
            program = plan(celEnv(), parse(expression)) as Program;
        } catch (err) {
            return { error: `does not parse: ${(err as Error).message}` };
        }
        programs.set(expression, program);
    }
    const out = program(bindings);
    if (isCelError(out)) return { error: out.message };
    return { value: out };
}

/** STS: exchange a token at the provider `providerName` (`projects/<N>/locations/global/workloadIdentityPools/<P>/providers/<ID>`). */
export function gcpExchange(provider: GcpProviderConfig, providerName: string, token: { [claim: string]: string }): GcpDecision {
    const m = /^(projects\/[0-9]+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]+)\/providers\/[a-z0-9-]+$/.exec(providerName);
    if (!m) throw new Error(`not a provider name: ${providerName}`);
    if (token.iss !== provider.oidc.issuerUri) return { allowed: false, reason: `issuer ${JSON.stringify(token.iss)} is not ${JSON.stringify(provider.oidc.issuerUri)}` };
    const allowed = provider.oidc.allowedAudiences?.length ? provider.oidc.allowedAudiences : [`//${IAM}${providerName}`, `https://${IAM}${providerName}`];
    if (!allowed.includes(token.aud)) return { allowed: false, reason: `audience ${JSON.stringify(token.aud)} is not allowed` };
    const assertion: Record<string, CelInput> = { ...token };
    let subject: string | undefined;
    const attributes: { [name: string]: string } = {};
    for (const [key, expression] of Object.entries(provider.attributeMapping)) {
        const { value, error } = cel(expression, { assertion });
        if (error !== undefined || typeof value !== "string") return { allowed: false, reason: `mapping ${key} failed: ${error ?? `not a string (${typeof value})`}` };
        if (key === "google.subject") subject = value;
        else if (key.startsWith("attribute.")) attributes[key.slice("attribute.".length)] = value;
        else throw new Error(`unsupported mapping key ${key}`);
    }
    if (subject === undefined) return { allowed: false, reason: "google.subject is not mapped" };
    const bytes = Buffer.byteLength(subject, "utf8");
    if (bytes > SUBJECT_LIMIT_BYTES) return { allowed: false, reason: `size of mapped attribute google.subject exceeds the 127 bytes limit (${bytes})` };
    if (provider.attributeCondition !== undefined) {
        const { value, error } = cel(provider.attributeCondition, { assertion, google: { subject }, attribute: attributes });
        if (value !== true) return { allowed: false, reason: `the attribute condition is ${error !== undefined ? `an error (${error})` : String(value)}` };
    }
    return { allowed: true, reason: "federated", identity: { poolName: m[1], subject, attributes } };
}

const MEMBER = /^(principal|principalSet):\/\/iam\.googleapis\.com\/(projects\/[^/]+\/locations\/global\/workloadIdentityPools\/[^/]+)\/(.+)$/;

/** Does IAM member `member` denote this federated identity? (Members of other kinds or pools: no.) */
export function gcpMemberAdmits(member: string, identity: GcpFederatedIdentity): boolean {
    const m = MEMBER.exec(member);
    if (!m) return false; // serviceAccount:, user:, … never denote a federated identity
    const [, kind, pool, rest] = m;
    if (pool !== identity.poolName) return false;
    if (kind === "principal" && rest.startsWith("subject/")) return rest.slice("subject/".length) === identity.subject;
    if (kind === "principalSet" && rest === "*") return true;
    const attr = /^attribute\.([a-z0-9_]+)\/(.+)$/.exec(rest);
    if (kind === "principalSet" && attr) return Object.prototype.hasOwnProperty.call(identity.attributes, attr[1]) && identity.attributes[attr[1]] === attr[2];
    throw new Error(`unsupported member ${member}`);
}

/** Exchange the token, then check the service account's workloadIdentityUser members. */
export function gcpCanImpersonate(provider: GcpProviderConfig, providerName: string, members: readonly string[], token: { [claim: string]: string }): GcpDecision {
    const exchanged = gcpExchange(provider, providerName, token);
    if (!exchanged.allowed) return exchanged;
    const i = members.findIndex((m) => gcpMemberAdmits(m, exchanged.identity));
    if (i === -1) return { allowed: false, reason: `no roles/iam.workloadIdentityUser member admits ${JSON.stringify(exchanged.identity.attributes)}` };
    return { allowed: true, reason: `member[${i}] admits`, identity: exchanged.identity };
}
