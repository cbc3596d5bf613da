// Fleet-scale benchmark (outside the test suite):
//
//   npm run bench                                  # N = 500, 32 operations in flight, 30 requests/s
//   npm run bench -- --n 1000 --parallel 64
//   npm run bench -- --help
//
// What runs (README "Performance"):
//   - the package as a user installs it (npm pack + install in a scratch project, providers serialized
//     by reference; --from-dist: this repository's dist/, by value);
//   - federation programs constructed under setMocks in a fresh node process (program.js); their
//     dynamic resources (inputs with the real `__provider` texts) driven through ONE real Pulumi
//     dynamic-provider host process per pulumi command, as the engine would, against the HCP API
//     emulator enforcing the per-user rate limit (requests counted from its log):
//       single path (singlePath.ts): N federations of one workspace: new workspaces, adoption of
//         stale TFC_AWS_*, the seed's layout, adoption + static-key removal;
//       list path and project scope (sharedPaths.ts): the biggest list the trust allows (2048 and
//         4096) in an organization that also holds other workspaces; a project of 1,000 workspaces;
//   - the seed's oidc_setup.py request sequence replayed against a fresh emulator (seed.ts);
//   - program side (programSide.ts): N federations vs the equivalent plain @pulumi/aws program under
//     setMocks, each in a fresh node process, per registration; a CPU profile of the federation's.
// Prints the tables and each target with PASS/FAIL (targets.ts); writes the figures to
// .bench/last.json; --check exits 1 when a target is missed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packedInstall } from "../support/packedInstall";
import { buildFleet, checkBuild, distDir, installedSource, repoRoot, repoSource, type Source } from "./fleet";
import type { Row } from "./measure";
import { programSide, type ProgramSide } from "./programSide";
import { hcpDetails, hcpTable, profileLines, programTable } from "./report";
import { seedScenarios } from "./seed";
import { sharedScenarios, type CapRefusal } from "./sharedPaths";
import { singleScenarios } from "./singlePath";
import { targets } from "./targets";

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
  --n N               federations (= workspaces) of the single path         (default 500)
  --parallel P        operations in flight, like pulumi up --parallel      (default 32)
  --rate R            emulator's per-user limit, requests per second       (default 30)
  --latency-ms L      latency added by the emulator to every request       (default 0)
  --program-n M       federations of the program-side measurement          (default 1000)
  --program-repeat K  runs of each program; the fastest is kept            (default 1)
  --skip LIST         comma list of: single, shared (list path and project scope), seed, program
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
    for (const s of o.skip) if (!["single", "shared", "seed", "program"].includes(s)) throw new Error(`--skip: unknown scenario ${s}`);
    return o;
}

const f = (x: number, d = 2) => x.toFixed(d);

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

    const bench = { ...o, source, log };
    let rows: Row[] = [];
    let refusals: CapRefusal[] = [];
    const infos: string[] = [];
    if (!o.skip.has("single")) {
        log(`building the single-path programs under setMocks (N = ${o.n}) …`);
        const fleets = {
            up: await buildFleet(source, o.n),
            preview: await buildFleet(source, o.n, { preview: true }),
            removeUp: await buildFleet(source, o.n, { removeStatic: true }),
            removePreview: await buildFleet(source, o.n, { removeStatic: true, preview: true }),
        };
        const fl = fleets.up;
        infos.push(
            `single-path program: ${o.n} WorkspaceOidcFederation components, ${fl.resources.length} registrations, ${fl.dynamic.length} dynamic resources, ` +
                `${fl.providerTexts.length} distinct __provider texts (${fl.providerTexts.map((b) => `${f(b / 1024, 1)} KB`).join(", ")}); program ${f(fl.seconds)} s (up), ${f(fleets.preview.seconds)} s (preview)`,
        );
        log(infos[infos.length - 1]);
        log("single path …");
        rows = rows.concat(await singleScenarios(bench, fleets));
    }
    if (!o.skip.has("shared")) {
        log("list path and project scope …");
        const shared = await sharedScenarios(bench);
        rows = rows.concat(shared.rows);
        refusals = shared.refusals;
    }
    if (!o.skip.has("seed")) {
        log("seed replay …");
        rows = rows.concat(await seedScenarios(bench, o.seedRerun));
    }
    let prog: ProgramSide | undefined;
    if (!o.skip.has("program")) {
        log(`program side (N = ${o.programN}, fresh node process each) …`);
        const packageDirs = [source.install ? path.join(source.install.consumerDir, "node_modules", "hcp-oidc-federation", "dist") : distDir].map((d) => fs.realpathSync(d) + path.sep);
        prog = await programSide(source, o.programN, o.programRepeat, packageDirs, log);
    }

    const out: string[] = [];
    out.push(`machine: ${machine}`);
    out.push(`package: ${source.label}`);
    out.push(`run: N = ${o.n}, ${o.parallel} operations in flight, emulator limit ${o.rate} requests/s per user, latency ${o.latencyMs} ms; total ${f((performance.now() - started) / 1000, 0)} s; load average at the end ${os.loadavg().map((x) => f(x)).join(" ")}`);
    out.push(...infos);
    if (rows.length > 0) {
        out.push("");
        out.push(hcpTable(rows));
        out.push("");
        out.push(
            "N = workspaces federated (project scope: workspaces of the project); org = workspaces of the organization; requests = answers other than 429 " +
                "(the work); look-ups = workspace list pages and GETs by name or id; other = the rest; limit s = requests / rate; ratio = wall s / limit s.",
        );
        out.push(...hcpDetails(rows));
    }
    if (prog) {
        out.push("");
        out.push(programTable(prog));
        out.push(...profileLines(prog));
    }
    const checks = targets(rows, refusals, prog);
    if (checks.length > 0) {
        out.push("");
        out.push("targets:");
        for (const t of checks) out.push(`  ${t.ok ? "PASS" : "FAIL"}  ${t.name}: ${t.detail}`);
        const missed = checks.filter((t) => !t.ok);
        out.push(missed.length === 0 ? "every target met" : `${missed.length} target(s) missed: ${missed.map((t) => t.name).join("; ")}`);
    }
    console.log(out.join("\n"));

    const json = o.json ?? path.join(repoRoot, ".bench", "last.json");
    fs.mkdirSync(path.dirname(json), { recursive: true });
    fs.writeFileSync(json, JSON.stringify({ machine, options: { ...o, skip: [...o.skip] }, rows, refusals, program: prog, targets: checks }, null, 2));
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
