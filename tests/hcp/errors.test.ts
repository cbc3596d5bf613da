import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import {
    ConflictError,
    HcpError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnauthorizedError,
    ValidationError,
    clientFor,
    createVariable,
    errorDetail,
    isAlreadyExists,
    isAmbiguous,
    isHcpError,
    isNotFound,
    parseErrors,
    readWorkspace,
    safeDeleteWorkspace,
} from "../../src/hcp";
import { FAST, ORG, TOKEN, rejection, useEmulator } from "./helpers";

describe("hcp/errors", () => {
    const fx = useEmulator();
    const host = () => fx.emu.hostname;

    it("401: UnauthorizedError names the request, never the token", async () => {
        const bad = "not-a-registered-token-SECRET";
        const err = await rejection(readWorkspace(fx.client({}, bad), "ws-abc"));
        assert.ok(err instanceof UnauthorizedError && err instanceof HcpError);
        assert.equal(err.message, `GET /workspaces/ws-abc on ${host()} failed: 401 Unauthorized: the API token was rejected (missing, invalid or expired)`);
        assert.equal(err.name, "UnauthorizedError");
        assert.equal(err.code, "UNAUTHORIZED");
        assert.equal(err.status, 401);
        assert.equal(err.method, "GET");
        assert.equal(err.path, "/workspaces/ws-abc");
        assert.equal(err.host, host());
        assert.equal(err.detail, "unauthorized");
        assert.equal(err.request, `GET /workspaces/ws-abc on ${host()}`);
        assert.ok(!err.message.includes(bad) && !String(err.stack).includes(bad) && !JSON.stringify(err).includes(bad));
    });

    it("404: NotFoundError says 'not found, or the token is not allowed to see it' (missing and denied alike)", async () => {
        const ws = fx.emu.addWorkspace(ORG, "hidden");
        fx.emu.addToken("other-token", "bob");
        fx.emu.denyAccess("other-token", ws.id);
        const missing = await rejection(readWorkspace(fx.client(), "ws-doesnotexist0001"));
        const denied = await rejection(readWorkspace(fx.client({}, "other-token"), ws.id));
        assert.ok(missing instanceof NotFoundError && denied instanceof NotFoundError);
        assert.equal(
            missing.message,
            `GET /workspaces/ws-doesnotexist0001 on ${host()} failed: 404 Not Found: the object was not found, or the token is not allowed to see it`,
        );
        assert.equal(denied.message, `GET /workspaces/${ws.id} on ${host()} failed: 404 Not Found: the object was not found, or the token is not allowed to see it`);
        assert.equal(missing.status, 404);
        assert.equal(missing.hint, undefined);
        assert.ok(isNotFound(missing) && !isNotFound(new Error("x")));
    });

    it("409: ConflictError carries the server's detail", async () => {
        const ws = fx.emu.addWorkspace(ORG, "busy", { managesResources: true });
        const err = await rejection(safeDeleteWorkspace(fx.client(), ws.id));
        assert.ok(err instanceof ConflictError);
        assert.equal(
            err.message,
            `POST /workspaces/${ws.id}/actions/safe-delete on ${host()} failed: 409 Conflict: ` +
                "Workspace is currently managing resources and cannot be safe deleted; destroy its resources first, or force delete it.",
        );
        assert.equal(err.status, 409);
    });

    it("422: ValidationError carries the server's detail; alreadyExists only for 'has already been taken'", async () => {
        const ws = fx.emu.addWorkspace(ORG, "dup");
        const c = fx.client();
        await createVariable(c, ws.id, { key: "K", value: "v", category: "env" });
        const dup = await rejection(createVariable(c, ws.id, { key: "K", value: "w", category: "env" }));
        assert.ok(dup instanceof ValidationError);
        assert.equal(dup.message, `POST /workspaces/${ws.id}/vars on ${host()} failed: 422 Unprocessable Entity: Key has already been taken`);
        assert.equal(dup.detail, "Key has already been taken");
        assert.equal(dup.alreadyExists, true);
        assert.deepEqual(dup.errors, [{ status: 422, title: "invalid attribute", detail: "Key has already been taken", pointer: "/data/attributes/key" }]);
        assert.ok(isAlreadyExists(dup));

        const bad = await rejection(createVariable(c, ws.id, { key: "", category: "nope" as any }));
        assert.ok(bad instanceof ValidationError);
        assert.equal(
            bad.message,
            `POST /workspaces/${ws.id}/vars on ${host()} failed: 422 Unprocessable Entity: Key can't be blank; Category is not included in the list`,
        );
        assert.equal(bad.alreadyExists, false);
        assert.ok(!isAlreadyExists(bad));
    });

    it("429: RateLimitedError once the attempts are used up", async () => {
        const ws = fx.emu.addWorkspace(ORG, "limited");
        fx.emu.setRateLimit(1);
        try {
            const c = fx.client({ maxRateLimitAttempts: 2, rateLimitFallbackMs: 0, maxRateLimitWaitMs: 0 });
            await readWorkspace(c, ws.id); // takes the only token
            const err = await rejection(readWorkspace(c, ws.id));
            assert.ok(err instanceof RateLimitedError);
            assert.equal(
                err.message,
                `GET /workspaces/${ws.id} on ${host()} failed: 429 Too Many Requests: still rate limited after 2 attempt(s): You have exceeded the API's rate limit.`,
            );
            assert.equal(err.status, 429);
            assert.equal(err.attempts, 2);
            assert.deepEqual(fx.emu.log.map((e) => e.status), [200, 429, 429]);
        } finally {
            fx.emu.setRateLimit(null);
        }
    });

    it("5xx: ServerError, with the attempts made; ambiguous (may have been created) for a POST", async () => {
        const ws = fx.emu.addWorkspace(ORG, "flaky");
        fx.emu.injectFaults({ serverErrorBurst: 3 });
        const get = await rejection(readWorkspace(fx.client({ maxRetries: 2 }), ws.id));
        assert.ok(get instanceof ServerError);
        assert.equal(get.message, `GET /workspaces/${ws.id} on ${host()} failed: 503 server error after 3 attempts: service unavailable`);
        assert.equal(get.ambiguous, false);
        assert.equal(get.attempts, 3);

        fx.emu.injectFaults({ serverErrorBurst: 1 });
        const post = await rejection(createVariable(fx.client(), ws.id, { key: "A", value: "1", category: "terraform" }));
        assert.ok(post instanceof ServerError);
        assert.equal(
            post.message,
            `POST /workspaces/${ws.id}/vars on ${host()} failed: 503 server error: service unavailable; ` +
                "the request was not repeated because it is not safe to repeat, and the server may have acted on it " +
                "(an object may have been created): look it up by its natural key before creating it again",
        );
        assert.equal(post.ambiguous, true);
        assert.ok(isAmbiguous(post) && !isAmbiguous(get));
    });

    it("5xx with a non-JSON body (a proxy's 502 page): no detail", async () => {
        const ws = fx.emu.addWorkspace(ORG, "proxy");
        // serverErrorRate 1 draws 500/502/503 from the seeded RNG; keep only the 502s.
        fx.emu.injectFaults({ serverErrorRate: 1 });
        for (let i = 0; i < 20; i++) {
            const err = await rejection(readWorkspace(fx.client({ maxRetries: 0 }), ws.id));
            if (err.status === 502) {
                assert.equal(err.message, `GET /workspaces/${ws.id} on ${host()} failed: 502 server error`);
                assert.equal(err.detail, undefined);
                return;
            }
        }
        assert.fail("the emulator never answered 502");
    });

    it("transport: TransportError, ambiguous after a POST whose connection was reset", async () => {
        const ws = fx.emu.addWorkspace(ORG, "reset");
        fx.emu.injectFaults({ resetRate: 1 });
        const err = await rejection(createVariable(fx.client(), ws.id, { key: "A", value: "1", category: "terraform" }));
        assert.ok(err instanceof TransportError);
        assert.equal(
            err.message,
            `POST /workspaces/${ws.id}/vars on ${host()} failed: the connection was reset before a complete answer arrived (ECONNRESET); ` +
                "the request was not repeated because it is not safe to repeat, and the server may have acted on it " +
                "(an object may have been created): look it up by its natural key before creating it again",
        );
        assert.equal(err.reason, "ECONNRESET");
        assert.equal(err.ambiguous, true);
        assert.equal(err.status, undefined);

        const get = await rejection(readWorkspace(fx.client({ maxRetries: 1 }), ws.id));
        assert.ok(get instanceof TransportError);
        assert.equal(
            get.message,
            `GET /workspaces/${ws.id} on ${host()} failed: the connection was reset before a complete answer arrived (ECONNRESET) (after 2 attempts)`,
        );
        assert.equal(get.ambiguous, false);
    });

    it("is recognised by code as well as by class (copies of the module serialized by value)", () => {
        const foreign = Object.assign(new Error("x"), { code: "NOT_FOUND" });
        assert.ok(isNotFound(foreign) && isHcpError(foreign));
        assert.ok(isAlreadyExists(Object.assign(new Error("x"), { code: "VALIDATION", alreadyExists: true })));
        assert.ok(isAmbiguous(Object.assign(new Error("x"), { code: "TRANSPORT", ambiguous: true })));
        assert.ok(!isHcpError(Object.assign(new Error("x"), { code: "ENOENT" })));
    });

    describe("error documents", () => {
        it("parses a status string, a status number, and a list of plain messages", () => {
            assert.deepEqual(
                parseErrors({ errors: [{ status: "422", title: "invalid attribute", detail: "Key has already been taken", source: { pointer: "/data/attributes/key" } }] }),
                [{ status: 422, title: "invalid attribute", detail: "Key has already been taken", pointer: "/data/attributes/key" }],
            );
            assert.deepEqual(parseErrors({ errors: [{ detail: "You have exceeded the API's rate limit.", status: 429, title: "Too many requests" }] }), [
                { status: 429, title: "Too many requests", detail: "You have exceeded the API's rate limit." },
            ]);
            assert.deepEqual(parseErrors({ errors: ["Name has already been taken", "Other"] }), [{ detail: "Name has already been taken" }, { detail: "Other" }]);
            assert.deepEqual(parseErrors({ errors: "nope" }), []);
            assert.deepEqual(parseErrors(undefined), []);
            assert.equal(errorDetail(parseErrors({ errors: [{ status: "404", title: "not found" }] })), "not found");
            assert.equal(errorDetail([]), undefined);
        });

        // The emulator only answers object-shaped errors; this one shape needs a raw server.
        it('maps {"errors":["message"]} answers end to end', async () => {
            const server = http.createServer((_req, res) => {
                res.writeHead(422, { "Content-Type": "application/vnd.api+json" });
                res.end(JSON.stringify({ errors: ["Name has already been taken"] }));
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            const hostname = `127.0.0.1:${(server.address() as AddressInfo).port}`;
            try {
                const err = await rejection(clientFor({ hostname, token: TOKEN }, FAST).request("POST", "/organizations/acme/varsets", { body: { data: {} } }));
                assert.ok(err instanceof ValidationError);
                assert.equal(err.message, `POST /organizations/acme/varsets on ${hostname} failed: 422 Unprocessable Entity: Name has already been taken`);
                assert.equal(err.alreadyExists, true);
            } finally {
                server.closeAllConnections();
                await new Promise((resolve) => server.close(resolve));
            }
        });
    });
});
