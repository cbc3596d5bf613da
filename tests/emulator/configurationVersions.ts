// Configuration versions: create (with a one-shot upload URL served by the archivist below
// /_archivist/), read (status pending -> uploaded | errored; the upload URL is never shown again),
// and the upload itself (archivist.ts calls receiveUpload).
import {
    RequestContext, Route, attributesOf, created, dataObject, forbidden, notFound, ok, optionalBoolean,
} from "./jsonapi";
import { ARCHIVIST_PREFIX, ConfigurationVersionRecord, RunWorld, newObjectId, runWorldOf } from "./runWorld";
import type { EmulatorStore, WorkspaceRecord } from "./store";
import { newId, now } from "./store";
import { readTarGz } from "./tarball";
import { visibleWorkspace } from "./workspaces";

/** Moves a processed upload out of pending once its time has come. */
export function settleConfigurationVersion(cv: ConfigurationVersionRecord, nowMs = Date.now()): void {
    if (cv.status !== "pending" || cv.readyAt === null || nowMs < cv.readyAt) return;
    cv.status = cv.errorMessage === null ? "uploaded" : "errored";
    cv.statusTimestamps[`${cv.status}-at`] = now();
}

export function configurationVersionResource(cv: ConfigurationVersionRecord, uploadUrl?: string) {
    const attributes: Record<string, unknown> = {
        "auto-queue-runs": cv.autoQueueRuns,
        error: cv.errorMessage === null ? null : "ingress_error",
        "error-message": cv.errorMessage,
        source: "tfe-api",
        speculative: cv.speculative,
        provisional: cv.provisional,
        status: cv.status,
        "status-timestamps": { ...cv.statusTimestamps },
        "created-at": cv.createdAt,
    };
    if (uploadUrl !== undefined) attributes["upload-url"] = uploadUrl;
    return {
        id: cv.id,
        type: "configuration-versions",
        attributes,
        relationships: {
            "ingress-attributes": { data: null, links: { related: `/api/v2/configuration-versions/${cv.id}/ingress-attributes` } },
        },
        links: { self: `/api/v2/configuration-versions/${cv.id}`, ...(cv.status === "uploaded" ? { download: `/api/v2/configuration-versions/${cv.id}/download` } : {}) },
    };
}

function create(ctx: RequestContext, p: Record<string, string>) {
    const ws = visibleWorkspace(ctx, p.id);
    if (!ctx.workspacePermissions(ws.id)["can-queue-run"]) throw forbidden();
    const attrs = attributesOf(dataObject(ctx));
    const world = runWorldOf(ctx.store);
    const id = newId("cv");
    const cv: ConfigurationVersionRecord = {
        id, workspaceId: ws.id,
        speculative: optionalBoolean(attrs, "speculative") ?? false,
        // Recorded as sent; the emulator never queues a run by itself (the API's default is true).
        autoQueueRuns: optionalBoolean(attrs, "auto-queue-runs") ?? true,
        provisional: optionalBoolean(attrs, "provisional") ?? false,
        status: "pending", errorMessage: null, statusTimestamps: {}, uploadObject: "", files: null, readyAt: null, createdAt: now(),
    };
    cv.uploadObject = newObjectId(world, { kind: "upload", cvId: id, used: false });
    world.configurationVersions.set(id, cv);
    return created({ data: configurationVersionResource(cv, `${ctx.baseUrl}${ARCHIVIST_PREFIX}${cv.uploadObject}`) });
}

/** The configuration version, or 404 when it (or its workspace) does not exist or is hidden. */
export function visibleConfigurationVersion(ctx: RequestContext, id: string): ConfigurationVersionRecord {
    const cv = runWorldOf(ctx.store).configurationVersions.get(id);
    if (!cv) throw notFound();
    visibleWorkspace(ctx, cv.workspaceId);
    if (!ctx.canSee(cv.id)) throw notFound();
    return cv;
}

function read(ctx: RequestContext, p: Record<string, string>) {
    const cv = visibleConfigurationVersion(ctx, p.id);
    settleConfigurationVersion(cv);
    return ok({ data: configurationVersionResource(cv) });
}

/** Why HCP would refuse these files as the workspace's configuration, or null. */
function ingestionError(files: Record<string, string>, ws: WorkspaceRecord): string | null {
    const dir = (ws.workingDirectory ?? "").replace(/^\/+|\/+$/g, "");
    const prefix = dir === "" ? "" : `${dir}/`;
    const tf = Object.keys(files).filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes("/") && f.endsWith(".tf"));
    if (tf.length > 0) return null;
    return dir === ""
        ? "No Terraform configuration files (*.tf) at the root of the uploaded configuration."
        : `No Terraform configuration files (*.tf) in the working directory ${JSON.stringify(dir)} of the uploaded configuration.`;
}

/** PUT of an upload object: stores the files; the version leaves pending one step later. */
export function receiveUpload(store: EmulatorStore, world: RunWorld, cv: ConfigurationVersionRecord, body: Buffer): void {
    const ws = store.workspaces.get(cv.workspaceId);
    let error: string | null;
    try {
        const entries = readTarGz(body);
        const files: Record<string, string> = {};
        for (const e of entries) if (e.type === "file") files[e.path] = e.content.toString("utf8");
        cv.files = files;
        error = ws ? ingestionError(files, ws) : "The workspace no longer exists.";
    } catch (e) {
        error = `The uploaded configuration is not a gzip-compressed tar archive: ${(e as Error).message}.`;
    }
    cv.errorMessage = error;
    cv.readyAt = Date.now() + world.stepMs;
}

export const configurationVersionRoutes: Route[] = [
    { method: "POST", pattern: "/workspaces/:id/configuration-versions", handler: create },
    { method: "GET", pattern: "/configuration-versions/:id", handler: read },
];
