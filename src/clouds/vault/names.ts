/**
 * Vault names and settings of the JWT auth integration, with Vault's rules. Same contract as
 * src/policies/names.ts: the input back (a TTL: in seconds) when valid, else a `PolicyInputError`
 * whose message names the input, the rule and the fix.
 */
import { rejectInput, requireStringInput, type PolicyInputField } from "../../policies/names";

/** A JWT role name: Vault's `GenericNameRegex`, i.e. letters, digits and `_`, with `-` and `.` inside. */
export function validateVaultRoleName(name: unknown): string {
    const label = "Vault role name";
    requireStringInput("roleName", label, name, "role name");
    if (!/^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/.test(name)) {
        rejectInput(
            "roleName",
            label,
            name,
            `a Vault role name is letters, digits and "_", with "-" and "." allowed inside (not first or last), and must not be empty`,
            "role name",
        );
    }
    return name;
}

const SEGMENT = /^[A-Za-z0-9_.-]+$/;

/** Slash-separated segments of `[A-Za-z0-9_.-]`, no leading or trailing `/`, no `.` or `..` segment. */
function mountLike(field: PolicyInputField, label: string, value: unknown, example: string, fix: string): string {
    requireStringInput(field, label, value, fix);
    if (value === "") rejectInput(field, label, value, `a ${label} must not be empty`, fix);
    if (value.startsWith("/") || value.endsWith("/")) {
        const trimmed = value.replace(/^\/+|\/+$/g, "");
        rejectInput(field, label, value, `a ${label} has no leading or trailing "/"${trimmed ? `; use ${JSON.stringify(trimmed)}` : ""}`, fix);
    }
    const segments = value.split("/");
    if (!segments.every((s) => SEGMENT.test(s) && s !== "." && s !== "..")) {
        rejectInput(field, label, value, `a ${label} is "/"-separated segments of letters, digits, "_", "-" and "." (e.g. ${JSON.stringify(example)})`, fix);
    }
    return value;
}

/** A JWT auth mount path (`TFC_VAULT_AUTH_PATH`, relative to `auth/`; default "jwt"); `token` is Vault's own. */
export function validateVaultAuthPath(path: unknown): string {
    const value = mountLike("authPath", "Vault auth path", path, "jwt", "auth path");
    if (value === "token") rejectInput("authPath", "Vault auth path", value, `"token" is the mount of Vault's token auth method`, "auth path");
    return value;
}

const RESERVED_NAMESPACES = ["root", "sys", "audit", "auth", "cubbyhole", "identity"];

/** A Vault Enterprise / HCP Vault namespace path (e.g. "admin" or "admin/team-a"); omit it for the root namespace. */
export function validateVaultNamespace(namespace: unknown): string {
    const label = "Vault namespace";
    if (namespace === "") rejectInput("namespace", label, namespace, "the root namespace is no namespace; leave the namespace out", "namespace");
    const value = mountLike("namespace", label, namespace, "admin/team-a", "namespace");
    const reserved = value.split("/").find((s) => RESERVED_NAMESPACES.includes(s));
    if (reserved !== undefined) {
        rejectInput("namespace", label, value, `${JSON.stringify(reserved)} is a reserved namespace name (${RESERVED_NAMESPACES.join(", ")})`, "namespace");
    }
    return value;
}

const UNIT_SECONDS: { readonly [unit: string]: number } = { h: 3600, m: 60, s: 1 };

/**
 * A token TTL as Vault reads it: whole seconds (a number or digits) or a duration such as "20m"
 * or "1h30m" (units h, m, s). Returns seconds, more than 0 (0 would mean Vault's default TTL).
 */
export function validateVaultTokenTtl(ttl: unknown, field: "tokenTtl" | "tokenMaxTtl" = "tokenTtl"): number {
    const label = field === "tokenTtl" ? "token TTL" : "token max TTL";
    const rule = `a ${label} is a whole number of seconds more than 0, or a duration such as "20m" or "1h30m" (units h, m, s)`;
    let seconds: number | undefined;
    if (typeof ttl === "number") {
        seconds = ttl;
    } else if (typeof ttl === "string" && /^[0-9]+$/.test(ttl)) {
        seconds = Number(ttl);
    } else if (typeof ttl === "string" && /^(?:[0-9]+[hms])+$/.test(ttl)) {
        seconds = 0;
        for (const m of ttl.matchAll(/([0-9]+)([hms])/g)) seconds += Number(m[1]) * UNIT_SECONDS[m[2]];
    } else if (typeof ttl !== "string") {
        rejectInput(field, label, ttl, rule, label);
    }
    if (seconds === undefined || !Number.isSafeInteger(seconds) || seconds <= 0) rejectInput(field, label, ttl, rule, label);
    return seconds;
}

/**
 * A Vault policy name: lower-case letters, digits, `-`, `_` and `.` (Vault stores names lower-cased,
 * so upper case would drift); `root` and `default` are Vault's own.
 */
export function validateVaultPolicyName(name: unknown): string {
    const label = "Vault policy name";
    requireStringInput("policyName", label, name, "policy name");
    if (!/^[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?$/.test(name)) {
        rejectInput("policyName", label, name, `a Vault policy name is lower-case letters, digits and "_", with "-" and "." allowed inside`, "policy name");
    }
    if (name === "root" || name === "default") rejectInput("policyName", label, name, `"root" and "default" are Vault's built-in policies`, "policy name");
    return name;
}
