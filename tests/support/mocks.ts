// Runs a Pulumi program in-process under `pulumi.runtime.setMocks` and captures every resource
// it registers, including the serialized `__provider` text of dynamic resources (hand it to the
// real host: tests/support/providerHost.ts).
//
// What setMocks does and what import order really matters (checked against @pulumi/pulumi 3.248.0):
// - SDK state lives in `global.globalStore` (shared by every copy of @pulumi/pulumi loaded in the
//   process) plus the settings module's `monitor`. `setMocks` (async: await it) installs a NEW
//   MockMonitor (fresh resource map) and resets options: project/stack/preview/organization,
//   feature flags, stack resource, leak candidates, pending-RPC chain. Calling it once per run, in
//   many test files of one mocha process, is safe; runs must not overlap (runWithMocks queues them).
// - Config is NOT reset by setMocks: runWithMocks calls `setAllConfig(opts.config ?? {})` each run.
// - Importing modules that only DEFINE classes/functions/providers (src/resources, src/components,
//   the fixtures) before setMocks is fine: nothing is read at import time. What must come after
//   setMocks is code that does work at module load: a program file that constructs resources at
//   top level, `new pulumi.Config().get(...)` or `pulumi.getStack()` evaluated at module scope,
//   or `isDryRun()` cached at module scope. Load such a module inside the program function with
//   `requireFresh()` so it re-runs for each mocked run.
// - The dynamic provider text is cached per provider OBJECT for the whole process (WeakMap in
//   @pulumi/pulumi/dynamic, unless PULUMI_NODEJS_CACHE_DYNAMIC_PROVIDERS=false before the SDK is
//   first used): module state captured by value is snapshotted at the FIRST serialization.
// - The closure serializer runs for real under mocks, so serialization failures (natives, Maps…)
//   surface here as rejected `__provider` outputs and fail the run.
// - Call setMocks / runWithMocks inside before()/it(), NEVER at the top level of a test file:
//   mocha loads every file before running any test, so a top-level setMocks of file A is
//   replaced by file B's before A's tests run (A's resources then reach B's mock callbacks).
// - A registration that fails (e.g. the serializer rejects the provider) only shows up as
//   unhandled rejections; runWithMocks turns them into a rejected run. The SDK also has an exit
//   hook that prints "promises were still active" and sets process.exitCode = 1 if the LAST
//   mocked program left output promises pending (the set is reset by every setMocks).
// - Mocks do not run the provider's CRUD methods: hand `providerText` + `inputs` to the host.
// - Every registration also records its aliases as sent (wire.ts) and the mock's answer (`mockOutputs`).
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_KEY } from "./providerHost";
import { describeRequest, type WireResource } from "./wire";

export { toHostValue, type SentAlias, type WireResource } from "./wire";

/** One registered (or read) resource: what the monitor received (see wire.ts), plus its inputs as SDK values. */
export interface CapturedResource extends WireResource {
    /** Inputs as the mock monitor received them: secrets as `{ <sigkey>: <secretsig>, value }`, unknowns (preview) as pulumi.unknown. */
    rawInputs: Record<string, any>;
}

export interface MockRunOptions {
    project?: string;
    stack?: string;
    /** Run as `pulumi preview` (isDryRun() true; unknowns stay unknown). Default false. */
    preview?: boolean;
    organization?: string;
    /** Full config map for this run ("project:key" => value). Replaces any previous config. */
    config?: Record<string, string>;
    secretConfigKeys?: string[];
    /**
     * Called for every registered/read resource. Return undefined to get the default: id
     * `<name>-id` for custom resources ("" for components) and state = inputs.
     */
    newResource?: (args: pulumi.runtime.MockResourceArgs) => pulumi.runtime.MockResourceResult | undefined | Promise<pulumi.runtime.MockResourceResult | undefined>;
    /** Invokes (`aws.getCallerIdentity()`...). Default: returns {}. */
    call?: (args: pulumi.runtime.MockCallArgs) => Record<string, any> | Promise<Record<string, any>>;
}

export interface MockRun<T> {
    /** What the program function returned (outputs are resolvable with outputOf while mocks are installed). */
    result: T;
    /** Every resource in registration order. */
    resources: CapturedResource[];
    /** Every invoke. */
    calls: pulumi.runtime.MockCallArgs[];
    /** The single resource with this name (optionally of this type). Throws if none or several. */
    byName(name: string, type?: string): CapturedResource;
    ofType(type: string): CapturedResource[];
    /** `__provider` text of the named dynamic resource. */
    providerText(name: string): string;
}

/** The type token of a dynamic resource created with `super(provider, name, props, opts, module, type)`. */
export function dynamicType(module: string, type: string): string {
    return `pulumi-nodejs:dynamic/${module}:${type}`;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `program` under fresh mocks and waits until every resource registration (including those
 * made later inside `apply` callbacks) has settled.
 *
 * ```ts
 * const run = await runWithMocks(() => new SampleItem("a", { baseUrl, name: "a" }));
 * const text = run.providerText("a");                       // hand to the host
 * const { inputs, failures } = await host.check(urn, {}, run.byName("a").inputs);
 * expect(await outputOf(run.result.value)).to.equal("...");
 * ```
 */
export function runWithMocks<T>(program: () => T | Promise<T>, opts: MockRunOptions = {}): Promise<MockRun<T>> {
    const run = queue.then(() => runExclusive(program, opts));
    queue = run.catch(() => undefined);
    return run;
}

async function runExclusive<T>(program: () => T | Promise<T>, opts: MockRunOptions): Promise<MockRun<T>> {
    const resources: CapturedResource[] = [];
    const calls: pulumi.runtime.MockCallArgs[] = [];

    await pulumi.runtime.setMocks(
        {
            async newResource(args) {
                const custom = args.custom !== false;
                const r = await opts.newResource?.(args);
                return r ?? { id: custom ? args.id || `${args.name}-id` : "", state: args.inputs };
            },
            async call(args) {
                calls.push(args);
                return (await opts.call?.(args)) ?? {};
            },
        },
        opts.project ?? "project",
        opts.stack ?? "stack",
        opts.preview ?? false,
        opts.organization,
    );
    pulumi.runtime.setAllConfig(opts.config ?? {}, opts.secretConfigKeys ?? []);

    // Wrap the fresh MockMonitor to see what the mock callbacks are not given: parent,
    // dependencies, resource options, the URN.
    const monitor = pulumi.runtime.getMonitor() as any;
    const origRegister = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
        const struct = req.getObject();
        origRegister(req, (err: any, resp: any) => {
            if (!err) {
                resources.push(capture(req, struct, resp.getObject(), resp.getUrn(), resp.getId(), false));
            }
            callback(err, resp);
        });
    };
    const origRead = monitor.readResource.bind(monitor);
    monitor.readResource = (req: any, callback: (err: any, resp: any) => void) => {
        const struct = req.getProperties();
        origRead(req, (err: any, resp: any) => {
            if (!err) {
                resources.push(capture(req, struct, resp.getProperties(), resp.getUrn(), req.getId(), true));
            }
            callback(err, resp);
        });
    };

    // A failed registration (e.g. the closure serializer rejecting __provider) only surfaces as
    // unhandled rejections of the resource's outputs: collect them and fail the run with them.
    // (mocha's own unhandledRejection handler still sees them too.)
    const failures: unknown[] = [];
    const onUnhandled = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onUnhandled);
    let result: T;
    try {
        result = await program();
        await settle(() => resources.length);
        await new Promise((r) => setImmediate(r));
    } finally {
        process.off("unhandledRejection", onUnhandled);
    }
    if (failures.length > 0) {
        // The failed registration leaves output promises pending forever; the SDK's exit hook
        // would print "promises were still active" and set process.exitCode = 1 for the whole
        // mocha run. The failure is reported here instead.
        require("@pulumi/pulumi/runtime/state").getStore().leakCandidates.clear();
        const first = failures[0] as any;
        const err = new Error(`the mocked program failed (${failures.length} unhandled rejection(s)); first: ${first?.stack ?? first}`);
        (err as any).failures = failures;
        throw err;
    }

    const run: MockRun<T> = {
        result,
        resources,
        calls,
        byName(name, type) {
            const found = resources.filter((r) => r.name === name && (type === undefined || r.type === type));
            if (found.length !== 1) {
                const known = resources.map((r) => `${r.type}::${r.name}`).join(", ");
                throw new Error(`expected exactly one resource named ${name}${type ? ` of type ${type}` : ""}, found ${found.length} (registered: ${known})`);
            }
            return found[0];
        },
        ofType: (type) => resources.filter((r) => r.type === type),
        providerText(name) {
            const text = run.byName(name).providerText;
            if (text === undefined) throw new Error(`${name} is not a dynamic resource (no ${PROVIDER_KEY})`);
            return text;
        },
    };
    return run;
}

function capture(req: any, struct: any, outputs: any, urn: string, id: string, read: boolean): CapturedResource {
    const rawInputs = struct ? pulumi.runtime.deserializeProperties(struct, true) : {};
    return { ...describeRequest(req, struct, outputs, urn, id, read), rawInputs };
}

/** Waits until the SDK's pending-RPC chain is drained and no new resource shows up. */
async function settle(count: () => number): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings");
    for (let stable = 0; stable < 2; ) {
        const before = count();
        await settings.waitForRPCs();
        await new Promise((r) => setImmediate(r));
        stable = count() === before ? stable + 1 : 0;
    }
}

export interface OutputDetails<T> {
    value: T | undefined;
    isKnown: boolean;
    isSecret: boolean;
}

/** Resolves an Output (or plain input) to its value, known-ness and secret-ness. */
export async function outputDetails<T>(x: pulumi.Input<T>): Promise<OutputDetails<T>> {
    const o = pulumi.output(x) as any;
    const [value, isKnown, isSecret] = await Promise.all([o.promise(), o.isKnown, o.isSecret]);
    return { value, isKnown, isSecret };
}

/** Resolves an Output (or plain input) to its value. Throws if it is unknown (preview). */
export async function outputOf<T>(x: pulumi.Input<T>): Promise<T> {
    const d = await outputDetails(x);
    if (!d.isKnown) throw new Error("output is unknown (preview run?)");
    return d.value as T;
}

/**
 * Serializes a provider object exactly as `new pulumi.dynamic.Resource(provider, ...)` does
 * (serializeFunction(() => provider, { allowSecrets: true })), without mocks and without the
 * SDK's per-object cache.
 */
export async function serializeProvider(provider: object): Promise<string> {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    return sf.text;
}

/**
 * `require()` a module afresh (drops it from require.cache first), for program files that
 * construct resources or read config at module load. Relative ids resolve from `fromDir`.
 */
export function requireFresh<T = any>(id: string, fromDir = process.cwd()): T {
    const resolved = require.resolve(id.startsWith(".") ? path.resolve(fromDir, id) : id, { paths: [fromDir] });
    delete require.cache[resolved];
    return require(resolved);
}
