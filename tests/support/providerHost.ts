// Drives dynamic providers through the REAL @pulumi/pulumi dynamic-provider host over gRPC.
//
// `startProviderHost()` spawns `node <@pulumi/pulumi>/cmd/dynamic-provider/index.js <engine>`,
// exactly the process the Pulumi CLI starts for `pulumi-resource-pulumi-nodejs`, reads the port it
// prints, and talks `pulumirpc.ResourceProvider` to it with the SDK's own generated stubs. Each
// request carries the serialized provider text in the `__provider` property, as the engine sends
// it; the host deserializes it with require-from-string and caches ONE provider per distinct text
// for the life of the process (so module state captured by value is per text, and anything stored
// on globalThis is per host process).
//
// Facts about the host (3.248.0), checked by tests/support/providerHost.test.ts:
// - The engine address argument is only required to be present: the host never dials it, so a
//   fake address is enough and no fake engine is needed.
// - require-from-string resolves `require("x")` inside a provider text from the HOST'S cwd
//   (Module._nodeModulePaths(".")) — run the host with `cwd` = the project that has the package
//   installed, as the CLI does.
// - `configure()` only reaches `provider.configure()` when a provider text is deserialized for the
//   first time in that process: call it before the first CRUD call, like the engine does.
// - Preview: the engine sends unknown inputs as the string sentinel `UNKNOWN` below
//   (rpc.unknownValue); `check`/`diff` use the OLD `__provider` when the new one is unknown.
//   To simulate a preview-time check pass `UNKNOWN` as any input value (or as `__provider`, with
//   the real text in `olds.__provider`).
// - Results holding `undefined` anywhere make the host fail with "Unexpected struct type"
//   (google-protobuf Struct.fromJavaScript). Requests built by this driver drop undefined values
//   instead, like the engine (it never sends undefined).
// - Create/Update errors carrying `id` (and `properties`, `reasons`) come back as
//   ErrorResourceInitFailed in the `grpc-status-details-bin` trailer: see HostError.initFailed.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as provprotoTypes from "@pulumi/pulumi/proto/provider_pb";
import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";

/** rpc.unknownValue of @pulumi/pulumi: the value the engine sends for an unknown input during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The reserved input that carries the serialized provider text. */
export const PROVIDER_KEY = "__provider";

// Load the wire-level modules from the SAME copies the SDK uses (never a second grpc-js/protobuf).
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
const grpc: typeof grpcTypes = fromPulumi("@grpc/grpc-js");
const provproto: typeof provprotoTypes = require("@pulumi/pulumi/proto/provider_pb");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const statusproto = require("@pulumi/pulumi/proto/status_pb");
const { Struct }: { Struct: typeof StructType } = fromPulumi("google-protobuf/google/protobuf/struct_pb");

/** `node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js` of this repository. */
export const defaultHostScript = path.join(pulumiDir, "cmd", "dynamic-provider", "index.js");

/** The host script of the @pulumi/pulumi installed in `projectDir` (e.g. a packed-install consumer). */
export function hostScriptIn(projectDir: string): string {
    const dir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [projectDir] }));
    return path.join(dir, "cmd", "dynamic-provider", "index.js");
}

/** Builds a resource URN the way the engine does (no parent). */
export function makeUrn(name: string, type = "pulumi-nodejs:dynamic:Resource", project = "project", stack = "stack"): string {
    return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

export type PropertyMap = Record<string, any>;

export interface CheckFailure {
    property: string;
    reason: string;
}

export interface CheckResult {
    inputs: PropertyMap;
    failures: CheckFailure[];
}

export interface DiffResult {
    /** true = DIFF_SOME, false = DIFF_NONE, undefined = DIFF_UNKNOWN (provider returned no `changes`, or has no diff). */
    changes: boolean | undefined;
    replaces: string[];
    deleteBeforeReplace: boolean;
    /** Never filled by the dynamic host (it does not report detailed diffs); kept for completeness. */
    diffs: string[];
}

export interface CreateResult {
    id: string;
    properties: PropertyMap;
}

export interface ReadResult {
    /** "" means "gone": the engine removes the resource from the state on refresh. */
    id: string;
    properties: PropertyMap;
    /** Only when the provider's read returned `inputs` (SDK >= 3.216). */
    inputs: PropertyMap | undefined;
}

export interface UpdateResult {
    properties: PropertyMap;
}

export interface ConfigureResult {
    acceptSecrets: boolean;
    acceptResources: boolean;
    acceptOutputs: boolean;
    supportsPreview: boolean;
}

/** Detail of pulumirpc.ErrorResourceInitFailed: the object exists but did not initialize. */
export interface InitFailedDetail {
    id: string;
    properties: PropertyMap;
    reasons: string[];
}

/** A failed gRPC call to the host. `message` is the provider's error message (gRPC `details`). */
export class HostError extends Error {
    constructor(
        readonly method: string,
        /** gRPC status code (2 UNKNOWN for provider errors, 14 UNAVAILABLE when the host is gone, 4 DEADLINE_EXCEEDED). */
        readonly code: number,
        readonly details: string,
        /** Set when create/update threw an error carrying `id` (ErrorResourceInitFailed). */
        readonly initFailed?: InitFailedDetail,
    ) {
        super(details);
        this.name = "HostError";
    }

    get codeName(): string {
        return (grpc.status as any)[this.code] ?? String(this.code);
    }
}

export interface ProviderHostOptions {
    /** Extra environment for the host process (merged over process.env unless inheritEnv is false). */
    env?: Record<string, string>;
    /** false: start from an empty environment (PATH and HOME kept) plus `env`. Default true. */
    inheritEnv?: boolean;
    /** Working directory of the host: where `require("pkg")` in provider texts resolves from. Default process.cwd(). */
    cwd?: string;
    /** Path to a cmd/dynamic-provider/index.js. Default: this repository's (`defaultHostScript`). */
    hostScript?: string;
    /** The engine address argument. Only needs to be present; default "127.0.0.1:1" (never dialed). */
    engineAddress?: string;
    /** How long to wait for the port line. Default 30 s. */
    startTimeoutMs?: number;
    /** Deadline of each gRPC call. Default 30 s. */
    callTimeoutMs?: number;
}

export interface ProviderHost {
    readonly pid: number;
    readonly port: number;
    /** "127.0.0.1:PORT" */
    readonly address: string;
    /** Resolves when the host process exits (for any reason). */
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
    running(): boolean;

    configure(vars?: PropertyMap): Promise<ConfigureResult>;
    check(urn: string, olds: PropertyMap, news: PropertyMap, opts?: { randomSeed?: Uint8Array }): Promise<CheckResult>;
    diff(id: string, urn: string, olds: PropertyMap, news: PropertyMap, opts?: { oldInputs?: PropertyMap; ignoreChanges?: string[] }): Promise<DiffResult>;
    create(urn: string, props: PropertyMap, opts?: { preview?: boolean; timeout?: number }): Promise<CreateResult>;
    read(id: string, urn: string, props: PropertyMap, inputs?: PropertyMap): Promise<ReadResult>;
    update(id: string, urn: string, olds: PropertyMap, news: PropertyMap, opts?: { oldInputs?: PropertyMap; preview?: boolean; timeout?: number }): Promise<UpdateResult>;
    delete(id: string, urn: string, props: PropertyMap, opts?: { oldInputs?: PropertyMap; timeout?: number }): Promise<void>;
    getPluginInfo(): Promise<{ version: string }>;

    /** Everything the host printed on stdout (except the port line) and stderr, interleaved. */
    output(): string;
    clearOutput(): void;
    /** SIGKILL the host (crash tests) and wait for it to be gone. Later calls fail with UNAVAILABLE; still call stop(). */
    kill(): Promise<void>;
    /** Close the client, SIGTERM the host (SIGKILL after 3 s), wait for exit. Idempotent. */
    stop(): Promise<void>;
}

// Hosts not stopped by their test are killed when the test process exits.
const liveHosts = new Set<ChildProcess>();
let exitHookInstalled = false;
function trackHost(child: ChildProcess): void {
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on("exit", () => {
            for (const c of liveHosts) {
                try {
                    c.kill("SIGKILL");
                } catch {
                    /* already gone */
                }
            }
        });
    }
    liveHosts.add(child);
    child.once("exit", () => liveHosts.delete(child));
}

/** Drops `undefined` (the engine never sends it; Struct.fromJavaScript rejects it). */
function clean(value: any): any {
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : clean(v)));
    if (value !== null && typeof value === "object") {
        const out: Record<string, any> = {};
        for (const [k, v] of Object.entries(value)) {
            if (v !== undefined) out[k] = clean(v);
        }
        return out;
    }
    return value;
}

function toStruct(obj: PropertyMap | undefined): StructType {
    return Struct.fromJavaScript(clean(obj ?? {}));
}

function fromStruct(s: StructType | undefined): PropertyMap {
    return s ? (s.toJavaScript() as PropertyMap) : {};
}

function nameAndTypeOf(urn: string): { name: string; type: string } {
    const parts = urn.split("::");
    const qualifiedType = parts[2] ?? "";
    return { name: parts.slice(3).join("::"), type: qualifiedType.split("$").pop() ?? "" };
}

/** Addresses a per-resource request: the URN, the name and type it holds, and the id when there is one. */
function addressTo<R extends { setUrn(v: string): unknown; setName(v: string): unknown; setType(v: string): unknown; setId?(v: string): unknown }>(
    req: R,
    urn: string,
    id?: string,
): R {
    const { name, type } = nameAndTypeOf(urn);
    if (id !== undefined) req.setId!(id);
    req.setUrn(urn);
    req.setName(name);
    req.setType(type);
    return req;
}

function decodeInitFailed(err: grpcTypes.ServiceError): InitFailedDetail | undefined {
    const raw = err.metadata?.get("grpc-status-details-bin")?.[0];
    if (!raw) return undefined;
    const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : raw;
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bytes));
    for (const any of status.getDetailsList()) {
        if (any.getTypeName() === "pulumirpc.ErrorResourceInitFailed") {
            const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
            return { id: detail.getId(), properties: fromStruct(detail.getProperties()), reasons: detail.getReasonsList() };
        }
    }
    return undefined;
}

export async function startProviderHost(opts: ProviderHostOptions = {}): Promise<ProviderHost> {
    const hostScript = opts.hostScript ?? defaultHostScript;
    const baseEnv: Record<string, string | undefined> =
        opts.inheritEnv === false ? { PATH: process.env.PATH, HOME: process.env.HOME } : { ...process.env };
    const child = spawn(process.execPath, [hostScript, opts.engineAddress ?? "127.0.0.1:1"], {
        cwd: opts.cwd ?? process.cwd(),
        env: { ...baseEnv, ...opts.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    trackHost(child);
    // A forgotten host must not keep mocha alive; the exit hook above kills it.
    child.unref();
    (child.stdout as any)?.unref?.();
    (child.stderr as any)?.unref?.();

    let out = "";
    let stdoutBuf = "";
    let port: number | undefined;
    let resolvePort!: (p: number) => void;
    const portPromise = new Promise<number>((r) => (resolvePort = r));
    child.stdout!.setEncoding("utf8");
    child.stderr!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
        if (port !== undefined) {
            out += chunk;
            return;
        }
        stdoutBuf += chunk;
        let nl: number;
        while (port === undefined && (nl = stdoutBuf.indexOf("\n")) >= 0) {
            const line = stdoutBuf.slice(0, nl).trim();
            stdoutBuf = stdoutBuf.slice(nl + 1);
            if (/^\d+$/.test(line)) {
                port = Number(line);
                out += stdoutBuf;
                stdoutBuf = "";
                resolvePort(port);
            } else {
                out += line + "\n";
            }
        }
    });
    child.stderr!.on("data", (chunk: string) => (out += chunk));

    let isRunning = true;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        child.once("exit", (code, signal) => {
            isRunning = false;
            resolve({ code, signal });
        });
    });
    const spawnError = new Promise<never>((_, reject) => child.once("error", reject));

    const startTimeoutMs = opts.startTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    try {
        await Promise.race([
            portPromise,
            spawnError,
            exited.then(({ code, signal }) => {
                throw new Error(`dynamic-provider host exited before printing its port (code ${code}, signal ${signal}):\n${out}`);
            }),
            new Promise<never>((_, reject) => {
                timer = setTimeout(
                    () => reject(new Error(`dynamic-provider host printed no port within ${startTimeoutMs} ms:\n${out}`)),
                    startTimeoutMs,
                );
            }),
        ]);
    } catch (e) {
        child.kill("SIGKILL");
        throw e;
    } finally {
        clearTimeout(timer);
    }

    const address = `127.0.0.1:${port}`;
    const client: grpcTypes.Client & Record<string, any> = new provrpc.ResourceProviderClient(address, grpc.credentials.createInsecure());
    const callTimeoutMs = opts.callTimeoutMs ?? 30_000;

    function call<Res>(method: string, req: unknown): Promise<Res> {
        return new Promise<Res>((resolve, reject) => {
            const deadline = new Date(Date.now() + callTimeoutMs);
            try {
                client[method](req, new grpc.Metadata(), { deadline }, (err: grpcTypes.ServiceError | null, res: Res) => {
                    if (err) {
                        reject(new HostError(method, err.code, err.details ?? err.message, decodeInitFailed(err)));
                    } else {
                        resolve(res);
                    }
                });
            } catch (e: any) {
                // e.g. the client was closed by stop()
                reject(new HostError(method, grpc.status.UNAVAILABLE, String(e?.message ?? e)));
            }
        });
    }

    let stopped: Promise<void> | undefined;
    let killed: Promise<void> | undefined;
    async function terminate(signal: NodeJS.Signals): Promise<void> {
        // kill() leaves the client open so later calls fail the way the engine sees a crash (UNAVAILABLE).
        if (signal !== "SIGKILL") client.close();
        if (isRunning) {
            child.kill(signal);
            if (signal !== "SIGKILL") {
                const t = setTimeout(() => child.kill("SIGKILL"), 3_000);
                await exited;
                clearTimeout(t);
            } else {
                await exited;
            }
        }
    }

    return {
        pid: child.pid!,
        port: port!,
        address,
        exited,
        running: () => isRunning,

        async configure(vars = {}) {
            const req = new provproto.ConfigureRequest();
            req.setArgs(toStruct(vars));
            const vmap = req.getVariablesMap();
            for (const [k, v] of Object.entries(vars)) {
                if (v !== undefined) vmap.set(k, typeof v === "string" ? v : JSON.stringify(v));
            }
            req.setAcceptsecrets(true);
            req.setAcceptresources(true);
            const res = await call<provprotoTypes.ConfigureResponse>("configure", req);
            return {
                acceptSecrets: res.getAcceptsecrets(),
                acceptResources: res.getAcceptresources(),
                acceptOutputs: res.getAcceptoutputs(),
                supportsPreview: res.getSupportspreview(),
            };
        },

        async check(urn, olds, news, o = {}) {
            const req = addressTo(new provproto.CheckRequest(), urn);
            req.setOlds(toStruct(olds));
            req.setNews(toStruct(news));
            if (o.randomSeed) req.setRandomseed(o.randomSeed);
            const res = await call<provprotoTypes.CheckResponse>("check", req);
            return {
                inputs: fromStruct(res.getInputs()),
                failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
            };
        },

        async diff(id, urn, olds, news, o = {}) {
            const req = addressTo(new provproto.DiffRequest(), urn, id);
            req.setOlds(toStruct(olds));
            req.setNews(toStruct(news));
            if (o.oldInputs) req.setOldInputs(toStruct(o.oldInputs));
            if (o.ignoreChanges) req.setIgnorechangesList(o.ignoreChanges);
            const res = await call<provprotoTypes.DiffResponse>("diff", req);
            const C = provproto.DiffResponse.DiffChanges;
            const changes = res.getChanges();
            return {
                changes: changes === C.DIFF_SOME ? true : changes === C.DIFF_NONE ? false : undefined,
                replaces: res.getReplacesList(),
                deleteBeforeReplace: res.getDeletebeforereplace(),
                diffs: res.getDiffsList(),
            };
        },

        async create(urn, props, o = {}) {
            const req = addressTo(new provproto.CreateRequest(), urn);
            req.setProperties(toStruct(props));
            if (o.preview) req.setPreview(true);
            if (o.timeout) req.setTimeout(o.timeout);
            const res = await call<provprotoTypes.CreateResponse>("create", req);
            return { id: res.getId(), properties: fromStruct(res.getProperties()) };
        },

        async read(id, urn, props, inputs) {
            const req = addressTo(new provproto.ReadRequest(), urn, id);
            req.setProperties(toStruct(props));
            if (inputs) req.setInputs(toStruct(inputs));
            const res = await call<provprotoTypes.ReadResponse>("read", req);
            const ins = res.getInputs();
            return { id: res.getId(), properties: fromStruct(res.getProperties()), inputs: ins ? fromStruct(ins) : undefined };
        },

        async update(id, urn, olds, news, o = {}) {
            const req = addressTo(new provproto.UpdateRequest(), urn, id);
            req.setOlds(toStruct(olds));
            req.setNews(toStruct(news));
            if (o.oldInputs) req.setOldInputs(toStruct(o.oldInputs));
            if (o.preview) req.setPreview(true);
            if (o.timeout) req.setTimeout(o.timeout);
            const res = await call<provprotoTypes.UpdateResponse>("update", req);
            return { properties: fromStruct(res.getProperties()) };
        },

        async delete(id, urn, props, o = {}) {
            const req = addressTo(new provproto.DeleteRequest(), urn, id);
            req.setProperties(toStruct(props));
            if (o.oldInputs) req.setOldInputs(toStruct(o.oldInputs));
            if (o.timeout) req.setTimeout(o.timeout);
            await call<unknown>("delete", req);
        },

        async getPluginInfo() {
            const emptyproto = fromPulumi("google-protobuf/google/protobuf/empty_pb");
            const res = await call<any>("getPluginInfo", new emptyproto.Empty());
            return { version: res.getVersion() };
        },

        output: () => out,
        clearOutput: () => {
            out = "";
        },
        kill: () => (killed ??= terminate("SIGKILL")),
        stop: () => (stopped ??= terminate("SIGTERM")),
    };
}
