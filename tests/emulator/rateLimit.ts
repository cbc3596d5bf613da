// Per-user token bucket: capacity = limit, refilled at `limit` tokens per second. A request that finds
// less than one token is refused (429) and takes nothing; the answer says how long until one token.
export type RateDecision = { ok: true } | { ok: false; resetSeconds: number };

interface Bucket {
    tokens: number;
    last: number; // ms, monotonic
}

export class RateLimiter {
    private readonly buckets = new Map<string, Bucket>();

    constructor(private rps: number | null) {}

    get limit(): number | null {
        return this.rps;
    }

    /** Changes the limit (null = off) and forgets every bucket. */
    setLimit(rps: number | null): void {
        if (rps !== null && !(rps > 0)) throw new Error(`rate limit must be a positive number or null, got ${rps}`);
        this.rps = rps;
        this.buckets.clear();
    }

    take(key: string, nowMs: number = performance.now()): RateDecision {
        const rps = this.rps;
        if (rps === null) return { ok: true };
        let b = this.buckets.get(key);
        if (!b) {
            b = { tokens: rps, last: nowMs };
            this.buckets.set(key, b);
        } else {
            b.tokens = Math.min(rps, b.tokens + ((nowMs - b.last) * rps) / 1000);
            b.last = nowMs;
        }
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return { ok: true };
        }
        return { ok: false, resetSeconds: (1 - b.tokens) / rps };
    }
}

/** Seconds as the float string go-tfe reads from X-RateLimit-Reset, rounded up to the millisecond. */
export function formatReset(seconds: number): string {
    return (Math.max(1, Math.ceil(seconds * 1000)) / 1000).toFixed(3);
}

export const RATE_LIMIT_BODY = {
    errors: [{ detail: "You have exceeded the API's rate limit.", status: 429, title: "Too many requests" }],
};
