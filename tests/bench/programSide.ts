// The program side: N federations vs the equivalent plain @pulumi/aws program under setMocks (as
// `pulumi preview` runs a program), each in a fresh node process, per registration; and a CPU
// profile (`node --cpu-prof`) of the federation program's process: the share of its samples that
// are this package's own code (dist/).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runProgram, type Source } from "./fleet";

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
    /** The program's window on the profiler's clock, µs. */
    windowUs: [number, number];
}

/** Per registration: time and memory (peak RSS above the RSS before the program, and heap retained). */
export function perRegistration(m: ProgramMeasure): { ms: number; rssKb: number; heapKb: number } {
    return {
        ms: (m.seconds * 1000) / m.registrations,
        rssKb: ((m.peakRssMb - m.rssBeforeMb) * 1024) / m.registrations,
        heapKb: ((m.heapAfterMb - m.heapBeforeMb) * 1024) / m.registrations,
    };
}

export interface CpuProfileShare {
    /** Samples in the program's window (idle excluded), and of them, in the package's dist/. */
    samples: number;
    packageSamples: number;
    /** The same over the whole process (module loading included). */
    processSamples: number;
    processPackageSamples: number;
    /** Samples per part (window), e.g. "@pulumi/pulumi": 1234. */
    parts: Record<string, number>;
    /** The package's functions with the most samples (window). */
    top: { name: string; samples: number }[];
    seconds: number;
}

export interface ProgramSide {
    federation: ProgramMeasure;
    aws: ProgramMeasure;
    awsComponent: ProgramMeasure;
    all: ProgramMeasure[];
    profile?: CpuProfileShare;
}

/** Which part of the process a profile frame belongs to. */
function partOf(url: string, functionName: string, packageDirs: string[]): string {
    const file = url.replace(/^file:\/\//, "");
    if (file === "") return functionName.startsWith("(") ? functionName : "(native / V8)";
    if (packageDirs.some((d) => file.startsWith(d))) return "hcp-oidc-federation (dist/)";
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (m) return m[1];
    if (file.startsWith("node:")) return "node internals";
    return "other";
}

/** Reads a .cpuprofile: the package's share of the non-idle samples, in the window and in the whole process. */
export function profileShare(file: string, windowUs: [number, number], packageDirs: string[]): CpuProfileShare {
    const prof = JSON.parse(fs.readFileSync(file, "utf8"));
    const nodes = new Map<number, { part: string; name: string }>();
    for (const n of prof.nodes) {
        const cf = n.callFrame;
        nodes.set(n.id, { part: partOf(cf.url, cf.functionName, packageDirs), name: `${cf.functionName || "(anonymous)"} ${path.basename(cf.url)}:${cf.lineNumber + 1}` });
    }
    // The window is on the monotonic clock the profiler uses; a window outside the profile means it is not comparable.
    const inRange = windowUs[0] >= prof.startTime && windowUs[1] <= prof.endTime;
    const [from, to] = inRange ? windowUs : [prof.startTime, prof.endTime];
    let t = prof.startTime;
    const out: CpuProfileShare = { samples: 0, packageSamples: 0, processSamples: 0, processPackageSamples: 0, parts: {}, top: [], seconds: (to - from) / 1e6 };
    const top = new Map<string, number>();
    prof.samples.forEach((id: number, i: number) => {
        t += prof.timeDeltas[i];
        const n = nodes.get(id)!;
        if (n.part === "(idle)") return;
        const mine = n.part === "hcp-oidc-federation (dist/)";
        out.processSamples++;
        if (mine) out.processPackageSamples++;
        if (t < from || t > to) return;
        out.samples++;
        out.parts[n.part] = (out.parts[n.part] ?? 0) + 1;
        if (mine) {
            out.packageSamples++;
            top.set(n.name, (top.get(n.name) ?? 0) + 1);
        }
    });
    out.top = [...top.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, samples]) => ({ name, samples }));
    return out;
}

/** The federation program under `node --cpu-prof`, once. */
async function profileRun(source: Source, n: number, packageDirs: string[]): Promise<CpuProfileShare> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-cpuprof-"));
    try {
        const m: ProgramMeasure = await runProgram(source, ["measure", "federation", String(n)], { exposeGc: true, nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`] });
        const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
        if (!file) throw new Error(`node --cpu-prof wrote no profile in ${dir}`);
        return profileShare(path.join(dir, file), m.windowUs, packageDirs);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Each program `repeat` times, each in a fresh node process; the fastest run of each is kept (the machine is shared). Then the profile. */
export async function programSide(source: Source, n: number, repeat: number, packageDirs: string[], log: (line: string) => void): Promise<ProgramSide> {
    const all: ProgramMeasure[] = [];
    const best: Partial<Record<ProgramKind, ProgramMeasure>> = {};
    for (let i = 0; i < repeat; i++) {
        for (const kind of ["aws", "aws-component", "federation"] as const) {
            const m: ProgramMeasure = await runProgram(source, ["measure", kind, String(n)], { exposeGc: true });
            all.push(m);
            log(`  program ${kind} N=${n}: ${m.seconds.toFixed(2)} s, ${m.registrations} registrations, peak RSS ${m.peakRssMb.toFixed(0)} MB`);
            if (!best[kind] || m.seconds < best[kind]!.seconds) best[kind] = m;
        }
    }
    log(`  CPU profile of the federation program (node --cpu-prof) …`);
    const profile = await profileRun(source, n, packageDirs);
    return { federation: best.federation!, aws: best.aws!, awsComponent: best["aws-component"]!, all, profile };
}
