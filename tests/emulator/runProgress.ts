// How a run moves (documented progression, runs-api.md §6): run pending -> plan_queued -> planning
// -> planned_and_finished (or errored), plan pending -> queued -> running -> finished (or errored);
// after a successful plan a policy check or a run task may follow. One status change per
// `stepMs`, applied lazily whenever the run, its plan or its log is read: no timers.
import { probeRun } from "./cloudSimulator";
import { logBody, logPreamble, ETX } from "./planLogs";
import { PlanRecord, RunRecord, RunWorld, timestampKey } from "./runWorld";
import { EmulatorStore, now } from "./store";

export const TERMINAL_RUN = ["planned_and_finished", "errored", "canceled", "force_canceled", "discarded", "policy_soft_failed"];
export const CANCELABLE = ["pending", "plan_queued", "planning"];
export const DISCARDABLE = ["pending", "policy_checked", "policy_override", "pre_plan_awaiting_decision", "post_plan_awaiting_decision"];
const FINAL_PLAN = ["finished", "errored", "canceled", "unreachable"];

export function setRunStatus(run: RunRecord, status: string): void {
    run.status = status;
    run.statusTimestamps[timestampKey(status)] = now();
}

export function setPlanStatus(plan: PlanRecord, status: string): void {
    plan.status = status;
    const key = { queued: "queued-at", running: "started-at", finished: "finished-at", errored: "errored-at", canceled: "canceled-at", unreachable: "unreachable-at" }[status];
    if (key) plan.statusTimestamps[key] = now();
}

/** Stops a run where it is (cancel or discard): its plan ends canceled (or unreachable when it never started). */
export function stopRun(run: RunRecord, plan: PlanRecord, status: "canceled" | "discarded"): void {
    setRunStatus(run, status);
    if (FINAL_PLAN.includes(plan.status)) return;
    if (plan.status === "running") {
        plan.log += `${ETX}`;
        setPlanStatus(plan, "canceled");
    } else {
        setPlanStatus(plan, "unreachable");
    }
}

/** A run stays put at its hold status, and an agent-mode plan stays queued until its pool has a free agent (none without a pool). */
function held(world: RunWorld, run: RunRecord, plan: PlanRecord): boolean {
    if (run.behavior.holdAt === run.status) return true;
    if (run.status !== "plan_queued" || plan.executionMode !== "agent") return false;
    const pool = world.agentPools.get(run.workspaceId);
    return pool === undefined || pool.freeAgents <= 0;
}

/** The statuses a run goes through after its plan succeeded. */
function afterPlan(run: RunRecord): string[] {
    if (run.behavior.policy) return ["planned", "policy_checking", run.behavior.policy === "hard-failed" ? "errored" : "policy_soft_failed"];
    if (run.behavior.runTask === "awaiting-decision") return ["planned", "post_plan_running", "post_plan_awaiting_decision"];
    return ["planned_and_finished"];
}

/** The plan itself: the simulator decides, the log is written, the run continues or errors. */
function finishPlan(store: EmulatorStore, world: RunWorld, run: RunRecord, plan: PlanRecord, ownHost: string): void {
    const ws = store.workspaces.get(run.workspaceId);
    const cv = world.configurationVersions.get(run.cvId);
    const files = cv?.files ?? {};
    const outcome = ws
        ? probeRun(store, world, ws, run, ownHost, files)
        : { diagnostics: [{ severity: "error" as const, summary: "Workspace not found", detail: "The run's workspace no longer exists." }] };
    // A workspace that manages resources sees them planned for destruction unless the run is targeted.
    const destroys = ws && ws.managesResources && run.targetAddrs === null ? 1 : 0;
    const body = logBody(outcome, { targeted: run.targetAddrs !== null, destroys });
    plan.log += body.text;
    if (body.ok) {
        plan.resourceDestructions = destroys;
        setPlanStatus(plan, "finished");
        run.remaining = afterPlan(run);
        setRunStatus(run, run.remaining.shift()!);
    } else {
        setPlanStatus(plan, "errored");
        setRunStatus(run, "errored");
    }
}

function step(store: EmulatorStore, world: RunWorld, run: RunRecord, plan: PlanRecord, ownHost: string): void {
    switch (run.status) {
        case "pending":
            setRunStatus(run, "plan_queued");
            setPlanStatus(plan, "queued");
            return;
        case "plan_queued":
            setRunStatus(run, "planning");
            setPlanStatus(plan, "running");
            plan.log = logPreamble();
            return;
        case "planning":
            finishPlan(store, world, run, plan, ownHost);
            return;
        default: {
            const next = run.remaining.shift();
            if (next !== undefined) setRunStatus(run, next);
        }
    }
}

/** Applies every status change due by `nowMs`. `ownHost` is the emulator's host (the default issuer). */
export function advanceRun(store: EmulatorStore, world: RunWorld, run: RunRecord, ownHost: string, nowMs = Date.now()): void {
    const plan = world.plans.get(run.planId);
    if (!plan) return;
    for (let guard = 0; guard < 100; guard++) {
        if (TERMINAL_RUN.includes(run.status) || nowMs < run.nextStepAt || held(world, run, plan)) return;
        const before = run.status;
        step(store, world, run, plan, ownHost);
        if (run.status === before) return; // nothing left to do (e.g. awaiting a decision)
        run.nextStepAt += world.stepMs;
    }
}
