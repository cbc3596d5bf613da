// One registration of a dynamic resource in a `pulumi up`, as the engine steps it
// (step_generator.go generateSteps / continueStepsFromDiff):
// - check(olds = the state's inputs, news) — with `ignoreChanges` properties reset to the old inputs;
// - no state: create. Otherwise diff(olds = the state's OUTPUTS, news, oldInputs); a DIFF_UNKNOWN
//   answer is decided by comparing old and new inputs (`__provider` included);
// - changes with replaces: check again without olds, then
//   * delete-before-replace (the resource option deleteBeforeReplace when set, else the provider's
//     answer): the dependents that would be replaced too (their diff with the properties that
//     depend on the condemned resources set to UNKNOWN asks for a replace) are deleted first,
//     dependents first, then the resource; then it is created (and those dependents are created
//     again when their turn comes);
//   * otherwise create the new one now; the old one is deleted at the END of the pass;
//   replacement deletes honour the OLD state's retainOnDelete (dropped, not deleted);
// - changes (or init errors of a half-made create): update; else same: the state takes the new
//   inputs (the new `__provider`) and options, and KEEPS the old outputs (their `__provider`).
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { HostError, UNKNOWN, type PropertyMap, type ProviderHost } from "../providerHost";
import { deleteInOrder, type Condemned } from "./deletes";
import type { ProgramResource } from "./program";
import { Limiter, fail, remember, type PassReport, type StepKind } from "./report";
import { stateDependencies, stateOf, type ResourceState } from "./state";

/** The old half of a create-before-delete replacement, deleted at the end of the pass. */
export interface PendingDelete {
    urn: string;
    state: ResourceState;
}

/** What a pass needs of the engine. */
export interface EngineCore {
    readonly host: ProviderHost;
    readonly state: Map<string, ResourceState>;
    readonly passive: Map<string, ResourceState>;
    readonly pendingDeletes: PendingDelete[];
    readonly seen: string[];
    desiredInputs(r: ProgramResource): PropertyMap | undefined;
    inProgram(urn: string): boolean;
}

/** Steps the dynamic resources of one pass. */
export class DynamicPass {
    /** Deleted earlier in this pass because a resource they depend on was replaced delete-before-create. */
    private readonly recreate = new Set<string>();

    constructor(
        private readonly e: EngineCore,
        private readonly report: PassReport,
    ) {}

    private fail(urn: string, op: string, err: unknown): false {
        return fail(this.e.seen, this.report, urn, op, err);
    }

    async step(r: ProgramResource): Promise<boolean> {
        const desired = this.e.desiredInputs(r);
        assert.ok(desired, `${r.name}: a placeholder of its inputs has no value although its dependencies are done`);
        const reg = r.registration;
        const old = this.recreate.has(r.urn) ? undefined : this.e.state.get(r.urn);
        const news = old ? ignoreChanges(desired, old.inputs, reg.ignoreChanges) : desired;
        const checked = await this.check(r.urn, old?.inputs ?? {}, news);
        if (!checked) return false;
        if (!old) return this.create(r, checked, this.recreate.has(r.urn) ? "replace" : "create");
        let diff;
        try {
            diff = await this.e.host.diff(old.id, r.urn, old.outs, checked, { oldInputs: old.inputs, ignoreChanges: reg.ignoreChanges });
        } catch (err) {
            return this.fail(r.urn, "diff", err);
        }
        const changes = diff.changes ?? !isDeepStrictEqual(old.inputs, checked);
        if (changes && diff.replaces.length > 0) return this.replace(r, old, news, reg.deleteBeforeReplace ?? diff.deleteBeforeReplace);
        if (!changes && !old.initErrors) {
            this.e.state.set(r.urn, stateOf(reg, old.id, checked, old.outs));
            this.report.steps.set(r.urn, "same");
            return true;
        }
        try {
            const res = await this.e.host.update(old.id, r.urn, old.outs, checked, { oldInputs: old.inputs });
            remember(this.e.seen, this.report, res);
            this.e.state.set(r.urn, stateOf(reg, old.id, checked, res.properties));
            this.report.ops.push({ op: "update", urn: r.urn });
            this.report.steps.set(r.urn, "update");
            return true;
        } catch (err) {
            if (err instanceof HostError && err.initFailed) {
                this.e.state.set(r.urn, stateOf(reg, old.id, checked, err.initFailed.properties, err.initFailed.reasons));
            }
            return this.fail(r.urn, "update", err);
        }
    }

    private async check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<PropertyMap | undefined> {
        try {
            const checked = await this.e.host.check(urn, olds, news);
            remember(this.e.seen, this.report, checked);
            if (checked.failures.length === 0) return checked.inputs;
            this.fail(urn, "check", new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")));
        } catch (err) {
            this.fail(urn, "check", err);
        }
        return undefined;
    }

    private async create(r: ProgramResource, inputs: PropertyMap, kind: StepKind): Promise<boolean> {
        try {
            const res = await this.e.host.create(r.urn, inputs);
            remember(this.e.seen, this.report, res);
            this.e.state.set(r.urn, stateOf(r.registration, res.id, inputs, res.properties));
            this.report.ops.push({ op: "create", urn: r.urn });
            this.report.steps.set(r.urn, kind);
            return true;
        } catch (err) {
            if (err instanceof HostError && err.initFailed && err.initFailed.id) {
                // The engine records the half-made resource; the next up updates it.
                this.e.state.set(r.urn, stateOf(r.registration, err.initFailed.id, inputs, err.initFailed.properties, err.initFailed.reasons));
            }
            return this.fail(r.urn, "create", err);
        }
    }

    private async replace(r: ProgramResource, old: ResourceState, news: PropertyMap, deleteBeforeReplace: boolean): Promise<boolean> {
        if (old.protect && r.registration.protect) {
            const message = `unable to replace resource "${r.urn}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``;
            return this.fail(r.urn, "replace", new Error(message));
        }
        const inputs = await this.check(r.urn, {}, news);
        if (!inputs) return false;
        if (!deleteBeforeReplace) {
            if (!(await this.create(r, inputs, "replace"))) return false;
            this.e.pendingDeletes.push({ urn: r.urn, state: old });
            return true;
        }
        let dependents: string[];
        try {
            dependents = await this.dependentReplacements(r.urn);
        } catch (err) {
            return this.fail(r.urn, "diff (dependents of a delete-before-replace)", err);
        }
        const condemned: Condemned[] = dependents.map((urn) => ({
            urn,
            state: this.e.state.get(urn)!,
            dynamic: true,
            drop: () => {
                this.e.state.delete(urn);
                this.recreate.add(urn);
            },
            step: this.e.inProgram(urn) ? undefined : (k) => this.report.steps.set(urn, k),
        }));
        condemned.push({ urn: r.urn, state: old, dynamic: true, drop: () => this.e.state.delete(r.urn) });
        // Not the pass's limiter: this step already holds one of its slots.
        if (!(await deleteInOrder(condemned, this.e.host, new Limiter(Number.MAX_SAFE_INTEGER), this.e.seen, this.report))) return false;
        return this.create(r, inputs, "replace");
    }

    /**
     * The dynamic resources of the state that a delete-before-replace of `root` replaces too, in
     * dependency order (step_generator.go calculateDependentReplacements).
     */
    private async dependentReplacements(root: string): Promise<string[]> {
        const all = new Map([...this.e.passive, ...this.e.state]);
        const order = dependentsInOrder(root, all);
        const replaceSet = new Set([root]);
        const out: string[] = [];
        for (const urn of order) {
            const d = this.e.state.get(urn);
            if (!d) continue; // components and resources the model does not run are never replaced
            const keys = Object.keys(d.inputs).filter((k) => (d.propertyDependencies[k] ?? []).some((u) => replaceSet.has(u)));
            if (keys.length === 0) continue;
            const news = { ...d.inputs, ...Object.fromEntries(keys.map((k) => [k, UNKNOWN])) };
            const diff = await this.e.host.diff(d.id, urn, d.outs, news, { oldInputs: d.inputs });
            if (diff.replaces.length > 0) {
                out.push(urn);
                replaceSet.add(urn);
            }
        }
        return out;
    }
}

/** The entries of `all` that depend on `root` (transitively), dependencies before dependents. */
function dependentsInOrder(root: string, all: Map<string, ResourceState>): string[] {
    const dependsOnRoot = new Map<string, boolean>();
    const reaches = (urn: string, seen: Set<string>): boolean => {
        if (urn === root) return true;
        const known = dependsOnRoot.get(urn);
        if (known !== undefined) return known;
        const s = all.get(urn);
        if (!s || seen.has(urn)) return false;
        seen.add(urn);
        const r = stateDependencies(s).some((u) => reaches(u, seen));
        dependsOnRoot.set(urn, r);
        return r;
    };
    const set = [...all.keys()].filter((u) => u !== root && reaches(u, new Set()));
    const ordered: string[] = [];
    const place = (urn: string) => {
        if (ordered.includes(urn)) return;
        for (const dep of stateDependencies(all.get(urn)!)) if (set.includes(dep)) place(dep);
        ordered.push(urn);
    };
    set.forEach(place);
    return ordered;
}

/** `news` with each ignored (top-level) property reset to its old input, as the engine does before check. */
function ignoreChanges(news: PropertyMap, oldInputs: PropertyMap, paths: string[]): PropertyMap {
    const out = { ...news };
    for (const p of paths) {
        assert.ok(/^[A-Za-z_$][\w$]*$/.test(p), `ignoreChanges "${p}": only top-level properties are modelled`);
        if (p in oldInputs) out[p] = oldInputs[p];
        else delete out[p];
    }
    return out;
}
