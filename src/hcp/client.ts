// request(): connection resolved per call, process-wide rate limiter, per-attempt deadline,
// retries that never repeat an unsafe request, and typed errors.
//
// Everything process-wide lives on globalThis under Symbol.for(...) keys and holds plain data only,
// so that several copies of this module (Pulumi serializes project modules by value, once per
// dynamic provider) still share one limiter, one cache and one set of in-flight requests.

import nodeFetch from "node-fetch";
import http = require("http");
import https = require("https");
import nodeCrypto = require("crypto");
import { Connection, ConnectionSettings, resolveConnection } from "./connection";
import {
    ConflictError,
    describeRequest,
    ForbiddenError,
    HcpError,
    HcpErrorInit,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnauthorizedError,
    ValidationError,
    isHcpError,
} from "./errors";
import { errorDetail, many, parseErrors } from "./jsonapi";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RateLimitOptions {
    /** Sustained requests per second per (host, token). */
    ratePerSecond: number;
    /** Requests that may go at once after a pause (>= 1). */
    burst: number;
}

export interface ClientOptions {
    /** Deadline of one attempt (sending, waiting, reading the body), ms. Default 30000. */
    timeoutMs?: number;
    /** Attempts answered 429 before giving up with RateLimitedError. Default 30. */
    maxRateLimitAttempts?: number;
    /** Jitter added to each 429 wait, [min, max] ms. Default [100, 400]. */
    rateLimitJitterMs?: [number, number];
    /** Wait used after a 429 without X-RateLimit-Reset / Retry-After, ms. Default 1000. */
    rateLimitFallbackMs?: number;
    /** Upper bound of one 429 wait (guards against absurd headers), ms. Default 60000. */
    maxRateLimitWaitMs?: number;
    /** Retries after a 5xx or a transport failure, for requests safe to repeat only. Default 3. */
    maxRetries?: number;
    /** First retry backoff, doubled each retry, ms. Default 250. */
    retryBaseMs?: number;
    /** Backoff cap, ms. Default 4000. Each backoff gets up to +50% random jitter. */
    retryMaxMs?: number;
    /** Client-side token bucket per (host, token); null disables it. Default 27/s, burst 2 (under HCP's 30/s). */
    limiter?: RateLimitOptions | null;
    /** page[size] of paginated lists. Default 100 (the API's maximum). */
    pageSize?: number;
    /** Reuse connections (HTTP keep-alive). Default true. */
    keepAlive?: boolean;
    /** Environment used to resolve host and token. Default process.env (read at call time). */
    env?: NodeJS.ProcessEnv;
    /** Terraform CLI credentials file. Default ~/.terraform.d/credentials.tfrc.json. */
    credentialsFile?: string;
}

export interface RequestOptions {
    query?: Record<string, string | number | boolean | undefined>;
    body?: unknown;
    /** Declares a POST safe to repeat (e.g. attaching relationships); other methods are always repeatable. */
    idempotent?: boolean;
    /** Appended to the NotFoundError message, e.g. the HYOK entitlement explanation. */
    notFoundHint?: string;
    /** Overrides the per-attempt deadline for this request. */
    timeoutMs?: number;
}

/** A request to a pre-signed URL outside /api/v2 (configuration upload, plan log). */
export interface ForeignRequestOptions {
    /** How messages name the URL, e.g. "<upload-url>": a pre-signed URL is a credential and is never quoted. */
    label: string;
    query?: RequestOptions["query"];
    /** The body (a PUT), sent as application/octet-stream. */
    body?: Buffer;
    /** Appended to the NotFoundError message. */
    notFoundHint?: string;
}

export interface ClientStats {
    /** Calls of request() (one per logical request, whatever the retries). */
    requests: number;
    /** HTTP attempts sent. */
    attempts: number;
    /** Attempts that were retries. */
    retries: number;
    /** 429 answers received. */
    rateLimited: number;
    /** 5xx answers received. */
    serverErrors: number;
    /** Attempts that got no HTTP answer (timeout, reset, refused). */
    transportErrors: number;
    /** Calls that joined an identical in-flight request instead of sending their own. */
    coalesced: number;
    /** Answers served from the process cache. */
    cacheHits: number;
    /** Total time requests spent waiting for the client-side limiter, ms. */
    limiterWaitMs: number;
}

export const DEFAULT_CLIENT_OPTIONS = {
    timeoutMs: 30000,
    maxRateLimitAttempts: 30,
    rateLimitJitterMs: [100, 400] as [number, number],
    rateLimitFallbackMs: 1000,
    maxRateLimitWaitMs: 60000,
    maxRetries: 3,
    retryBaseMs: 250,
    retryMaxMs: 4000,
    limiter: { ratePerSecond: 27, burst: 2 } as RateLimitOptions | null,
    pageSize: 100,
    keepAlive: true,
};

type EffectiveOptions = typeof DEFAULT_CLIENT_OPTIONS & { env?: NodeJS.ProcessEnv; credentialsFile?: string };

export interface LimiterState {
    /** Theoretical arrival time of the next request (GCRA), ms since epoch. */
    tat: number;
    /** No request before this time (set by a 429), ms since epoch. */
    blockedUntil: number;
}

interface ClientState {
    inflight: Map<string, { promise: Promise<any>; generation: number }>;
    generations: Map<string, number>;
    cache: Map<string, any>;
    stats: ClientStats;
    defaults: ClientOptions;
    agents: { http?: http.Agent; https?: https.Agent };
}

function newStats(): ClientStats {
    return {
        requests: 0,
        attempts: 0,
        retries: 0,
        rateLimited: 0,
        serverErrors: 0,
        transportErrors: 0,
        coalesced: 0,
        cacheHits: 0,
        limiterWaitMs: 0,
    };
}

/** The process-wide limiter table: globalThis[Symbol.for("hcp-oidc-federation.limiters")]. */
export function limiterTable(): Map<string, LimiterState> {
    const g = globalThis as any;
    const key = Symbol.for("hcp-oidc-federation.limiters");
    if (!(g[key] instanceof Map)) {
        g[key] = new Map();
    }
    return g[key];
}

function clientState(): ClientState {
    const g = globalThis as any;
    const key = Symbol.for("hcp-oidc-federation.state");
    if (!g[key]) {
        g[key] = {
            inflight: new Map(),
            generations: new Map(),
            cache: new Map(),
            stats: newStats(),
            defaults: {},
            agents: {},
        };
    }
    return g[key];
}

/** A copy of the process-wide counters. */
export function getClientStats(): ClientStats {
    return { ...clientState().stats };
}

/**
 * Clears the process-wide state: limiters, caches, in-flight requests, counters and keep-alive
 * connections. The defaults set by setClientDefaults are kept.
 */
export function resetClientState(): void {
    limiterTable().clear();
    const state = clientState();
    state.inflight.clear();
    state.generations.clear();
    state.cache.clear();
    state.stats = newStats();
    if (state.agents.http) {
        state.agents.http.destroy();
    }
    if (state.agents.https) {
        state.agents.https.destroy();
    }
    state.agents = {};
}

/** Options applied to every client of this process (under each client's own options). Replaces the previous defaults. */
export function setClientDefaults(options: ClientOptions | undefined): void {
    clientState().defaults = { ...(options || {}) };
}

export function getClientDefaults(): ClientOptions {
    return { ...clientState().defaults };
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function randomBetween(min: number, max: number): number {
    return min + Math.random() * Math.max(0, max - min);
}

/** Identity of a (host, token) pair that does not hold the token itself. */
export function connectionKey(conn: Connection): string {
    const digest = nodeCrypto.createHash("sha256").update(conn.token).digest("hex").slice(0, 16);
    return `${conn.host} ${digest}`;
}

/** Waits for a slot of the (host, token) limiter; returns the time waited, ms. */
async function acquireSlot(key: string, limiter: RateLimitOptions | null): Promise<number> {
    const table = limiterTable();
    let state = table.get(key);
    if (!state) {
        state = { tat: 0, blockedUntil: 0 };
        table.set(key, state);
    }
    const now = Date.now();
    let sendAt = Math.max(now, state.blockedUntil);
    if (limiter && limiter.ratePerSecond > 0) {
        const interval = 1000 / limiter.ratePerSecond;
        const tolerance = (Math.max(1, Math.floor(limiter.burst)) - 1) * interval;
        const tat = Math.max(state.tat, now);
        sendAt = Math.max(sendAt, tat - tolerance);
        state.tat = Math.max(tat, sendAt) + interval;
    }
    const wait = sendAt - now;
    if (wait > 0) {
        await sleep(wait);
    }
    return Math.max(0, wait);
}

/** After a 429: nobody sends with this (host, token) before `waitMs` from now. */
function blockLimiter(key: string, waitMs: number, limiter: RateLimitOptions | null): void {
    const table = limiterTable();
    let state = table.get(key);
    if (!state) {
        state = { tat: 0, blockedUntil: 0 };
        table.set(key, state);
    }
    const until = Date.now() + waitMs;
    state.blockedUntil = Math.max(state.blockedUntil, until);
    if (limiter && limiter.ratePerSecond > 0) {
        const interval = 1000 / limiter.ratePerSecond;
        const tolerance = (Math.max(1, Math.floor(limiter.burst)) - 1) * interval;
        // Restart the bucket empty at `until`: no burst right after a 429.
        state.tat = Math.max(state.tat, until + tolerance);
    }
}

/** Seconds to wait from a 429: X-RateLimit-Reset (float seconds, or a Unix time), else Retry-After. */
export function rateLimitWaitMs(headers: { get(name: string): string | null }, fallbackMs: number): number {
    const reset = headers.get("x-ratelimit-reset");
    if (reset !== null && reset.trim() !== "") {
        const value = Number(reset);
        if (isFinite(value) && value >= 0) {
            // A value that looks like a Unix time is converted; go-tfe reads seconds to wait.
            return value > 1e9 ? Math.max(0, value * 1000 - Date.now()) : value * 1000;
        }
    }
    const retryAfter = headers.get("retry-after");
    if (retryAfter !== null && retryAfter.trim() !== "") {
        const value = Number(retryAfter);
        if (isFinite(value) && value >= 0) {
            return value * 1000;
        }
        const date = Date.parse(retryAfter);
        if (!isNaN(date)) {
            return Math.max(0, date - Date.now());
        }
    }
    return fallbackMs;
}

function agentFor(scheme: "https" | "http"): http.Agent {
    const state = clientState();
    if (scheme === "http") {
        if (!state.agents.http) {
            state.agents.http = new http.Agent({ keepAlive: true });
        }
        return state.agents.http;
    }
    if (!state.agents.https) {
        state.agents.https = new https.Agent({ keepAlive: true });
    }
    return state.agents.https;
}

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
                    throw new HcpError(`${describeRequest(method, path, conn.host)} failed: ${status} answer is not JSON`, {
                        ...base,
                        status,
                        attempts: attempt,
                    });
                }
            }

            let parsed: any;
            try {
                parsed = text.trim() === "" ? undefined : JSON.parse(text);
            } catch {
                parsed = undefined;
            }
            const errors = parseErrors(parsed);
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
            throw errorFor(init, opts.notFoundHint, responseHeaders.get("location"));
        }
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
            const errors = parseErrors(parsed);
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
        const generation = state.generations.get(`${conn.host} ${scope}`) || 0;
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

    /** Marks `scope` changed on this host: later coalesce() calls start a fresh request; cache entries are dropped. */
    invalidate(scope: string): void {
        const conn = this.connection();
        const state = clientState();
        const gkey = `${conn.host} ${scope}`;
        state.generations.set(gkey, (state.generations.get(gkey) || 0) + 1);
        state.cache.delete(gkey);
    }

    /** Process-wide cache per (host, scope) of successful answers, with coalescing of concurrent misses. */
    async cached<T>(scope: string, fn: () => Promise<T>): Promise<T> {
        const conn = this.connection();
        const state = clientState();
        const gkey = `${conn.host} ${scope}`;
        if (state.cache.has(gkey)) {
            state.stats.cacheHits++;
            return state.cache.get(gkey);
        }
        return this.coalesce(`cache ${scope}`, async () => {
            const value = await fn();
            state.cache.set(gkey, value);
            return value;
        });
    }

    private backoffMs(retry: number, o: EffectiveOptions): number {
        const base = Math.min(o.retryMaxMs, o.retryBaseMs * Math.pow(2, retry - 1));
        return base + Math.random() * base * 0.5;
    }
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
