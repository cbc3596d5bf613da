/**
 * The default GCP ids of a federation, derived from names deterministically and valid for ANY
 * valid name: pool and provider ids (4 to 32 of `[a-z0-9-]`, never the reserved `gcp-` prefix)
 * and service account ids (6 to 30, a letter first, not ending with `-`). A name that is already
 * a valid id part is used as it is; otherwise (upper case, `_`, `.`, too long) it is shortened
 * and a hash of the WHOLE name is appended, so two different names never share an id.
 */
import { HCP_DEFAULT_HOSTNAME } from "../../policies/awsTrustPolicy";

const PREFIX = "tfc";
const HASH_LENGTH = 7;

/** FNV-1a (32 bits) of `text`, in base 36: always 7 characters of `[a-z0-9]`. */
export function shortHash(text: string): string {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(36).padStart(HASH_LENGTH, "0");
}

/** Lower case, every run of characters outside `[a-z0-9]` one `-`, no `-` at either end. */
export function idSlug(text: string): string {
    return text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
}

/**
 * `tfc-<readable>[-<suffix>]` when `exact` and it is `min` to `max` characters long; else
 * `tfc-<readable, shortened>-<hash of key>[-<suffix>]`. Starts with a letter, ends with a letter or digit.
 */
function boundedId(readable: string, exact: boolean, key: string, min: number, max: number, suffix?: string): string {
    const tail = suffix !== undefined ? `-${suffix}` : "";
    const plain = `${PREFIX}${readable !== "" ? `-${readable}` : ""}${tail}`;
    if (exact && readable !== "" && plain.length >= min && plain.length <= max) return plain;
    const room = max - PREFIX.length - 1 - HASH_LENGTH - tail.length - 1;
    const short = readable.slice(0, Math.max(room, 0)).replace(/-+$/, "");
    return `${PREFIX}${short !== "" ? `-${short}` : ""}-${shortHash(key)}${tail}`;
}

/**
 * The default workload identity pool id of an organization's runs on a host: `tfc-<org>` for an
 * organization name that is a valid id part on app.terraform.io, else with a hash of host and
 * organization. HCP Terraform organization names are case-insensitive, so "Acme" and "acme" get
 * the same pool.
 */
export function gcpDefaultPoolId(host: string, organization: string): string {
    const org = organization.toLowerCase();
    const readable = idSlug(org);
    return boundedId(readable, host === HCP_DEFAULT_HOSTNAME && readable === org, `${host}\n${org}`, 4, 32);
}

/** The default provider id of a host's pool: `tfc-<host with "-" for "." and ":">` (shortened, with a hash, when long). */
export function gcpDefaultProviderId(host: string): string {
    const readable = idSlug(host);
    return boundedId(readable, true, host, 4, 32);
}

/**
 * The default service account id for `base` (a workspace name, or the component's name for a
 * shared one), with an optional `plan` / `apply` suffix: `tfc-<base>[-<suffix>]`, shortened with a
 * hash of `base` when `base` is not a valid id part or the id would pass 30 characters.
 */
export function gcpDefaultServiceAccountId(base: string, suffix?: "plan" | "apply"): string {
    const readable = idSlug(base);
    return boundedId(readable, readable === base, base, 6, 30, suffix);
}
