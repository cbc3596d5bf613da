// Packs a package with `npm pack`, installs the tarball into a scratch consumer project and runs
// programs there, so dynamic providers are serialized the way a USER's install serializes them:
// modules under node_modules are captured BY REFERENCE (`require("<pkg>/dist/...")`), while in
// this repository's own tests they are captured BY VALUE. Then drive them through the real host
// started in the consumer (`install.startHost()`: cwd = consumer, the consumer's @pulumi/pulumi).
//
// ```ts
// const install = await packedInstall();                 // this repo; cached per test process
// const run = await install.runProgram(`
//     const { VariableResource } = require("hcp-oidc-federation");
//     module.exports = () => { new VariableResource("v", { ... }); };
// `);
// const host = await install.startHost({ env: { TFE_TOKEN: token } });
// await host.create(run.byName("v").urn, run.byName("v").inputs);
// ```
//
// What "by reference" means precisely: only MODULE objects (a `require()` result such as
// `hcp_1` from `import * as hcp from "../hcp"`) found under node_modules become
// `require("<pkg>/dist/...")` (path mapped through the package's "exports"). The provider object,
// its methods and everything else of the provider's OWN module (helpers, module-level consts and
// state) are still serialized by value.
//
// The consumer has NO `typescript` package (like a plain user install), so the closure serializer
// parses by-value functions with its vendored TypeScript 3.8.3: syntax newer than that (`??=`,
// `||=`, `&&=`, class static blocks) fails there ("the function could not be parsed") while it
// passes in this repo (typescript 5.9). Pass `extraDependencies: { typescript: "5.9.3" }` for the
// other case.
//
// Install: `npm install --prefer-offline --no-audit --no-fund --ignore-scripts` with the
// package's runtime dependencies pinned to the exact versions of this repo's package-lock.json
// (npm's cache hits; measured 5-12 s on the shared 2 cores for @pulumi/pulumi + node-fetch, 8-21 s
// with @pulumi/aws, depending on load). npm_* variables inherited from `npm test` are dropped
// (npm_config_local_prefix would make the nested npm install into THIS repo). The scratch dirs are
// removed by a detached `rm -rf` when the test process exits (KEEP_PACKED_INSTALL=1 keeps them).
import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startProviderHost, hostScriptIn, type ProviderHost, type ProviderHostOptions } from "./providerHost";
import { toHostValue } from "./mocks";

export const repoRoot = path.resolve(__dirname, "..", "..");

export interface PackedInstallOptions {
    /** Directory of the package to pack. Default: this repository. */
    packageDir?: string;
    /**
     * Build before packing (`tsc -p tsconfig.build.json` in packageDir):
     * "auto" (default) = when dist/index.js is missing or older than a file under src/,
     * "always", "never".
     */
    build?: "auto" | "always" | "never";
    /** Extra consumer dependencies (name => version spec). */
    extraDependencies?: Record<string, string>;
    /** Lock file whose exact versions pin the package's dependencies. Default: this repo's package-lock.json. */
    lockFile?: string;
    /** Timeout of the npm install. Default 5 min. */
    installTimeoutMs?: number;
    /** Also install the package's OPTIONAL peer dependencies (the other clouds' SDKs). Default false, as an AWS-only user's install. */
    withOptionalPeers?: boolean;
}

export interface ConsumerResource {
    type: string;
    name: string;
    urn: string;
    id: string;
    custom: boolean;
    parent?: string;
    dependencies: string[];
    additionalSecretOutputs: string[];
    /** Wire inputs (Struct.toJavaScript) as the mock monitor received them. */
    wire: Record<string, any>;
    /** Inputs as the engine sends them to a dynamic provider (see mocks.toHostValue). */
    inputs: Record<string, any>;
    secretInputs: string[];
    /** `__provider` of a dynamic resource, serialized from the INSTALLED package. */
    providerText?: string;
}

export interface ConsumerRun {
    resources: ConsumerResource[];
    byName(name: string, type?: string): ConsumerResource;
    providerText(name: string): string;
    stdout: string;
    stderr: string;
}

export interface ScriptResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

export interface PackedInstall {
    packageName: string;
    packageVersion: string;
    tarball: string;
    /** The scratch consumer project (has node_modules/<packageName>). */
    consumerDir: string;
    /** The consumer's @pulumi/pulumi cmd/dynamic-provider/index.js. */
    hostScript: string;
    /** Milliseconds spent: build, pack, install. */
    timings: { buildMs: number; packMs: number; installMs: number };
    /** Runs a JS source file in the consumer (written to consumerDir/.support/), node cwd = consumer. */
    runScript(source: string, opts?: { args?: string[]; env?: Record<string, string>; timeoutMs?: number }): Promise<ScriptResult>;
    /**
     * Runs a JS program under mocks in the consumer and returns every registered resource with
     * its `__provider` text. `source` is a CommonJS module in the consumer: either it constructs
     * resources at top level, or it exports a (possibly async) function that does.
     */
    runProgram(source: string, opts?: ConsumerProgramOptions): Promise<ConsumerRun>;
    /** Serializes `require(moduleId)[exportName]` like pulumi.dynamic.Resource does, in the consumer. */
    serializeProvider(moduleId: string, exportName: string): Promise<string>;
    /** A provider host running in the consumer (cwd and host script of the consumer). */
    startHost(opts?: ProviderHostOptions): Promise<ProviderHost>;
}

export interface ConsumerProgramOptions {
    project?: string;
    stack?: string;
    preview?: boolean;
    config?: Record<string, string>;
    secretConfigKeys?: string[];
    env?: Record<string, string>;
    timeoutMs?: number;
}

const MARKER = "@@support-result@@";
const cache = new Map<string, Promise<PackedInstall>>();
const scratchDirs: string[] = [];
let cleanupInstalled = false;

/** Packs and installs `opts.packageDir` (default: this repo) once per test process. */
export function packedInstall(opts: PackedInstallOptions = {}): Promise<PackedInstall> {
    const packageDir = path.resolve(opts.packageDir ?? repoRoot);
    const key = JSON.stringify([packageDir, opts.extraDependencies ?? {}, opts.lockFile ?? "", opts.withOptionalPeers === true]);
    let p = cache.get(key);
    if (!p) {
        p = createPackedInstall(packageDir, opts);
        cache.set(key, p);
        p.catch(() => cache.delete(key));
    }
    return p;
}

function scratchDir(prefix: string): string {
    if (!cleanupInstalled) {
        cleanupInstalled = true;
        process.on("exit", () => {
            if (process.env.KEEP_PACKED_INSTALL) {
                for (const d of scratchDirs) console.error(`packedInstall: kept ${d}`);
            } else if (process.platform !== "win32") {
                // ~180 MB of node_modules: remove in a detached process instead of delaying exit by seconds.
                spawn("rm", ["-rf", ...scratchDirs], { detached: true, stdio: "ignore" }).unref();
            } else {
                for (const d of scratchDirs) fs.rmSync(d, { recursive: true, force: true });
            }
        });
    }
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    scratchDirs.push(d);
    return d;
}

/** The environment for nested npm/node: without `npm run`'s npm_* variables (npm_config_local_prefix would redirect npm). */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const keep = /^npm_config_(cache|registry|userconfig|globalconfig|cafile|ca|proxy|https?_proxy|noproxy|strict_ssl|@.*:registry|\/\/.*)$/i;
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (/^npm_/i.test(k) && !keep.test(k)) continue;
        env[k] = v;
    }
    return { ...env, ...extra };
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number, env = childEnv()): Promise<ScriptResult> {
    return new Promise((resolve) => {
        execFile(cmd, args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
            const code = err ? (typeof (err as any).code === "number" ? (err as any).code : 1) : 0;
            resolve({ code, stdout: String(stdout), stderr: String(stderr) + (err && code === 1 && !stderr ? String(err) : "") });
        });
    });
}

async function runOrThrow(what: string, cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<ScriptResult> {
    const r = await run(cmd, args, cwd, timeoutMs);
    if (r.code !== 0) {
        throw new Error(`${what} failed (exit ${r.code}) in ${cwd}: ${cmd} ${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
    }
    return r;
}

/** The newest modification time of any file under `dir` (0 when it does not exist). */
export function newestMtime(dir: string): number {
    let newest = 0;
    if (!fs.existsSync(dir)) return newest;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
    }
    return newest;
}

async function createPackedInstall(packageDir: string, opts: PackedInstallOptions): Promise<PackedInstall> {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));

    // 1. build
    let t = Date.now();
    const build = opts.build ?? "auto";
    const distMain = path.join(packageDir, pkg.main ?? "dist/index.js");
    const stale = !fs.existsSync(distMain) || newestMtime(path.join(packageDir, "src")) > fs.statSync(distMain).mtimeMs;
    if (build === "always" || (build === "auto" && stale)) {
        const tsc = require.resolve("typescript/bin/tsc", { paths: [packageDir, repoRoot] });
        await runOrThrow("build", process.execPath, [tsc, "-p", "tsconfig.build.json"], packageDir, 5 * 60_000);
    }
    const buildMs = Date.now() - t;

    // 2. pack
    t = Date.now();
    const packDir = scratchDir("packed-tgz-");
    const packed = await runOrThrow("npm pack", "npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", packDir], packageDir, 2 * 60_000);
    const filename: string = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")))[0].filename;
    const tarball = path.join(packDir, path.basename(filename));
    const packMs = Date.now() - t;

    // 3. consumer project: the tarball + the package's runtime deps pinned to the lock's exact versions
    t = Date.now();
    const consumerDir = scratchDir("packed-consumer-");
    const lock = JSON.parse(fs.readFileSync(opts.lockFile ?? path.join(repoRoot, "package-lock.json"), "utf8"));
    const dependencies: Record<string, string> = { [pkg.name]: `file:${tarball}` };
    // Optional peers (the other clouds' SDKs) are what a user installs only when needed: not here
    // (pass them in extraDependencies, or withOptionalPeers).
    const optional = (dep: string) => opts.withOptionalPeers !== true && pkg.peerDependenciesMeta?.[dep]?.optional === true;
    const runtime = { ...pkg.dependencies, ...Object.fromEntries(Object.entries<string>(pkg.peerDependencies ?? {}).filter(([d]) => !optional(d))) };
    for (const [dep, spec] of Object.entries<string>(runtime)) {
        dependencies[dep] = lock.packages?.[`node_modules/${dep}`]?.version ?? spec;
    }
    Object.assign(dependencies, opts.extraDependencies);
    fs.writeFileSync(
        path.join(consumerDir, "package.json"),
        JSON.stringify({ name: "packed-consumer", version: "0.0.0", private: true, dependencies }, null, 2),
    );
    await runOrThrow(
        "npm install",
        "npm",
        ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
        consumerDir,
        opts.installTimeoutMs ?? 5 * 60_000,
    );
    const installMs = Date.now() - t;

    const supportDir = path.join(consumerDir, ".support");
    fs.mkdirSync(supportDir, { recursive: true });
    fs.writeFileSync(path.join(supportDir, "run-program.js"), RUN_PROGRAM_JS);
    let scriptCounter = 0;

    const install: PackedInstall = {
        packageName: pkg.name,
        packageVersion: pkg.version,
        tarball,
        consumerDir,
        hostScript: hostScriptIn(consumerDir),
        timings: { buildMs, packMs, installMs },

        async runScript(source, o = {}) {
            const file = path.join(supportDir, `script-${++scriptCounter}.js`);
            fs.writeFileSync(file, source);
            return run(process.execPath, [file, ...(o.args ?? [])], consumerDir, o.timeoutMs ?? 60_000, childEnv(o.env));
        },

        async runProgram(source, o = {}) {
            const file = path.join(supportDir, `program-${++scriptCounter}.js`);
            fs.writeFileSync(file, source);
            const options = { project: o.project, stack: o.stack, preview: o.preview, config: o.config, secretConfigKeys: o.secretConfigKeys };
            const r = await run(
                process.execPath,
                [path.join(supportDir, "run-program.js"), file, JSON.stringify(options)],
                consumerDir,
                o.timeoutMs ?? 60_000,
                childEnv(o.env),
            );
            const at = r.stdout.lastIndexOf(MARKER);
            if (r.code !== 0 || at < 0) {
                throw new Error(`program failed in ${consumerDir} (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
            }
            const raw: Array<Omit<ConsumerResource, "inputs" | "secretInputs" | "providerText">> = JSON.parse(
                r.stdout.slice(at + MARKER.length).split("\n")[0],
            );
            const resources: ConsumerResource[] = raw.map((x) => {
                const inputs = toHostValue(x.wire);
                const text = inputs.__provider;
                return {
                    ...x,
                    inputs,
                    secretInputs: Object.keys(x.wire).filter((k) => x.wire[k]?.["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270"),
                    providerText: typeof text === "string" ? text : undefined,
                };
            });
            const consumerRun: ConsumerRun = {
                resources,
                stdout: r.stdout.slice(0, at),
                stderr: r.stderr,
                byName(name, type) {
                    const found = resources.filter((x) => x.name === name && (type === undefined || x.type === type));
                    if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
                    return found[0];
                },
                providerText(name) {
                    const text = consumerRun.byName(name).providerText;
                    if (text === undefined) throw new Error(`${name} is not a dynamic resource`);
                    return text;
                },
            };
            return consumerRun;
        },

        async serializeProvider(moduleId, exportName) {
            const r = await install.runScript(
                `"use strict";
const pulumi = require("@pulumi/pulumi");
const provider = require(${JSON.stringify(moduleId)})[${JSON.stringify(exportName)}];
if (!provider) throw new Error("no export ${exportName} in ${moduleId}");
pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })
    .then((sf) => process.stdout.write(${JSON.stringify(MARKER)} + JSON.stringify(sf.text) + "\\n"))
    .catch((e) => { console.error(e && e.stack || String(e)); process.exit(1); });
`,
            );
            const at = r.stdout.lastIndexOf(MARKER);
            if (r.code !== 0 || at < 0) throw new Error(`serializeProvider failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
            return JSON.parse(r.stdout.slice(at + MARKER.length).split("\n")[0]);
        },

        startHost(o = {}) {
            return startProviderHost({ cwd: consumerDir, hostScript: install.hostScript, ...o });
        },
    };
    return install;
}

// Runs in the consumer, with the consumer's @pulumi/pulumi: setMocks, run the program, capture
// every registration's wire inputs (incl. __provider), print them after MARKER.
const RUN_PROGRAM_JS = `"use strict";
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const MARKER = ${JSON.stringify(MARKER)};
process.on("unhandledRejection", (e) => { console.error("unhandled rejection:", e && e.stack || String(e)); process.exit(1); });
(async () => {
    const [programPath, optionsJson] = process.argv.slice(2);
    const o = JSON.parse(optionsJson || "{}");
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => ({ id: a.custom === false ? "" : (a.id || a.name + "-id"), state: a.inputs }),
            call: () => ({}),
        },
        o.project || "project", o.stack || "stack", o.preview || false,
    );
    pulumi.runtime.setAllConfig(o.config || {}, o.secretConfigKeys || []);
    const resources = [];
    const monitor = pulumi.runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        const wire = req.getObject() ? req.getObject().toJavaScript() : {};
        register(req, (err, resp) => {
            if (!err) {
                resources.push({
                    type: req.getType(), name: req.getName(), urn: resp.getUrn(), id: resp.getId(), custom: req.getCustom(),
                    parent: req.getParent() || undefined, dependencies: req.getDependenciesList(),
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(), wire,
                });
            }
            cb(err, resp);
        });
    };
    const mod = require(path.resolve(programPath));
    const fn = typeof mod === "function" ? mod : mod && typeof mod.default === "function" ? mod.default : undefined;
    if (fn) await fn();
    const settings = require("@pulumi/pulumi/runtime/settings");
    for (let stable = 0; stable < 2; ) {
        const before = resources.length;
        await settings.waitForRPCs();
        await new Promise((r) => setImmediate(r));
        stable = resources.length === before ? stable + 1 : 0;
    }
    process.stdout.write("\\n" + MARKER + JSON.stringify(resources) + "\\n");
})().catch((e) => { console.error(e && e.stack || String(e)); process.exit(1); });
`;
