/**
 * Vault ACL policies as typed rules, rendered to Vault's HCL policy text. Every rule path is
 * validated (no `"`, `\`, `$`, whitespace; `*` only last; `+` only as a whole segment) before it is
 * written inside a quoted HCL string, so user input cannot break out of the string or add blocks.
 */
import { PolicyInputError, rejectInput, requireStringInput } from "../../policies/names";

/** Vault ACL capabilities. */
export type VaultCapability = "create" | "read" | "update" | "patch" | "delete" | "list" | "sudo" | "deny" | "subscribe";

const CAPABILITIES: readonly VaultCapability[] = ["create", "read", "update", "patch", "delete", "list", "sudo", "deny", "subscribe"];

/** One `path "<path>" { capabilities = [...] }` block. */
export interface VaultPolicyRule {
    /** An API path relative to the namespace, e.g. "secret/data/app/*" (`*` only last, `+` as a whole segment). */
    readonly path: string;
    /** At least one capability. */
    readonly capabilities: readonly VaultCapability[];
}

/** What every HCP Terraform role needs: the run looks up, renews and finally revokes its own token. */
export const VAULT_TOKEN_SELF_RULES: readonly VaultPolicyRule[] = Object.freeze([
    Object.freeze({ path: "auth/token/lookup-self", capabilities: Object.freeze(["read"] as VaultCapability[]) }),
    Object.freeze({ path: "auth/token/renew-self", capabilities: Object.freeze(["update"] as VaultCapability[]) }),
    Object.freeze({ path: "auth/token/revoke-self", capabilities: Object.freeze(["update"] as VaultCapability[]) }),
]);

/** A policy rule path: printable ASCII without `"`, `\`, `$` or spaces, no leading `/`, `*` only as the last character, `+` only as a whole segment. */
export function validateVaultPolicyPath(path: unknown): string {
    const label = "Vault policy path";
    requireStringInput("policyRules", label, path, "path");
    if (path === "") rejectInput("policyRules", label, path, "a policy path must not be empty", "path");
    if (!/^[\x21-\x7E]+$/.test(path) || /["\\$]/.test(path)) {
        rejectInput("policyRules", label, path, `a policy path is printable ASCII without spaces, '"', "\\" or "$"`, "path");
    }
    if (path.startsWith("/")) rejectInput("policyRules", label, path, `a policy path has no leading "/"; use ${JSON.stringify(path.replace(/^\/+/, ""))}`, "path");
    if (path.indexOf("*") !== -1 && path.indexOf("*") !== path.length - 1) {
        rejectInput("policyRules", label, path, `"*" may only be the last character of a policy path`, "path");
    }
    if (path.split("/").some((segment) => segment.includes("+") && segment !== "+")) {
        rejectInput("policyRules", label, path, `"+" stands for one whole path segment (e.g. "secret/+/config")`, "path");
    }
    return path;
}

function validateRule(rule: unknown, index: number): VaultPolicyRule {
    const at = `policyRules[${index}]`;
    if (typeof rule !== "object" || rule === null || Array.isArray(rule)) {
        throw new PolicyInputError("policyRules", rule, `${at}: expected { path, capabilities }. Fix the policy rules.`);
    }
    const { path, capabilities } = rule as { path?: unknown; capabilities?: unknown };
    validateVaultPolicyPath(path);
    if (!Array.isArray(capabilities) || capabilities.length === 0) {
        throw new PolicyInputError("policyRules", capabilities, `${at} (${JSON.stringify(path)}): give at least one capability (${CAPABILITIES.join(", ")}). Fix the policy rules.`);
    }
    for (const c of capabilities) {
        if (!CAPABILITIES.includes(c as VaultCapability)) {
            throw new PolicyInputError(
                "policyRules",
                c,
                `${at} (${JSON.stringify(path)}): unknown capability ${JSON.stringify(c)}; Vault's are ${CAPABILITIES.join(", ")}. Fix the policy rules.`,
            );
        }
    }
    return { path: path as string, capabilities: [...new Set(capabilities as VaultCapability[])] };
}

/**
 * {@link VAULT_TOKEN_SELF_RULES} followed by the validated `extra` rules; rules for the same path
 * are merged (capabilities united, first occurrence's order). Denying one of the three token-self
 * paths is refused: HCP Terraform could then not renew or revoke the token.
 */
export function vaultPolicyRules(extra: readonly VaultPolicyRule[] = []): VaultPolicyRule[] {
    if (!Array.isArray(extra)) throw new PolicyInputError("policyRules", extra, "policyRules: expected a list of { path, capabilities }. Fix the policy rules.");
    const merged = new Map<string, VaultCapability[]>();
    for (const rule of VAULT_TOKEN_SELF_RULES) merged.set(rule.path, [...rule.capabilities]);
    extra.forEach((raw, i) => {
        const rule = validateRule(raw, i);
        if (VAULT_TOKEN_SELF_RULES.some((r) => r.path === rule.path) && rule.capabilities.includes("deny")) {
            throw new PolicyInputError(
                "policyRules",
                rule.path,
                `policyRules[${i}] (${JSON.stringify(rule.path)}): "deny" here would stop HCP Terraform from looking up, renewing or revoking its token. Fix the policy rules.`,
            );
        }
        const seen = merged.get(rule.path) ?? [];
        merged.set(rule.path, [...new Set([...seen, ...rule.capabilities])]);
    });
    return [...merged.entries()].map(([path, capabilities]) => ({ path, capabilities }));
}

/** Vault's HCL policy text of validated rules: one `path` block each, separated by blank lines. */
export function vaultPolicyHcl(rules: readonly VaultPolicyRule[]): string {
    return rules
        .map((raw, i) => {
            const rule = validateRule(raw, i);
            return `path ${JSON.stringify(rule.path)} {\n  capabilities = [${rule.capabilities.map((c) => JSON.stringify(c)).join(", ")}]\n}\n`;
        })
        .join("\n");
}
