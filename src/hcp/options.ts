// The client's options, its per-request options and its counters: plain types and defaults.

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RateLimitOptions {
    /** Sustained requests per second per (site, token). */
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
    /** Client-side token bucket per (site, token); null disables it. Default 27/s, burst 2 (under HCP's 30/s). */
    limiter?: RateLimitOptions | null;
    /** page[size] of paginated lists. Default 100 (the API's maximum). */
    pageSize?: number;
    /** Reuse connections (HTTP keep-alive). Default true. */
    keepAlive?: boolean;
    /** Environment used to resolve site and token. Default process.env (read at call time). */
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
    /** Values of this request that must never appear in a message (sensitive variable values); the token always is. */
    secrets?: readonly string[];
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

export type EffectiveOptions = typeof DEFAULT_CLIENT_OPTIONS & { env?: NodeJS.ProcessEnv; credentialsFile?: string };

export function newStats(): ClientStats {
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
