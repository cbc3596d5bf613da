// JSON:API plumbing shared by the emulator's routes: the request context, replies, error documents,
// body/attribute readers and pagination.
import type { EmulatorStore } from "./store";

export const JSONAPI = "application/vnd.api+json";

export interface ErrorObject {
    status: string | number;
    title: string;
    detail?: string;
    source?: { pointer: string };
}

export interface Reply {
    status: number;
    body?: unknown; // serialised as JSON:API when present
    headers?: Record<string, string>;
    raw?: { contentType: string; text: string }; // non-JSON body (e.g. a proxy's 502 page)
}

/** Thrown by handlers; turned into an error document. */
export class ApiError extends Error {
    constructor(readonly status: number, readonly errors: ErrorObject[]) {
        super(errors.map((e) => e.detail ?? e.title).join("; "));
    }
}

/** HCP's 404 body: identical for "does not exist", "you may not see it" and "no entitlement". */
export function notFound(): ApiError {
    return new ApiError(404, [{ status: "404", title: "not found" }]);
}

export function invalid(detail: string, pointer: string): ApiError {
    return new ApiError(422, [{ status: "422", title: "invalid attribute", detail, source: { pointer } }]);
}

export function badRequest(detail: string): ApiError {
    return new ApiError(400, [{ status: "400", title: "bad request", detail }]);
}

export function conflict(detail: string): ApiError {
    return new ApiError(409, [{ status: "409", title: "conflict", detail }]);
}

export function ok(body: unknown): Reply {
    return { status: 200, body };
}
export function created(body: unknown): Reply {
    return { status: 201, body };
}
export function noContent(): Reply {
    return { status: 204 };
}

export interface RequestContext {
    readonly method: string;
    readonly path: string; // pathname as received
    readonly query: URLSearchParams;
    readonly body: any; // parsed JSON, undefined when the request had no body
    readonly store: EmulatorStore;
    readonly baseUrl: string; // "http://127.0.0.1:PORT"
    /** false when the caller's token was denied one of these ids (object ids or organization names). */
    canSee(...ids: string[]): boolean;
    /** The caller's permissions on a workspace (emu.setWorkspacePermissions; default: all allowed). */
    permissionsOf(workspaceId: string): { canQueueRun: boolean };
}

// ---------------------------------------------------------------------------------------------
// Reading request documents

/** `data` must be an object. */
export function dataObject(ctx: RequestContext): Record<string, any> {
    const data = ctx.body?.data;
    if (data === undefined || data === null || typeof data !== "object" || Array.isArray(data)) {
        throw invalid("data must be a JSON:API resource object", "/data");
    }
    return data;
}

export function attributesOf(data: Record<string, any>): Record<string, unknown> {
    const attrs = data.attributes;
    if (attrs === undefined || attrs === null) return {};
    if (typeof attrs !== "object" || Array.isArray(attrs)) throw invalid("attributes must be an object", "/data/attributes");
    return attrs;
}

/** `data` must be an array of resource identifiers of `type` (relationship bodies). */
export function identifierArray(ctx: RequestContext, type: string): string[] {
    const data = ctx.body?.data;
    if (!Array.isArray(data)) throw invalid(`data must be an array of ${type}`, "/data");
    return data.map((item: any, i: number) => {
        if (!item || typeof item !== "object" || item.type !== type || typeof item.id !== "string" || item.id === "") {
            throw invalid(`data[${i}] must be {"type":"${type}","id":…}`, `/data/${i}`);
        }
        return item.id as string;
    });
}

/** "role-arn" -> "Role arn" (Rails' humanized attribute name used in validation messages). */
export function humanize(attr: string): string {
    const words = attr.replace(/-/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
}

export function optionalString(attrs: Record<string, unknown>, name: string, pointerBase = "/data/attributes"): string | null | undefined {
    const v = attrs[name];
    if (v === undefined) return undefined;
    if (v === null || typeof v === "string") return v;
    throw invalid(`${humanize(name)} must be a string`, `${pointerBase}/${name}`);
}

export function optionalBoolean(attrs: Record<string, unknown>, name: string, pointerBase = "/data/attributes"): boolean | undefined {
    const v = attrs[name];
    if (v === undefined) return undefined;
    if (typeof v === "boolean") return v;
    throw invalid(`${humanize(name)} must be true or false`, `${pointerBase}/${name}`);
}

export function requiredString(attrs: Record<string, unknown>, name: string, pointerBase = "/data/attributes"): string {
    const v = optionalString(attrs, name, pointerBase);
    if (v === undefined || v === null || v.trim() === "") throw invalid(`${humanize(name)} can't be blank`, `${pointerBase}/${name}`);
    return v;
}

// ---------------------------------------------------------------------------------------------
// Pagination (page[number], page[size]: default 20, max 100)

export interface Page<T> {
    items: T[];
    links: Record<string, string | null>;
    meta: { pagination: Record<string, number | null> };
}

function positiveInt(raw: string | null, fallback: number): number {
    if (raw === null || !/^\d+$/.test(raw)) return fallback;
    const n = Number(raw);
    return n >= 1 ? n : fallback;
}

export function paginate<T>(ctx: RequestContext, all: T[], selfPath: string, extraQuery: Record<string, string> = {}): Page<T> {
    const size = Math.min(100, positiveInt(ctx.query.get("page[size]"), 20));
    const number = positiveInt(ctx.query.get("page[number]"), 1);
    const totalCount = all.length;
    const totalPages = Math.max(1, Math.ceil(totalCount / size));
    const items = all.slice((number - 1) * size, number * size);
    const link = (n: number) => {
        let q = `page%5Bnumber%5D=${n}&page%5Bsize%5D=${size}`;
        for (const [k, v] of Object.entries(extraQuery)) q += `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
        return `${ctx.baseUrl}${selfPath}?${q}`;
    };
    const prev = number > 1 ? Math.min(number - 1, totalPages) : null;
    const next = number < totalPages ? number + 1 : null;
    return {
        items,
        links: {
            self: link(number),
            first: link(1),
            prev: prev === null ? null : link(prev),
            next: next === null ? null : link(next),
            last: link(totalPages),
        },
        meta: {
            pagination: {
                "current-page": number,
                "page-size": size,
                "prev-page": prev,
                "next-page": next,
                "total-pages": totalPages,
                "total-count": totalCount,
            },
        },
    };
}

export function seg(s: string): string {
    return encodeURIComponent(s);
}

// ---------------------------------------------------------------------------------------------
// Routes

export type Handler = (ctx: RequestContext, params: Record<string, string>) => Reply;

export interface Route {
    method: string;
    pattern: string; // below /api/v2, e.g. "/workspaces/:id/vars/:var"
    handler: Handler;
}
