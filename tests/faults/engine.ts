// Plays the Pulumi engine's part for the dynamic resources of a program, through the REAL
// dynamic-provider host, with several operations in flight at once.
//
// 1. `captureProgram()` runs the program under setMocks (tests/support/mocks.ts). The mock answers
//    AWS resources with realistic ARNs, and gives every output of a dynamic resource that another
//    resource consumes (Workspace.workspaceId, VariableSet.variableSetId) a PLACEHOLDER value
//    (`ws-PH000001`, `varset-PH000002`). The captured inputs of the dependents carry these
//    placeholders.
// 2. `Engine.up()` is one `pulumi up`: every dynamic resource, in dependency order, with at most
//    `parallel` (default 16) resources being stepped at once: check -> (create | diff -> update |
//    replace). Before a resource is checked, the placeholders in its inputs are replaced by the REAL
//    outputs of the resources they stand for (from this engine's state).
//    Like the engine: a create that fails records nothing (the next `up` creates again); a create
//    that fails with ErrorResourceInitFailed records the half-made resource with its init errors,
//    and the next `up` updates it; a failed resource's dependents are skipped.
// 3. `refresh()` (read), `destroy()` (delete in reverse dependency order), `preview`-free.
//
// A pass never throws for a resource failure: it answers a report of what happened.
import assert from "node:assert/strict";
import { runWithMocks, type CapturedResource, type MockRun, type MockRunOptions } from "../support/mocks";
import { HostError, PROVIDER_KEY, type PropertyMap, type ProviderHost } from "../support/providerHost";
import { resetSharedOidcProviders } from "../../src/components";

export const ACCOUNT = "123456789012";
export const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/hcp-oidc-federation:";

/** The short type name ("Workspace") of a dynamic resource type token. */
export function shortType(type: string): string {
    return type.startsWith(DYNAMIC_PREFIX) ? type.slice(DYNAMIC_PREFIX.length) : type;
}

/** One dynamic resource of the program, as the engine knows it. */
export interface ProgramResource {
    urn: string;
    name: string;
    /** Short type: "Workspace", "WorkspaceVariable", ... */
    type: string;
    /** Inputs as registered (placeholders unresolved), WITHOUT __provider. */
    inputs: PropertyMap;
    providerText: string;
    /** URNs of the dynamic resources it depends on. */
    deps: string[];
    secretInputs: string[];
    additionalSecretOutputs: string[];
    captured: CapturedResource;
}

export interface Program {
    run: MockRun<unknown>;
    resources: ProgramResource[];
    byName(name: string): ProgramResource;
    /** placeholder -> the resource (urn) and output key it stands for */
    placeholders: Map<string, { urn: string; key: string }>;
}

/** What a real AWS provider would answer (ARNs in ACCOUNT), placeholders for consumed HCP outputs. */
function mockState(placeholderOf: (type: string, name: string, key: string) => string) {
    return (args: { type: string; name: string; inputs: any; id?: string; custom?: boolean }) => {
        const i = args.inputs;
        switch (args.type) {
            case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
                const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(i.url).replace(/^https:\/\//, "")}`;
                return { id: arn, state: { ...i, arn } };
            }
            case "aws:iam/role:Role": {
                const path = i.path ?? "/";
                return { id: i.name, state: { ...i, path, arn: `arn:aws:iam::${ACCOUNT}:role${path}${i.name}` } };
            }
            case "aws:iam/rolePolicy:RolePolicy":
                return { id: `${i.role}:${i.name}`, state: i };
            case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
                return { id: `${i.role}-${String(i.policyArn).split("/").pop()}`, state: i };
        }
        const t = shortType(args.type);
        if (t === "Workspace") {
            const workspaceId = placeholderOf(args.type, args.name, "workspaceId");
            return {
                id: workspaceId,
                state: { ...i, workspaceId, projectId: i.projectId ?? "prj-PHdefault", created: false },
            };
        }
        if (t === "WorkspaceVariableGroup") {
            // A group named by name gives the workspace id it looked up (the removal of static keys consumes it).
            const workspaceId = i.workspaceId ?? placeholderOf(args.type, args.name, "workspaceId");
            return { id: workspaceId, state: { ...i, workspaceId } };
        }
        if (t === "VariableSet") {
            const variableSetId = placeholderOf(args.type, args.name, "variableSetId");
            return { id: variableSetId, state: { ...i, variableSetId } };
        }
        return undefined;
    };
}

const PLACEHOLDER_PREFIX: Record<string, string> = { workspaceId: "ws-PH", variableSetId: "varset-PH" };

/** Runs `program` under mocks and answers its dynamic resources, ready for an Engine. */
export async function captureProgram(program: () => unknown, opts: MockRunOptions = {}): Promise<Program> {
    let counter = 0;
    const pending = new Map<string, string>(); // placeholder -> "type::name::key"
    const placeholderOf = (type: string, name: string, key: string) => {
        const p = `${PLACEHOLDER_PREFIX[key]}${String(++counter).padStart(6, "0")}`;
        pending.set(p, `${type}::${name}::${key}`);
        return p;
    };
    resetSharedOidcProviders();
    const run = await runWithMocks(program, { newResource: mockState(placeholderOf), ...opts });
    const dynamic = run.resources.filter((r) => r.custom && r.providerText !== undefined);
    const urns = new Set(dynamic.map((r) => r.urn));
    const resources: ProgramResource[] = dynamic.map((r) => {
        const { [PROVIDER_KEY]: _p, ...inputs } = r.inputs;
        const deps = new Set<string>(r.dependencies);
        for (const list of Object.values(r.propertyDependencies)) list.forEach((u) => deps.add(u));
        return {
            urn: r.urn,
            name: r.name,
            type: shortType(r.type),
            inputs,
            providerText: r.providerText!,
            deps: [...deps].filter((u) => urns.has(u) && u !== r.urn),
            secretInputs: r.secretInputs,
            additionalSecretOutputs: r.additionalSecretOutputs,
            captured: r,
        };
    });
    const placeholders = new Map<string, { urn: string; key: string }>();
    for (const [p, where] of pending) {
        const [type, name, key] = where.split("::");
        const owner = dynamic.find((r) => r.type === type && r.name === name);
        if (owner) placeholders.set(p, { urn: owner.urn, key });
    }
    return {
        run,
        resources,
        placeholders,
        byName(name) {
            const found = resources.filter((r) => r.name === name);
            assert.equal(found.length, 1, `expected one dynamic resource named ${name}, found ${found.length}`);
            return found[0];
        },
    };
}

export interface ResourceState {
    id: string;
    /** Checked inputs (with __provider), as the engine stores them. */
    inputs: PropertyMap;
    /** Outputs (with __provider). */
    outs: PropertyMap;
    /** Set when the create failed with ErrorResourceInitFailed: the next up updates the resource. */
    initErrors?: string[];
}

export type StepKind = "create" | "update" | "replace" | "same" | "delete" | "read" | "gone";

export interface StepFailure {
    urn: string;
    name: string;
    op: string;
    message: string;
    code: number;
    initFailed: boolean;
}

export interface PassReport {
    steps: Map<string, StepKind>;
    failures: StepFailure[];
    /** Resources not stepped because a dependency failed. */
    skipped: string[];
    ms: number;
    /** Every message the host answered (errors, check failures), for leak checks. */
    messages: string[];
}

function newReport(): PassReport {
    return { steps: new Map(), failures: [], skipped: [], ms: 0, messages: [] };
}

/** A counting semaphore. */
class Limiter {
    private active = 0;
    private readonly waiting: (() => void)[] = [];
    constructor(private readonly max: number) {}
    async run<T>(fn: () => Promise<T>): Promise<T> {
        if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
        this.active++;
        try {
            return await fn();
        } finally {
            this.active--;
            this.waiting.shift()?.();
        }
    }
}

export interface EngineOptions {
    /** Resources stepped at once (pulumi up --parallel). Default 16. */
    parallel?: number;
}

export class Engine {
    readonly state = new Map<string, ResourceState>();
    /** Per-resource input overrides (what the user changed in the program), merged over the captured inputs. */
    readonly overrides = new Map<string, PropertyMap>();
    /** Every host answer/err text seen, for leak checks. */
    readonly seen: string[] = [];
    private readonly parallel: number;

    constructor(
        public host: ProviderHost,
        readonly program: Program,
        opts: EngineOptions = {},
    ) {
        this.parallel = opts.parallel ?? 16;
    }

    /** The program's inputs of a resource with placeholders resolved (undefined when a placeholder is not known yet). */
    desiredInputs(r: ProgramResource): PropertyMap | undefined {
        let missing = false;
        const resolve = (v: any): any => {
            if (typeof v === "string") {
                const p = this.program.placeholders.get(v);
                if (!p) return v;
                const real = this.state.get(p.urn)?.outs[p.key];
                if (typeof real !== "string" || real === "") missing = true;
                return real;
            }
            if (Array.isArray(v)) return v.map(resolve);
            if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
            return v;
        };
        const merged: PropertyMap = { ...r.inputs, ...(this.overrides.get(r.urn) ?? {}) };
        for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
        const out = resolve(merged);
        return missing ? undefined : { ...out, [PROVIDER_KEY]: r.providerText };
    }

    private record(report: PassReport, value: unknown): void {
        const s = typeof value === "string" ? value : JSON.stringify(value);
        this.seen.push(s);
        report.messages.push(s);
    }

    private fail(report: PassReport, r: ProgramResource, op: string, err: unknown): false {
        const e = err as HostError;
        const message = e instanceof HostError ? e.details : String((err as Error)?.message ?? err);
        this.record(report, message);
        if (e instanceof HostError && e.initFailed) this.record(report, e.initFailed);
        report.failures.push({
            urn: r.urn,
            name: r.name,
            op,
            message,
            code: e instanceof HostError ? e.code : -1,
            initFailed: e instanceof HostError && !!e.initFailed,
        });
        return false;
    }

    private byUrn(urn: string): ProgramResource {
        const r = this.program.resources.find((x) => x.urn === urn);
        assert.ok(r, `unknown resource ${urn}`);
        return r;
    }

    /** One `pulumi up` over the resources (all of them by default). */
    async up(only?: (r: ProgramResource) => boolean): Promise<PassReport> {
        const t0 = Date.now();
        const report = newReport();
        const limiter = new Limiter(this.parallel);
        const done = new Map<string, Promise<boolean>>();
        const selected = this.program.resources.filter((r) => !only || only(r));
        const visit = (r: ProgramResource): Promise<boolean> => {
            let p = done.get(r.urn);
            if (!p) {
                p = (async () => {
                    const deps = await Promise.all(r.deps.map((u) => (selected.some((s) => s.urn === u) ? visit(this.byUrn(u)) : Promise.resolve(this.state.has(u)))));
                    if (!deps.every(Boolean)) {
                        report.skipped.push(r.name);
                        return false;
                    }
                    return limiter.run(() => this.step(r, report));
                })();
                done.set(r.urn, p);
            }
            return p;
        };
        await Promise.all(selected.map(visit));
        report.ms = Date.now() - t0;
        return report;
    }

    private async step(r: ProgramResource, report: PassReport): Promise<boolean> {
        const news = this.desiredInputs(r);
        assert.ok(news, `${r.name}: a placeholder of its inputs has no value although its dependencies are done`);
        const old = this.state.get(r.urn);
        let checked;
        try {
            checked = await this.host.check(r.urn, old?.inputs ?? {}, news);
        } catch (err) {
            return this.fail(report, r, "check", err);
        }
        this.record(report, checked);
        if (checked.failures.length > 0) {
            return this.fail(report, r, "check", new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")));
        }
        const inputs = checked.inputs;
        if (!old) {
            return this.create(r, inputs, report);
        }
        let diff;
        try {
            diff = await this.host.diff(old.id, r.urn, old.outs, inputs, { oldInputs: old.inputs });
        } catch (err) {
            return this.fail(report, r, "diff", err);
        }
        if (diff.replaces.length > 0) {
            if (diff.deleteBeforeReplace) {
                try {
                    await this.host.delete(old.id, r.urn, old.outs, { oldInputs: old.inputs });
                } catch (err) {
                    return this.fail(report, r, "delete (replace)", err);
                }
                this.state.delete(r.urn);
                const ok = await this.create(r, inputs, report);
                if (ok) report.steps.set(r.urn, "replace");
                return ok;
            }
            const ok = await this.create(r, inputs, report);
            if (!ok) return false;
            try {
                await this.host.delete(old.id, r.urn, old.outs, { oldInputs: old.inputs });
            } catch (err) {
                return this.fail(report, r, "delete (replace)", err);
            }
            report.steps.set(r.urn, "replace");
            return true;
        }
        if (diff.changes === false && !old.initErrors) {
            report.steps.set(r.urn, "same");
            return true;
        }
        try {
            const res = await this.host.update(old.id, r.urn, old.outs, inputs, { oldInputs: old.inputs });
            this.record(report, res);
            this.state.set(r.urn, { id: old.id, inputs, outs: res.properties });
            report.steps.set(r.urn, "update");
            return true;
        } catch (err) {
            if (err instanceof HostError && err.initFailed) {
                this.state.set(r.urn, { id: old.id, inputs, outs: err.initFailed.properties, initErrors: err.initFailed.reasons });
            }
            return this.fail(report, r, "update", err);
        }
    }

    private async create(r: ProgramResource, inputs: PropertyMap, report: PassReport): Promise<boolean> {
        try {
            const res = await this.host.create(r.urn, inputs);
            this.record(report, res);
            this.state.set(r.urn, { id: res.id, inputs, outs: res.properties });
            report.steps.set(r.urn, "create");
            return true;
        } catch (err) {
            if (err instanceof HostError && err.initFailed && err.initFailed.id) {
                // The engine records the half-made resource; the next up updates it.
                this.state.set(r.urn, { id: err.initFailed.id, inputs, outs: err.initFailed.properties, initErrors: err.initFailed.reasons });
            }
            return this.fail(report, r, "create", err);
        }
    }

    /** `pulumi refresh`: read every resource in the state; "" drops it. */
    async refresh(): Promise<PassReport> {
        const t0 = Date.now();
        const report = newReport();
        const limiter = new Limiter(this.parallel);
        await Promise.all(
            [...this.state.keys()].map((urn) =>
                limiter.run(async () => {
                    const r = this.byUrn(urn);
                    const s = this.state.get(urn)!;
                    try {
                        const res = await this.host.read(s.id, urn, s.outs, s.inputs);
                        this.record(report, res);
                        if (res.id === "") {
                            this.state.delete(urn);
                            report.steps.set(urn, "gone");
                        } else {
                            this.state.set(urn, { ...s, id: res.id, outs: res.properties, inputs: res.inputs ?? s.inputs });
                            report.steps.set(urn, "read");
                        }
                    } catch (err) {
                        this.fail(report, r, "read", err);
                    }
                }),
            ),
        );
        report.ms = Date.now() - t0;
        return report;
    }

    /** `pulumi destroy`: delete every resource in the state, dependents first. */
    async destroy(): Promise<PassReport> {
        const t0 = Date.now();
        const report = newReport();
        const limiter = new Limiter(this.parallel);
        const done = new Map<string, Promise<boolean>>();
        const dependents = (urn: string) => this.program.resources.filter((x) => x.deps.includes(urn) && this.state.has(x.urn));
        const visit = (urn: string): Promise<boolean> => {
            let p = done.get(urn);
            if (!p) {
                p = (async () => {
                    const first = await Promise.all(dependents(urn).map((d) => visit(d.urn)));
                    const r = this.byUrn(urn);
                    if (!first.every(Boolean)) {
                        report.skipped.push(r.name);
                        return false;
                    }
                    const s = this.state.get(urn);
                    if (!s) return true;
                    return limiter.run(async () => {
                        try {
                            await this.host.delete(s.id, urn, s.outs, { oldInputs: s.inputs });
                            this.state.delete(urn);
                            report.steps.set(urn, "delete");
                            return true;
                        } catch (err) {
                            return this.fail(report, r, "delete", err);
                        }
                    });
                })();
                done.set(urn, p);
            }
            return p;
        };
        await Promise.all([...this.state.keys()].map(visit));
        report.ms = Date.now() - t0;
        return report;
    }

    /** Runs `up` until a pass has no failure (at most `max` passes); answers every report. */
    async converge(max = 6): Promise<PassReport[]> {
        const reports: PassReport[] = [];
        for (let i = 0; i < max; i++) {
            const rep = await this.up();
            reports.push(rep);
            if (rep.failures.length === 0 && rep.skipped.length === 0) return reports;
        }
        const last = reports[reports.length - 1];
        assert.fail(`no convergence after ${max} passes; last failures:\n${last.failures.map((f) => `${f.name} ${f.op}: ${f.message}`).join("\n")}`);
    }

    /** Runs `destroy` until the state is empty (at most `max` passes). */
    async destroyAll(max = 6): Promise<PassReport[]> {
        const reports: PassReport[] = [];
        for (let i = 0; i < max && this.state.size > 0; i++) reports.push(await this.destroy());
        assert.equal(this.state.size, 0, `destroy left ${[...this.state.keys()].join(", ")}`);
        return reports;
    }

    /** The state of a named resource (throws if absent). */
    stateOf(name: string): ResourceState {
        const s = this.state.get(this.program.byName(name).urn);
        assert.ok(s, `${name} is not in the state`);
        return s;
    }
}

/** Counts of each step kind in a report. */
export function stepCounts(rep: PassReport): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of rep.steps.values()) out[k] = (out[k] ?? 0) + 1;
    return out;
}
