// The client-side rate limiter (GCRA, one per (site, token) per process) and the reading of 429
// answers: wait what X-RateLimit-Reset (or Retry-After) says, and let nobody else send meanwhile.
import { limiterTable } from "./processState";
import type { RateLimitOptions } from "./options";

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export function randomBetween(min: number, max: number): number {
    return min + Math.random() * Math.max(0, max - min);
}

/** Waits for a slot of the (site, token) limiter; returns the time waited, ms. */
export async function acquireSlot(key: string, limiter: RateLimitOptions | null): Promise<number> {
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

/** After a 429: nobody sends with this (site, token) before `waitMs` from now. */
export function blockLimiter(key: string, waitMs: number, limiter: RateLimitOptions | null): void {
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

/** Milliseconds to wait after a 429: X-RateLimit-Reset (float seconds, or a Unix time), else Retry-After. */
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
