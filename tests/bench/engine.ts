// Plays the Pulumi engine's part for the fleet's dynamic resources against ONE real dynamic-provider
// host process (the engine runs one plugin process per provider), with a bound on the operations in
// flight (`pulumi up --parallel`).
//
// - up:        per resource, once every dynamic resource it depends on is done: check -> create.
//              Inputs that came from a dependency's mocked output (the Workspace's `workspaceId`)
//              are replaced by the real value the host returned, as the engine would resolve them.
// - preview of a new stack: per resource: check only (the dynamic host does not support preview
//              creates, so the engine calls nothing else); outputs of dependencies are unknown.
// - unchanged: per resource: check(olds = stored inputs, news = the program's inputs) -> diff. This
//              is all `pulumi preview` and an `up` with unchanged inputs do with a dynamic resource.
// - refresh:   per resource: read(id, stored outputs, stored inputs); the reads of the variables of
//              one workspace are issued together.
import { HostError, UNKNOWN, type PropertyMap, type ProviderHost } from "../support/providerHost";
import type { Fleet, Registered } from "./fleet";

/** FIFO counting semaphore: `acquire(k)` waits until k of the `size` slots are free. */
export class Semaphore {
    private free: number;
    private readonly waiting: { k: number; resolve: () => void }[] = [];
    constructor(readonly size: number) {
        this.free = size;
    }
    acquire(k = 1): Promise<void> {
        k = Math.min(k, this.size);
        if (this.waiting.length === 0 && this.free >= k) {
            this.free -= k;
            return Promise.resolve();
        }
        return new Promise((resolve) => this.waiting.push({ k, resolve }));
    }
    release(k = 1): void {
        this.free += Math.min(k, this.size);
        while (this.waiting.length > 0 && this.free >= this.waiting[0].k) {
            const w = this.waiting.shift()!;
            this.free -= w.k;
            w.resolve();
        }
    }
    async with<T>(k: number, fn: () => Promise<T>): Promise<T> {
        await this.acquire(k);
        try {
            return await fn();
        } finally {
            this.release(k);
        }
    }
}

/** What the engine keeps in the state for one resource. */
export interface ResourceState {
    urn: string;
    type: string;
    id: string;
    outs: PropertyMap;
    inputs: PropertyMap;
}

export interface Failure {
    urn: string;
    step: string;
    message: string;
}

export interface StepResult {
    states: Map<string, ResourceState>;
    failures: Failure[];
    /** Diff answers that were not DIFF_NONE (unchanged scenario). */
    changed: string[];
    /** gRPC calls made to the host. */
    calls: number;
    /** Wall seconds from the first call to the last answer. */
    seconds: number;
    /** Most operations in flight at once. */
    maxInFlight: number;
}

function message(err: unknown): string {
    if (err instanceof HostError) return `${err.codeName}: ${err.details}`;
    return err instanceof Error ? err.message : String(err);
}

/** Deep copy of `v` with every string found in `map` replaced. */
function substitute(v: any, map: Map<string, any>): any {
    if (typeof v === "string") return map.get(v) ?? v;
    if (Array.isArray(v)) return v.map((x) => substitute(x, map));
    if (v !== null && typeof v === "object") {
        const out: Record<string, any> = {};
        for (const [k, x] of Object.entries(v)) out[k] = substitute(x, map);
        return out;
    }
    return v;
}

export class Engine {
    readonly sem: Semaphore;
    private inFlight = 0;
    private maxInFlight = 0;
    private calls = 0;
    private readonly byUrn: Map<string, Registered>;

    constructor(
        readonly host: ProviderHost,
        readonly fleet: Fleet,
        parallel: number,
    ) {
        this.sem = new Semaphore(parallel);
        this.byUrn = new Map(fleet.dynamic.map((r) => [r.urn, r]));
    }

    private async op<T>(k: number, fn: () => Promise<T>): Promise<T> {
        return this.sem.with(k, async () => {
            this.inFlight += k;
            this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
            try {
                return await fn();
            } finally {
                this.inFlight -= k;
            }
        });
    }

    private call<T>(p: Promise<T>): Promise<T> {
        this.calls++;
        return p;
    }

    private begin(): () => Omit<StepResult, "states" | "failures" | "changed"> {
        this.calls = 0;
        this.maxInFlight = 0;
        const t0 = performance.now();
        return () => ({ calls: this.calls, seconds: (performance.now() - t0) / 1000, maxInFlight: this.maxInFlight });
    }

    /**
     * The program's inputs of `r`, each input that came from a dynamic dependency's output (per the
     * registration's property dependencies) rebuilt with `value(dependency urn, output name)`.
     */
    private resolveInputs(r: Registered, value: (dep: string, output: string) => unknown): PropertyMap {
        const out: PropertyMap = { ...r.inputs };
        for (const [key, deps] of Object.entries(r.propertyDependencies)) {
            if (key === "__provider" || !(key in out)) continue;
            const map = new Map<string, any>();
            for (const dep of deps) {
                const mock = this.fleet.mockOutputs.get(dep);
                if (!mock || !this.byUrn.has(dep)) continue;
                for (const [k, v] of Object.entries(mock)) {
                    if (k === "__provider" || typeof v !== "string" || v === "") continue;
                    const real = value(dep, k);
                    if (real !== undefined) map.set(v, real);
                }
            }
            if (map.size > 0) out[key] = substitute(out[key], map);
        }
        return out;
    }

    /** The program's inputs of `r` once its dependencies exist: their mocked outputs replaced by the real ones. */
    inputsFor(r: Registered, states: Map<string, ResourceState>): PropertyMap {
        return this.resolveInputs(r, (dep, k) => {
            const real = states.get(dep);
            if (!real) return undefined;
            return k === "id" ? real.id : real.outs[k];
        });
    }

    /** `pulumi up` of a fresh stack: every dynamic resource created, in dependency order. */
    async up(): Promise<StepResult> {
        const done = this.begin();
        const states = new Map<string, ResourceState>();
        const failures: Failure[] = [];
        const finished = new Map<string, Promise<boolean>>();
        const step = (r: Registered): Promise<boolean> => {
            let p = finished.get(r.urn);
            if (p) return p;
            p = (async () => {
                const deps = r.dependencies.filter((d) => this.byUrn.has(d));
                const ok = await Promise.all(deps.map((d) => step(this.byUrn.get(d)!)));
                if (ok.includes(false)) {
                    failures.push({ urn: r.urn, step: "skipped", message: "a dependency failed" });
                    return false;
                }
                return this.op(1, async () => {
                    const news = this.inputsFor(r, states);
                    let phase = "check";
                    try {
                        const checked = await this.call(this.host.check(r.urn, {}, news));
                        if (checked.failures.length > 0) {
                            failures.push({ urn: r.urn, step: "check", message: JSON.stringify(checked.failures) });
                            return false;
                        }
                        phase = "create";
                        const created = await this.call(this.host.create(r.urn, checked.inputs));
                        states.set(r.urn, { urn: r.urn, type: r.type, id: created.id, outs: created.properties, inputs: checked.inputs });
                        return true;
                    } catch (err) {
                        failures.push({ urn: r.urn, step: phase, message: message(err) });
                        return false;
                    }
                });
            })();
            finished.set(r.urn, p);
            return p;
        };
        // Registration order, like the engine's step generator.
        await Promise.all(this.fleet.dynamic.map((r) => step(r)));
        return { states, failures, changed: [], ...done() };
    }

    /** The program's inputs of `r` during the preview of a new stack: its dependencies' outputs are unknown. */
    previewInputsFor(r: Registered): PropertyMap {
        return this.resolveInputs(r, () => UNKNOWN);
    }

    /** `pulumi preview` of a stack that does not exist yet: check per resource, nothing else. */
    async previewNew(): Promise<StepResult> {
        const done = this.begin();
        const failures: Failure[] = [];
        await Promise.all(
            this.fleet.dynamic.map((r) =>
                this.op(1, async () => {
                    try {
                        const checked = await this.call(this.host.check(r.urn, {}, this.previewInputsFor(r)));
                        if (checked.failures.length > 0) failures.push({ urn: r.urn, step: "check", message: JSON.stringify(checked.failures) });
                    } catch (err) {
                        failures.push({ urn: r.urn, step: "check", message: message(err) });
                    }
                }),
            ),
        );
        return { states: new Map(), failures, changed: [], ...done() };
    }

    /** `pulumi preview` / `pulumi up` with unchanged inputs: check + diff per resource. */
    async unchanged(states: Map<string, ResourceState>): Promise<StepResult> {
        const done = this.begin();
        const failures: Failure[] = [];
        const changed: string[] = [];
        await Promise.all(
            this.fleet.dynamic.map((r) =>
                this.op(1, async () => {
                    const state = states.get(r.urn);
                    if (!state) {
                        failures.push({ urn: r.urn, step: "state", message: "not in the state (its create failed)" });
                        return;
                    }
                    let phase = "check";
                    try {
                        const checked = await this.call(this.host.check(r.urn, state.inputs, this.inputsFor(r, states)));
                        if (checked.failures.length > 0) {
                            failures.push({ urn: r.urn, step: "check", message: JSON.stringify(checked.failures) });
                            return;
                        }
                        phase = "diff";
                        const diff = await this.call(this.host.diff(state.id, r.urn, state.outs, checked.inputs, { oldInputs: state.inputs }));
                        if (diff.changes !== false) changed.push(`${r.name}: changes=${diff.changes} replaces=${diff.replaces.join(",")}`);
                    } catch (err) {
                        failures.push({ urn: r.urn, step: phase, message: message(err) });
                    }
                }),
            ),
        );
        return { states, failures, changed, ...done() };
    }

    /** `pulumi refresh`: read per resource; the variables of one workspace are read together. */
    async refresh(states: Map<string, ResourceState>): Promise<StepResult> {
        const done = this.begin();
        const failures: Failure[] = [];
        const changed: string[] = [];
        const refreshed = new Map<string, ResourceState>();
        // Group: a Workspace alone; the WorkspaceVariables by their workspaceId, issued together.
        const groups: Registered[][] = [];
        const byWorkspace = new Map<string, Registered[]>();
        for (const r of this.fleet.dynamic) {
            const state = states.get(r.urn);
            const wsId = state?.outs.workspaceId;
            if (r.type.endsWith(":WorkspaceVariable") && typeof wsId === "string") {
                let g = byWorkspace.get(wsId);
                if (!g) {
                    byWorkspace.set(wsId, (g = []));
                    groups.push(g);
                }
                g.push(r);
            } else {
                groups.push([r]);
            }
        }
        const readOne = async (r: Registered) => {
            const state = states.get(r.urn);
            if (!state) {
                failures.push({ urn: r.urn, step: "state", message: "not in the state (its create failed)" });
                return;
            }
            try {
                const read = await this.call(this.host.read(state.id, r.urn, state.outs, state.inputs));
                if (read.id === "") {
                    failures.push({ urn: r.urn, step: "read", message: "gone (read answered an empty id)" });
                    return;
                }
                for (const [k, v] of Object.entries(state.outs)) {
                    if (k !== "__provider" && JSON.stringify(read.properties[k]) !== JSON.stringify(v)) {
                        changed.push(`${r.name}.${k}: ${JSON.stringify(v)} -> ${JSON.stringify(read.properties[k])}`);
                    }
                }
                refreshed.set(r.urn, { ...state, outs: read.properties, inputs: read.inputs ?? state.inputs });
            } catch (err) {
                failures.push({ urn: r.urn, step: "read", message: message(err) });
            }
        };
        await Promise.all(groups.map((g) => this.op(g.length, () => Promise.all(g.map(readOne)).then(() => undefined))));
        return { states: refreshed, failures, changed, ...done() };
    }
}
