// Plans: read (status, counts, execution details, the pre-signed log URL).

import type { HcpClient } from "./client";
import { fromApiAttributes, ResourceObject } from "./jsonapi";

/** pending, managed_queued/queued, running, and the final finished, errored, canceled, unreachable. */
export type PlanStatus = "pending" | "managed_queued" | "queued" | "running" | "finished" | "errored" | "canceled" | "unreachable" | string;

/** The plan states after which nothing changes any more. */
export const FINAL_PLAN_STATUSES: readonly string[] = ["finished", "errored", "canceled", "unreachable"];

export interface Plan {
    id: string;
    status: PlanStatus;
    hasChanges: boolean;
    resourceAdditions: number;
    resourceChanges: number;
    resourceDestructions: number;
    resourceImports: number;
    /** Pre-signed URL of the plan's log (read without the token); "" when absent. */
    logReadUrl: string;
    /** "remote" or "agent" (agent runs add agent-id, agent-name, agent-pool-id, agent-pool-name). */
    executionMode: string;
    /** `execution-details` as sent (kebab-case keys). */
    executionDetails: Record<string, string>;
    statusTimestamps: Record<string, string>;
}

function count(value: unknown): number {
    return typeof value === "number" && isFinite(value) ? value : 0;
}

/** A plan from its JSON:API resource (counts default to 0, the log URL to ""). */
export function planFromApi(resource: ResourceObject): Plan {
    const attrs = fromApiAttributes(resource.attributes);
    const details = attrs.executionDetails && typeof attrs.executionDetails === "object" ? { ...attrs.executionDetails } : {};
    return {
        id: resource.id,
        status: String(attrs.status ?? ""),
        hasChanges: attrs.hasChanges === true,
        resourceAdditions: count(attrs.resourceAdditions),
        resourceChanges: count(attrs.resourceChanges),
        resourceDestructions: count(attrs.resourceDestructions),
        resourceImports: count(attrs.resourceImports),
        logReadUrl: typeof attrs.logReadUrl === "string" ? attrs.logReadUrl : "",
        executionMode: typeof details.mode === "string" ? details.mode : "",
        executionDetails: details,
        statusTimestamps: attrs.statusTimestamps && typeof attrs.statusTimestamps === "object" ? { ...attrs.statusTimestamps } : {},
    };
}

/** GET /plans/:id */
export async function readPlan(c: HcpClient, id: string): Promise<Plan> {
    if (typeof id !== "string" || !/^plan-[A-Za-z0-9]+$/.test(id)) {
        throw new Error(`plan id ${JSON.stringify(id)} is not valid: give an id such as "plan-123456789abcdefg".`);
    }
    const path = `/plans/${encodeURIComponent(id)}`;
    return planFromApi((await c.requestResource("GET", path))!);
}
