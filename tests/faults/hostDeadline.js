// Test-only preload for the dynamic-provider host (NODE_OPTIONS=--require <this file>).
//
// 1. Gives the package's HCP client a short per-attempt deadline (HCP_OIDC_TEST_TIMEOUT_MS), so
//    that latency spikes "beyond the request deadline" cost a test seconds instead of the
//    production 30 s. It writes the client's process-wide state object
//    (globalThis[Symbol.for("hcp-oidc-federation.state")], see src/hcp/client.ts clientState())
//    before any provider is loaded, with `defaults` = what setClientDefaults({ timeoutMs }) sets.
//    Nothing else of the client changes.
// 2. On SIGUSR2, prints the client's counters (attempts, retries, 429s, 5xx, transport errors) as
//    one line "HCP_CLIENT_STATS {json}" on stderr, so a test can report client-side figures.
"use strict";
const timeoutMs = Number(process.env.HCP_OIDC_TEST_TIMEOUT_MS);
if (timeoutMs > 0) {
    const state = {
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
    globalThis[Symbol.for("hcp-oidc-federation.state")] = state;
    process.on("SIGUSR2", () => {
        process.stderr.write(`HCP_CLIENT_STATS ${JSON.stringify(state.stats)}\n`);
    });
}
