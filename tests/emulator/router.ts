// The API behind the emulator's front door: the route table, path matching, the request context, error
// documents, and send() (writes a Reply).
import type * as http from "node:http";
import { configurationVersionRoutes } from "./configurationVersions";
import { ApiError, JSONAPI, Reply, RequestContext, Route, badRequest } from "./jsonapi";
import { oidcConfigurationRoutes } from "./oidcConfigurations";
import { organizationRoutes } from "./organizations";
import type { WorkspacePermissionAttributes } from "./permissions";
import { projectRoutes } from "./projects";
import { runRoutes } from "./runs";
import type { EmulatorStore } from "./store";
import { variableSetRoutes } from "./variableSets";
import { variableRoutes } from "./variables";
import { workspaceWriteRoutes } from "./workspaceWrites";
import { workspaceRoutes } from "./workspaces";

interface CompiledRoute extends Route {
    segments: string[];
}

const ROUTES: CompiledRoute[] = [
    ...organizationRoutes, ...workspaceRoutes, ...workspaceWriteRoutes, ...projectRoutes, ...variableRoutes,
    ...variableSetRoutes, ...oidcConfigurationRoutes, ...configurationVersionRoutes, ...runRoutes,
].map((r) => ({ ...r, segments: r.pattern.split("/").filter(Boolean) }));

const PREFIX = "/api/v2/";

export function match(method: string, pathname: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    if (!pathname.startsWith(PREFIX)) return undefined;
    let parts: string[];
    try {
        parts = pathname.slice(PREFIX.length).split("/").map(decodeURIComponent);
    } catch {
        return undefined;
    }
    if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
    for (const route of ROUTES) {
        if (route.method !== method || route.segments.length !== parts.length) continue;
        const params: Record<string, string> = {};
        let ok = true;
        for (let i = 0; i < parts.length; i++) {
            const s = route.segments[i];
            if (s.startsWith(":")) {
                if (parts[i] === "") { ok = false; break; }
                params[s.slice(1)] = parts[i];
            } else if (s !== parts[i]) {
                ok = false;
                break;
            }
        }
        if (ok) return { route, params };
    }
    return undefined;
}

export function errorDoc(status: number, title: string, detail?: string) {
    return { errors: [detail === undefined ? { status: String(status), title } : { status: String(status), title, detail }] };
}

/** An authenticated request that reached the API (past the rate limit and injected faults). */
export interface ApiRequest {
    method: string;
    url: URL;
    bodyText: string;
    contentType: string | undefined;
    store: EmulatorStore;
    baseUrl: string;
    deniedIds: Set<string> | undefined; // lower-cased ids / org names the caller's token was denied
    workspacePermissions: (workspaceId: string) => WorkspacePermissionAttributes;
}

/** What the API answers: 415 / 400 for an unreadable body, 404 for an unknown route, else the handler's reply. */
export function handleApi(r: ApiRequest): Reply {
    let body: unknown;
    if (r.bodyText.length > 0) {
        const mediaType = (r.contentType ?? "").split(";")[0].trim().toLowerCase();
        if (mediaType !== JSONAPI) {
            return { status: 415, body: errorDoc(415, "unsupported media type", `Content-Type must be ${JSONAPI}`) };
        }
        try {
            body = JSON.parse(r.bodyText);
        } catch (e) {
            return { status: 400, body: { errors: badRequest(`Request body is not valid JSON: ${(e as Error).message}`).errors } };
        }
    }
    const found = match(r.method, r.url.pathname);
    if (!found) return { status: 404, body: errorDoc(404, "not found") };
    const denied = r.deniedIds;
    const ctx: RequestContext = {
        method: r.method,
        path: r.url.pathname,
        query: r.url.searchParams,
        body,
        store: r.store,
        baseUrl: r.baseUrl,
        canSee: (...ids) => !denied || ids.every((id) => !denied.has(id.toLowerCase())),
        workspacePermissions: r.workspacePermissions,
    };
    try {
        return found.route.handler(ctx, found.params);
    } catch (e) {
        if (e instanceof ApiError) return { status: e.status, body: { errors: e.errors } };
        console.error("emulator: handler failed", e);
        return { status: 500, body: errorDoc(500, "internal server error", String((e as Error)?.message ?? e)) };
    }
}

export function serverErrorReply(status: 500 | 502 | 503): Reply {
    if (status === 502) {
        // What a proxy in front of the API answers: not JSON.
        return { status, raw: { contentType: "text/html", text: "<html><body><h1>502 Bad Gateway</h1></body></html>\n" } };
    }
    return { status, body: errorDoc(status, status === 500 ? "internal server error" : "service unavailable") };
}

export function send(res: http.ServerResponse, reply: Reply): void {
    if (res.writableEnded || res.destroyed) return;
    const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
    let payload: string | undefined;
    if (reply.raw) {
        headers["Content-Type"] = reply.raw.contentType;
        payload = reply.raw.text;
    } else if (reply.body !== undefined && reply.status !== 204) {
        headers["Content-Type"] = JSONAPI;
        payload = JSON.stringify(reply.body);
    }
    if (payload !== undefined) headers["Content-Length"] = Buffer.byteLength(payload);
    else if (reply.status !== 204 && reply.status !== 304) headers["Content-Length"] = 0;
    res.writeHead(reply.status, headers);
    res.end(payload);
}
