// Pins the echo gateway (emu.setEchoGateway): every (status, shape) answer, byte for byte, and whether the
// API acted.
import { strict as assert } from "node:assert";
import { Emulator, EchoGatewayMode, echoGatewayModes, startEmulator } from "./index";
import { Answer, call, doc } from "./http";

const JSONAPI = "application/vnd.api+json";
const REDIRECTS = [301, 302, 303, 307, 308];

/** The answer the gateway must give, written out from the documented format (not from gateway.ts). */
function expected(mode: EchoGatewayMode, authorization: string, bodyText: string, token: string) {
    const echo = `Authorization: ${authorization}\n${bodyText}`;
    const status = String(mode.status);
    const bodies: Record<string, [string | undefined, string]> = {
        "error-detail": [JSONAPI, JSON.stringify({ errors: [{ status, title: "gateway", detail: echo }] })],
        "error-title": [JSONAPI, JSON.stringify({ errors: [{ status, title: echo }] })],
        "error-string": [JSONAPI, JSON.stringify({ errors: [echo] })],
        text: ["text/plain", echo],
        html: ["text/html", `<html><body><pre>${echo}</pre></body></html>\n`],
        json: [JSONAPI, JSON.stringify({ echo: { authorization, body: bodyText } })],
        location: [undefined, ""],
    };
    const [contentType, text] = bodies[mode.shape];
    return { contentType, text, location: REDIRECTS.includes(mode.status) ? `https://evil.example/?t=${token}` : undefined };
}

function assertEcho(r: Answer, mode: EchoGatewayMode, authorization: string, bodyText: string, token: string) {
    const want = expected(mode, authorization, bodyText, token);
    const label = JSON.stringify(mode);
    assert.equal(r.status, mode.status, label);
    assert.equal(r.text, want.text, label);
    assert.equal(r.headers["content-type"], want.contentType, label);
    assert.equal(r.headers["location"], want.location, label);
    assert.equal(r.headers["content-length"], String(Buffer.byteLength(want.text)), label);
}

describe("HCP API emulator: echo gateway", function () {
    let emu: Emulator;

    beforeEach(async () => {
        emu = await startEmulator({ rateLimit: null });
        emu.addToken("token-alice", "alice");
        emu.addOrganization("acme");
    });
    afterEach(async () => {
        await emu.close();
    });

    const body = doc("vars", { key: "SECRET", value: "s3cr3t-value", category: "env", sensitive: true });
    const bodyText = JSON.stringify(body);

    it("echoGatewayModes() lists every status class with every shape; location only on a 3xx", () => {
        const modes = echoGatewayModes();
        const statuses = [200, 201, 301, 302, 303, 307, 308, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503];
        const shapes = ["error-detail", "error-title", "error-string", "text", "html", "json"];
        const want = statuses.flatMap((status) => [
            ...shapes.map((shape) => ({ status, shape })),
            ...(REDIRECTS.includes(status) ? [{ status, shape: "location" }] : []),
        ]);
        assert.deepEqual(modes, want);
        assert.equal(modes.length, 107);
        assert.deepEqual(echoGatewayModes({ acts: true })[0], { status: 200, shape: "error-detail", acts: true });
    });

    it("every mode answers the echo of the Authorization header and the body, without the API acting", async () => {
        const ws = emu.addWorkspace("acme", "w").id;
        for (const mode of echoGatewayModes()) {
            emu.setEchoGateway(mode);
            const r = await call(emu, "POST", `/workspaces/${ws}/vars`, { body });
            assertEcho(r, mode, "Bearer token-alice", bodyText, "token-alice");
        }
        assert.equal(emu.store.variables.size, 0, "the API never saw a request");
        assert.equal(emu.log.length, 107);
        assert.deepEqual(emu.log[0], {
            method: "POST", path: `/api/v2/workspaces/${ws}/vars`, query: {}, status: 200, user: "alice", body, at: emu.log[0].at,
            fault: "echo-gateway",
        });
        assert.deepEqual(emu.log.map((e) => e.status), echoGatewayModes().map((m) => m.status));
    });

    it("stands in front of authentication and the rate limit: unknown, missing and non-bearer credentials are echoed too", async () => {
        emu.setRateLimit(1);
        const mode: EchoGatewayMode = { status: 302, shape: "text" };
        emu.setEchoGateway(mode);
        assertEcho(await call(emu, "GET", "/organizations/acme", { token: "not-a-token" }), mode, "Bearer not-a-token", "", "not-a-token");
        assertEcho(await call(emu, "GET", "/organizations/acme", { token: null }), mode, "", "", "");
        assertEcho(await call(emu, "GET", "/organizations/acme", { authorization: "Basic dTpw/+=" }), mode, "Basic dTpw/+=", "", "Basic%20dTpw%2F%2B%3D");
        assert.deepEqual(emu.log.map((e) => [e.status, e.user, e.fault]), [[302, undefined, "echo-gateway"], [302, undefined, "echo-gateway"], [302, undefined, "echo-gateway"]]);
    });

    it("acts: true lets the API act (store changes, log keeps its status), then answers the echo", async () => {
        const ws = emu.addWorkspace("acme", "w").id;
        const mode: EchoGatewayMode = { status: 500, shape: "error-detail", acts: true };
        emu.setEchoGateway(mode);
        const r = await call(emu, "POST", `/workspaces/${ws}/vars`, { body });
        assertEcho(r, mode, "Bearer token-alice", bodyText, "token-alice");
        assert.deepEqual([...emu.store.variables.values()].map((v) => [v.key, v.value]), [["SECRET", "s3cr3t-value"]]);
        const denied = await call(emu, "GET", `/workspaces/${ws}`, { token: "nope" });
        assertEcho(denied, mode, "Bearer nope", "", "nope");
        assert.deepEqual(emu.log.map((e) => [e.status, e.apiStatus, e.fault]), [[500, 201, "echo-gateway"], [500, 401, "echo-gateway"]]);
    });

    it("null removes the gateway, and clearFaults() does too; invalid modes throw", async () => {
        emu.setEchoGateway({ status: 404, shape: "json" });
        assert.equal((await call(emu, "GET", "/organizations/acme")).status, 404);
        emu.setEchoGateway(null);
        assert.equal((await call(emu, "GET", "/organizations/acme")).status, 200);
        emu.setEchoGateway({ status: 200, shape: "text" });
        emu.clearFaults();
        assert.equal((await call(emu, "GET", "/organizations/acme")).json.data.id, "acme");
        assert.throws(() => emu.setEchoGateway({ status: 418 as any, shape: "text" }), /echo gateway status 418 is not one of 200, 201, 301/);
        assert.throws(() => emu.setEchoGateway({ status: 200, shape: "xml" as any }), /echo gateway shape "xml" is not one of error-detail/);
        assert.throws(() => emu.setEchoGateway({ status: 200, shape: "location" }), /shape "location" needs a 3xx status, got 200/);
    });
});
