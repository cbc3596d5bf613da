import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as hcp from "../../src/hcp";
import {
    DEFAULT_CLIENT_OPTIONS,
    HcpError,
    ServerError,
    TransportError,
    attachVariableSetToWorkspaces,
    clientFor,
    createVariable,
    createVariableSet,
    deleteVariable,
    getClientStats,
    limiterTable,
    rateLimitWaitMs,
    readWorkspace,
    resetClientState,
    setClientDefaults,
    updateVariable,
} from "../../src/hcp";
import { FAST, ORG, TOKEN, rejection, useEmulator } from "./helpers";

/** A throw-away HTTP server for what the emulator cannot show (request headers, redirects). */
async function rawServer(handler: http.RequestListener): Promise<{ hostname: string; close(): Promise<void> }> {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        hostname: `127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: async () => {
            server.closeAllConnections();
            await new Promise((resolve) => server.close(resolve));
        },
    };
}

function headersOf(values: Record<string, string>) {
    return { get: (name: string) => (name.toLowerCase() in values ? values[name.toLowerCase()] : null) };
}

describe("hcp/client", () => {
    const fx = useEmulator();
    let wsId: string;
    before(() => {
        wsId = fx.emu.addWorkspace(ORG, "client-tests").id;
    });

    describe("requests", () => {
        it("sends the bearer token, JSON:API media types and the query, and parses the answer", async () => {
            const seen: http.IncomingHttpHeaders[] = [];
            const urls: string[] = [];
            const raw = await rawServer((req, res) => {
                seen.push(req.headers);
                urls.push(req.url || "");
                req.resume();
                req.on("end", () => {
                    if (req.method === "DELETE") {
                        res.writeHead(204);
                        res.end();
                    } else {
                        res.writeHead(200, { "Content-Type": "application/vnd.api+json" });
                        res.end('{"data":{"id":"x","type":"things"}}');
                    }
                });
            });
            try {
                const c = clientFor({ hostname: raw.hostname, token: TOKEN }, FAST);
                assert.deepEqual(await c.request("GET", "/things/x", { query: { "page[number]": 2, q: "a b", skip: undefined } }), {
                    data: { id: "x", type: "things" },
                });
                assert.deepEqual(await c.request("PATCH", "/things/x", { body: { data: { type: "things" } } }), { data: { id: "x", type: "things" } });
                assert.equal(await c.request("DELETE", "/things/x"), undefined);
                assert.deepEqual(urls, ["/api/v2/things/x?page%5Bnumber%5D=2&q=a+b", "/api/v2/things/x", "/api/v2/things/x"]);
                assert.equal(seen[0].authorization, `Bearer ${TOKEN}`);
                assert.equal(seen[0].accept, "application/vnd.api+json");
                assert.equal(seen[0]["content-type"], undefined);
                assert.equal(seen[0]["user-agent"], "hcp-oidc-federation (node-fetch)");
                assert.equal(seen[1]["content-type"], "application/vnd.api+json");
                assert.equal(seen[1]["content-length"], String(JSON.stringify({ data: { type: "things" } }).length));
            } finally {
                await raw.close();
            }
        });

        it("does not follow redirects (the token would go with them)", async () => {
            const raw = await rawServer((_req, res) => {
                res.writeHead(302, { Location: "https://elsewhere.example/api/v2/things" });
                res.end();
            });
            try {
                const err = await rejection(clientFor({ hostname: raw.hostname, token: TOKEN }, FAST).request("GET", "/things"));
                assert.ok(err instanceof HcpError);
                assert.equal(
                    err.message,
                    `GET /things on ${raw.hostname} failed: 302 redirect to https://elsewhere.example/api/v2/things (redirects are not followed: check the hostname and scheme)`,
                );
            } finally {
                await raw.close();
            }
        });

        it("has the documented defaults", () => {
            assert.deepEqual(DEFAULT_CLIENT_OPTIONS, {
                timeoutMs: 30000,
                maxRateLimitAttempts: 30,
                rateLimitJitterMs: [100, 400],
                rateLimitFallbackMs: 1000,
                maxRateLimitWaitMs: 60000,
                maxRetries: 3,
                retryBaseMs: 250,
                retryMaxMs: 4000,
                limiter: { ratePerSecond: 27, burst: 2 },
                pageSize: 100,
                keepAlive: true,
            });
        });

        it("applies setClientDefaults at call time, under each client's own options", async () => {
            const c = clientFor({ hostname: fx.emu.hostname, token: TOKEN }, { env: {} });
            setClientDefaults({ timeoutMs: 1234, limiter: null });
            assert.equal(c.effectiveOptions().timeoutMs, 1234);
            assert.equal(c.effectiveOptions().limiter, null);
            assert.equal(clientFor(undefined, { timeoutMs: 99 }).effectiveOptions().timeoutMs, 99);
            setClientDefaults(undefined);
            assert.equal(c.effectiveOptions().timeoutMs, 30000);
        });
    });

    describe("rate limits", () => {
        afterEach(() => fx.emu.setRateLimit(null));

        it("reads X-RateLimit-Reset (float seconds, or a Unix time), then Retry-After (seconds or a date)", () => {
            assert.equal(rateLimitWaitMs(headersOf({ "x-ratelimit-reset": "0.250" }), 1000), 250);
            assert.equal(rateLimitWaitMs(headersOf({ "x-ratelimit-reset": "2", "retry-after": "9" }), 1000), 2000);
            assert.equal(rateLimitWaitMs(headersOf({ "retry-after": "3" }), 1000), 3000);
            const inFiveSeconds = rateLimitWaitMs(headersOf({ "x-ratelimit-reset": String(Date.now() / 1000 + 5) }), 1000);
            assert.ok(inFiveSeconds > 4900 && inFiveSeconds <= 5000, String(inFiveSeconds));
            const date = rateLimitWaitMs(headersOf({ "retry-after": new Date(Date.now() + 4000).toUTCString() }), 1000);
            assert.ok(date > 2900 && date <= 4000, String(date));
            assert.equal(rateLimitWaitMs(headersOf({ "x-ratelimit-reset": "soon" }), 1000), 1000);
            assert.equal(rateLimitWaitMs(headersOf({}), 777), 777);
        });

        it("waits the reset time after a 429, then succeeds", async () => {
            fx.emu.setRateLimit(2); // bucket of 2, refilled at 2/s: the third quick request waits ~0.5 s
            const c = fx.client({ rateLimitJitterMs: [20, 20] });
            const started = Date.now();
            for (let i = 0; i < 3; i++) {
                assert.equal((await readWorkspace(c, wsId)).id, wsId);
            }
            const log = fx.emu.log;
            assert.deepEqual(log.map((e) => e.status), [200, 200, 429, 200]);
            assert.deepEqual(log.map((e) => e.path), Array(4).fill(`/api/v2/workspaces/${wsId}`));
            // The emulator's reset for the third request is (1 - tokens) / 2 s with tokens close to 0.
            assert.ok(log[3].at - log[2].at >= 450, `retried after ${log[3].at - log[2].at} ms`);
            assert.ok(Date.now() - started < 2000);
            assert.equal(getClientStats().rateLimited, 1);
            assert.equal(getClientStats().retries, 1);
        });

        it("retries a POST answered 429 (the server did not act) and creates exactly once", async () => {
            fx.emu.setRateLimit(4); // bucket of 4 refilled at 4/s: the fifth quick request waits ~0.25 s
            const c = fx.client({ rateLimitJitterMs: [0, 5] });
            for (let i = 0; i < 4; i++) {
                await readWorkspace(c, wsId);
            }
            const v = await createVariable(c, wsId, { key: "AFTER_429", value: "x", category: "env" });
            assert.deepEqual(fx.emu.log.map((e) => `${e.method} ${e.status}`), ["GET 200", "GET 200", "GET 200", "GET 200", "POST 429", "POST 201"]);
            assert.equal([...fx.emu.store.variables.values()].filter((r) => r.key === "AFTER_429").length, 1);
            fx.emu.store.variables.delete(v.id);
        });

        it("keeps under the server's limit with the client-side limiter (no 429 at all)", async () => {
            fx.emu.setRateLimit(20);
            const c = fx.client({ limiter: { ratePerSecond: 18, burst: 2 } });
            const started = Date.now();
            await Promise.all(Array.from({ length: 30 }, () => readWorkspace(c, wsId)));
            const elapsed = Date.now() - started;
            assert.deepEqual(new Set(fx.emu.log.map((e) => e.status)), new Set([200]));
            assert.equal(fx.emu.log.length, 30);
            assert.ok(elapsed >= ((30 - 2) / 18) * 1000 - 50, `took ${elapsed} ms`);
            assert.ok(getClientStats().limiterWaitMs > 0);
        });

        it("without the limiter the same burst is answered 429s (and still completes)", async () => {
            fx.emu.setRateLimit(20);
            const c = fx.client({ limiter: null, rateLimitJitterMs: [0, 20] });
            await Promise.all(Array.from({ length: 30 }, () => readWorkspace(c, wsId)));
            assert.ok(fx.emu.log.some((e) => e.status === 429));
            assert.equal(fx.emu.log.filter((e) => e.status === 200).length, 30);
        });

        it("shares one limiter per (site, token) through globalThis, even between copies of the module", async () => {
            fx.emu.setRateLimit(20);
            // A second copy of client.ts, as when Pulumi serializes the module by value into another provider.
            const file = require.resolve("../../src/hcp/client");
            const saved = require.cache[file];
            delete require.cache[file];
            const copy = require(file) as typeof import("../../src/hcp/client");
            require.cache[file] = saved;
            assert.notEqual(copy.HcpClient, hcp.HcpClient);

            const options = { ...FAST, limiter: { ratePerSecond: 18, burst: 2 } };
            const a = clientFor({ hostname: fx.emu.hostname, token: TOKEN }, options);
            const b = copy.clientFor({ hostname: fx.emu.hostname, token: TOKEN }, options);
            await Promise.all([
                ...Array.from({ length: 15 }, () => a.request("GET", `/workspaces/${wsId}`)),
                ...Array.from({ length: 15 }, () => b.request("GET", `/workspaces/${wsId}`)),
            ]);
            assert.equal(fx.emu.log.length, 30);
            assert.deepEqual(new Set(fx.emu.log.map((e) => e.status)), new Set([200]));
            const table = (globalThis as any)[Symbol.for("hcp-oidc-federation.limiters")];
            assert.equal(table, limiterTable());
            assert.equal(table.size, 1);
            const [key] = [...table.keys()];
            assert.ok(key.startsWith(`http://${fx.emu.hostname} `) && !key.includes(TOKEN), "keyed by site and a digest of the token");
        });
    });

    describe("retries", () => {
        it("retries a GET answered 5xx", async () => {
            fx.emu.injectFaults({ serverErrorBurst: 2 });
            assert.equal((await readWorkspace(fx.client(), wsId)).id, wsId);
            assert.deepEqual(fx.emu.log.map((e) => e.status), [503, 503, 200]);
        });

        it("retries a GET whose connection was reset", async () => {
            let n = 0;
            fx.emu.injectFaults({ resetRate: 1, match: () => n++ < 1 });
            assert.equal((await readWorkspace(fx.client(), wsId)).id, wsId);
            assert.deepEqual(fx.emu.log.map((e) => e.status), [0, 200]);
        });

        it("retries PATCH and DELETE answered 5xx", async () => {
            const c = fx.client();
            const v = await createVariable(c, wsId, { key: "RETRY_PATCH", value: "a", category: "env" });
            fx.emu.clearLog();
            fx.emu.injectFaults({ serverErrorBurst: 1 });
            assert.equal((await updateVariable(c, wsId, v.id, { value: "b" })).value, "b");
            fx.emu.injectFaults({ serverErrorBurst: 1 });
            await deleteVariable(c, wsId, v.id);
            assert.deepEqual(fx.emu.log.map((e) => `${e.method} ${e.status}`), ["PATCH 503", "PATCH 200", "DELETE 503", "DELETE 204"]);
        });

        it("never repeats a POST after a 5xx", async () => {
            fx.emu.injectFaults({ serverErrorBurst: 1 });
            const err = await rejection(createVariable(fx.client(), wsId, { key: "NO_RETRY_5XX", value: "x", category: "env" }));
            assert.ok(err instanceof ServerError && err.ambiguous);
            assert.deepEqual(fx.emu.log.map((e) => `${e.method} ${e.status}`), ["POST 503"]);
        });

        it("never repeats a POST after a connection reset, even when the server did create the object", async () => {
            fx.emu.injectFaults({ lostResponseRate: 1 });
            const err = await rejection(createVariable(fx.client(), wsId, { key: "LOST", value: "x", category: "env" }));
            assert.ok(err instanceof TransportError && err.ambiguous);
            assert.deepEqual(fx.emu.log.map((e) => `${e.method} ${e.status} ${e.fault}`), ["POST 201 lost-response"]);
            assert.equal([...fx.emu.store.variables.values()].filter((v) => v.key === "LOST").length, 1);
        });

        it("repeats a POST declared idempotent (attaching a variable set)", async () => {
            const c = fx.client();
            const set = await createVariableSet(c, ORG, { name: "idempotent-attach" });
            fx.emu.clearLog();
            fx.emu.injectFaults({ serverErrorBurst: 1 });
            await attachVariableSetToWorkspaces(c, set.id, [wsId]);
            assert.deepEqual(fx.emu.log.map((e) => `${e.method} ${e.status}`), ["POST 503", "POST 204"]);
            assert.deepEqual(fx.emu.store.varsets.get(set.id)!.workspaceIds, [wsId]);
        });

        it("repeats even a POST when the connection was refused (nothing was sent)", async () => {
            const raw = await rawServer(() => undefined);
            const hostname = raw.hostname;
            await raw.close();
            const err = await rejection(clientFor({ hostname, token: TOKEN }, { ...FAST, maxRetries: 2 }).request("POST", "/things", { body: {} }));
            assert.ok(err instanceof TransportError);
            assert.equal(err.message, `POST /things on ${hostname} failed: the connection was refused (ECONNREFUSED) (after 3 attempts)`);
            assert.equal(err.ambiguous, false);
            assert.equal(err.reason, "ECONNREFUSED");
        });
    });

    describe("deadlines", () => {
        it("gives up on an attempt after timeoutMs, and retries a GET", async () => {
            fx.emu.injectFaults({ latencyMs: 400 });
            const started = Date.now();
            const err = await rejection(readWorkspace(fx.client({ timeoutMs: 100, maxRetries: 1 }), wsId));
            const elapsed = Date.now() - started;
            assert.ok(err instanceof TransportError);
            assert.equal(err.message, `GET /workspaces/${wsId} on ${fx.emu.hostname} failed: no answer within the 100 ms deadline (after 2 attempts)`);
            assert.equal(err.reason, "timeout");
            assert.equal(err.ambiguous, false);
            assert.ok(elapsed >= 200 && elapsed < 400, `took ${elapsed} ms`);
            assert.equal(fx.emu.log.length, 2);
        });

        it("reports a timed-out POST as ambiguous: the server may still act on it", async () => {
            fx.emu.injectFaults({ latencyMs: 200 });
            const err = await rejection(createVariable(fx.client({ timeoutMs: 50 }), wsId, { key: "SLOW", value: "x", category: "env" }));
            assert.ok(err instanceof TransportError && err.ambiguous);
            assert.match(err.message, /^POST \/workspaces\/ws-\w+\/vars on 127\.0\.0\.1:\d+ failed: no answer within the 50 ms deadline; the request was not repeated/);
            assert.equal(fx.emu.log.length, 1);
            await new Promise((resolve) => setTimeout(resolve, 300));
            assert.equal([...fx.emu.store.variables.values()].filter((v) => v.key === "SLOW").length, 1);
        });
    });

    describe("closure serialization (the module copied by value into a dynamic provider)", () => {
        it("requires node-fetch, captures no token, and shares the limiter and in-flight lists with this copy", async () => {
            const serialized = await pulumi.runtime.serializeFunction(
                () => (hostname: string, token: string, ws: string) => hcp.listVariables(hcp.clientFor({ hostname, token }), ws),
                { isFactoryFunction: true },
            );
            const text = serialized.text;
            assert.match(text, /require\("node-fetch(\/lib\/index\.js)?"\)/);
            assert.ok(!/[^.\w]fetch\(/.test(text), "no call of a free fetch");
            assert.ok(!text.includes(TOKEN));
            // Load it the way the dynamic provider host does (require-from-string).
            const Module = require("node:module");
            const filename = path.join(__dirname, "serialized-provider.js");
            const m = new Module(filename, module);
            m.filename = filename;
            m.paths = Module._nodeModulePaths(__dirname);
            m._compile(text, filename);
            const serializedList = m.exports.handler as (h: string, t: string, ws: string) => Promise<hcp.Variable[]>;

            await createVariable(fx.client(), wsId, { key: "SERIALIZED", value: "yes", category: "env" });
            fx.emu.clearLog();
            resetClientState();
            fx.emu.injectFaults({ latencyMs: 30 });
            const [fromCopy, fromHere] = await Promise.all([
                serializedList(fx.emu.hostname, TOKEN, wsId),
                hcp.listVariables(fx.client(), wsId),
            ]);
            assert.deepEqual(fromCopy, fromHere);
            assert.ok(fromHere.some((v) => v.key === "SERIALIZED"));
            assert.equal(fx.emu.log.length, 1, "one list request for both copies");
            assert.equal(limiterTable().size, 1);
        });
    });

    describe("process-wide state", () => {
        it("counts requests, attempts and retries, and resets", async () => {
            fx.emu.injectFaults({ serverErrorBurst: 1 });
            await readWorkspace(fx.client(), wsId);
            assert.deepEqual(getClientStats(), {
                requests: 1, attempts: 2, retries: 1, rateLimited: 0, serverErrors: 1, transportErrors: 0, coalesced: 0, cacheHits: 0,
                limiterWaitMs: 0,
            });
            assert.equal(limiterTable().size, 1);
            resetClientState();
            assert.equal(limiterTable().size, 0);
            assert.equal(getClientStats().requests, 0);
        });
    });
});
