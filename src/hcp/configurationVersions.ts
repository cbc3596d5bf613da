// Configuration versions: create (speculative, no auto-queued run), upload the .tar.gz to the
// one-shot upload URL (no Authorization header), read (status, error message).

import type { HcpClient } from "./client";
import { document, fromApiAttributes, ResourceObject } from "./jsonapi";

/** pending -> uploaded (usable) | errored; fetching (VCS), archived and TFE's backing_data_* also exist. */
export type ConfigurationVersionStatus = "pending" | "fetching" | "uploaded" | "errored" | "archived" | string;

export interface ConfigurationVersion {
    id: string;
    status: ConfigurationVersionStatus;
    speculative: boolean;
    autoQueueRuns: boolean;
    /** "tfe-api" for API uploads. */
    source: string;
    /** Only in the create answer (later reads hide it): where the archive goes, once. */
    uploadUrl?: string;
    /** HCP's explanation when `status` is "errored". */
    errorMessage?: string;
    /** `status-timestamps` as sent, e.g. { "uploaded-at": "…" }. */
    statusTimestamps: Record<string, string>;
}

export interface ConfigurationVersionOptions {
    /** Only usable by plan-only runs (never applied). */
    speculative: boolean;
    /** Queue a run as soon as the upload lands (the API's default is true: the trust check sends false). */
    autoQueueRuns: boolean;
}

const ID = /^cv-[A-Za-z0-9]+$/;
const WORKSPACE_ID = /^ws-[A-Za-z0-9]+$/;

/** A configuration version from its JSON:API resource (the upload URL only when the server sent one). */
export function configurationVersionFromApi(resource: ResourceObject): ConfigurationVersion {
    const attrs = fromApiAttributes(resource.attributes);
    const cv: ConfigurationVersion = {
        id: resource.id,
        status: String(attrs.status ?? ""),
        speculative: attrs.speculative === true,
        autoQueueRuns: attrs.autoQueueRuns === true,
        source: String(attrs.source ?? ""),
        statusTimestamps: attrs.statusTimestamps && typeof attrs.statusTimestamps === "object" ? { ...attrs.statusTimestamps } : {},
    };
    if (typeof attrs.uploadUrl === "string" && attrs.uploadUrl !== "") {
        cv.uploadUrl = attrs.uploadUrl;
    }
    const message = attrs.errorMessage || attrs.error;
    if (typeof message === "string" && message !== "") {
        cv.errorMessage = message;
    }
    return cv;
}

function requireId(value: string, pattern: RegExp, what: string, example: string): void {
    if (typeof value !== "string" || !pattern.test(value)) {
        throw new Error(`${what} ${JSON.stringify(value)} is not valid: give an id such as "${example}".`);
    }
}

/**
 * POST /workspaces/:ws/configuration-versions with `speculative` and `auto-queue-runs` always sent.
 * Needs "queue plans" on the workspace; organization tokens are refused. Not repeated on failure
 * (a lost answer leaves at most an unused pending version behind).
 */
export async function createConfigurationVersion(c: HcpClient, workspaceId: string, opts: ConfigurationVersionOptions): Promise<ConfigurationVersion> {
    requireId(workspaceId, WORKSPACE_ID, "workspaceId", "ws-123456789abcdefg");
    const path = `/workspaces/${encodeURIComponent(workspaceId)}/configuration-versions`;
    const body = document("configuration-versions", { autoQueueRuns: opts.autoQueueRuns === true, speculative: opts.speculative === true });
    const cv = configurationVersionFromApi((await c.requestResource("POST", path, { body }))!);
    if (cv.uploadUrl === undefined) {
        throw new Error(`POST ${path} answered no upload-url for configuration version ${cv.id}`);
    }
    return cv;
}

/** GET /configuration-versions/:id (the upload URL is not in it). */
export async function readConfigurationVersion(c: HcpClient, id: string): Promise<ConfigurationVersion> {
    requireId(id, ID, "configuration version id", "cv-123456789abcdefg");
    const path = `/configuration-versions/${encodeURIComponent(id)}`;
    return configurationVersionFromApi((await c.requestResource("GET", path))!);
}

/**
 * PUT <upload-url> with the .tar.gz as application/octet-stream and NO Authorization header: the
 * URL is pre-signed and one-shot (after a failure, create a new configuration version).
 */
export async function uploadConfiguration(c: HcpClient, uploadUrl: string, archive: Buffer): Promise<void> {
    if (typeof uploadUrl !== "string" || !/^https?:\/\//.test(uploadUrl)) {
        throw new Error("the upload URL is not an http(s) URL: use the upload-url of a configuration version just created.");
    }
    if (!Buffer.isBuffer(archive) || archive.length === 0) {
        throw new Error("the archive is empty: give the .tar.gz of the configuration.");
    }
    await c.foreign("PUT", uploadUrl, {
        label: "<upload-url>",
        body: archive,
        notFoundHint: "or the one-shot upload URL has expired or was used: create a new configuration version",
    });
}
