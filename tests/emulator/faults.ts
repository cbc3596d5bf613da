// Injected faults, decided with a seeded RNG so a test sees the same outcomes on every run.
import { seededRandom } from "../support/random";

export interface FaultPlan {
    serverErrorRate: number; // 0..1 answer 500/502/503 WITHOUT acting
    serverErrorBurst: number; // the next N matching requests answer 503 (counts down)
    resetRate: number; // 0..1 destroy the socket WITHOUT acting
    lostResponseRate: number; // 0..1 (POST only) act, then destroy the socket: answer lost
    latencyMs: number; // added to every matching request
    latencySpikeRate: number;
    latencySpikeMs: number;
    match?: (method: string, path: string) => boolean; // restrict faults to some requests (path = pathname as sent)
}

export interface FaultDecision {
    delayMs: number;
    errorStatus?: 500 | 502 | 503;
    reset: boolean;
    loseResponse: boolean;
}

export function emptyPlan(): FaultPlan {
    return {
        serverErrorRate: 0, serverErrorBurst: 0, resetRate: 0, lostResponseRate: 0,
        latencyMs: 0, latencySpikeRate: 0, latencySpikeMs: 0, match: undefined,
    };
}

const NONE: FaultDecision = { delayMs: 0, reset: false, loseResponse: false };
const ERROR_STATUSES = [500, 502, 503] as const;

export class Faults {
    plan: FaultPlan = emptyPlan();
    private readonly rng: () => number;

    constructor(seed: number) {
        this.rng = seededRandom(seed);
    }

    inject(plan: Partial<FaultPlan>): void {
        for (const [k, v] of Object.entries(plan)) {
            if (k !== "match" && (typeof v !== "number" || !(v >= 0))) throw new Error(`fault ${k} must be a number >= 0, got ${String(v)}`);
        }
        this.plan = { ...this.plan, ...plan };
    }

    clear(): void {
        this.plan = emptyPlan();
    }

    private active(): boolean {
        const p = this.plan;
        return p.serverErrorRate > 0 || p.serverErrorBurst > 0 || p.resetRate > 0 || p.lostResponseRate > 0
            || p.latencyMs > 0 || (p.latencySpikeRate > 0 && p.latencySpikeMs > 0);
    }

    /**
     * One decision per request that passed rate limiting and authentication. Draws exactly five numbers
     * for every matching request while any fault is set (none otherwise), so outcomes depend only on the
     * seed and the sequence of matching requests since faults were injected.
     */
    decide(method: string, path: string): FaultDecision {
        if (!this.active()) return NONE;
        const p = this.plan;
        if (p.match && !p.match(method, path)) return NONE;
        const [spike, err, errKind, reset, lost] = [this.rng(), this.rng(), this.rng(), this.rng(), this.rng()];
        const delayMs = p.latencyMs + (spike < p.latencySpikeRate ? p.latencySpikeMs : 0);
        if (p.serverErrorBurst > 0) {
            p.serverErrorBurst--;
            return { delayMs, errorStatus: 503, reset: false, loseResponse: false };
        }
        if (err < p.serverErrorRate) {
            return { delayMs, errorStatus: ERROR_STATUSES[Math.floor(errKind * 3)], reset: false, loseResponse: false };
        }
        if (reset < p.resetRate) return { delayMs, reset: true, loseResponse: false };
        return { delayMs, reset: false, loseResponse: method === "POST" && lost < p.lostResponseRate };
    }
}
