// Everything the client keeps for the life of the process lives on globalThis under Symbol.for(...)
// keys, created at call time, and holds plain data only: several copies of the client module
// (Pulumi serializes project modules by value, once per dynamic provider) then still share one
// limiter table, one cache, one set of in-flight requests and one set of keep-alive agents.
import http = require("http");
import https = require("https");
import nodeCrypto = require("crypto");
import type { Connection } from "./connection";
import { ClientOptions, ClientStats, newStats } from "./options";

export interface LimiterState {
    /** Theoretical arrival time of the next request (GCRA), ms since epoch. */
    tat: number;
    /** No request before this time (set by a 429), ms since epoch. */
    blockedUntil: number;
}

export interface ClientState {
    /** `<connection key> <scope>` -> the request in flight and the generation it started in. */
    inflight: Map<string, { promise: Promise<any>; generation: number }>;
    /** `<site> <scope>` -> generation, bumped by every write to that scope on that site. */
    generations: Map<string, number>;
    /** `<connection key> <scope>` -> a cached answer (what that token may see). */
    cache: Map<string, any>;
    stats: ClientStats;
    defaults: ClientOptions;
    agents: { http?: http.Agent; https?: https.Agent };
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

export function clientState(): ClientState {
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

/** Identity of a (site, token) pair that does not hold the token itself: `<site> <digest>`. */
export function connectionKey(conn: Connection): string {
    const digest = nodeCrypto.createHash("sha256").update(conn.token).digest("hex").slice(0, 16);
    return `${conn.site} ${digest}`;
}

/** The keep-alive agent of a scheme, shared by the process. */
export function agentFor(scheme: "https" | "http"): http.Agent {
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
