/**
 * A small, honest evaluator of IAM trust policies against a workload identity token, for tests and
 * for the CLI `check`. It implements exactly:
 *
 * - `StringEquals`, `StringLike`, `StringNotEquals`, `StringNotLike`, each optionally `…IfExists`;
 *   values are case-sensitive; several values for one key are ORed; keys and operators are ANDed;
 *   condition key names are case-insensitive (as in IAM).
 * - `StringLike` globs: `*` matches any sequence of characters including the empty one, `?` exactly
 *   one character; everything else matches itself.
 * - In a `2012-10-17` policy, `${*}`, `${?}` and `${$}` stand for the literal characters; any other
 *   policy variable is refused (thrown) rather than guessed.
 * - Principal `"*"` or `{ Federated }` naming the OIDC provider of the token's issuer host; Action
 *   globs compared case-insensitively with `sts:AssumeRoleWithWebIdentity`; an explicit `Deny`
 *   wins over any `Allow`.
 *
 * Anything else (other operators, `ForAnyValue:`/`ForAllValues:`, `NotPrincipal`, `NotAction`)
 * throws `UnsupportedPolicyError`: the evaluator never answers for semantics it does not model.
 * The only context keys are `<issuer host>:aud` and `<issuer host>:sub`.
 */
import { ASSUME_ROLE_WITH_WEB_IDENTITY } from "./awsTrustPolicy";
import type { ConditionKeyMap, PolicyDocument, PolicyStatement } from "./types";

/** The claims that matter to an AWS trust: issuer (`https://host` or bare host), audience, subject. */
export interface TokenClaims {
    iss: string;
    aud: string;
    sub: string;
}

export interface TrustDecision {
    allowed: boolean;
    /** Why: which statement allowed or denied, or why none applied. */
    reason: string;
}

export class UnsupportedPolicyError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UnsupportedPolicyError";
    }
}

type GlobToken = { kind: "char"; ch: string } | { kind: "star" } | { kind: "one" };

/** Splits a condition value into tokens (code points), expanding `${*}`, `${?}`, `${$}`. */
function tokenize(pattern: string, glob: boolean, variables: boolean): GlobToken[] {
    const chars = Array.from(pattern);
    const tokens: GlobToken[] = [];
    for (let i = 0; i < chars.length; i++) {
        const ch = chars[i];
        if (variables && ch === "$" && chars[i + 1] === "{") {
            const close = chars.indexOf("}", i + 2);
            const inner = close === -1 ? undefined : chars.slice(i + 2, close).join("");
            if (inner === "*" || inner === "?" || inner === "$") {
                tokens.push({ kind: "char", ch: inner });
                i = close;
                continue;
            }
            throw new UnsupportedPolicyError(
                `the policy variable in ${JSON.stringify(pattern)} is not supported by this evaluator (only \${*}, \${?} and \${$} are)`,
            );
        }
        if (glob && ch === "*") tokens.push({ kind: "star" });
        else if (glob && ch === "?") tokens.push({ kind: "one" });
        else tokens.push({ kind: "char", ch });
    }
    return tokens;
}

/** Linear-backtracking glob match (the classic two-pointer algorithm); exact over code points. */
function matchTokens(tokens: readonly GlobToken[], text: string): boolean {
    const s = Array.from(text);
    let p = 0;
    let i = 0;
    let star = -1;
    let resume = 0;
    while (i < s.length) {
        const t = tokens[p];
        if (t !== undefined && (t.kind === "one" || (t.kind === "char" && t.ch === s[i]))) {
            p++;
            i++;
        } else if (t !== undefined && t.kind === "star") {
            star = p++;
            resume = i;
        } else if (star !== -1) {
            p = star + 1;
            i = ++resume;
        } else {
            return false;
        }
    }
    while (p < tokens.length && tokens[p].kind === "star") p++;
    return p === tokens.length;
}

/** IAM `StringLike` (2012-10-17): `*` any sequence (incl. empty), `?` one character, case-sensitive. */
export function subjectMatches(pattern: string, subject: string): boolean {
    return matchTokens(tokenize(pattern, true, true), subject);
}

/** IAM `StringEquals` (2012-10-17): exact, case-sensitive, with `${*}`/`${?}`/`${$}` as literals. */
export function stringEquals(value: string, actual: string, variables = true): boolean {
    return matchTokens(tokenize(value, false, variables), actual);
}

function asList(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [value];
}

/** `https://host/` -> `host` (any scheme, trailing slashes dropped), lower-cased. */
export function issuerHost(iss: string): string {
    return iss.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, "").replace(/\/+$/, "").toLowerCase();
}

const OPERATORS = new Set(["StringEquals", "StringLike", "StringNotEquals", "StringNotLike"]);

interface Applies {
    applies: boolean;
    why: string;
}

function evaluateStatement(st: PolicyStatement, index: number, host: string, context: Map<string, string>, variables: boolean): Applies {
    const at = `Statement[${index}]`;
    const raw = st as unknown as Record<string, unknown>;
    for (const unsupported of ["NotPrincipal", "NotAction"]) {
        if (unsupported in raw) throw new UnsupportedPolicyError(`${at}: ${unsupported} is not supported by this evaluator`);
    }
    const principal = st.Principal;
    const principalOk =
        principal === "*" ||
        (typeof principal === "object" &&
            principal !== null &&
            asList(principal.Federated).some((arn) => {
                const m = typeof arn === "string" ? /^arn:[^:]+:iam::[0-9]{12}:oidc-provider\/(.+)$/.exec(arn) : null;
                return m !== null && m[1].toLowerCase() === host;
            }));
    if (!principalOk) return { applies: false, why: `${at}: the principal is not the OIDC provider of issuer host ${JSON.stringify(host)}` };
    const actionOk = asList(st.Action).some(
        (a) => typeof a === "string" && matchTokens(tokenize(a.toLowerCase(), true, false), ASSUME_ROLE_WITH_WEB_IDENTITY.toLowerCase()),
    );
    if (!actionOk) return { applies: false, why: `${at}: the action does not cover ${ASSUME_ROLE_WITH_WEB_IDENTITY}` };
    for (const [operator, keys] of Object.entries(st.Condition ?? {})) {
        const ifExists = operator.endsWith("IfExists");
        const base = ifExists ? operator.slice(0, -"IfExists".length) : operator;
        if (!OPERATORS.has(base)) throw new UnsupportedPolicyError(`${at}: condition operator ${JSON.stringify(operator)} is not supported by this evaluator`);
        const like = base.endsWith("Like");
        const negated = base.startsWith("StringNot");
        for (const [key, values] of Object.entries((keys ?? {}) as ConditionKeyMap)) {
            const actual = context.get(key.toLowerCase());
            if (actual === undefined) {
                if (negated || ifExists) continue;
                return { applies: false, why: `${at}: ${operator} ${key}: the token has no such claim` };
            }
            const any = asList(values).some((v) => matchTokens(tokenize(String(v), like, variables), actual));
            if (any === negated) {
                return { applies: false, why: `${at}: ${operator} ${key} does not admit ${JSON.stringify(actual)}` };
            }
        }
    }
    return { applies: true, why: at };
}

/**
 * Would AWS let a token with these claims assume a role with this trust policy? (Only the parts
 * this evaluator models: see the module comment. It does not know the provider's client id list.)
 */
export function evaluateTrust(policy: PolicyDocument | string, claims: TokenClaims): TrustDecision {
    const doc = (typeof policy === "string" ? JSON.parse(policy) : policy) as PolicyDocument;
    if (typeof doc !== "object" || doc === null || !("Statement" in doc)) {
        throw new UnsupportedPolicyError("the policy has no Statement");
    }
    const statements = asList(doc.Statement) as PolicyStatement[];
    const variables = doc.Version === "2012-10-17";
    const host = issuerHost(claims.iss);
    const context = new Map<string, string>([
        [`${host}:aud`, claims.aud],
        [`${host}:sub`, claims.sub],
    ]);
    const results = statements.map((st, i) => {
        if (st.Effect !== "Allow" && st.Effect !== "Deny") {
            throw new UnsupportedPolicyError(`Statement[${i}]: Effect must be "Allow" or "Deny"`);
        }
        return { effect: st.Effect, ...evaluateStatement(st, i, host, context, variables) };
    });
    const deny = results.find((r) => r.effect === "Deny" && r.applies);
    if (deny) return { allowed: false, reason: `denied by ${deny.why} (explicit Deny)` };
    const allow = results.find((r) => r.effect === "Allow" && r.applies);
    if (allow) return { allowed: true, reason: `allowed by ${allow.why}` };
    const whys = results.filter((r) => r.effect === "Allow").map((r) => r.why);
    return { allowed: false, reason: `no statement allows the token${whys.length ? ": " + whys.join("; ") : ""}` };
}
