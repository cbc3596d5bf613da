// HCP Terraform run tokens (the claims of workload-identity-tokens, multicloud.md §1.1) and
// generators of valid names, ids and look-alikes for the cloud property tests. Imports nothing
// from src/ (the emulator's cloud simulators may reuse it).
import { type Rng, int, pick } from "../random";

/** The claims of a workspace run token, as HCP Terraform issues them. */
export interface RunToken {
    iss: string;
    aud: string;
    sub: string;
    terraform_organization_id: string;
    terraform_organization_name: string;
    terraform_project_id: string;
    terraform_project_name: string;
    terraform_workspace_id: string;
    terraform_workspace_name: string;
    terraform_full_workspace: string;
    terraform_run_phase: "plan" | "apply";
    terraform_run_id: string;
}

/** What a run token is made of. */
export interface RunTokenParts {
    /** Issuer, e.g. https://app.terraform.io. */
    iss: string;
    aud: string;
    org: string;
    orgId: string;
    project: string;
    projectId: string;
    ws: string;
    wsId: string;
    phase: "plan" | "apply";
    runId?: string;
}

/** The token HCP Terraform would issue for these parts (sub and full_workspace built from the names). */
export function runToken(p: RunTokenParts): RunToken {
    const full = `organization:${p.org}:project:${p.project}:workspace:${p.ws}`;
    return {
        iss: p.iss,
        aud: p.aud,
        sub: `${full}:run_phase:${p.phase}`,
        terraform_organization_id: p.orgId,
        terraform_organization_name: p.org,
        terraform_project_id: p.projectId,
        terraform_project_name: p.project,
        terraform_workspace_id: p.wsId,
        terraform_workspace_name: p.ws,
        terraform_full_workspace: full,
        terraform_run_phase: p.phase,
        terraform_run_id: p.runId ?? "run-AAAAAAAAAAAAAAAA",
    };
}

const NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
const SHORT_CHARS = "abAB01-_"; // a small alphabet makes near-collisions between generated names likely
const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** An organization or workspace name (letters, digits, "-", "_"), 1 to `max` characters. */
export function simpleName(r: Rng, max = 12): string {
    const chars = r() < 0.3 ? SHORT_CHARS : NAME_CHARS;
    let s = "";
    for (let i = int(r, 1, max); i > 0; i--) s += pick(r, chars);
    return s;
}

/** A project name: 3 to 40 characters, inner spaces allowed; "Default Project" a fifth of the time. */
export function projectName(r: Rng): string {
    if (r() < 0.2) return "Default Project";
    let s = pick(r, NAME_CHARS);
    for (let i = int(r, 1, 38); i > 0; i--) s += pick(r, NAME_CHARS + "  ");
    return s + pick(r, NAME_CHARS);
}

/** An HCP id: `<prefix>-` + 16 letters or digits. */
export function hcpId(r: Rng, prefix: "ws" | "prj" | "org" | "run"): string {
    let s = prefix + "-";
    for (let i = 0; i < 16; i++) s += pick(r, ID_CHARS);
    return s;
}

export const swapCase = (s: string): string => Array.from(s, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");

/** Valid names that differ from `name` by a prefix, suffix, truncation, doubling or case (`W-2` for `W`, …). */
export function lookalikes(name: string, r: Rng, valid: (n: string) => boolean): string[] {
    const out = [name + "-2", name + "2", "x" + name, name + "_", "_" + name, "-" + name, name + name, swapCase(name), name + " 2", "x " + name];
    if (name.length > 1) out.push(name.slice(0, -1), name.slice(1));
    out.push(simpleName(r));
    return [...new Set(out)].filter((n) => n !== name && valid(n));
}

/** Ids that differ from `id` by one character, case, or being another random id. */
export function idLookalikes(id: string, r: Rng): string[] {
    const dash = id.indexOf("-");
    const body = id.slice(dash + 1);
    const flip = (c: string): string => (c === "A" ? "B" : "A");
    const out = [id.slice(0, dash + 1) + swapCase(body), id.slice(0, -1) + flip(id.slice(-1)), id.slice(0, dash + 1) + flip(body[0]) + body.slice(1), hcpId(r, id.slice(0, dash) as "ws")];
    return [...new Set(out)].filter((x) => x !== id && x.length === id.length);
}

const IS_SIMPLE = /^[A-Za-z0-9_-]+$/;
/** The HCP name rules (letters, digits, "-", "_"), independent of src/. */
export const validSimpleName = (n: string): boolean => IS_SIMPLE.test(n);
/** The HCP project name rules, independent of src/. */
export const validProjectName = (n: string): boolean => /^[A-Za-z0-9 _-]{3,40}$/.test(n) && !n.startsWith(" ") && !n.endsWith(" ");

/** Issuers that must never be trusted in place of `https://<host>`. */
export function otherIssuers(host: string): string[] {
    const bare = host.replace(/:\d+$/, "");
    return [
        `https://${bare}.evil.example`,
        `https://evil.${host}`,
        `https://${host}/`,
        `http://${host}`,
        `https://${host.toUpperCase()}`,
        host === "app.terraform.io" ? "https://app.eu.terraform.io" : "https://app.terraform.io",
    ];
}

/** Audiences that must never be accepted in place of `aud`. */
export function otherAudiences(aud: string): string[] {
    return [aud + "x", "x" + aud, aud.toUpperCase() === aud ? aud.toLowerCase() : aud.toUpperCase(), aud.slice(0, -1), "aws.workload.identity"].filter((a) => a !== aud);
}
