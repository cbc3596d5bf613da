// What every fleet scenario shares: a fresh emulator (the per-user limit enforced), a provider
// host per pulumi command, and one row of figures read from the emulator's request log.
import { randomBytes } from "node:crypto";
import { startEmulator, type Emulator, type RequestLogEntry } from "../emulator";
import { startProviderHost, type ProviderHost } from "../support/providerHost";
import type { Failure, StepResult } from "./engine";
import { ORG, type Fleet, type Source } from "./fleet";

/** Which path of the package a row measures. */
export type PathKind = "single" | "list" | "project" | "seed";

export interface Row {
    scenario: string;
    path: PathKind;
    /** Workspaces the scenario federates (project scope: the workspaces of the project). */
    n: number;
    /** Workspaces of the organization. */
    orgSize: number;
    /** Requests the server answered other than 429 (the work). */
    requests: number;
    /** Of `requests`, the workspace look-ups: list pages, GETs by name and by id. */
    lookups: number;
    rateLimited: number;
    seconds: number;
    /** requests / rate: the time the per-user limit alone imposes. */
    limitSeconds: number;
    failures: number;
    duplicates: number;
    /** Requests per kind ("GET /workspaces/:ws/vars" …), 429s excluded. */
    kinds: Record<string, number>;
    /** Free text shown under the table. */
    notes: string[];
}

export interface BenchOptions {
    source: Source;
    n: number;
    parallel: number;
    rate: number;
    latencyMs: number;
    log: (line: string) => void;
}

/** "GET /workspaces/:ws/vars": the path with ids and names replaced by their kind. */
export function requestKind(e: RequestLogEntry): string {
    let p = e.path.replace(/^\/api\/v2/, "");
    p = p.replace(/^\/organizations\/[^/]+\/workspaces\/[^/]+$/, "/organizations/:org/workspaces/:name");
    p = p.replace(/^\/organizations\/[^/]+/, "/organizations/:org");
    p = p.replace(/\bws-[A-Za-z0-9]+/g, ":ws").replace(/\bprj-[A-Za-z0-9]+/g, ":prj").replace(/\bvar-[A-Za-z0-9]+/g, ":var").replace(/\bvarset-[A-Za-z0-9]+/g, ":varset");
    return `${e.method} ${p}`;
}

/** The request kinds that are workspace look-ups (what the batched look-up rule is about). */
export const LOOKUP_KINDS = ["GET /organizations/:org/workspaces", "GET /organizations/:org/workspaces/:name", "GET /workspaces/:ws"];

/** The most look-up requests the rule allows: one per 100 workspaces of the organization, or one per workspace, whichever is fewer. */
export function lookupFloor(orgSize: number, lookedUp: number): number {
    return Math.min(Math.ceil(orgSize / 100), lookedUp);
}

export function countLog(emu: Emulator): { requests: number; rateLimited: number; lookups: number; kinds: Record<string, number> } {
    const kinds: Record<string, number> = {};
    let rateLimited = 0;
    for (const e of emu.log) {
        if (e.status === 429) {
            rateLimited++;
            continue;
        }
        const k = requestKind(e);
        kinds[k] = (kinds[k] ?? 0) + 1;
    }
    const lookups = LOOKUP_KINDS.reduce((sum, k) => sum + (kinds[k] ?? 0), 0);
    return { requests: emu.log.length - rateLimited, rateLimited, lookups, kinds };
}

/** Variables that share (owner, key, category) with another, workspace and variable-set variables: each extra one is a duplicate. */
export function duplicates(emu: Emulator): number {
    const seen = new Map<string, number>();
    const count = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
    for (const v of emu.store.variables.values()) count(`${v.workspaceId}\u0000${v.key}\u0000${v.category}`);
    for (const v of emu.store.varsetVariables.values()) count(`${v.varsetId}\u0000${v.key}\u0000${v.category}`);
    let extra = 0;
    for (const c of seen.values()) extra += c - 1;
    return extra;
}

/** A fresh emulator at `o.rate` with the bench token and organization; `setup` fills it. */
export async function freshEmulator(o: BenchOptions, setup: (emu: Emulator) => void): Promise<{ emu: Emulator; token: string }> {
    const emu = await startEmulator({ rateLimit: o.rate });
    const token = `bench${randomBytes(6).toString("hex")}.atlasv1.${randomBytes(24).toString("hex")}`;
    emu.addToken(token, "bench-user");
    emu.addOrganization(ORG);
    setup(emu);
    if (o.latencyMs > 0) emu.injectFaults({ latencyMs: o.latencyMs });
    return { emu, token };
}

/** Workspaces of the bench organization in the emulator. */
export function orgSize(emu: Emulator): number {
    return [...emu.store.workspaces.values()].filter((w) => w.organization.toLowerCase() === ORG).length;
}

/** A new host per scenario, as each `pulumi` command starts its own plugin process. */
export async function startHost(o: BenchOptions, emu: Emulator, token: string): Promise<ProviderHost> {
    const opts = { env: { TFE_TOKEN: token, TFE_HOSTNAME: emu.hostname }, callTimeoutMs: 10 * 60_000 };
    const h = o.source.install ? await o.source.install.startHost(opts) : await startProviderHost({ ...opts, cwd: o.source.cwd });
    await h.configure({});
    return h;
}

/**
 * One pulumi command: a full bucket (as after a quiet minute), an empty log, a new host; `run`
 * plays the engine's part with it. Answers the step and the log's figures.
 */
export async function command(o: BenchOptions, emu: Emulator, token: string, run: (h: ProviderHost) => Promise<StepResult>): Promise<StepResult> {
    emu.setRateLimit(o.rate);
    emu.clearLog();
    const h = await startHost(o, emu, token);
    try {
        return await run(h);
    } finally {
        await h.stop();
    }
}

export function describeFailures(failures: Failure[], fleet: Fleet): string[] {
    if (failures.length === 0) return [];
    const byUrn = new Map(fleet.dynamic.map((r) => [r.urn, r.name]));
    return failures.slice(0, 5).map((f) => `  ${byUrn.get(f.urn) ?? f.urn} [${f.step}]: ${f.message.slice(0, 300)}`);
}

/** The row of what the emulator logged since the last clearLog(). `wrong` = state checks that failed after the step. */
export function rowOf(
    scenario: string,
    path: PathKind,
    o: BenchOptions,
    emu: Emulator,
    n: number,
    step: { seconds: number; failures: number },
    notes: string[] = [],
): Row {
    const c = countLog(emu);
    return {
        scenario,
        path,
        n,
        orgSize: orgSize(emu),
        requests: c.requests,
        lookups: c.lookups,
        rateLimited: c.rateLimited,
        seconds: step.seconds,
        limitSeconds: c.requests / o.rate,
        failures: step.failures,
        duplicates: duplicates(emu),
        kinds: c.kinds,
        notes,
    };
}

/** The notes of an engine step: host calls, what failed, the state checks that failed. */
export function stepNotes(label: string, r: StepResult, fleet: Fleet, wrong: string[] = []): string[] {
    return [
        `engine: ${r.calls} host calls (${label}), at most ${r.maxInFlight} operations in flight${r.changed.length > 0 ? `; not DIFF_NONE / outputs changed: ${r.changed.length}` : ""}`,
        ...r.changed.slice(0, 5).map((c) => `  ${c}`),
        ...describeFailures(r.failures, fleet),
        ...wrong.slice(0, 5).map((w) => `  ${w}`),
        ...(wrong.length > 5 ? [`  … ${wrong.length - 5} more`] : []),
    ];
}
