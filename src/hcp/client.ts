// request(): connection resolved per call, process-wide rate limiter, per-attempt deadline,
// retries that never repeat an unsafe request, typed errors, and no network text in a message
// before the token and the request's secrets are redacted from it.
//
// Process-wide state (limiter, cache, in-flight requests, agents) is in processState.ts.

import nodeFetch from "node-fetch";
import { Connection, ConnectionSettings, resolveConnection } from "./connection";
import {
    ConflictError,
    describeRequest,
    ForbiddenError,
    HcpError,
    HcpErrorInit,
    isHcpError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnauthorizedError,
    UnexpectedAnswerError,
    ValidationError,
} from "./errors";
import type { ApiErrorObject } from "./errors";
import { ResourceObject, errorDetail, many, parseErrors } from "./jsonapi";
import { acquireSlot, blockLimiter, randomBetween, rateLimitWaitMs, sleep } from "./limiter";
import { ClientOptions, DEFAULT_CLIENT_OPTIONS, EffectiveOptions, ForeignRequestOptions, HttpMethod, RequestOptions } from "./options";
import { agentFor, clientState, connectionKey } from "./processState";
import { redact } from "./redact";

export * from "./options";
export { rateLimitWaitMs } from "./limiter";
export type { ClientState, LimiterState } from "./processState";
export {
    clientState,
    connectionKey,
    getClientDefaults,
    getClientStats,
    limiterTable,
    resetClientState,
    setClientDefaults,
} from "./processState";

/** Connection-level failures after which the request certainly did not reach the server. */
const NOT_SENT_CODES = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL"];

function classifyTransport(err: any, timedOut: boolean, timeoutMs: number): { reason: string; description: string; maybeSent: boolean } {
    if (timedOut) {
        return { reason: "timeout", description: `no answer within the ${timeoutMs} ms deadline`, maybeSent: true };
    }
    const code: string = (err && (err.code || err.errno)) || (err && err.type) || "unknown";
    const maybeSent = !NOT_SENT_CODES.includes(code);
    let description: string;
    if (code === "ECONNRESET" || /socket hang up/i.test(String(err && err.message))) {
        description = "the connection was reset before a complete answer arrived (ECONNRESET)";
    } else if (code === "ECONNREFUSED") {
        description = "the connection was refused (ECONNREFUSED)";
    } else if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
        description = `the host name could not be resolved (${code})`;
    } else {
        description = `network error (${code})`;
    }
    return { reason: code === "ECONNRESET" || /socket hang up/i.test(String(err && err.message)) ? "ECONNRESET" : String(code), description, maybeSent };
}

function buildQuery(query: RequestOptions["query"]): string {
    if (!query) {
        return "";
    }
    const params = new URLSearchParams();
    for (const key of Object.keys(query)) {
        const value = query[key];
        if (value !== undefined) {
            params.append(key, String(value));
        }
    }
    const text = params.toString();
    return text ? `?${text}` : "";
}

/** HCP Terraform API client. Holds settings, never a resolved token: the connection is resolved per request. */
export class HcpClient {
    readonly settings: ConnectionSettings;
    readonly options: ClientOptions;

    constructor(settings?: ConnectionSettings, options?: ClientOptions) {
        this.settings = { ...(settings || {}) };
        this.options = { ...(options || {}) };
    }

    /** The options in force now: built-in defaults, then setClientDefaults(), then this client's options. */
    effectiveOptions(): EffectiveOptions {
        const merged: any = { ...DEFAULT_CLIENT_OPTIONS };
        for (const layer of [clientState().defaults, this.options]) {
            for (const key of Object.keys(layer)) {
                if ((layer as any)[key] !== undefined) {
                    merged[key] = (layer as any)[key];
                }
            }
        }
        return merged;
    }

    /** Host, base URL and token, resolved now (throws MissingTokenError). */
    connection(): Connection {
        const o = this.effectiveOptions();
        return resolveConnection(this.settings, o.env || process.env, o.credentialsFile);
    }

    /**
     * One API call. `path` is relative to /api/v2 ("/workspaces/ws-x"). Resolves to the parsed JSON
     * body, or undefined for an empty answer (204).
     */
    async request(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<any> {
        const conn = this.connection();
        const o = this.effectiveOptions();
        const state = clientState();
        state.stats.requests++;
        const key = connectionKey(conn);
        const url = conn.baseUrl + path + buildQuery(opts.query);
        const repeatable = method !== "POST" || opts.idempotent === true;
        const timeoutMs = opts.timeoutMs !== undefined ? opts.timeoutMs : o.timeoutMs;
        const secrets = [conn.token, ...(opts.secrets ?? [])];
        const headers: Record<string, string> = {
            Authorization: `Bearer ${conn.token}`,
            Accept: "application/vnd.api+json",
            "User-Agent": "hcp-oidc-federation (node-fetch)",
        };
        let body: string | undefined;
        if (opts.body !== undefined) {
            body = JSON.stringify(opts.body);
            headers["Content-Type"] = "application/vnd.api+json";
        }
        const base = { method, path, host: conn.host };

        let attempt = 0;
        let rateLimitedAnswers = 0;
        let retries = 0;
        for (;;) {
            attempt++;
            state.stats.limiterWaitMs += await acquireSlot(key, o.limiter);
            state.stats.attempts++;
            if (attempt > 1) {
                state.stats.retries++;
            }

            const controller = new AbortController();
            let timedOut = false;
            const timer = setTimeout(() => {
                timedOut = true;
                controller.abort();
            }, timeoutMs);
            let status: number;
            let responseHeaders: { get(name: string): string | null };
            let text: string;
            try {
                const res = await nodeFetch(url, {
                    method,
                    headers,
                    body,
                    redirect: "manual",
                    signal: controller.signal as any,
                    agent: o.keepAlive ? agentFor(conn.scheme) : undefined,
                } as any);
                status = res.status;
                responseHeaders = res.headers;
                text = await res.text();
            } catch (err: any) {
                state.stats.transportErrors++;
                const t = classifyTransport(err, timedOut, timeoutMs);
                if ((repeatable || !t.maybeSent) && retries < o.maxRetries) {
                    retries++;
                    await sleep(this.backoffMs(retries, o));
                    continue;
                }
                throw new TransportError({
                    ...base,
                    attempts: attempt,
                    reason: t.reason,
                    description: t.description,
                    ambiguous: t.maybeSent && !repeatable,
                });
            } finally {
                clearTimeout(timer);
            }

            if (status >= 200 && status < 300) {
                if (text.trim() === "") {
                    return undefined;
                }
                try {
                    return JSON.parse(text);
                } catch {
                    // A 2xx that is not JSON (a gateway's page): a POST may still have acted.
                    throw new UnexpectedAnswerError({ ...base, status, attempts: attempt, what: "is not JSON", ambiguous: !repeatable });
                }
            }

            let parsed: any;
            try {
                parsed = text.trim() === "" ? undefined : JSON.parse(text);
            } catch {
                parsed = undefined;
            }
            const errors = redactErrors(parseErrors(parsed), secrets);
            const init: HcpErrorInit = { ...base, status, errors, detail: errorDetail(errors), attempts: attempt };

            if (status === 429) {
                state.stats.rateLimited++;
                rateLimitedAnswers++;
                if (rateLimitedAnswers >= o.maxRateLimitAttempts) {
                    throw new RateLimitedError(init);
                }
                const waitMs =
                    Math.min(rateLimitWaitMs(responseHeaders, o.rateLimitFallbackMs), o.maxRateLimitWaitMs) +
                    randomBetween(o.rateLimitJitterMs[0], o.rateLimitJitterMs[1]);
                blockLimiter(key, waitMs, o.limiter);
                await sleep(waitMs);
                continue;
            }
            if (status >= 500) {
                state.stats.serverErrors++;
                if (repeatable && retries < o.maxRetries) {
                    retries++;
                    await sleep(this.backoffMs(retries, o));
                    continue;
                }
                throw new ServerError({ ...init, ambiguous: !repeatable });
            }
            const location = responseHeaders.get("location");
            throw errorFor(init, opts.notFoundHint, location === null ? null : redact(location, secrets));
        }
    }

    /**
     * A request whose answer is one resource object. A 2xx without one is an UnexpectedAnswerError,
     * ambiguous for a request that is not repeated (a POST may have made the object). With
     * `emptyOk`, an empty 2xx (a PATCH answered 204) resolves to undefined: the caller reads the object.
     */
    async requestResource(method: HttpMethod, path: string, opts: RequestOptions & { emptyOk?: boolean } = {}): Promise<ResourceObject | undefined> {
        const doc = await this.request(method, path, opts);
        if (doc === undefined && opts.emptyOk) {
            return undefined;
        }
        const data = doc && doc.data;
        if (!data || Array.isArray(data) || typeof data !== "object" || typeof data.id !== "string") {
            const host = this.connection().host;
            const repeatable = method !== "POST" || opts.idempotent === true;
            throw new UnexpectedAnswerError({
                method,
                path,
                host,
                what: doc === undefined ? "is empty" : 'has no JSON:API resource object in "data"',
                ambiguous: !repeatable,
            });
        }
        return data as ResourceObject;
    }

    /**
     * One request to a pre-signed URL outside /api/v2 (an archivist upload or log URL): WITHOUT the
     * Authorization header (the URL is the credential, as go-tfe does), not retried, redirects
     * followed. Messages name `label` and the host, never the URL. Resolves to the answer's text.
     */
    async foreign(method: "GET" | "PUT", url: string, opts: ForeignRequestOptions): Promise<string> {
        const o = this.effectiveOptions();
        const target = new URL(url);
        const base = { method, path: opts.label, host: target.host };
        const secrets = [url, target.search.slice(1), target.pathname];
        const headers: Record<string, string> = { Accept: "application/json, */*", "User-Agent": "hcp-oidc-federation (node-fetch)" };
        if (opts.body !== undefined) {
            headers["Content-Type"] = "application/octet-stream";
        }
        clientState().stats.requests++;
        clientState().stats.attempts++;
        const controller = new AbortController();
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            controller.abort();
        }, o.timeoutMs);
        try {
            const query = buildQuery(opts.query);
            const res = await nodeFetch(query ? `${url}${url.includes("?") ? "&" : "?"}${query.slice(1)}` : url, {
                method,
                headers,
                body: opts.body,
                signal: controller.signal as any,
            } as any);
            const text = await res.text();
            if (res.status >= 200 && res.status < 300) {
                return text;
            }
            let parsed: any;
            try {
                parsed = JSON.parse(text);
            } catch {
                parsed = undefined;
            }
            const errors = redactErrors(parseErrors(parsed), secrets);
            throw errorFor({ ...base, status: res.status, errors, detail: errorDetail(errors) }, opts.notFoundHint, null);
        } catch (err: any) {
            if (isHcpError(err)) {
                throw err;
            }
            clientState().stats.transportErrors++;
            const t = classifyTransport(err, timedOut, o.timeoutMs);
            throw new TransportError({ ...base, reason: t.reason, description: t.description });
        } finally {
            clearTimeout(timer);
        }
    }

    /** Every element of a paginated list (page[size] = pageSize, following meta.pagination.next-page). */
    async paginate(path: string, query?: RequestOptions["query"]): Promise<any[]> {
        const pageSize = this.effectiveOptions().pageSize;
        const out: any[] = [];
        let page = 1;
        for (let guard = 0; guard < 100000; guard++) {
            const doc = await this.request("GET", path, {
                query: { ...(query || {}), "page[number]": page, "page[size]": pageSize },
            });
            out.push(...many(doc));
            const next = nextPage(doc);
            if (next === undefined || next <= page) {
                break;
            }
            page = next;
        }
        return out;
    }

    /**
     * Runs `fn` unless an identical call (same host, token and `scope`) is in flight, in which case
     * its promise is shared. A call made after invalidate(scope) never joins a request started before.
     */
    coalesce<T>(scope: string, fn: () => Promise<T>): Promise<T> {
        const conn = this.connection();
        const state = clientState();
        const key = `${connectionKey(conn)} ${scope}`;
        const generation = state.generations.get(`${conn.site} ${scope}`) || 0;
        const existing = state.inflight.get(key);
        if (existing && existing.generation === generation) {
            state.stats.coalesced++;
            return existing.promise;
        }
        const entry = { promise: undefined as any as Promise<T>, generation };
        entry.promise = (async () => {
            try {
                return await fn();
            } finally {
                if (state.inflight.get(key) === entry) {
                    state.inflight.delete(key);
                }
            }
        })();
        state.inflight.set(key, entry);
        return entry.promise;
    }

    /**
     * Marks `scope` changed on this site: later coalesce() calls start a fresh request, and the
     * cached answers of every token for that scope are dropped.
     */
    invalidate(scope: string): void {
        const conn = this.connection();
        const state = clientState();
        const gkey = `${conn.site} ${scope}`;
        state.generations.set(gkey, (state.generations.get(gkey) || 0) + 1);
        for (const key of [...state.cache.keys()]) {
            if (key.startsWith(`${conn.site} `) && key.endsWith(` ${scope}`)) {
                state.cache.delete(key);
            }
        }
    }

    /**
     * Process-wide cache per (site, token, scope) of successful answers, with coalescing of
     * concurrent misses: a second token is never served what the first could see.
     */
    async cached<T>(scope: string, fn: () => Promise<T>): Promise<T> {
        const conn = this.connection();
        const state = clientState();
        const key = `${connectionKey(conn)} ${scope}`;
        if (state.cache.has(key)) {
            state.stats.cacheHits++;
            return state.cache.get(key);
        }
        const generation = state.generations.get(`${conn.site} ${scope}`) || 0;
        return this.coalesce(`cache ${scope}`, async () => {
            const value = await fn();
            // A write made while this request was in flight has made its answer stale.
            if ((state.generations.get(`${conn.site} ${scope}`) || 0) === generation) {
                state.cache.set(key, value);
            }
            return value;
        });
    }

    /** Puts a known answer in the cache of `scope` for this site and token (e.g. an object this process just created). */
    remember<T>(scope: string, value: T): void {
        clientState().cache.set(`${connectionKey(this.connection())} ${scope}`, value);
    }

    /** Runs a write to `scope`: later coalesce() and cached() calls of it never get an answer from before the write. */
    async writing<T>(scope: string, fn: () => Promise<T>): Promise<T> {
        this.invalidate(scope);
        try {
            return await fn();
        } finally {
            this.invalidate(scope);
        }
    }

    private backoffMs(retry: number, o: EffectiveOptions): number {
        const base = Math.min(o.retryMaxMs, o.retryBaseMs * Math.pow(2, retry - 1));
        return base + Math.random() * base * 0.5;
    }
}

function redactErrors(errors: ApiErrorObject[], secrets: readonly string[]): ApiErrorObject[] {
    return errors.map((e) => {
        const out: ApiErrorObject = { ...e };
        for (const k of ["title", "detail", "pointer"] as const) {
            if (typeof out[k] === "string") out[k] = redact(out[k] as string, secrets);
        }
        return out;
    });
}

function nextPage(doc: any): number | undefined {
    const pagination = doc && doc.meta && doc.meta.pagination;
    if (pagination && pagination["next-page"] !== undefined) {
        const n = Number(pagination["next-page"]);
        return pagination["next-page"] !== null && isFinite(n) ? n : undefined;
    }
    const next = doc && doc.links && doc.links.next;
    if (typeof next === "string") {
        const match = /page(?:%5B|\[)number(?:%5D|\])=(\d+)/i.exec(next);
        return match ? Number(match[1]) : undefined;
    }
    return undefined;
}

function errorFor(init: HcpErrorInit, notFoundHint: string | undefined, location: string | null): HcpError {
    switch (init.status) {
        case 400:
        case 422:
            return new ValidationError(init);
        case 401:
            return new UnauthorizedError(init);
        case 403:
            return new ForbiddenError(init);
        case 404:
            return new NotFoundError({ ...init, hint: notFoundHint });
        case 409:
            return new ConflictError(init);
    }
    const what =
        init.status !== undefined && init.status >= 300 && init.status < 400
            ? `${init.status} redirect${location ? ` to ${location}` : ""} (redirects are not followed: check the hostname and scheme)`
            : `${init.status}${init.detail ? `: ${init.detail}` : ""}`;
    return new HcpError(`${describeRequest(init.method, init.path, init.host)} failed: ${what}`, init);
}

/** A client for these settings (hostname and optional token; resolved at each request). */
export function clientFor(settings?: ConnectionSettings, options?: ClientOptions): HcpClient {
    return new HcpClient(settings, options);
}
