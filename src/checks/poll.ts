// Polling with the Terraform CLI's backoff (min * 2^(n/5), capped) under an overall deadline.

export interface PollIntervals {
    /** First wait, ms (the CLI: 1000). */
    minMs: number;
    /** Longest wait, ms (the CLI: 3000). */
    maxMs: number;
}

export const DEFAULT_POLL: PollIntervals = { minMs: 1000, maxMs: 3000 };

/** Environment variable that overrides the poll intervals: "MIN,MAX" in ms (for tests of the resource and the CLI). */
export const POLL_ENV = "HCP_OIDC_FEDERATION_TRUST_CHECK_POLL_MS";

/** The wait before poll number `n` (0-based): min(minMs * 2^(n/5), maxMs). */
export function backoffMs(n: number, poll: PollIntervals): number {
    return Math.min(poll.minMs * Math.pow(2, n / 5), poll.maxMs);
}

/** Intervals from POLL_ENV ("MIN,MAX"), else the defaults. Throws naming the variable when it is malformed. */
export function pollFromEnv(env: NodeJS.ProcessEnv): PollIntervals {
    const raw = env[POLL_ENV];
    if (raw === undefined || raw.trim() === "") {
        return { ...DEFAULT_POLL };
    }
    const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(raw);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < Number(m[1])) {
        throw new Error(`${POLL_ENV}=${JSON.stringify(raw)} is not valid: give "MIN,MAX" in milliseconds, 1 <= MIN <= MAX (e.g. "1000,3000").`);
    }
    return { minMs: Number(m[1]), maxMs: Number(m[2]) };
}

/** Resolves after `ms` milliseconds (0 for a negative value). */
export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * Calls `read` until `done(value)` or the deadline (ms since epoch), waiting with the backoff
 * between calls (never past the deadline). Answers the last value and whether it was done.
 */
export async function pollUntil<T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    deadline: number,
    poll: PollIntervals,
): Promise<{ value: T; done: boolean }> {
    for (let n = 0; ; n++) {
        const value = await read();
        if (done(value)) {
            return { value, done: true };
        }
        const left = deadline - Date.now();
        if (left <= 0) {
            return { value, done: false };
        }
        await sleep(Math.min(backoffMs(n, poll), left));
    }
}
