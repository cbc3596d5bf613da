// Fleet-scale benchmark (outside the test suite):
//
//   npm run bench                                  # N = 500, 32 operations in flight, 30 requests/s
//   npm run bench -- --n 1000 --parallel 64
//   npm run bench -- --help
//
// What runs (README "Figures"):
//   - the package as a user installs it (npm pack + install in a scratch project, providers serialized
//     by reference; --from-dist: this repository's dist/, by value);
//   - N single-workspace WorkspaceOidcFederation components constructed under setMocks in a fresh
//     node process; their dynamic resources (inputs with the real `__provider` texts) are driven
//     through ONE real Pulumi dynamic-provider host process per pulumi command, as the engine would:
//     preview of the new stack, first apply, up and preview with unchanged inputs, refresh; against
//     the HCP API emulator enforcing the per-user rate limit (requests counted from its log);
//   - the seed's oidc_setup.py request sequence replayed against a fresh emulator;
//   - program side: N federations vs the equivalent plain @pulumi/aws program under setMocks,
//     each in a fresh node process.
// Prints the table of the HCP scenarios, the program-side table, and each target with PASS/FAIL;
// writes the figures to .bench/last.json.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packedInstall } from "../support/packedInstall";
import { buildFleet, checkBuild, installedSource, repoRoot, repoSource, type Source } from "./fleet";
import { packageScenarios, programSide, seedScenarios, type ProgramSide, type Row } from "./scenarios";

interface Options {
    n: number;
    parallel: number;
    rate: number;
    latencyMs: number;
    programN: number;
    programRepeat: number;
    skip: Set<string>;
    seedRerun: boolean;
    fromDist: boolean;
    check: boolean;
    json?: string;
}

const HELP = `usage: npm run bench -- [options]
  --n N               federations (= workspaces) of the HCP scenarios      (default 500)
  --parallel P        operations in flight, like pulumi up --parallel      (default 32)
  --rate R            emulator's per-user limit, requests per second       (default 30)
  --latency-ms L      latency added by the emulator to every request       (default 0)
  --program-n M       federations of the program-side measurement          (default 1000)
  --program-repeat K  runs of each program; the fastest is kept            (default 1)
  --skip LIST         comma list of: package, seed, program
  --seed-rerun        also replay the seed script a second time (its re-run: 7 requests per workspace)
  --from-dist         measure this repository's dist/ directly (providers serialized BY VALUE, about
                      90 KB of __provider text per resource); default: the package as users get it,
                      npm pack + install in a scratch project (providers serialized by reference)
  --json FILE         also write the figures as JSON (default .bench/last.json)
  --check             exit 1 when a target is missed`;

function parseArgs(argv: string[]): Options {
    const o: Options = { n: 500, parallel: 32, rate: 30, latencyMs: 0, programN: 1000, programRepeat: 1, skip: new Set(), seedRerun: false, fromDist: false, check: false };
    const num = (flag: string, v: string | undefined, min: number): number => {
        const x = Number(v);
        if (v === undefined || !Number.isFinite(x) || x < min) throw new Error(`${flag} needs a number >= ${min}, got ${v}`);
        return x;
    };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
        const value = () => inline ?? argv[++i];
        switch (flag) {
            case "--n": o.n = Math.floor(num(flag, value(), 1)); break;
            case "--parallel": o.parallel = Math.floor(num(flag, value(), 1)); break;
            case "--rate": o.rate = num(flag, value(), 0.1); break;
            case "--latency-ms": o.latencyMs = num(flag, value(), 0); break;
            case "--program-n": o.programN = Math.floor(num(flag, value(), 1)); break;
            case "--program-repeat": o.programRepeat = Math.floor(num(flag, value(), 1)); break;
            case "--skip": for (const s of String(value()).split(",")) if (s) o.skip.add(s.trim()); break;
            case "--seed-rerun": o.seedRerun = true; break;
            case "--from-dist": o.fromDist = true; break;
            case "--check": o.check = true; break;
            case "--json": o.json = value(); break;
            case "-h": case "--help": console.log(HELP); process.exit(0); break;
            default: throw new Error(`unknown option ${a}\n${HELP}`);
        }
    }
    for (const s of o.skip) if (!["package", "seed", "program"].includes(s)) throw new Error(`--skip: unknown scenario ${s}`);
    return o;
}

function pad(s: string, w: number, right = false): string {
    return right ? s.padStart(w) : s.padEnd(w);
}

function table(headers: string[], rows: string[][], rightFrom = 1): string {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => "| " + cells.map((c, i) => pad(c, widths[i], i >= rightFrom)).join(" | ") + " |";
    const sep = "|" + widths.map((w, i) => (i >= rightFrom ? "-".repeat(w + 1) + ":" : ":" + "-".repeat(w + 1))).join("|") + "|";
    return [line(headers), sep, ...rows.map(line)].join("\n");
}

const f = (x: number, d = 2) => x.toFixed(d);

function hcpTable(rows: Row[]): string {
    return table(
        ["scenario", "N", "requests", "req/workspace", "429s", "wall s", "limit s", "ratio to limit", "failures"],
        rows.map((r) => [
            r.scenario,
            String(r.n),
            String(r.requests),
            f(r.requests / r.n, 3),
            String(r.rateLimited),
            f(r.seconds),
            f(r.limitSeconds),
            r.requests === 0 ? "-" : f(r.seconds / r.limitSeconds),
            String(r.failures),
        ]),
    );
}

const PROGRAM_LABEL = {
    aws: "plain @pulumi/aws: OIDC provider + per workspace role + inline EC2 policy",
    "aws-component": "the same, each workspace's role + policy in a ComponentResource",
    federation: "WorkspaceOidcFederation per workspace",
} as const;

function programTable(p: ProgramSide): string {
    const rows = [p.aws, p.awsComponent, p.federation].map((m) => [
        PROGRAM_LABEL[m.kind],
        String(m.n),
        String(m.registrations),
        f(m.seconds),
        f(m.seconds / p.aws.seconds),
        f(m.peakRssMb, 0),
        f(m.peakRssMb / p.aws.peakRssMb),
        f(m.heapAfterMb - m.heapBeforeMb, 1),
        m.dynamicRegistrations === 0 ? "-" : String(m.serializations),
        m.dynamicRegistrations === 0 ? "-" : String(m.distinctProviderTexts),
        m.dynamicRegistrations === 0 ? "-" : f(m.providerBytes / m.dynamicRegistrations / 1024, 1),
    ]);
    return table(
        ["program under setMocks (preview)", "N", "registrations", "seconds", "x plain", "peak RSS MB", "x plain", "heap retained MB", "provider serializations", "distinct __provider texts", "__provider KB per resource"],
        rows,
    );
}

interface Target {
    name: string;
    ok: boolean;
    detail: string;
}

function targets(o: Options, rows: Row[], prog?: ProgramSide): Target[] {
    const out: Target[] = [];
    const by = (s: string) => rows.find((r) => r.scenario === s);
    const up = by("first apply (up)");
    const same = rows.filter((r) => r.scenario.includes("inputs unchanged") || r.scenario === "preview, new stack");
    const refresh = by("refresh");
    for (const r of same) {
        out.push({ name: `${r.scenario}: 0 HCP requests`, ok: r.requests === 0 && r.rateLimited === 0 && r.failures === 0, detail: `${r.requests} requests, ${r.failures} failures/changes` });
    }
    if (up) {
        const perWs = up.requests / up.n;
        out.push({ name: "first apply: at most 3 requests per workspace", ok: perWs <= 3, detail: `${f(perWs, 3)} (${up.requests} for ${up.n}: ${Object.entries(up.kinds).map(([k, v]) => `${v} ${k}`).join(", ")})` });
        const ratio = up.seconds / up.limitSeconds;
        out.push({ name: "first apply: wall time <= 1.15 x requests / rate", ok: ratio <= 1.15, detail: `${f(up.seconds)} s vs ${f(up.limitSeconds)} s: ${f(ratio)}` + (o.n !== 500 || o.parallel !== 32 ? ` (target stated for N = 500, parallel 32; this run: N = ${o.n}, parallel ${o.parallel})` : "") });
        out.push({ name: "first apply: 0 failed resources, 0 duplicates", ok: up.failures === 0 && up.duplicates === 0, detail: `${up.failures} failures, ${up.duplicates} duplicate variables` });
        const share = up.rateLimited / Math.max(1, up.requests + up.rateLimited);
        out.push({ name: "first apply: 429 answers <= 1% of requests", ok: share <= 0.01, detail: `${up.rateLimited} of ${up.requests + up.rateLimited} (${f(share * 100)} %)` });
    }
    if (refresh) {
        const lists = refresh.kinds["GET /workspaces/:ws/vars"] ?? 0;
        out.push({ name: "refresh: at most 1 request per workspace for the variables", ok: lists <= refresh.n && refresh.failures === 0, detail: `${f(lists / refresh.n, 3)} variable lists per workspace, ${refresh.failures} failures` });
        const ratio = refresh.seconds / refresh.limitSeconds;
        out.push({ name: "refresh: near the limit (wall <= 1.15 x requests / rate)", ok: ratio <= 1.15, detail: `${f(refresh.seconds)} s vs ${f(refresh.limitSeconds)} s: ${f(ratio)}` });
    }
    if (prog) {
        const t = prog.federation.seconds / prog.aws.seconds;
        const m = prog.federation.peakRssMb / prog.aws.peakRssMb;
        out.push({ name: "program: time <= 1.5 x the plain @pulumi/aws program", ok: t <= 1.5, detail: `${f(prog.federation.seconds)} s vs ${f(prog.aws.seconds)} s: ${f(t)} (registrations ${prog.federation.registrations} vs ${prog.aws.registrations})` });
        out.push({ name: "program: peak memory <= 1.5 x the plain @pulumi/aws program", ok: m <= 1.5, detail: `${f(prog.federation.peakRssMb, 0)} MB vs ${f(prog.aws.peakRssMb, 0)} MB peak RSS: ${f(m)}` });
        out.push({
            name: "program: provider serialized once per provider, not per resource",
            ok: prog.federation.serializations <= 2 && prog.federation.distinctProviderTexts <= 2,
            detail: `${prog.federation.serializations} serializations and ${prog.federation.distinctProviderTexts} distinct __provider texts for ${prog.federation.dynamicRegistrations} dynamic resources`,
        });
    }
    return out;
}

async function main(): Promise<void> {
    const o = parseArgs(process.argv.slice(2));
    const log = (line: string) => process.stderr.write(line + "\n");
    // The fleet program targets app.terraform.io; only the provider host is pointed at the emulator.
    delete process.env.TFE_HOSTNAME;
    delete process.env.TFE_ADDRESS;
    checkBuild();

    const cpus = os.cpus();
    const machine = `${cpus.length} cores (${cpus[0]?.model.trim() ?? "?"}), ${f(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}, ${os.platform()} ${os.arch()}, load average at start ${os.loadavg().map((x) => f(x)).join(" ")}`;
    log(`machine: ${machine}`);
    log(`options: N = ${o.n}, parallel ${o.parallel}, emulator limit ${o.rate} requests/s per user, latency ${o.latencyMs} ms`);
    const started = performance.now();
    let source: Source = repoSource();
    if (!o.fromDist) {
        log("npm pack + install in a scratch project (as a user installs the package) …");
        try {
            source = installedSource(await packedInstall({ build: "never" }));
        } catch (err) {
            log(`WARNING: the packed install failed, measuring dist/ directly instead (as --from-dist): ${err instanceof Error ? err.message.split("\n")[0] : err}`);
        }
    }
    log(`package: ${source.label}`);

    let rows: Row[] = [];
    let fleetInfo = "";
    if (!o.skip.has("package")) {
        log(`building the fleet program under setMocks (N = ${o.n}) …`);
        const fleet = await buildFleet(source, o.n);
        const previewFleet = await buildFleet(source, o.n, { preview: true });
        fleetInfo =
            `fleet: ${o.n} WorkspaceOidcFederation components, ${fleet.resources.length} registrations, ${fleet.dynamic.length} dynamic resources, ` +
            `${fleet.providerTexts.length} distinct __provider texts (${fleet.providerTexts.map((b) => `${f(b / 1024, 1)} KB`).join(", ")}); program ${f(fleet.seconds)} s (up), ${f(previewFleet.seconds)} s (preview)`;
        log(fleetInfo);
        log("package scenarios …");
        rows = rows.concat(await packageScenarios({ ...o, source, log }, fleet, previewFleet));
    }
    if (!o.skip.has("seed")) {
        log("seed replay …");
        rows = rows.concat(await seedScenarios({ ...o, source, log }, o.seedRerun));
    }
    let prog: Awaited<ReturnType<typeof programSide>> | undefined;
    if (!o.skip.has("program")) {
        log(`program side (N = ${o.programN}, fresh node process each) …`);
        prog = await programSide(source, o.programN, o.programRepeat, log);
    }

    const out: string[] = [];
    out.push(`machine: ${machine}`);
    out.push(`package: ${source.label}`);
    out.push(`run: N = ${o.n}, ${o.parallel} operations in flight, emulator limit ${o.rate} requests/s per user, latency ${o.latencyMs} ms; total ${f((performance.now() - started) / 1000, 0)} s`);
    if (fleetInfo) out.push(fleetInfo);
    if (rows.length > 0) {
        out.push("");
        out.push(hcpTable(rows));
        out.push("");
        out.push("requests = answers other than 429 (the work); limit s = requests / rate; ratio = wall s / limit s.");
        for (const r of rows) {
            out.push(`${r.scenario}: ${Object.entries(r.kinds).map(([k, v]) => `${v} ${k}`).join(", ") || "no requests"}${r.duplicates ? `; ${r.duplicates} duplicate variables` : ""}`);
            for (const n of r.notes) out.push(`  ${n}`);
        }
    }
    if (prog) {
        out.push("");
        out.push(programTable(prog));
    }
    const checks = targets(o, rows, prog);
    if (checks.length > 0) {
        out.push("");
        out.push("targets:");
        for (const t of checks) out.push(`  ${t.ok ? "PASS" : "FAIL"}  ${t.name}: ${t.detail}`);
    }
    console.log(out.join("\n"));

    const json = o.json ?? path.join(repoRoot, ".bench", "last.json");
    fs.mkdirSync(path.dirname(json), { recursive: true });
    fs.writeFileSync(json, JSON.stringify({ machine, options: { ...o, skip: [...o.skip] }, rows, program: prog, targets: checks }, null, 2));
    log(`figures written to ${path.relative(process.cwd(), json) || json}`);
    if (o.check && checks.some((t) => !t.ok)) process.exitCode = 1;
}

main().then(
    () => process.exit(process.exitCode ?? 0),
    (err) => {
        console.error(err instanceof Error ? err.stack : err);
        process.exit(2);
    },
);
