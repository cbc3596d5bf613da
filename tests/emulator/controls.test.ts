// Pins the emulator's test controls: rate limiting, injected faults (seeded), the request log.
import { strict as assert } from "node:assert";
import nodeFetch from "node-fetch";
import { Emulator, startEmulator } from "./index";
import { call, doc } from "./http";

const RATE_LIMITED = { errors: [{ detail: "You have exceeded the API's rate limit.", status: 429, title: "Too many requests" }] };

function sleep(ms: number) {
    return new Promise((r) => setTimeout(r, ms));
}

describe("HCP API emulator: test controls", function () {
    let emu: Emulator;
    let wsId: string;

    async function setup(opts: Parameters<typeof startEmulator>[0]) {
        emu = await startEmulator(opts);
        emu.addToken("token-alice", "alice");
        emu.addToken("token-alice-2", "alice");
        emu.addToken("token-bob", "bob");
        emu.addOrganization("acme");
        wsId = emu.addWorkspace("acme", "w").id;
    }
    afterEach(async () => {
        await emu?.close();
    });

    describe("rate limit", () => {
        it("defaults to 30 requests per second per user, answering the documented 429", async () => {
            await setup({});
            const answers = await Promise.all(Array.from({ length: 45 }, () => call(emu, "GET", `/workspaces/${wsId}`)));
            const ok = answers.filter((a) => a.status === 200).length;
            const limited = answers.filter((a) => a.status === 429);
            assert.ok(ok >= 30 && ok <= 40, `ok=${ok}`); // 30 + what refilled while the burst arrived
            assert.equal(ok + limited.length, 45);
            const r = limited[0];
            assert.deepEqual(r.json, RATE_LIMITED);
            assert.equal(r.headers["content-type"], "application/vnd.api+json");
            assert.equal(r.headers["x-ratelimit-limit"], "30");
            assert.match(r.headers["x-ratelimit-reset"], /^0\.0[0-3]\d$/);
            assert.ok(Number(r.headers["x-ratelimit-reset"]) > 0 && Number(r.headers["x-ratelimit-reset"]) <= 0.034);
            assert.equal(r.headers["retry-after"], undefined);
        });

        it("limits per user (shared by the user's tokens), does not act when limited, and recovers after X-RateLimit-Reset", async () => {
            await setup({ rateLimit: 30 });
            emu.setRateLimit(2);
            assert.equal((await call(emu, "GET", `/workspaces/${wsId}`)).status, 200);
            assert.equal((await call(emu, "GET", `/workspaces/${wsId}`, { token: "token-alice-2" })).status, 200);
            const limited = await call(emu, "POST", `/workspaces/${wsId}/vars`, { body: doc("vars", { key: "A", category: "env" }) });
            assert.equal(limited.status, 429);
            assert.deepEqual(limited.json, RATE_LIMITED);
            assert.equal(limited.headers["x-ratelimit-limit"], "2");
            const reset = Number(limited.headers["x-ratelimit-reset"]);
            assert.match(limited.headers["x-ratelimit-reset"], /^0\.\d{3}$/);
            assert.ok(reset > 0.25 && reset <= 0.5, `reset=${reset}`);
            assert.equal(emu.store.variables.size, 0);
            assert.equal((await call(emu, "GET", `/workspaces/${wsId}`, { token: "token-bob" })).status, 200);
            const again = await call(emu, "GET", `/workspaces/${wsId}`, { token: "token-alice-2" });
            assert.equal(again.status, 429);
            await sleep(Number(again.headers["x-ratelimit-reset"]) * 1000 + 5);
            const recovered = await call(emu, "POST", `/workspaces/${wsId}/vars`, { body: doc("vars", { key: "A", category: "env" }) });
            assert.equal(recovered.status, 201);
            assert.equal(emu.store.variables.size, 1);
            assert.deepEqual(emu.log.map((e) => [e.status, e.user, e.fault]), [
                [200, "alice", undefined], [200, "alice", undefined], [429, "alice", "rate-limited"], [200, "bob", undefined],
                [429, "alice", "rate-limited"], [201, "alice", undefined],
            ]);
        });

        it("unauthenticated requests share the caller address's bucket; null turns the limit off", async () => {
            await setup({ rateLimit: 2 });
            assert.equal((await call(emu, "GET", `/workspaces/${wsId}`, { token: null })).status, 401);
            assert.equal((await call(emu, "GET", `/workspaces/${wsId}`, { token: "bogus" })).status, 401);
            assert.equal((await call(emu, "GET", `/workspaces/${wsId}`, { token: "bogus-2" })).status, 429);
            assert.equal((await call(emu, "GET", `/workspaces/${wsId}`)).status, 200);
            emu.setRateLimit(null);
            const answers = await Promise.all(Array.from({ length: 60 }, () => call(emu, "GET", `/workspaces/${wsId}`)));
            assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
        });
    });

    describe("faults", () => {
        beforeEach(async () => setup({ rateLimit: null, seed: 7 }));

        const createWs = (name: string) => call(emu, "POST", "/organizations/acme/workspaces", { body: doc("workspaces", { name }) });

        it("serverErrorBurst: the next N matching requests answer 503 without acting", async () => {
            emu.injectFaults({ serverErrorBurst: 2 });
            const a = await createWs("burst");
            const b = await createWs("burst");
            assert.deepEqual([a.status, b.status], [503, 503]);
            assert.deepEqual(a.json, { errors: [{ status: "503", title: "service unavailable" }] });
            assert.equal(emu.store.workspaces.size, 1);
            assert.equal((await createWs("burst")).status, 201);
            assert.equal(emu.store.workspaces.size, 2);
            assert.deepEqual(emu.log.map((e) => [e.status, e.fault]), [[503, "server-error"], [503, "server-error"], [201, undefined]]);
        });

        it("serverErrorRate: 500 / 502 (a proxy's HTML page) / 503 without acting, repeatable with the same seed", async () => {
            emu.injectFaults({ serverErrorRate: 1 });
            const statuses: number[] = [];
            for (let i = 0; i < 12; i++) {
                const r = await createWs(`w${i}`);
                statuses.push(r.status);
                if (r.status === 502) {
                    assert.equal(r.headers["content-type"], "text/html");
                    assert.equal(r.text, "<html><body><h1>502 Bad Gateway</h1></body></html>\n");
                } else {
                    assert.equal(r.headers["content-type"], "application/vnd.api+json");
                    assert.deepEqual(r.json, { errors: [{ status: String(r.status), title: r.status === 500 ? "internal server error" : "service unavailable" }] });
                }
            }
            assert.deepEqual([...new Set(statuses)].sort(), [500, 502, 503]);
            assert.equal(emu.store.workspaces.size, 1);

            const half = async (seed: number) => {
                const e = await startEmulator({ rateLimit: null, seed });
                e.addToken("token-alice");
                e.addOrganization("acme");
                const id = e.addWorkspace("acme", "w").id;
                e.injectFaults({ serverErrorRate: 0.5 });
                const out: number[] = [];
                for (let i = 0; i < 16; i++) out.push((await call(e, "GET", `/workspaces/${id}`)).status);
                await e.close();
                return out;
            };
            const first = await half(99);
            assert.deepEqual(await half(99), first);
            assert.ok(first.includes(200) && first.some((s) => s >= 500), first.join(","));
        });

        it("resetRate: the socket is destroyed without acting", async () => {
            emu.injectFaults({ resetRate: 1 });
            await assert.rejects(createWs("reset"), (e: any) => e.name === "FetchError" && /socket hang up|ECONNRESET/.test(e.message));
            assert.equal(emu.store.workspaces.size, 1);
            assert.deepEqual([emu.log[0].status, emu.log[0].fault], [0, "reset"]);
        });

        it("lostResponseRate: a POST acts, then its answer is lost; other methods are not affected", async () => {
            emu.injectFaults({ lostResponseRate: 1 });
            await assert.rejects(
                call(emu, "POST", `/workspaces/${wsId}/vars`, { body: doc("vars", { key: "LOST", value: "v", category: "env" }) }),
                (e: any) => e.name === "FetchError",
            );
            const stored = [...emu.store.variables.values()];
            assert.deepEqual(stored.map((v) => [v.key, v.value, v.workspaceId]), [["LOST", "v", wsId]]);
            assert.deepEqual([emu.log[0].status, emu.log[0].fault], [201, "lost-response"]);
            const list = await call(emu, "GET", `/workspaces/${wsId}/vars`);
            assert.equal(list.status, 200);
            assert.equal(list.json.data[0].id, stored[0].id);
            const patch = await call(emu, "PATCH", `/workspaces/${wsId}/vars/${stored[0].id}`, { body: doc("vars", { value: "w" }) });
            assert.equal(patch.status, 200);
            const dup = await call(emu, "POST", `/workspaces/${wsId}/vars`, { body: doc("vars", { key: "LOST", value: "v", category: "env" }) });
            assert.equal(dup.status, 422, "a failed POST is answered");
        });

        it("latencyMs and latency spikes delay answers; match restricts faults; clearFaults restores", async () => {
            emu.injectFaults({ latencyMs: 120 });
            let t = Date.now();
            assert.equal((await call(emu, "GET", `/workspaces/${wsId}`)).status, 200);
            assert.ok(Date.now() - t >= 115, `latency ${Date.now() - t}`);
            emu.injectFaults({ latencyMs: 0, latencySpikeRate: 1, latencySpikeMs: 150 });
            t = Date.now();
            await call(emu, "GET", `/workspaces/${wsId}`);
            assert.ok(Date.now() - t >= 145, `spike ${Date.now() - t}`);
            emu.clearFaults();
            emu.injectFaults({ serverErrorRate: 1, match: (method, path) => method === "POST" && path.endsWith("/vars") });
            assert.equal((await call(emu, "GET", `/workspaces/${wsId}`)).status, 200);
            assert.ok((await call(emu, "POST", `/workspaces/${wsId}/vars`, { body: doc("vars", { key: "A", category: "env" }) })).status >= 500);
            emu.clearFaults();
            assert.equal((await call(emu, "POST", `/workspaces/${wsId}/vars`, { body: doc("vars", { key: "A", category: "env" }) })).status, 201);
        });

        it("close() does not wait for delayed requests", async () => {
            emu.injectFaults({ latencyMs: 10_000 });
            const pending = nodeFetch(`${emu.url}/api/v2/workspaces/${wsId}`, { headers: { Authorization: "Bearer token-alice" } }).catch((e) => e);
            await sleep(30);
            const t = Date.now();
            await emu.close();
            assert.ok(Date.now() - t < 1000);
            assert.equal(((await pending) as Error).name, "FetchError");
        });

        it("rate-limited and 401 requests are not subject to faults and do not act", async () => {
            emu.setRateLimit(1);
            emu.injectFaults({ serverErrorBurst: 5 });
            assert.equal((await call(emu, "GET", `/workspaces/${wsId}`, { token: "nope" })).status, 401);
            assert.equal((await call(emu, "GET", `/workspaces/${wsId}`)).status, 503);
            assert.equal((await createWs("x")).status, 429);
            assert.equal(emu.store.workspaces.size, 1);
        });
    });

    describe("request log", () => {
        it("records method, path, query, status, user, body and arrival time of every request; clearLog empties it", async () => {
            await setup({ rateLimit: null });
            const before = Date.now();
            await call(emu, "GET", "/organizations/acme/varsets?q=x&page%5Bsize%5D=5");
            const body = doc("vars", { key: "K", value: "v", category: "terraform" });
            await call(emu, "POST", `/workspaces/${wsId}/vars`, { body });
            await call(emu, "GET", `/workspaces/${wsId}`, { token: null });
            await call(emu, "POST", "/organizations/acme/workspaces", { rawBody: "not json" });
            const log = emu.log;
            assert.equal(log.length, 4);
            assert.deepEqual(log.map(({ at: _at, ...rest }) => rest), [
                { method: "GET", path: "/api/v2/organizations/acme/varsets", query: { q: "x", "page[size]": "5" }, status: 200, user: "alice" },
                { method: "POST", path: `/api/v2/workspaces/${wsId}/vars`, query: {}, status: 201, user: "alice", body },
                { method: "GET", path: `/api/v2/workspaces/${wsId}`, query: {}, status: 401 },
                { method: "POST", path: "/api/v2/organizations/acme/workspaces", query: {}, status: 400, user: "alice", body: "not json" },
            ]);
            for (const e of log) assert.ok(e.at >= before && e.at <= Date.now());
            emu.clearLog();
            assert.equal(emu.log.length, 0);
            assert.equal(emu.log, log, "the same array, so a held reference stays live");
        });
    });
});
