// What one pass (up, refresh, destroy) of the engine model did, per URN, plus failures.
import { HostError } from "../providerHost";

/**
 * create/update/replace/same: a registration's step; delete: deleted through its provider (or,
 * for a resource the model does not run, dropped as the engine would delete it); retain: dropped
 * from the state WITHOUT a delete (its state recorded retainOnDelete); read/gone: refresh.
 */
export type StepKind = "create" | "update" | "replace" | "same" | "delete" | "retain" | "read" | "gone";

export interface StepFailure {
    urn: string;
    name: string;
    op: string;
    message: string;
    code: number;
    initFailed: boolean;
}

/** One provider call that changed something, in the order they completed. */
export interface Operation {
    op: "create" | "update" | "delete";
    urn: string;
}

export interface PassReport {
    /** Dynamic resources (run through the host). */
    steps: Map<string, StepKind>;
    /** Components and custom resources the model does not run (AWS under mocks): same/create/update by their inputs, delete, retain. */
    passive: Map<string, StepKind>;
    failures: StepFailure[];
    /** Resources not stepped because a dependency failed (a dependent, for deletes). */
    skipped: string[];
    ms: number;
    /** Every message the host answered (errors, check failures), for leak checks. */
    messages: string[];
    ops: Operation[];
    /** New URN -> the old URN whose state it took over through an alias. */
    aliased: Map<string, string>;
    /** URNs the pass would have deleted but did not, because a step failed (the engine stops before its deletes). */
    deferredDeletes: string[];
}

export function newReport(): PassReport {
    return { steps: new Map(), passive: new Map(), failures: [], skipped: [], ms: 0, messages: [], ops: [], aliased: new Map(), deferredDeletes: [] };
}

/** Counts of each step kind in a report (dynamic resources). */
export function stepCounts(rep: Pick<PassReport, "steps">): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of rep.steps.values()) out[k] = (out[k] ?? 0) + 1;
    return out;
}

/** The name part of a URN. */
export function nameOf(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

/** Keeps every host answer/error text (engine.seen and the report) for leak checks. */
export function remember(seen: string[], report: PassReport, value: unknown): void {
    const s = typeof value === "string" ? value : JSON.stringify(value);
    seen.push(s);
    report.messages.push(s);
}

/** Records a failed operation; answers false. */
export function fail(seen: string[], report: PassReport, urn: string, op: string, err: unknown): false {
    const e = err as HostError;
    const message = e instanceof HostError ? e.details : String((err as Error)?.message ?? err);
    remember(seen, report, message);
    if (e instanceof HostError && e.initFailed) remember(seen, report, e.initFailed);
    report.failures.push({
        urn,
        name: nameOf(urn),
        op,
        message,
        code: e instanceof HostError ? e.code : -1,
        initFailed: e instanceof HostError && !!e.initFailed,
    });
    return false;
}

/** A counting semaphore (pulumi up --parallel). */
export class Limiter {
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
