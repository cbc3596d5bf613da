// State of the emulator's runs API: configuration versions, runs, plans, the archivist's objects
// (upload URLs and plan logs) and the test controls that shape how runs progress. One RunWorld per
// emulator, found from its store (runWorldOf), so route modules stay static like the others.
import { randomBytes } from "node:crypto";
import type { CloudSimulator } from "./cloudSimulator";
import type { EmulatorStore } from "./store";

export type CvStatus = "pending" | "uploaded" | "errored";

export interface ConfigurationVersionRecord {
    id: string; // cv-…
    workspaceId: string;
    speculative: boolean;
    autoQueueRuns: boolean;
    provisional: boolean;
    status: CvStatus;
    errorMessage: string | null;
    statusTimestamps: Record<string, string>;
    uploadObject: string; // archivist object id of the one-shot upload URL
    files: Record<string, string> | null; // the archive's regular files (path -> text), once uploaded
    readyAt: number | null; // ms: when the upload has been processed (status leaves pending)
    createdAt: string;
}

export interface RunRecord {
    id: string; // run-…
    workspaceId: string;
    cvId: string;
    planId: string;
    message: string;
    planOnly: boolean;
    refresh: boolean;
    targetAddrs: string[] | null;
    status: string;
    statusTimestamps: Record<string, string>;
    nextStepAt: number; // ms: when the next status change is due
    createdAt: string;
    behavior: RunBehavior; // the workspace's behaviour when the run was created
    remaining: string[]; // statuses still to go through once the plan is done (policy / run task)
}

export interface PlanRecord {
    id: string; // plan-…
    runId: string;
    status: string; // pending, queued, running, finished, errored, canceled, unreachable
    statusTimestamps: Record<string, string>;
    logObject: string; // archivist object id of the log-read-url
    log: string; // the log as written so far (STX … ETX when complete)
    resourceDestructions: number;
    executionMode: "remote" | "agent";
    agentPool: AgentPool | null;
}

export interface AgentPool {
    id: string; // apool-…
    name: string;
    freeAgents: number;
}

/** How the runs of one workspace behave (setRunBehavior). */
export interface RunBehavior {
    /** Stay in this status (e.g. "plan_queued": a run stuck in the queue). */
    holdAt?: "pending" | "plan_queued" | "planning";
    /** After a successful plan: a hard-mandatory failure errors the run, a soft one ends it policy_soft_failed. */
    policy?: "hard-failed" | "soft-failed";
    /** After a successful plan: a post-plan run task waits for a decision (post_plan_awaiting_decision). */
    runTask?: "awaiting-decision";
    /** "forbidden": the token may not cancel or discard (permissions.can-cancel false; the actions answer 403). */
    cancel?: "allowed" | "forbidden";
}

export type ArchivistObject = { kind: "upload"; cvId: string; used: boolean } | { kind: "log"; planId: string };

export interface RunWorld {
    configurationVersions: Map<string, ConfigurationVersionRecord>;
    runs: Map<string, RunRecord>;
    plans: Map<string, PlanRecord>;
    objects: Map<string, ArchivistObject>;
    behaviors: Map<string, RunBehavior>; // workspace id -> behaviour
    agentPools: Map<string, AgentPool>; // workspace id -> its agent pool
    simulators: CloudSimulator[];
    /** Time of each status change, ms (setRunTiming). Default 10. */
    stepMs: number;
    /** Host in the token's `iss` (https://<issuerHost>); null = the emulator's own host. */
    issuerHost: string | null;
    organizationIds: Map<string, string>; // lower-cased organization name -> org-…
}

const worlds = new WeakMap<EmulatorStore, RunWorld>();

export function createRunWorld(store: EmulatorStore): RunWorld {
    const world: RunWorld = {
        configurationVersions: new Map(), runs: new Map(), plans: new Map(), objects: new Map(),
        behaviors: new Map(), agentPools: new Map(), simulators: [], stepMs: 10, issuerHost: null, organizationIds: new Map(),
    };
    worlds.set(store, world);
    return world;
}

export function runWorldOf(store: EmulatorStore): RunWorld {
    const world = worlds.get(store);
    if (!world) throw new Error("emulator: no run world for this store");
    return world;
}

export const ARCHIVIST_PREFIX = "/_archivist/v1/object/";

/** A new opaque archivist object id (base64url, "vault:v1:" + random, like the real ones). */
export function newObjectId(world: RunWorld, object: ArchivistObject): string {
    const id = Buffer.from(`vault:v1:${randomBytes(24).toString("base64")}`).toString("base64url");
    world.objects.set(id, object);
    return id;
}

/** "plan_queued" -> "plan-queued-at" */
export function timestampKey(status: string): string {
    return `${status.replace(/_/g, "-")}-at`;
}
