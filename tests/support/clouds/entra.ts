// An Entra ID (Azure AD) token-exchange evaluator for federated identity credentials on ONE
// application, written from Microsoft's documented rules (multicloud.md §2.2), independent of src/:
// - a standard credential admits a token when `iss` equals its issuer, `sub` its subject and `aud`
//   its one audience: exact, case-sensitive string equality (AADSTS7002138 / 700213 otherwise);
// - a flexible credential: `iss` equals its issuer, `aud` its audience, and its
//   claimsMatchingExpression (language version 1) is true. Modelled: clauses
//   `claims['<claim>'] matches '<pattern>'` and `claims['<claim>'] eq '<value>'` joined by `and`;
//   `matches` wildcards `*` (any run of characters, `:` included, possibly empty) and `?` (exactly
//   one character), everything else literal and case-sensitive. For HCP Terraform only `sub` may be
//   used and only the issuers https://app.terraform.io and https://app.eu.terraform.io are accepted.
// Anything outside this throws (the evaluator never guesses).

/** A standard federated identity credential. */
export interface EntraCredential {
    issuer: string;
    subject: string;
    audiences: readonly string[];
}

/** A flexible federated identity credential. */
export interface EntraFlexibleCredential {
    issuer: string;
    audience: string;
    claimsMatchingExpression: string;
}

export interface EntraToken {
    iss: string;
    sub: string;
    aud: string;
    [claim: string]: unknown;
}

export interface EntraDecision {
    allowed: boolean;
    reason: string;
}

const FLEXIBLE_ISSUERS = ["https://app.terraform.io", "https://app.eu.terraform.io"];

/** Entra `matches`: `*` any sequence, `?` one character, the rest literal (whole string, case-sensitive). */
export function entraWildcardMatch(pattern: string, value: string): boolean {
    const source = Array.from(pattern, (c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
    return new RegExp(`^${source}$`, "u").test(value);
}

interface Clause {
    claim: string;
    operator: "matches" | "eq";
    value: string;
}

const CLAUSE = /^claims\['([A-Za-z_][A-Za-z0-9_]*)'\] (matches|eq) '([^'\\]*)'/;

/** Parses `clause (and clause)*` left to right (a literal may itself contain " and "); throws on anything else. */
export function parseClaimsMatchingExpression(expression: string): Clause[] {
    const clauses: Clause[] = [];
    let rest = expression;
    for (;;) {
        const m = CLAUSE.exec(rest);
        if (!m) throw new Error(`unsupported claimsMatchingExpression ${JSON.stringify(expression)} at ${JSON.stringify(rest)}`);
        clauses.push({ claim: m[1], operator: m[2] as "matches" | "eq", value: m[3] });
        rest = rest.slice(m[0].length);
        if (rest === "") return clauses;
        if (!rest.startsWith(" and ")) throw new Error(`unsupported claimsMatchingExpression ${JSON.stringify(expression)} at ${JSON.stringify(rest)}`);
        rest = rest.slice(" and ".length);
    }
}

function isFlexible(c: EntraCredential | EntraFlexibleCredential): c is EntraFlexibleCredential {
    return "claimsMatchingExpression" in c;
}

function admits(c: EntraCredential | EntraFlexibleCredential, token: EntraToken): string | undefined {
    if (isFlexible(c)) {
        if (!FLEXIBLE_ISSUERS.includes(c.issuer)) throw new Error(`Entra refuses a flexible credential for issuer ${JSON.stringify(c.issuer)} (HCP Terraform: ${FLEXIBLE_ISSUERS.join(", ")})`);
        if (c.issuer !== token.iss) return "issuer differs";
        if (c.audience !== token.aud) return "audience differs";
        for (const clause of parseClaimsMatchingExpression(c.claimsMatchingExpression)) {
            if (clause.claim !== "sub") throw new Error(`Entra supports only claims['sub'] for HCP Terraform (got ${clause.claim})`);
            const actual = token[clause.claim];
            if (typeof actual !== "string") return `no ${clause.claim} claim`;
            const ok = clause.operator === "eq" ? actual === clause.value : entraWildcardMatch(clause.value, actual);
            if (!ok) return `claims['${clause.claim}'] ${clause.operator} ${JSON.stringify(clause.value)} is false`;
        }
        return undefined;
    }
    if (c.audiences.length !== 1) throw new Error(`a federated identity credential has exactly one audience (got ${c.audiences.length})`);
    if (c.issuer !== token.iss) return "issuer differs";
    if (c.subject !== token.sub) return "subject differs";
    if (c.audiences[0] !== token.aud) return "audience differs";
    return undefined;
}

/** Would Entra exchange this token for the application holding these credentials? */
export function entraExchange(credentials: ReadonlyArray<EntraCredential | EntraFlexibleCredential>, token: EntraToken): EntraDecision {
    const whys: string[] = [];
    for (let i = 0; i < credentials.length; i++) {
        const why = admits(credentials[i], token);
        if (why === undefined) return { allowed: true, reason: `credential[${i}] matches` };
        whys.push(`credential[${i}]: ${why}`);
    }
    return { allowed: false, reason: `AADSTS70021: no matching federated identity record (${whys.join("; ")})` };
}

/** The parts of an HCP Terraform run token that Entra compares (names, not ids: Entra matches `sub` only). */
export interface EntraRunToken {
    iss: string;
    aud: string;
    org: string;
    project: string;
    ws: string;
    phase: "plan" | "apply";
}

/** The token Entra sees for these parts: `sub` = `organization:<org>:project:<project>:workspace:<ws>:run_phase:<phase>`. */
export function entraTokenOf(t: EntraRunToken): EntraToken {
    return { iss: t.iss, aud: t.aud, sub: `organization:${t.org}:project:${t.project}:workspace:${t.ws}:run_phase:${t.phase}` };
}
