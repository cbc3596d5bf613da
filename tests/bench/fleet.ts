// The program side of the fleet benchmark: N single-workspace WorkspaceOidcFederation components
// constructed under setMocks, exactly as a user's program makes them, in a fresh node process
// (program.js capture). What the bench keeps is what the engine would receive: every resource's URN,
// its inputs as the engine sends them to a dynamic provider (with the real serialized `__provider`
// text), its dependencies, and what the mocked engine answered (to swap in the real HCP ids later).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { toHostValue } from "../support/mocks";
import { newestMtime, repoRoot, type PackedInstall } from "../support/packedInstall";

export const ORG = "acme";
export const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/";
export const PACKAGE_NAME = "hcp-oidc-federation";

export { repoRoot };
export const distDir = path.join(repoRoot, "dist");
export const programScript = path.join(__dirname, "program.js");

/** Workspace names of the fleet: ws-0001 … (program.js makes the same; `prefix` "list": the list path's). */
export function workspaceNames(n: number, prefix = "ws"): string[] {
    const width = Math.max(4, String(n).length);
    return Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(width, "0")}`);
}

/** Which federation program program.js captures (see its header). */
export interface FleetShape {
    shape?: "single" | "list" | "project";
    /** single: removeStaticAwsCredentials on every federation. */
    removeStatic?: boolean;
    /** list: trustPolicySizeLimit. */
    trustLimit?: number;
}

/** One registration as the engine got it. */
export interface Registered {
    type: string;
    name: string;
    urn: string;
    /** The id the mock engine gave it. */
    id: string;
    custom: boolean;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Inputs as the engine sends them to a dynamic provider (`news` of check), `__provider` included. */
    inputs: Record<string, any>;
}

export interface Fleet {
    /** Every registration (components and AWS resources included). */
    resources: Registered[];
    /** The dynamic (HCP) resources, in registration order: what the engine hands to the provider host. */
    dynamic: Registered[];
    /** Mocked outputs per URN (with `id`), to map mock values to the real ones. */
    mockOutputs: Map<string, Record<string, any>>;
    /** Distinct `__provider` texts and their sizes. */
    providerTexts: number[];
    /** Seconds the mocked program took (in its own process). */
    seconds: number;
}

/** Where the package under test lives: this repository's dist/ (by value) or a packed install (by reference). */
export interface Source {
    label: string;
    /** Directory the node child and the provider host run in (module resolution of provider texts). */
    cwd: string;
    /** program.js path usable from cwd. */
    script: string;
    /** `--package` argument of program.js. */
    packageId: string;
    install?: PackedInstall;
}

export function repoSource(): Source {
    return { label: "this repository's dist/ (providers serialized by value)", cwd: repoRoot, script: programScript, packageId: distDir };
}

/** The packed package installed in a scratch consumer project; program.js is copied there. */
export function installedSource(install: PackedInstall): Source {
    const script = path.join(install.consumerDir, ".bench-program.js");
    fs.copyFileSync(programScript, script);
    return { label: `npm pack + install in ${install.consumerDir} (providers serialized by reference, as users get them)`, cwd: install.consumerDir, script, packageId: PACKAGE_NAME, install };
}

/** Warns when dist/ is missing or older than src/ (the bench measures the BUILT package). */
export function checkBuild(): void {
    if (!fs.existsSync(path.join(distDir, "index.js"))) {
        throw new Error("dist/ is missing: run `npm run bench` (it builds first) or `npm run build`.");
    }
    if (newestMtime(path.join(repoRoot, "src")) > newestMtime(distDir)) {
        console.error("warning: src/ changed after the last build: `npm run bench` builds first and measures the current code.");
    }
}

/** Runs program.js in a fresh node process; resolves with its JSON result line. */
export function runProgram(source: Source, args: string[], opts: { exposeGc?: boolean; nodeArgs?: string[] } = {}): Promise<any> {
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            [...(opts.exposeGc ? ["--expose-gc"] : []), ...(opts.nodeArgs ?? []), source.script, ...args, "--package", source.packageId],
            { cwd: source.cwd, maxBuffer: 16 * 1024 * 1024, timeout: 30 * 60_000, env: { ...process.env, TFE_HOSTNAME: "", TFE_ADDRESS: "" } },
            (err, stdout, stderr) => {
                const line = String(stdout).split("\n").find((l) => l.startsWith("{"));
                if (err || !line) {
                    reject(new Error(`program.js ${args.join(" ")} failed: ${err?.message ?? ""}\n${stderr}`));
                    return;
                }
                resolve(JSON.parse(line));
            },
        );
    });
}

/** Constructs the fleet program (as `up`, or as `preview`) and captures what the engine would get. */
export async function buildFleet(source: Source, n: number, opts: { preview?: boolean } & FleetShape = {}): Promise<Fleet> {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-fleet-")), "fleet.json");
    const args = [
        ...(opts.preview ? ["--preview"] : []),
        ...(opts.shape ? ["--shape", opts.shape] : []),
        ...(opts.removeStatic ? ["--remove-static"] : []),
        ...(opts.trustLimit !== undefined ? ["--trust-limit", String(opts.trustLimit)] : []),
    ];
    try {
        await runProgram(source, ["capture", String(n), out, ...args]);
        const raw = JSON.parse(fs.readFileSync(out, "utf8"));
        const texts: string[] = raw.texts;
        const resources: Registered[] = raw.resources.map((r: any) => {
            const wire = r.wire;
            if (wire.__provider && typeof wire.__provider === "object" && "$text" in wire.__provider) wire.__provider = texts[wire.__provider.$text];
            const { wire: _w, ...rest } = r;
            return { ...rest, inputs: toHostValue(wire) };
        });
        return {
            resources,
            dynamic: resources.filter((r) => r.type.startsWith(DYNAMIC_PREFIX)),
            mockOutputs: new Map(Object.entries(raw.mockOutputs)),
            providerTexts: texts.map((t) => t.length),
            seconds: raw.seconds,
        };
    } finally {
        fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
}
