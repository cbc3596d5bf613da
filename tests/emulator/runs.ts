// Runs and plans: POST /runs, GET /runs/:id (include=plan), the cancel and discard actions,
// GET /plans/:id and /runs/:id/plan. Statuses move lazily (runProgress.ts) on every read.
import { settleConfigurationVersion, visibleConfigurationVersion } from "./configurationVersions";
import {
    RequestContext, Route, attributesOf, conflict, created, dataObject, forbidden, invalid, notFound, ok, optionalBoolean, optionalString,
} from "./jsonapi";
import { CANCELABLE, DISCARDABLE, advanceRun, stopRun } from "./runProgress";
import { ARCHIVIST_PREFIX, PlanRecord, RunRecord, newObjectId, runWorldOf } from "./runWorld";
import { newId, now } from "./store";
import { visibleWorkspace } from "./workspaces";

const DEFAULT_MESSAGE = "Queued manually via the Terraform Enterprise API";

function ownHost(ctx: RequestContext): string {
    return new URL(ctx.baseUrl).host;
}

export function planResource(ctx: RequestContext, plan: PlanRecord) {
    const details: Record<string, string> = { mode: plan.executionMode };
    if (plan.agentPool) Object.assign(details, { "agent-pool-id": plan.agentPool.id, "agent-pool-name": plan.agentPool.name });
    return {
        id: plan.id,
        type: "plans",
        attributes: {
            "execution-details": details,
            "generated-configuration": false,
            "has-changes": plan.resourceDestructions > 0,
            "resource-additions": 0,
            "resource-changes": 0,
            "resource-destructions": plan.resourceDestructions,
            "resource-imports": 0,
            status: plan.status,
            "status-timestamps": { ...plan.statusTimestamps },
            "log-read-url": `${ctx.baseUrl}${ARCHIVIST_PREFIX}${plan.logObject}`,
        },
        relationships: { "state-versions": { data: [] } },
        links: { self: `/api/v2/plans/${plan.id}`, "json-output": `/api/v2/plans/${plan.id}/json-output` },
    };
}

export function runResource(run: RunRecord) {
    const allowed = run.behavior.cancel !== "forbidden";
    const rel = (name: string, data: unknown) => ({ data, links: { related: `/api/v2/runs/${run.id}/${name}` } });
    return {
        id: run.id,
        type: "runs",
        attributes: {
            actions: {
                "is-cancelable": CANCELABLE.includes(run.status),
                "is-confirmable": false,
                "is-discardable": DISCARDABLE.includes(run.status),
                "is-force-cancelable": false,
            },
            "canceled-at": run.statusTimestamps["canceled-at"] ?? null,
            "created-at": run.createdAt,
            "has-changes": false,
            "auto-apply": false,
            "allow-empty-apply": false,
            "allow-config-generation": false,
            "is-destroy": false,
            message: run.message,
            "plan-only": run.planOnly,
            source: "tfe-api",
            status: run.status,
            "status-timestamps": { ...run.statusTimestamps },
            "trigger-reason": "manual",
            "target-addrs": run.targetAddrs,
            refresh: run.refresh,
            "refresh-only": false,
            "replace-addrs": null,
            "save-plan": false,
            variables: [],
            permissions: {
                "can-apply": false, "can-cancel": allowed, "can-comment": true, "can-discard": allowed,
                "can-force-execute": false, "can-force-cancel": allowed, "can-override-policy-check": false,
            },
        },
        relationships: {
            workspace: { data: { id: run.workspaceId, type: "workspaces" } },
            "configuration-version": rel("configuration-version", { id: run.cvId, type: "configuration-versions" }),
            plan: rel("plan", { id: run.planId, type: "plans" }),
            "cost-estimate": { data: null },
            "policy-checks": { data: [] },
            "task-stages": { data: [] },
            "run-events": { data: [] },
            comments: { data: [] },
            "created-by": { data: { id: "user-emulator", type: "users" } },
        },
        links: { self: `/api/v2/runs/${run.id}` },
    };
}

/** The run (advanced to now), or 404 when it or its workspace is unknown or hidden. */
function visibleRun(ctx: RequestContext, id: string): { run: RunRecord; plan: PlanRecord } {
    const world = runWorldOf(ctx.store);
    const run = world.runs.get(id);
    if (!run) throw notFound();
    visibleWorkspace(ctx, run.workspaceId);
    if (!ctx.canSee(run.id)) throw notFound();
    advanceRun(ctx.store, world, run, ownHost(ctx));
    return { run, plan: world.plans.get(run.planId)! };
}

function relationshipId(data: Record<string, any>, name: string): string | undefined {
    const ref = data.relationships?.[name]?.data;
    if (ref === undefined || ref === null) return undefined;
    if (typeof ref !== "object" || typeof ref.id !== "string") throw invalid(`${name} must be {"type":…,"id":…}`, `/data/relationships/${name}/data`);
    return ref.id;
}

function targetAddrs(attrs: Record<string, unknown>): string[] | null {
    const v = attrs["target-addrs"];
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || v.some((a) => typeof a !== "string" || a === "")) {
        throw invalid("Target addrs must be a list of resource addresses", "/data/attributes/target-addrs");
    }
    return v as string[];
}

function create(ctx: RequestContext) {
    const data = dataObject(ctx);
    const attrs = attributesOf(data);
    const wsId = relationshipId(data, "workspace");
    if (wsId === undefined) throw invalid("Workspace is required", "/data/relationships/workspace");
    const ws = visibleWorkspace(ctx, wsId);
    if (!ctx.workspacePermissions(ws.id)["can-queue-run"]) throw forbidden();
    const world = runWorldOf(ctx.store);
    // Undocumented on the real API (runs-api.md, open question 2): refused here.
    if (ws.executionMode === "local") throw invalid("Runs cannot be queued on a workspace in local execution mode", "/data/relationships/workspace");
    const cvId = relationshipId(data, "configuration-version");
    if (cvId === undefined) throw invalid("Configuration version is missing", "/data/relationships/configuration-version");
    const cv = visibleConfigurationVersion(ctx, cvId);
    if (cv.workspaceId !== ws.id) throw notFound();
    settleConfigurationVersion(cv);
    if (cv.status !== "uploaded") throw invalid(`Configuration version is ${cv.status}, not uploaded`, "/data/relationships/configuration-version");
    const planOnly = optionalBoolean(attrs, "plan-only") ?? false;
    if (cv.speculative && !planOnly) throw invalid("A speculative configuration version can only be used by plan-only runs", "/data/attributes/plan-only");
    const agent = ws.executionMode === "agent";
    const pool = agent ? world.agentPools.get(ws.id) ?? null : null;
    const plan: PlanRecord = {
        id: newId("plan"), runId: "", status: "pending", statusTimestamps: { "pending-at": now() }, logObject: "", log: "",
        resourceDestructions: 0, executionMode: agent ? "agent" : "remote", agentPool: pool ? { ...pool } : null,
    };
    const run: RunRecord = {
        id: newId("run"), workspaceId: ws.id, cvId: cv.id, planId: plan.id,
        message: optionalString(attrs, "message") || DEFAULT_MESSAGE, planOnly,
        refresh: optionalBoolean(attrs, "refresh") ?? true, targetAddrs: targetAddrs(attrs),
        status: "pending", statusTimestamps: { "plan-queueable-at": now() }, nextStepAt: Date.now() + world.stepMs,
        createdAt: now(), behavior: { ...(world.behaviors.get(ws.id) ?? {}) }, remaining: [],
    };
    plan.runId = run.id;
    plan.logObject = newObjectId(world, { kind: "log", planId: plan.id });
    world.plans.set(plan.id, plan);
    world.runs.set(run.id, run);
    return created({ data: runResource(run) });
}

function read(ctx: RequestContext, p: Record<string, string>) {
    const { run, plan } = visibleRun(ctx, p.id);
    const include = (ctx.query.get("include") ?? "").split(",").map((s) => s.trim());
    const body: Record<string, unknown> = { data: runResource(run) };
    if (include.includes("plan")) body.included = [planResource(ctx, plan)];
    return ok(body);
}

function act(kind: "cancel" | "discard") {
    return (ctx: RequestContext, p: Record<string, string>) => {
        const { run, plan } = visibleRun(ctx, p.id);
        if (run.behavior.cancel === "forbidden") throw forbidden();
        const allowed = kind === "cancel" ? CANCELABLE : DISCARDABLE;
        if (!allowed.includes(run.status)) throw conflict(`transition not allowed: the run is ${run.status}`);
        stopRun(run, plan, kind === "cancel" ? "canceled" : "discarded");
        return { status: 202 };
    };
}

function readPlan(ctx: RequestContext, p: Record<string, string>) {
    const plan = runWorldOf(ctx.store).plans.get(p.id);
    if (!plan) throw notFound();
    return ok({ data: planResource(ctx, visibleRun(ctx, plan.runId).plan) });
}

export const runRoutes: Route[] = [
    { method: "POST", pattern: "/runs", handler: create },
    { method: "GET", pattern: "/runs/:id", handler: read },
    { method: "POST", pattern: "/runs/:id/actions/cancel", handler: act("cancel") },
    { method: "POST", pattern: "/runs/:id/actions/discard", handler: act("discard") },
    { method: "GET", pattern: "/plans/:id", handler: readPlan },
    { method: "GET", pattern: "/runs/:id/plan", handler: (ctx, p) => ok({ data: planResource(ctx, visibleRun(ctx, p.id).plan) }) },
];
