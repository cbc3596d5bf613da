// A Vault JWT auth login evaluator (vault-plugin-auth-jwt, role_type "jwt"), independent of src/:
// - the backend's `boundIssuer`, when set, must equal `iss` exactly;
// - the role's `boundAudiences`, when non-empty, must contain the token's `aud` (exact);
// - every `boundClaims` entry: the claim must be present; its value (a string, or any element of a
//   list) must match one of the expected values. Unless `disableBoundClaimsParsing`, an expected
//   value is split on "," into alternatives (the Terraform/Pulumi provider does this before writing
//   the role; alternatives are not trimmed). With `boundClaimsType` "glob", ryanuber/go-glob
//   semantics: `*` is the only wildcard and matches any run of characters, ":" and "," included;
//   everything else is literal and case-sensitive. With "string": exact equality;
// - the `userClaim` must be present (it names the entity alias).
// Anything else (bound_subject, claim mappings, role_type oidc) is not modelled and throws.

export interface VaultBackendConfig {
    boundIssuer?: string;
    oidcDiscoveryUrl?: string;
}

export interface VaultRoleConfig {
    roleType: string;
    boundAudiences?: readonly string[];
    boundClaimsType?: "glob" | "string";
    boundClaims?: { readonly [claim: string]: string };
    userClaim: string;
    disableBoundClaimsParsing?: boolean;
    boundSubject?: string;
}

export interface VaultDecision {
    allowed: boolean;
    reason: string;
}

/** ryanuber/go-glob `Glob(pattern, subj)`: `*` matches any sequence (incl. empty); nothing else is special. */
export function vaultGlob(pattern: string, subject: string): boolean {
    if (pattern === "") return subject === "";
    if (pattern === "*") return true;
    const parts = pattern.split("*");
    if (parts.length === 1) return subject === pattern;
    const leading = pattern.startsWith("*");
    const trailing = pattern.endsWith("*");
    let rest = subject;
    for (let i = 0; i < parts.length - 1; i++) {
        const idx = rest.indexOf(parts[i]);
        if (i === 0 ? !leading && idx !== 0 : idx < 0) return false;
        rest = rest.slice(idx + parts[i].length);
    }
    return trailing || rest.endsWith(parts[parts.length - 1]);
}

/** Would Vault log this token in at this role? */
export function vaultLogin(backend: VaultBackendConfig, role: VaultRoleConfig, token: { readonly [claim: string]: unknown }): VaultDecision {
    if (role.roleType !== "jwt") throw new Error(`role_type ${role.roleType} is not modelled`);
    if (role.boundSubject !== undefined && role.boundSubject !== "") throw new Error("bound_subject is not modelled");
    if (backend.boundIssuer !== undefined && backend.boundIssuer !== "" && token.iss !== backend.boundIssuer) {
        return { allowed: false, reason: `error validating token: invalid issuer (iss) claim` };
    }
    if (role.boundAudiences !== undefined && role.boundAudiences.length > 0) {
        const auds = Array.isArray(token.aud) ? token.aud : [token.aud];
        if (!auds.some((a) => typeof a === "string" && role.boundAudiences?.includes(a))) {
            return { allowed: false, reason: "error validating token: invalid audience (aud) claim" };
        }
    }
    const glob = (role.boundClaimsType ?? "string") === "glob";
    for (const [claim, expected] of Object.entries(role.boundClaims ?? {})) {
        const actual = token[claim];
        if (actual === undefined) return { allowed: false, reason: `claim ${JSON.stringify(claim)} is missing` };
        const alternatives = role.disableBoundClaimsParsing ? [expected] : expected.split(",");
        const values = Array.isArray(actual) ? actual : [actual];
        const match = values.some((v) => typeof v === "string" && alternatives.some((e) => (glob ? vaultGlob(e, v) : e === v)));
        if (!match) return { allowed: false, reason: `claim ${JSON.stringify(claim)} does not match any associated bound claim values` };
    }
    if (typeof token[role.userClaim] !== "string") return { allowed: false, reason: `claim ${JSON.stringify(role.userClaim)} not found in token` };
    return { allowed: true, reason: "logged in" };
}
