// Shared set-up of the resource lifecycle tests: ONE emulator and ONE real dynamic-provider host
// per test file, the provider texts the SDK serialized under setMocks, and a small driver that
// plays the engine's part (check -> diff -> create / read / update / delete) over gRPC.
//
// The token is a canary: it is set in this process while the providers are serialized and in the
// host's environment (TFE_TOKEN, with TFE_HOSTNAME = the emulator), and every provider text,
// answer and error seen by the driver is checked not to contain it.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { startEmulator, type Emulator, type RequestLogEntry } from "../emulator";
import { runWithMocks } from "../support/mocks";
import { packedInstall, type PackedInstall } from "../support/packedInstall";
import { HostError, startProviderHost, type PropertyMap, type ProviderHost } from "../support/providerHost";

import { ORG } from "./fixtures";

export * from "./fixtures";
export const MODULE = "hcp-oidc-federation";
export { UNKNOWN } from "../support/providerHost";

/** Looks like an HCP token; unique per test process. */
export const CANARY = `canary${randomBytes(6).toString("hex")}.atlasv1.${randomBytes(24).toString("hex")}`;

export interface State {
    id: string;
    /** Outputs as the engine stores them (with __provider). */
    outs: PropertyMap;
    /** Checked inputs as the engine stores them (with __provider). */
    inputs: PropertyMap;
}

/** Every string the driver saw come back from the host (answers and errors), for the canary check. */
const seen: string[] = [];

function remember(value: unknown): void {
    seen.push(typeof value === "string" ? value : JSON.stringify(value));
}

/** Drops keys whose value is undefined, so `{ ...inputs, x: undefined }` removes an input. */
function clean(map: PropertyMap): PropertyMap {
    const out: PropertyMap = {};
    for (const [k, v] of Object.entries(map)) {
        if (v !== undefined) out[k] = v;
    }
    return out;
}

/** What the driver needs of a registered resource (in-process mocks or a packed-install consumer). */
export interface Registered {
    type: string;
    name: string;
    urn: string;
    inputs: Record<string, any>;
    secretInputs: string[];
    providerText?: string;
}

/** The engine's side of one resource: its URN and the provider text it was registered with. */
export class Driver {
    constructor(
        private readonly h: Harness,
        readonly captured: Registered,
        /** Another host process to drive (default: the harness's). */
        private readonly otherHost?: ProviderHost,
    ) {}

    private get host(): ProviderHost {
        return this.otherHost ?? this.h.host;
    }

    /** The same resource driven through another host process (e.g. one with another TFE_HOSTNAME). */
    on(host: ProviderHost): Driver {
        return new Driver(this.h, this.captured, host);
    }

    get urn(): string {
        return this.captured.urn;
    }

    get text(): string {
        return this.captured.providerText!;
    }

    /** Plain inputs (as the program registered them), with overrides; `undefined` removes a key. */
    inputs(overrides: PropertyMap = {}): PropertyMap {
        const { __provider: _p, ...base } = this.captured.inputs;
        return clean({ ...base, ...overrides });
    }

    private withProvider(map: PropertyMap): PropertyMap {
        return { ...clean(map), __provider: map.__provider ?? this.text };
    }

    async check(news: PropertyMap, olds: PropertyMap = {}) {
        const r = await this.host.check(this.urn, olds, this.withProvider(news));
        remember(r);
        return r;
    }

    /** check() that must pass; answers the checked inputs. */
    async checked(news: PropertyMap, olds: PropertyMap = {}): Promise<PropertyMap> {
        const r = await this.check(news, olds);
        assert.deepEqual(r.failures, [], "check failed");
        return r.inputs;
    }

    /** check + create, like `pulumi up` for a new resource. */
    async up(news: PropertyMap): Promise<State> {
        const inputs = await this.checked(news);
        const r = await this.host.create(this.urn, inputs);
        remember(r);
        return { id: r.id, outs: r.properties, inputs };
    }

    /** create with inputs check() already answered (no check call: for sweeps that repeat one shape). */
    async createChecked(inputs: PropertyMap): Promise<State> {
        const r = await this.host.create(this.urn, inputs);
        remember(r);
        return { id: r.id, outs: r.properties, inputs };
    }

    /** update with inputs check() already answered. */
    async updateChecked(state: State, inputs: PropertyMap): Promise<State> {
        const r = await this.host.update(state.id, this.urn, state.outs, inputs, { oldInputs: state.inputs });
        remember(r);
        return { id: state.id, outs: r.properties, inputs };
    }

    /** check + diff against a state. */
    async diff(state: State, news: PropertyMap) {
        const inputs = await this.checked(news, state.inputs);
        const r = await this.host.diff(state.id, this.urn, state.outs, inputs, { oldInputs: state.inputs });
        remember(r);
        return r;
    }

    /** check + update; answers the new state. */
    async update(state: State, news: PropertyMap): Promise<State> {
        const inputs = await this.checked(news, state.inputs);
        const r = await this.host.update(state.id, this.urn, state.outs, inputs, { oldInputs: state.inputs });
        remember(r);
        return { id: state.id, outs: r.properties, inputs };
    }

    /** Refresh: answers the refreshed state ("" id when gone), inputs replaced when read returned some. */
    async read(state: State): Promise<State & { returnedInputs: PropertyMap | undefined }> {
        const r = await this.host.read(state.id, this.urn, state.outs, state.inputs);
        remember(r);
        return { id: r.id, outs: r.properties, inputs: r.inputs ?? state.inputs, returnedInputs: r.inputs };
    }

    async delete(state: State): Promise<void> {
        await this.host.delete(state.id, this.urn, state.outs, { oldInputs: state.inputs });
    }

    /** Runs a host call that must fail; answers the HostError (its message is remembered). */
    async fails(call: Promise<unknown>): Promise<HostError> {
        const err = await call.then(
            () => assert.fail("the call should have failed"),
            (e) => e,
        );
        assert.ok(err instanceof HostError, `expected a HostError, got ${err}`);
        remember(err.message);
        if (err.initFailed) remember(err.initFailed);
        return err;
    }
}

export interface Harness {
    emu: Emulator;
    host: ProviderHost;
    run: { result?: any; resources: Registered[]; byName(name: string): Registered };
    /** Set when the program ran in a consumer that installed the packed package. */
    install?: PackedInstall;
    /** The driver of the resource the program registered under this name. */
    resource(name: string): Driver;
    /** Requests since the last clearLog(), as "METHOD /path" (relative to /api/v2). */
    calls(method?: string): string[];
    /** Log entries matching a method and a path pattern (relative to /api/v2). */
    requests(method: string, path: RegExp): RequestLogEntry[];
    /** Starts another host process with this environment (merged over the harness host's); stopped after the file. */
    startHost(env: Record<string, string>): Promise<ProviderHost>;
}

export interface HarnessOptions {
    /** HYOK entitlement of ORG (default false). */
    hyok?: boolean;
    /**
     * Run the program (CommonJS source) in a scratch consumer that installed this package from its
     * `npm pack` tarball, and the host there, instead of in this process.
     */
    packedProgram?: string;
}

function rel(path: string): string {
    return path.replace(/^\/api\/v2/, "");
}

/**
 * Installs before/after hooks for the file: emulator (rate limit off, token CANARY, org ORG),
 * the program run under setMocks (with TFE_TOKEN = CANARY in this process) and the host.
 */
export function useHarness(program: () => unknown, opts: HarnessOptions = {}): Harness {
    const h = {} as Harness;
    const drivers = new Map<string, Driver>();
    let saved: string | undefined;
    const extraHosts: ProviderHost[] = [];

    before(async function () {
        this.timeout(60_000);
        h.emu = await startEmulator({ rateLimit: null });
        h.emu.addToken(CANARY, "alice");
        h.emu.addOrganization(ORG, { hyok: opts.hyok ?? false });
        saved = process.env.TFE_TOKEN;
        process.env.TFE_TOKEN = CANARY; // present while serializing: must not be captured
        const hostEnv = { TFE_TOKEN: CANARY, TFE_HOSTNAME: h.emu.hostname, TFE_ADDRESS: "", HOME: "/nonexistent-home" };
        try {
            if (opts.packedProgram !== undefined) {
                this.timeout(240_000);
                h.install = await packedInstall();
                const run = await h.install.runProgram(opts.packedProgram, { env: { TFE_TOKEN: CANARY } });
                h.run = run;
                h.host = await h.install.startHost({ env: hostEnv });
            } else {
                [h.host, h.run] = await Promise.all([startProviderHost({ env: hostEnv }), runWithMocks(program)]);
            }
        } finally {
            if (saved === undefined) delete process.env.TFE_TOKEN;
            else process.env.TFE_TOKEN = saved;
        }
        h.resource = (name) => {
            let d = drivers.get(name);
            if (!d) {
                d = new Driver(h, h.run.byName(name));
                drivers.set(name, d);
            }
            return d;
        };
        h.calls = (method) =>
            h.emu.log.filter((e) => method === undefined || e.method === method).map((e) => `${e.method} ${rel(e.path)}`);
        h.requests = (method, path) => h.emu.log.filter((e) => e.method === method && path.test(rel(e.path)));
        h.startHost = async (env) => {
            const options = { env: { ...hostEnv, ...env } };
            const host = await (h.install ? h.install.startHost(options) : startProviderHost(options));
            extraHosts.push(host);
            return host;
        };
    });

    after(async function () {
        this.timeout(20_000);
        try {
            if (h.run) {
                for (const r of h.run.resources) {
                    assert.ok(!(r.providerText ?? "").includes(CANARY), `${r.name}: the token was captured in __provider`);
                }
            }
            for (const s of seen) {
                assert.ok(!s.includes(CANARY), `the token appeared in a host answer or error: ${s.slice(0, 200)}`);
            }
            for (const host of [h.host, ...extraHosts]) {
                if (host) assert.ok(!host.output().includes(CANARY), "the token appeared in the host's output");
            }
        } finally {
            seen.length = 0;
            for (const host of extraHosts) await host.stop();
            await h.host?.stop();
            await h.emu?.close();
        }
    });
    return h;
}

/** Asserts the canary is absent from every value given (provider texts, outputs, messages). */
export function assertNoCanary(...values: unknown[]): void {
    for (const v of values) {
        const s = typeof v === "string" ? v : JSON.stringify(v);
        assert.ok(!s.includes(CANARY), `the token appeared in: ${s.slice(0, 200)}`);
    }
}
