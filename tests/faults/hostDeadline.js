// Test-only preload for the dynamic-provider host (NODE_OPTIONS=--require <this file>): gives the
// package's HCP client a short per-attempt deadline, so that latency spikes "beyond the request
// deadline" cost a test seconds instead of the production 30 s. It writes the client's documented
// process-wide state object (globalThis[Symbol.for("hcp-oidc-federation.state")], see
// src/hcp/client.ts clientState()) before any provider is loaded; the defaults it sets are the
// same mechanism as setClientDefaults(). Nothing else of the client changes.
"use strict";
const timeoutMs = Number(process.env.HCP_OIDC_TEST_TIMEOUT_MS);
if (timeoutMs > 0) {
    globalThis[Symbol.for("hcp-oidc-federation.state")] = {
        inflight: new Map(),
        generations: new Map(),
        cache: new Map(),
        stats: {
            requests: 0, attempts: 0, retries: 0, rateLimited: 0, serverErrors: 0,
            transportErrors: 0, coalesced: 0, cacheHits: 0, limiterWaitMs: 0,
        },
        defaults: { timeoutMs },
        agents: {},
    };
}
