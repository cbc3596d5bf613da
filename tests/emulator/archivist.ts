// The archivist: pre-signed object URLs below /_archivist/v1/object/<opaque>, outside /api/v2 and
// outside the token's world. PUT stores a configuration upload (one shot), GET reads a plan log
// (limit/offset in bytes). The URL is the credential: a request carrying an Authorization header is
// refused (the real archivist ignores it; refusing proves clients never send the token here).
import { receiveUpload } from "./configurationVersions";
import type { Reply } from "./jsonapi";
import { advanceRun } from "./runProgress";
import { ARCHIVIST_PREFIX, runWorldOf } from "./runWorld";
import type { EmulatorStore } from "./store";

function refuse(status: number, message: string): Reply {
    return { status, body: { errors: [message] } };
}

export function isArchivistPath(pathname: string): boolean {
    return pathname.startsWith(ARCHIVIST_PREFIX);
}

function nonNegative(raw: string | null, fallback: number): number {
    return raw !== null && /^\d+$/.test(raw) ? Number(raw) : fallback;
}

export function handleArchivist(
    store: EmulatorStore, method: string, url: URL, headers: Record<string, string | string[] | undefined>, body: Buffer,
): Reply {
    if (headers.authorization !== undefined) {
        return refuse(400, "An Authorization header is not accepted here: archivist URLs are pre-signed.");
    }
    const world = runWorldOf(store);
    const object = world.objects.get(url.pathname.slice(ARCHIVIST_PREFIX.length));
    if (object === undefined) return refuse(404, "not found");
    if (object.kind === "upload") {
        if (method !== "PUT") return refuse(405, "method not allowed");
        const cv = world.configurationVersions.get(object.cvId);
        if (object.used || cv === undefined) return refuse(404, "not found");
        const mediaType = String(headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
        if (mediaType !== "application/octet-stream") return refuse(415, "Content-Type must be application/octet-stream");
        object.used = true;
        receiveUpload(store, world, cv, body);
        return { status: 200 };
    }
    if (method !== "GET") return refuse(405, "method not allowed");
    const plan = world.plans.get(object.planId);
    const run = plan && world.runs.get(plan.runId);
    if (!plan || !run) return refuse(404, "not found");
    advanceRun(store, world, run, url.host);
    const bytes = Buffer.from(plan.log, "utf8");
    const offset = nonNegative(url.searchParams.get("offset"), 0);
    const limit = nonNegative(url.searchParams.get("limit"), bytes.length);
    return { status: 200, raw: { contentType: "text/plain", text: bytes.subarray(offset, offset + limit).toString("utf8") } };
}
