// Runs: create (plan-only on a given configuration version), read with its plan (include=plan),
// cancel and discard. Never confirm or apply: this package only makes speculative plans.

import type { HcpClient } from "./client";
import { document, fromApiAttributes, relationshipId, ResourceObject, single } from "./jsonapi";
import { Plan, planFromApi } from "./plans";

export interface RunActions {
    isCancelable: boolean;
    isDiscardable: boolean;
    isForceCancelable: boolean;
    isConfirmable: boolean;
}

export interface RunPermissions {
    canCancel: boolean;
    canDiscard: boolean;
    canForceCancel: boolean;
}

export interface Run {
    id: string;
    /** pending, plan_queued, planning, planned, policy_checking, planned_and_finished, errored, … (unknown values kept). */
    status: string;
    planOnly: boolean;
    message: string;
    targetAddrs: string[] | null;
    hasChanges: boolean;
    createdAt: string;
    /** `status-timestamps` as sent, e.g. { "plan-queued-at": "…" }. */
    statusTimestamps: Record<string, string>;
    actions: RunActions;
    permissions: RunPermissions;
    workspaceId: string;
    configurationVersionId: string;
    planId: string;
}

export interface RunCreateOptions {
    workspaceId: string;
    configurationVersionId: string;
    /** Sent as `plan-only` (always explicit). */
    planOnly: boolean;
    /** Shown in the UI; recognisable, e.g. "OIDC trust check (hcp-oidc-federation)". */
    message: string;
    /** Limits the plan to these addresses and their dependencies (e.g. ["data.aws_caller_identity.trust_check"]). */
    targetAddrs?: string[];
    /** Refresh managed resources first (API default true). */
    refresh?: boolean;
}

const RUN_ID = /^run-[A-Za-z0-9]+$/;

function bool(value: unknown): boolean {
    return value === true;
}

/** A run from its JSON:API resource (actions, permissions and relationship ids flattened). */
export function runFromApi(resource: ResourceObject): Run {
    const attrs = fromApiAttributes(resource.attributes);
    const actions = attrs.actions || {};
    const permissions = attrs.permissions || {};
    return {
        id: resource.id,
        status: String(attrs.status ?? ""),
        planOnly: bool(attrs.planOnly),
        message: String(attrs.message ?? ""),
        targetAddrs: Array.isArray(attrs.targetAddrs) ? attrs.targetAddrs.map(String) : null,
        hasChanges: bool(attrs.hasChanges),
        createdAt: String(attrs.createdAt ?? ""),
        statusTimestamps: attrs.statusTimestamps && typeof attrs.statusTimestamps === "object" ? { ...attrs.statusTimestamps } : {},
        actions: {
            isCancelable: bool(actions["is-cancelable"]),
            isDiscardable: bool(actions["is-discardable"]),
            isForceCancelable: bool(actions["is-force-cancelable"]),
            isConfirmable: bool(actions["is-confirmable"]),
        },
        permissions: {
            canCancel: bool(permissions["can-cancel"]),
            canDiscard: bool(permissions["can-discard"]),
            canForceCancel: bool(permissions["can-force-cancel"]),
        },
        workspaceId: relationshipId(resource, "workspace") ?? "",
        configurationVersionId: relationshipId(resource, "configuration-version") ?? "",
        planId: relationshipId(resource, "plan") ?? "",
    };
}

function requireRunId(id: string): void {
    if (typeof id !== "string" || !RUN_ID.test(id)) {
        throw new Error(`run id ${JSON.stringify(id)} is not valid: give an id such as "run-123456789abcdefg".`);
    }
}

function runPath(id: string): string {
    return `/runs/${encodeURIComponent(id)}`;
}

/**
 * POST /runs with the workspace and configuration-version relationships. Needs "queue plans"; not
 * usable with organization tokens. Not repeated on failure (at worst a second plan-only run, which
 * changes nothing).
 */
export async function createRun(c: HcpClient, opts: RunCreateOptions): Promise<Run> {
    if (typeof opts.workspaceId !== "string" || !/^ws-[A-Za-z0-9]+$/.test(opts.workspaceId)) {
        throw new Error(`workspaceId ${JSON.stringify(opts.workspaceId)} is not valid: give an id such as "ws-123456789abcdefg".`);
    }
    if (typeof opts.configurationVersionId !== "string" || !/^cv-[A-Za-z0-9]+$/.test(opts.configurationVersionId)) {
        throw new Error(
            `configurationVersionId ${JSON.stringify(opts.configurationVersionId)} is not valid: give an id such as "cv-123456789abcdefg".`,
        );
    }
    if (typeof opts.message !== "string" || opts.message.trim() === "") {
        throw new Error("message is required: name what the run is for.");
    }
    if (opts.targetAddrs !== undefined && (!Array.isArray(opts.targetAddrs) || opts.targetAddrs.some((a) => typeof a !== "string" || a === ""))) {
        throw new Error("targetAddrs must be a list of resource addresses such as data.aws_caller_identity.trust_check.");
    }
    const body = document(
        "runs",
        { planOnly: opts.planOnly === true, message: opts.message, targetAddrs: opts.targetAddrs, refresh: opts.refresh },
        {
            relationships: {
                workspace: { data: { type: "workspaces", id: opts.workspaceId } },
                "configuration-version": { data: { type: "configuration-versions", id: opts.configurationVersionId } },
            },
        },
    );
    return runFromApi((await c.requestResource("POST", "/runs", { body }))!);
}

/** GET /runs/:id?include=plan: the run and, when the server included it, its plan. */
export async function readRun(c: HcpClient, id: string): Promise<{ run: Run; plan?: Plan }> {
    requireRunId(id);
    const doc = await c.request("GET", runPath(id), { query: { include: "plan" } });
    const run = runFromApi(single(doc, `GET ${runPath(id)}`));
    const included: ResourceObject[] = Array.isArray(doc && doc.included) ? doc.included : [];
    const planResource = included.find((r) => r && r.type === "plans" && r.id === run.planId);
    return planResource ? { run, plan: planFromApi(planResource) } : { run };
}

async function action(c: HcpClient, id: string, name: "cancel" | "discard", comment: string | undefined): Promise<void> {
    requireRunId(id);
    // An empty-bodied POST still needs the JSON:API Content-Type (HCP answers 415): always send the comment object.
    await c.request("POST", `${runPath(id)}/actions/${name}`, { body: { comment: comment ?? null } });
}

/** POST /runs/:id/actions/cancel (202). Needs "apply runs"; 409 when the run is not cancelable now. */
export function cancelRun(c: HcpClient, id: string, comment?: string): Promise<void> {
    return action(c, id, "cancel", comment);
}

/** POST /runs/:id/actions/discard (202). Needs "apply runs"; 409 when the run is not discardable now. */
export function discardRun(c: HcpClient, id: string, comment?: string): Promise<void> {
    return action(c, id, "discard", comment);
}
