// Redaction, through the real dynamic-provider host, behind a gateway that echoes everything it
// receives (the Authorization header and the request body) in every way an answer can carry it, on
// every status class, acting on the request or not: no message, no recorded property and no answer
// ever shows the token or a sensitive value. The host here answers each request after one attempt
// (fastClient.js): the messages are the production ones, only the retries are skipped.
import assert from "node:assert/strict";
import * as path from "node:path";
import { EVIL_ORIGIN, echoGatewayModes, type EchoGatewayMode } from "../emulator";
import { HostError, type ProviderHost } from "../support/providerHost";
import { ALL_TYPES_PROGRAM, SENSITIVE_VALUE, TYPES, createAll, inputsIn, makeWorld, type World } from "./allTypes";
import { CANARY, ORG, useHarness } from "./harness";

const ROTATED = "rotated-sensitive-value-2b7f";
/** A few modes that put the echo where a message could quote it: the detail, the title, a bare string, a text or HTML body, JSON, a Location. */
const SAMPLE: EchoGatewayMode[] = [
    { status: 422, shape: "error-detail" }, { status: 400, shape: "error-title" }, { status: 409, shape: "error-string" },
    { status: 500, shape: "text" }, { status: 502, shape: "html" }, { status: 200, shape: "json" }, { status: 307, shape: "location" },
];

describe("resources: redaction behind an echoing gateway (real provider host, emulator)", function () {
    this.timeout(120_000);

    const h = useHarness(() => undefined, { hyok: true, packedProgram: ALL_TYPES_PROGRAM });
    let fast: ProviderHost;
    let w: World;
    let keys = 0;
    const wvar = () => h.resource("wvar").on(fast);

    before(async () => {
        fast = await h.startHost({ NODE_OPTIONS: `--require ${path.join(__dirname, "fastClient.js")}` });
        w = makeWorld(h, ORG);
    });

    afterEach(() => h.emu.clearFaults());

    function clean(label: string, text: string): void {
        for (const [what, s] of [["the token", CANARY], ["a sensitive value", SENSITIVE_VALUE], ["a sensitive value", ROTATED]]) {
            assert.ok(!text.includes(s), `${label}: ${what} in ${text.slice(0, 400)}`);
        }
    }

    /** Properties as the engine records them: the sensitive value only under `value` (a secret output). */
    function cleanProperties(label: string, props: Record<string, unknown>): void {
        const { value: _v, __provider: _p, ...rest } = props;
        clean(label, JSON.stringify(rest));
    }

    /** Runs one host call; whatever it answers or throws must be clean. Answers the error, if any. */
    async function observe(label: string, call: () => Promise<unknown>): Promise<HostError | undefined> {
        try {
            const r = (await call()) as { outs?: Record<string, unknown> } | undefined;
            if (r?.outs) cleanProperties(label, r.outs);
            return undefined;
        } catch (e) {
            if (!(e instanceof HostError)) throw e;
            clean(label, e.message);
            if (e.initFailed) {
                clean(label, e.initFailed.reasons.join("\n"));
                cleanProperties(label, e.initFailed.properties);
            }
            return e;
        }
    }

    for (const acts of [false, true]) {
        it(`a sensitive WorkspaceVariable: create, read, update and delete under every gateway mode (acts: ${acts})`, async () => {
            const modes = echoGatewayModes({ acts });
            assert.equal(modes.length, 107);
            // Checked once: the sweep repeats one shape of inputs (only the key changes).
            const template = await wvar().checked(wvar().inputs(inputsIn(w, "wvar")));
            const fresh = () => wvar().createChecked({ ...template, key: `SECRET_${++keys}` });
            let state = await fresh();
            for (const mode of modes) {
                const label = JSON.stringify(mode);
                if (!h.emu.store.variables.has(state.id)) state = await fresh();
                const s = state;
                h.emu.setEchoGateway(mode);
                // Concurrently: only what comes back is judged, not the outcome.
                const errors = await Promise.all([
                    observe(`${label} create`, fresh),
                    observe(`${label} read`, () => wvar().read(s)),
                    observe(`${label} update`, () => wvar().updateChecked(s, { ...template, key: s.outs.key, value: ROTATED })),
                    observe(`${label} delete`, () => wvar().delete(s)),
                ]);
                h.emu.setEchoGateway(null);
                if (!acts && (mode.status < 200 || mode.status >= 300)) {
                    assert.deepEqual(errors.map((e) => e !== undefined), [true, true, true, true], `${label}: every call fails`);
                }
            }
        });
    }

    it("a 3xx Location carrying the token is redacted in the message", async () => {
        const state = await wvar().up(wvar().inputs({ ...inputsIn(w, "wvar"), key: `SECRET_${++keys}` }));
        for (const status of [301, 302, 303, 307, 308] as const) {
            h.emu.setEchoGateway({ status, shape: "location" });
            const err = await wvar().fails(wvar().read(state));
            assert.equal(
                err.message,
                `GET /workspaces/${w.workspaceId}/vars on ${h.emu.hostname} failed: ${status} redirect to ${EVIL_ORIGIN}?t=[redacted] ` +
                    "(redirects are not followed: check the hostname and scheme)",
            );
        }
    });

    it("the echo in an error detail is quoted with the token and the sensitive value redacted", async () => {
        await wvar().up(wvar().inputs({ ...inputsIn(w, "wvar"), key: `SECRET_${++keys}` })); // the workspace's organization is read (once)
        h.emu.setEchoGateway({ status: 422, shape: "error-detail" });
        // Adopting: the POST goes first (no look-up), and its body is what the gateway echoes.
        const err = await wvar().fails(wvar().up(wvar().inputs({ ...inputsIn(w, "wvar"), key: "QUOTED", adoptExisting: true })));
        const body = JSON.stringify({
            data: { type: "vars", attributes: { key: "QUOTED", value: "[redacted]", description: "", category: "env", hcl: false, sensitive: true } },
        });
        assert.equal(
            err.message,
            `POST /workspaces/${w.workspaceId}/vars on ${h.emu.hostname} failed: 422 Unprocessable Entity: Authorization: Bearer [redacted]\n${body}`,
        );
    });

    it("every resource type: create, read and delete under sample modes", async () => {
        const states = await createAll(h, makeWorld(h));
        const other = makeWorld(h);
        const checked = Object.fromEntries(
            await Promise.all(TYPES.map(async (name) => [name, await h.resource(name).on(fast).checked(h.resource(name).inputs(inputsIn(other, name)))])),
        );
        for (const mode of SAMPLE) {
            for (const acts of [false, true]) {
                h.emu.setEchoGateway({ ...mode, acts });
                await Promise.all(
                    TYPES.map(async (name) => {
                        const d = h.resource(name).on(fast);
                        const label = `${JSON.stringify(mode)} acts ${acts} ${name}`;
                        const unique = name === "wvar" || name === "svar" ? { key: `K_${++keys}` } : {};
                        await observe(`${label} create`, () => d.createChecked({ ...checked[name], ...unique }));
                        await observe(`${label} read`, () => d.read(states[name]));
                        // Acting, a delete would remove what the next modes read: only the gateway's answers are judged.
                        if (!acts) await observe(`${label} delete`, () => d.delete(states[name]));
                    }),
                );
                h.emu.setEchoGateway(null);
            }
        }
    });
});
