// The fleet scenarios: first apply, unchanged preview / up, refresh (package, through the real
// provider host) and the seed script's replay, each against the emulator enforcing the per-user
// rate limit; plus the program-side measurement (fresh child processes).
import { randomBytes } from "node:crypto";
import { startEmulator, type Emulator, type RequestLogEntry } from "../emulator";
import { startProviderHost, type ProviderHost } from "../support/providerHost";
import { Engine, type Failure, type ResourceState, type StepResult } from "./engine";
import { ORG, runProgram, workspaceNames, type Fleet, type Source } from "./fleet";
import { replaySeed } from "./seed";

export interface Row {
    scenario: string;
    n: number;
    /** Requests the server answered other than 429 (the work). */
    requests: number;
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

/** The role ARN the federation of `ws` sets (account of program.js's mocks). */
export const roleArnOf = (ws: string) => `arn:aws:iam::123456789012:role/tfc-${ws}-oidc`;

/** "GET /workspaces/:ws/vars": the path with ids and names replaced by their kind. */
export function requestKind(e: RequestLogEntry): string {
    let p = e.path.replace(/^\/api\/v2/, "");
    p = p.replace(/^\/organizations\/[^/]+\/workspaces\/[^/]+$/, "/organizations/:org/workspaces/:name");
    p = p.replace(/^\/organizations\/[^/]+/, "/organizations/:org");
    p = p.replace(/\bws-[A-Za-z0-9]+/g, ":ws").replace(/\bprj-[A-Za-z0-9]+/g, ":prj").replace(/\bvar-[A-Za-z0-9]+/g, ":var").replace(/\bvarset-[A-Za-z0-9]+/g, ":varset");
    return `${e.method} ${p}`;
}

function countLog(emu: Emulator): { requests: number; rateLimited: number; kinds: Record<string, number> } {
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
    return { requests: emu.log.length - rateLimited, rateLimited, kinds };
}

/** Variables that share (workspace, key, category) with another: each extra one is a duplicate. */
export function duplicates(emu: Emulator): number {
    const seen = new Map<string, number>();
    for (const v of emu.store.variables.values()) {
        const k = `${v.workspaceId}\u0000${v.key}\u0000${v.category}`;
        seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    let extra = 0;
    for (const c of seen.values()) extra += c - 1;
    return extra;
}

/** Workspaces whose OIDC variables are not exactly TFC_AWS_PROVIDER_AUTH=true and TFC_AWS_RUN_ROLE_ARN=<role>. */
export function wrongWorkspaces(emu: Emulator, names: string[]): string[] {
    const byId = new Map<string, string>();
    for (const ws of emu.store.workspaces.values()) byId.set(ws.id, ws.name);
    const vars = new Map<string, Map<string, string>>();
    for (const v of emu.store.variables.values()) {
        const name = byId.get(v.workspaceId);
        if (name === undefined) continue;
        let m = vars.get(name);
        if (!m) vars.set(name, (m = new Map()));
        m.set(v.key, v.value);
    }
    return names.filter((ws) => {
        const m = vars.get(ws);
        return !m || m.get("TFC_AWS_PROVIDER_AUTH") !== "true" || m.get("TFC_AWS_RUN_ROLE_ARN") !== roleArnOf(ws);
    });
}

async function freshEmulator(o: BenchOptions, names: string[]): Promise<{ emu: Emulator; token: string }> {
    const emu = await startEmulator({ rateLimit: o.rate });
    const token = `bench${randomBytes(6).toString("hex")}.atlasv1.${randomBytes(24).toString("hex")}`;
    emu.addToken(token, "bench-user");
    emu.addOrganization(ORG);
    for (const ws of names) emu.addWorkspace(ORG, ws);
    if (o.latencyMs > 0) emu.injectFaults({ latencyMs: o.latencyMs });
    return { emu, token };
}

/** A new host per scenario, as each `pulumi` command starts its own plugin process. */
async function host(o: BenchOptions, emu: Emulator, token: string): Promise<ProviderHost> {
    const opts = { env: { TFE_TOKEN: token, TFE_HOSTNAME: emu.hostname }, callTimeoutMs: 10 * 60_000 };
    const h = o.source.install ? await o.source.install.startHost(opts) : await startProviderHost({ ...opts, cwd: o.source.cwd });
    await h.configure({});
    return h;
}

function describeFailures(failures: Failure[], fleet: Fleet): string[] {
    if (failures.length === 0) return [];
    const byUrn = new Map(fleet.dynamic.map((r) => [r.urn, r.name]));
    return failures.slice(0, 5).map((f) => `  ${byUrn.get(f.urn) ?? f.urn} [${f.step}]: ${f.message.slice(0, 300)}`);
}

function row(scenario: string, o: BenchOptions, emu: Emulator, r: { seconds: number; failures: number }, notes: string[] = []): Row {
    const c = countLog(emu);
    return {
        scenario,
        n: o.n,
        requests: c.requests,
        rateLimited: c.rateLimited,
        seconds: r.seconds,
        limitSeconds: c.requests / o.rate,
        failures: r.failures,
        duplicates: duplicates(emu),
        kinds: c.kinds,
        notes,
    };
}

/** preview of the new stack, first apply, unchanged up and preview, refresh: the package through the real provider host. */
export async function packageScenarios(o: BenchOptions, fleet: Fleet, previewFleet: Fleet): Promise<Row[]> {
    const names = workspaceNames(o.n);
    const { emu, token } = await freshEmulator(o, names);
    const rows: Row[] = [];
    try {
        // --- preview of the new stack (check only)
        emu.setRateLimit(o.rate);
        emu.clearLog();
        let h = await host(o, emu, token);
        let pre: StepResult;
        try {
            pre = await new Engine(h, previewFleet, o.parallel).previewNew();
        } finally {
            await h.stop();
        }
        rows.push(row("preview, new stack", o, emu, { seconds: pre.seconds, failures: pre.failures.length }, [`engine: ${pre.calls} host calls (check)`, ...describeFailures(pre.failures, previewFleet)]));
        o.log(`  preview, new stack: ${pre.seconds.toFixed(1)} s`);

        // --- first apply
        emu.setRateLimit(o.rate); // a full bucket, as after a quiet minute
        emu.clearLog();
        h = await host(o, emu, token);
        let states: Map<string, ResourceState>;
        let up: StepResult;
        try {
            up = await new Engine(h, fleet, o.parallel).up();
            states = up.states;
        } finally {
            await h.stop();
        }
        const wrong = wrongWorkspaces(emu, names);
        const upNotes = [
            `engine: ${up.calls} host calls (check+create), at most ${up.maxInFlight} operations in flight`,
            ...describeFailures(up.failures, fleet),
            ...(wrong.length > 0 ? [`  ${wrong.length} workspace(s) without the two variables set right, e.g. ${wrong.slice(0, 3).join(", ")}`] : []),
        ];
        rows.push(row("first apply (up)", o, emu, { seconds: up.seconds, failures: up.failures.length + wrong.length }, upNotes));
        o.log(`  first apply: ${up.seconds.toFixed(1)} s`);

        // --- unchanged: up and preview (check + diff)
        for (const [label, f] of [
            ["up, inputs unchanged", fleet],
            ["preview, inputs unchanged", previewFleet],
        ] as const) {
            emu.setRateLimit(o.rate);
            emu.clearLog();
            h = await host(o, emu, token);
            let r: StepResult;
            try {
                r = await new Engine(h, f, o.parallel).unchanged(states);
            } finally {
                await h.stop();
            }
            const notes = [`engine: ${r.calls} host calls (check+diff); diffs not DIFF_NONE: ${r.changed.length}`, ...r.changed.slice(0, 5).map((c) => `  ${c}`), ...describeFailures(r.failures, f)];
            rows.push(row(label, o, emu, { seconds: r.seconds, failures: r.failures.length + r.changed.length }, notes));
            o.log(`  ${label}: ${r.seconds.toFixed(1)} s`);
        }

        // --- refresh
        emu.setRateLimit(o.rate);
        emu.clearLog();
        h = await host(o, emu, token);
        let refresh: StepResult;
        try {
            refresh = await new Engine(h, fleet, o.parallel).refresh(states);
        } finally {
            await h.stop();
        }
        const refreshRow = row("refresh", o, emu, { seconds: refresh.seconds, failures: refresh.failures.length + refresh.changed.length });
        const varLists = refreshRow.kinds["GET /workspaces/:ws/vars"] ?? 0;
        refreshRow.notes.push(
            `engine: ${refresh.calls} host reads; variable list requests per workspace: ${(varLists / o.n).toFixed(3)}; outputs that changed: ${refresh.changed.length}`,
            ...refresh.changed.slice(0, 5).map((c) => `  ${c}`),
            ...describeFailures(refresh.failures, fleet),
        );
        rows.push(refreshRow);
        o.log(`  refresh: ${refresh.seconds.toFixed(1)} s`);
    } finally {
        await emu.close();
    }
    return rows;
}

/** The seed's oidc_setup.py request sequence, first run (and optionally a re-run), on a fresh emulator. */
export async function seedScenarios(o: BenchOptions, rerun: boolean): Promise<Row[]> {
    const names = workspaceNames(o.n);
    const { emu, token } = await freshEmulator(o, names);
    const rows: Row[] = [];
    try {
        const labels = ["seed oidc_setup.py, first run"];
        if (rerun) labels.push("seed oidc_setup.py, re-run");
        for (const label of labels) {
            emu.setRateLimit(o.rate);
            emu.clearLog();
            const r = await replaySeed({ baseUrl: emu.url, token, organization: ORG, workspaces: names, roleArn: roleArnOf });
            const wrong = wrongWorkspaces(emu, names);
            const notes = [
                `sequential replay (python-tfe 429 handling: sleep 0.5 s * 2^attempt, no client limiter)`,
                ...r.failed.slice(0, 5).map((f) => `  ${f.workspace}: ${f.message}`),
                ...(wrong.length > 0 ? [`  ${wrong.length} workspace(s) without the two variables set right`] : []),
            ];
            rows.push(row(label, o, emu, { seconds: r.seconds, failures: r.failed.length + wrong.length }, notes));
            o.log(`  ${label}: ${r.seconds.toFixed(1)} s`);
        }
    } finally {
        await emu.close();
    }
    return rows;
}

export type ProgramKind = "federation" | "aws" | "aws-component";

export interface ProgramMeasure {
    kind: ProgramKind;
    n: number;
    seconds: number;
    registrations: number;
    dynamicRegistrations: number;
    serializations: number;
    distinctProviderTexts: number;
    providerBytes: number;
    rssBeforeMb: number;
    peakRssMb: number;
    heapBeforeMb: number;
    heapAfterMb: number;
}

/** Each program `repeat` times, each run in a fresh node process; the fastest run of each is kept (the machine is shared). */
export interface ProgramSide {
    federation: ProgramMeasure;
    aws: ProgramMeasure;
    awsComponent: ProgramMeasure;
    all: ProgramMeasure[];
}

export async function programSide(source: Source, n: number, repeat: number, log: (line: string) => void): Promise<ProgramSide> {
    const all: ProgramMeasure[] = [];
    const best: Partial<Record<ProgramKind, ProgramMeasure>> = {};
    for (let i = 0; i < repeat; i++) {
        for (const kind of ["aws", "aws-component", "federation"] as const) {
            const m: ProgramMeasure = await runProgram(source, ["measure", kind, String(n)], { exposeGc: true });
            all.push(m);
            log(`  program ${kind} N=${n}: ${m.seconds.toFixed(2)} s, peak RSS ${m.peakRssMb.toFixed(0)} MB`);
            if (!best[kind] || m.seconds < best[kind]!.seconds) best[kind] = m;
        }
    }
    return { federation: best.federation!, aws: best.aws!, awsComponent: best["aws-component"]!, all };
}
