// The world of the fault and security suites: one HCP emulator, a canary API token, real provider
// hosts (started and restarted at will) configured like a user's shell (TFE_TOKEN, TFE_HOSTNAME),
// and helpers to look at the emulator's store the way a reviewer would.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import nodeFetch from "node-fetch";
import { startEmulator, type Emulator, type EmulatorOptions, type RequestLogEntry } from "../emulator";
import { startProviderHost, type ProviderHost, type ProviderHostOptions } from "../support/providerHost";

export const ORG = "acme";

/** Looks like an HCP Terraform token; unique per test process. */
export function canaryToken(tag = "canary"): string {
    return `${tag}${randomBytes(6).toString("hex")}.atlasv1.${randomBytes(24).toString("hex")}`;
}

export const HOST_DEADLINE_PRELOAD = path.join(__dirname, "hostDeadline.js");

export interface World {
    emu: Emulator;
    token: string;
    /** Starts a provider host wired to the emulator with the token (and `env` on top). */
    startHost(env?: Record<string, string>, opts?: ProviderHostOptions): Promise<ProviderHost>;
    hosts: ProviderHost[];
    close(): Promise<void>;
}

export interface WorldOptions extends EmulatorOptions {
    hyok?: boolean;
    /** Per-attempt deadline of the client inside the host (ms). Default: the client's own (30 s). */
    deadlineMs?: number;
}

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
    const emu = await startEmulator({ rateLimit: opts.rateLimit === undefined ? 30 : opts.rateLimit, seed: opts.seed ?? 7 });
    const token = canaryToken();
    emu.addToken(token, "pulumi-user");
    emu.addToken(UI_TOKEN, "ui-user");
    emu.addOrganization(ORG, { hyok: opts.hyok ?? false });
    const hosts: ProviderHost[] = [];
    const world: World = {
        emu,
        token,
        hosts,
        async startHost(env = {}, hostOpts = {}) {
            const h = await startProviderHost({
                callTimeoutMs: 300_000,
                ...hostOpts,
                env: {
                    TFE_TOKEN: token,
                    TFE_HOSTNAME: emu.hostname,
                    TFE_ADDRESS: "",
                    HOME: "/nonexistent-home",
                    ...(opts.deadlineMs ? { NODE_OPTIONS: `--require ${HOST_DEADLINE_PRELOAD}`, HCP_OIDC_TEST_TIMEOUT_MS: String(opts.deadlineMs) } : {}),
                    ...env,
                },
            });
            hosts.push(h);
            return h;
        },
        async close() {
            await Promise.all(hosts.map((h) => h.stop()));
            await emu.close();
        },
    };
    return world;
}

/** A second user's token: what the HCP Terraform UI does between runs (out-of-band changes). */
export const UI_TOKEN = "ui-user-token.atlasv1.outofband";

/** One API call as the UI would make it (not through the package). */
export async function ui(emu: Emulator, method: string, apiPath: string, body?: unknown): Promise<any> {
    const res = await nodeFetch(`${emu.url}/api/v2${apiPath}`, {
        method,
        headers: {
            Authorization: `Bearer ${UI_TOKEN}`,
            Accept: "application/vnd.api+json",
            ...(body !== undefined ? { "Content-Type": "application/vnd.api+json" } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.status >= 200 && res.status < 300, `${method} ${apiPath} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
}

/** Requests made by the package (not the UI user), as "METHOD /path" relative to /api/v2. */
export function packageRequests(log: RequestLogEntry[], method?: string): string[] {
    return log
        .filter((e) => e.user !== "ui-user" && (method === undefined || e.method === method))
        .map((e) => `${e.method} ${e.path.replace(/^\/api\/v2/, "")}`);
}

/** Writes (non-GET) the package made, whatever their answer. */
export function packageWrites(log: RequestLogEntry[]): RequestLogEntry[] {
    return log.filter((e) => e.user !== "ui-user" && e.method !== "GET");
}

/** A comparable picture of everything in the emulator's store. */
export interface Inventory {
    workspaces: string[];
    /** "ws-name" -> sorted variable lines */
    variables: Record<string, string[]>;
    /** "set-name" -> { attributes, vars, workspaces } */
    varsets: Record<string, { global: boolean; priority: boolean; description: string; vars: string[]; workspaces: string[]; projects: string[] }>;
    oidcConfigurations: string[];
}

/** `category:key=value [sensitive] [hcl] "description"` — one line per variable. */
export function variableLine(v: { category: string; key: string; value: string; sensitive: boolean; hcl: boolean; description: string }): string {
    return `${v.category}:${v.key}=${v.value}${v.sensitive ? " [sensitive]" : ""}${v.hcl ? " [hcl]" : ""} ${JSON.stringify(v.description)}`;
}

export function inventory(emu: Emulator): Inventory {
    const s = emu.store;
    const wsName = new Map([...s.workspaces.values()].map((w) => [w.id, w.name]));
    const workspaces = [...s.workspaces.values()].map((w) => w.name).sort();
    const variables: Inventory["variables"] = {};
    for (const w of s.workspaces.values()) variables[w.name] = [];
    for (const v of s.variables.values()) {
        const name = wsName.get(v.workspaceId) ?? `(deleted workspace ${v.workspaceId})`;
        if (!variables[name]) variables[name] = [];
        variables[name].push(variableLine(v));
    }
    for (const k of Object.keys(variables)) variables[k].sort();
    const varsets: Inventory["varsets"] = {};
    for (const set of s.varsets.values()) {
        assert.ok(!(set.name in varsets), `two variable sets named ${set.name}`);
        varsets[set.name] = {
            global: set.global,
            priority: set.priority,
            description: set.description,
            vars: [...s.varsetVariables.values()].filter((v) => v.varsetId === set.id).map(variableLine).sort(),
            workspaces: set.workspaceIds.map((id) => wsName.get(id) ?? id).sort(),
            projects: [...set.projectIds].sort(),
        };
    }
    const oidcConfigurations = [...s.oidcConfigurations.values()].map((c) => `${c.kind} ${JSON.stringify(c.attributes)}`).sort();
    return { workspaces, variables, varsets, oidcConfigurations };
}

/** `category:key:value:versionId` of every workspace variable by id: proves an object was not touched. */
export function variableVersions(emu: Emulator): Map<string, string> {
    return new Map([...emu.store.variables.values()].map((v) => [v.id, `${v.category}:${v.key}:${v.value}:${v.versionId}`]));
}

/** Adds a workspace variable straight into the store (a pre-existing object the stack does not own). */
export function seedVariable(
    emu: Emulator,
    workspaceId: string,
    v: { key: string; value: string; category: "env" | "terraform"; sensitive?: boolean; hcl?: boolean; description?: string },
): string {
    const id = `var-seed${randomBytes(6).toString("hex")}`;
    emu.store.variables.set(id, {
        id,
        workspaceId,
        key: v.key,
        value: v.value,
        category: v.category,
        sensitive: v.sensitive ?? false,
        hcl: v.hcl ?? false,
        description: v.description ?? "",
        versionId: randomBytes(18).toString("hex"),
        createdAt: new Date().toISOString(),
    });
    return id;
}

/** Counts of log entries by fault kind / status class. */
export function faultFigures(log: RequestLogEntry[]): Record<string, number> {
    const out: Record<string, number> = { requests: log.length };
    for (const e of log) {
        if (e.fault) out[e.fault] = (out[e.fault] ?? 0) + 1;
        if (e.method !== "GET") out.writes = (out.writes ?? 0) + 1;
    }
    return out;
}

/**
 * The HCP client's counters inside a host started with `deadlineMs` (see hostDeadline.js): asks the
 * host for them (SIGUSR2) and reads the line it prints.
 */
export async function clientStats(host: { pid: number; output(): string }): Promise<Record<string, number>> {
    const marker = "HCP_CLIENT_STATS ";
    const count = () => host.output().split(marker).length;
    const before = count();
    process.kill(host.pid, "SIGUSR2");
    for (let i = 0; i < 200 && count() === before; i++) await new Promise((r) => setTimeout(r, 10));
    const text = host.output();
    const line = text.slice(text.lastIndexOf(marker) + marker.length).split("\n")[0];
    return JSON.parse(line);
}
