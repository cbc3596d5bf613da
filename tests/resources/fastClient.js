// Test-only preload for a dynamic-provider host (NODE_OPTIONS=--require <this file>): the package's
// HCP client answers each request after ONE attempt (no retries, no 429 waits, no client-side
// limiter), so that sweeping every answer a gateway can give costs seconds. It writes the client's
// process-wide state object (globalThis[Symbol.for("hcp-oidc-federation.state")], see
// src/hcp/processState.ts) before any provider is loaded, with `defaults` = what
// setClientDefaults({ maxRetries: 0, maxRateLimitAttempts: 1, limiter: null }) sets. The messages
// are those of the production client: only the number of attempts differs.
"use strict";
globalThis[Symbol.for("hcp-oidc-federation.state")] = {
    inflight: new Map(),
    generations: new Map(),
    cache: new Map(),
    stats: {
        requests: 0, attempts: 0, retries: 0, rateLimited: 0, serverErrors: 0,
        transportErrors: 0, coalesced: 0, cacheHits: 0, limiterWaitMs: 0,
    },
    defaults: { maxRetries: 0, maxRateLimitAttempts: 1, limiter: null },
    agents: {},
};
