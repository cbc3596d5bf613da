// Plays the Pulumi engine for a captured program (program.ts), through the REAL dynamic-provider
// host, with several operations in flight at once. What it keeps is the engine's state: dynamic
// resources in `state` (run through the host), components and the custom resources it does not
// run (AWS under mocks) in `passive` (recorded from their registrations), the old halves of
// create-before-delete replacements in `pendingDeletes`.
//
// `up(program?)` is one `pulumi up`, over a program that may have changed since the last pass:
// 1. aliases (aliases.ts): a registration whose URN is not in the state but one of its aliases is
//    takes that entry over (no delete, no create), then steps normally;
// 2. components and passive custom resources: create / same (same inputs) / update;
// 3. dynamic resources in dependency order, at most `parallel` at once (dynamicStep.ts); a failed
//    resource's dependents are skipped, independent ones go on;
// 4. at the end, when nothing failed: the old halves of replacements and every state entry whose
//    URN the program no longer registers are deleted, dependents first (deletes.ts), with the
//    state's own provider text and outputs; an entry whose state recorded retainOnDelete is dropped
//    without a delete. (A pass with a failure stops before its deletes, like the engine.)
// `up(filter)` is a targeted up (`--target`): only the matching dynamic resources, no deletes of
// resources that left the program. `refresh()` reads every dynamic resource; `destroy()` deletes
// everything, dependents first, honouring retainOnDelete.
//
// A pass never throws for a resource failure: it answers a report of what happened (report.ts).
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { PROVIDER_KEY, type PropertyMap, type ProviderHost } from "../providerHost";
import { aliasCandidates } from "./aliases";
import { deleteInOrder, type Condemned } from "./deletes";
import { DynamicPass, type EngineCore, type PendingDelete } from "./dynamicStep";
import { resolvePlaceholders, symbolicPlaceholders, type EngineProgram, type ProgramResource } from "./program";
import { Limiter, fail, newReport, remember, type PassReport, type StepKind } from "./report";
import { renameIn, stateOf, type ResourceState, type StateRecord } from "./state";

export interface EngineOptions {
    /** Resources stepped at once (pulumi up --parallel). Default 16. */
    parallel?: number;
}

export class Engine implements EngineCore {
    /** Dynamic resources: URN -> state. */
    readonly state = new Map<string, ResourceState>();
    /** Components and custom resources the model does not run (AWS under mocks): URN -> state. */
    readonly passive = new Map<string, ResourceState>();
    /** Old halves of create-before-delete replacements not deleted yet. */
    readonly pendingDeletes: PendingDelete[] = [];
    /** Per-resource input overrides (what the user changed in the program), merged over the captured inputs. */
    readonly overrides = new Map<string, PropertyMap>();
    /** Every host answer/err text seen, for leak checks. */
    readonly seen: string[] = [];
    private readonly parallel: number;
    private current: EngineProgram;
    private currentUrns: Set<string>;

    constructor(
        public host: ProviderHost,
        program: EngineProgram,
        opts: EngineOptions = {},
    ) {
        this.current = program;
        this.currentUrns = new Set(program.registrations.map((r) => r.urn));
        this.parallel = opts.parallel ?? 16;
    }

    /** The program the next pass runs. */
    get program(): EngineProgram {
        return this.current;
    }

    /** Replaces the program (captured again after the user changed it); `overrides` are cleared. */
    setProgram(program: EngineProgram): void {
        this.current = program;
        this.currentUrns = new Set(program.registrations.map((r) => r.urn));
        this.overrides.clear();
    }

    /** The program registers this URN. */
    inProgram(urn: string): boolean {
        return this.currentUrns.has(urn);
    }

    /** The program's inputs of a resource with placeholders resolved (undefined when a placeholder is not known yet). */
    desiredInputs(r: ProgramResource): PropertyMap | undefined {
        const merged: PropertyMap = { ...r.inputs, ...(this.overrides.get(r.urn) ?? {}) };
        for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
        const out = resolvePlaceholders(merged, this.current.placeholders, (p) => {
            const s = this.state.get(p.urn);
            return p.key === "id" ? s?.id : s?.outs[p.key];
        });
        return out === undefined ? undefined : { ...out, [PROVIDER_KEY]: r.providerText };
    }

    /**
     * One `pulumi up`: of `next` when it is a program (it becomes the engine's program), of the
     * matching dynamic resources only when it is a filter (a targeted up), else of the program.
     */
    async up(next?: EngineProgram | ((r: ProgramResource) => boolean)): Promise<PassReport> {
        if (next !== undefined && typeof next !== "function") this.setProgram(next);
        const only = typeof next === "function" ? next : undefined;
        const t0 = Date.now();
        const report = newReport();
        const limiter = new Limiter(this.parallel);
        this.adoptAliases(report);
        if (!only) this.stepPassive(report);
        const pass = new DynamicPass(this, report);
        const selected = this.current.resources.filter((r) => !only || only(r));
        const selectedUrns = new Set(selected.map((r) => r.urn));
        const done = new Map<string, Promise<boolean>>();
        const visit = (r: ProgramResource): Promise<boolean> => {
            let p = done.get(r.urn);
            if (!p) {
                p = (async () => {
                    const deps = await Promise.all(r.deps.map((u) => (selectedUrns.has(u) ? visit(this.byUrn(u)) : Promise.resolve(this.state.has(u)))));
                    if (!deps.every(Boolean)) {
                        report.skipped.push(r.name);
                        return false;
                    }
                    return limiter.run(() => pass.step(r));
                })();
                done.set(r.urn, p);
            }
            return p;
        };
        await Promise.all(selected.map(visit));
        await this.deleteLeftovers(report, limiter, !only);
        report.ms = Date.now() - t0;
        return report;
    }

    private byUrn(urn: string): ProgramResource {
        const r = this.current.resources.find((x) => x.urn === urn);
        assert.ok(r, `unknown resource ${urn}`);
        return r;
    }

    /** Moves the state of every resource found through one of its aliases to its new URN. */
    private adoptAliases(report: PassReport): void {
        const renamed = new Map<string, string>(); // old -> new
        const oldOf = new Map<string, string>(); // new -> old
        for (const reg of this.current.registrations) {
            if (this.state.has(reg.urn) || this.passive.has(reg.urn)) continue;
            for (const alias of aliasCandidates(reg, (u) => oldOf.get(u))) {
                const from = this.state.has(alias) ? this.state : this.passive.has(alias) ? this.passive : undefined;
                if (!from) continue;
                assert.ok(!this.inProgram(alias), `${reg.urn}: its alias ${alias} is registered by the program too (the engine fails: duplicate resource alias)`);
                assert.ok(!renamed.has(alias), `${reg.urn}: ${renamed.get(alias)} already took over ${alias} (the engine fails: duplicate resource alias)`);
                const entry = from.get(alias)!;
                from.delete(alias);
                (reg.dynamic ? this.state : this.passive).set(reg.urn, entry);
                renamed.set(alias, reg.urn);
                oldOf.set(reg.urn, alias);
                report.aliased.set(reg.urn, alias);
                break;
            }
        }
        if (renamed.size === 0) return;
        for (const map of [this.state, this.passive]) for (const [u, s] of map) map.set(u, renameIn(s, renamed));
        for (const p of this.pendingDeletes) p.state = renameIn(p.state, renamed);
    }

    /** Components and custom resources the model does not run: recorded from their registrations. */
    private stepPassive(report: PassReport): void {
        for (const reg of this.current.registrations) {
            if (reg.dynamic) continue;
            const inputs = symbolicPlaceholders(reg.inputs, this.current.placeholders);
            const old = this.passive.get(reg.urn);
            const kind: StepKind = !old ? "create" : isDeepStrictEqual(old.inputs, inputs) ? "same" : "update";
            const outs = old && kind === "same" ? old.outs : reg.mockOutputs;
            this.passive.set(reg.urn, stateOf(reg, old?.id ?? reg.mockId, inputs, outs));
            report.passive.set(reg.urn, kind);
        }
    }

    /** End of a pass: old halves of replacements, and (unless targeted) what left the program. */
    private async deleteLeftovers(report: PassReport, limiter: Limiter, absent: boolean): Promise<void> {
        const nodes: Condemned[] = this.pendingDeletes.map((p) => ({
            urn: p.urn,
            state: p.state,
            dynamic: true,
            drop: () => this.pendingDeletes.splice(this.pendingDeletes.indexOf(p), 1),
        }));
        if (absent) nodes.push(...this.entries((urn) => !this.inProgram(urn), report));
        if (nodes.length === 0) return;
        if (report.failures.length > 0) {
            report.deferredDeletes.push(...nodes.map((n) => n.urn));
            return;
        }
        await deleteInOrder(nodes, this.host, limiter, this.seen, report);
    }

    /** State entries (dynamic and passive) as delete candidates. */
    private entries(which: (urn: string) => boolean, report: PassReport): Condemned[] {
        const out: Condemned[] = [];
        for (const [map, steps, dynamic] of [
            [this.state, report.steps, true],
            [this.passive, report.passive, false],
        ] as const) {
            for (const [urn, state] of map) {
                if (!which(urn)) continue;
                out.push({ urn, state, dynamic, drop: () => map.delete(urn), step: (k) => steps.set(urn, k) });
            }
        }
        return out;
    }

    /** `pulumi refresh`: read every dynamic resource in the state (with its state's provider text); "" drops it. */
    async refresh(): Promise<PassReport> {
        const t0 = Date.now();
        const report = newReport();
        const limiter = new Limiter(this.parallel);
        await Promise.all(
            [...this.state.keys()].map((urn) =>
                limiter.run(async () => {
                    const s = this.state.get(urn)!;
                    try {
                        const res = await this.host.read(s.id, urn, s.outs, s.inputs);
                        remember(this.seen, report, res);
                        if (res.id === "") {
                            this.state.delete(urn);
                            report.steps.set(urn, "gone");
                        } else {
                            this.state.set(urn, { ...s, id: res.id, outs: res.properties, inputs: res.inputs ?? s.inputs });
                            report.steps.set(urn, "read");
                        }
                    } catch (err) {
                        fail(this.seen, report, urn, "read", err);
                    }
                }),
            ),
        );
        report.ms = Date.now() - t0;
        return report;
    }

    /** `pulumi destroy`: delete everything in the state, dependents first; retainOnDelete entries are dropped only. */
    async destroy(): Promise<PassReport> {
        const t0 = Date.now();
        const report = newReport();
        const nodes: Condemned[] = this.pendingDeletes.map((p) => ({
            urn: p.urn,
            state: p.state,
            dynamic: true,
            drop: () => this.pendingDeletes.splice(this.pendingDeletes.indexOf(p), 1),
        }));
        nodes.push(...this.entries(() => true, report));
        await deleteInOrder(nodes, this.host, new Limiter(this.parallel), this.seen, report);
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

    /** Runs `destroy` until the dynamic state is empty (at most `max` passes). */
    async destroyAll(max = 6): Promise<PassReport[]> {
        const reports: PassReport[] = [];
        for (let i = 0; i < max && this.state.size + this.pendingDeletes.length > 0; i++) reports.push(await this.destroy());
        assert.equal(this.state.size, 0, `destroy left ${[...this.state.keys()].join(", ")}`);
        return reports;
    }

    /** The state of a named dynamic resource of the program (throws if absent). */
    stateOf(name: string): ResourceState {
        const s = this.state.get(this.current.byName(name).urn);
        assert.ok(s, `${name} is not in the state`);
        return s;
    }

    /** The whole state as plain records (dynamic, passive, then pending deletes). */
    snapshot(): StateRecord[] {
        const out: StateRecord[] = [];
        for (const [urn, s] of this.state) out.push({ urn, dynamic: true, ...structuredClone(s) });
        for (const [urn, s] of this.passive) out.push({ urn, dynamic: false, ...structuredClone(s) });
        for (const p of this.pendingDeletes) out.push({ urn: p.urn, dynamic: true, pendingDelete: true, ...structuredClone(p.state) });
        return out;
    }

    /** Replaces the whole state with `records` (a snapshot). */
    loadState(records: readonly StateRecord[]): void {
        this.state.clear();
        this.passive.clear();
        this.pendingDeletes.length = 0;
        for (const { urn, dynamic, pendingDelete, ...s } of structuredClone(records as StateRecord[])) {
            if (pendingDelete) this.pendingDeletes.push({ urn, state: s });
            else (dynamic ? this.state : this.passive).set(urn, s);
        }
    }
}
