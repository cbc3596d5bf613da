// One site, spelled differently (case, scheme, default port, trailing slash, given or taken from
// TFE_HOSTNAME), is no change for any child: every resource records the site it means
// (`site`, "https://app.terraform.io") and compares that. Through the real provider host: against
// the emulator with the engine model (every step `same`, 0 requests, AWS registrations unchanged),
// and for app.terraform.io by check + diff only (the emulator cannot answer for that site; check and
// diff make no request). (0.2 compared the `hostname` text: a respelling replaced every child.)
import assert from "node:assert/strict";
import { WorkspaceOidcFederation } from "../../src/components";
import { registrationChanges } from "../support/engine";
import type { ProviderHost } from "../support/providerHost";
import { ORG, capture, changedSteps, requestsOf, startStackWorld, type StackWorld } from "./stackWorld";
import type { Program } from "../faults/engine";

/** A single federation (with static-key removal) and a list one: every kind of child the HCP side has. */
function federations(hostname: string | undefined): () => void {
    return () => {
        new WorkspaceOidcFederation("one", { organization: ORG, workspace: "site-a", removeStaticAwsCredentials: true, ...(hostname !== undefined ? { hostname } : {}) });
        new WorkspaceOidcFederation("many", { organization: ORG, workspaces: ["site-b", "site-c"], removeStaticAwsCredentials: true, ...(hostname !== undefined ? { hostname } : {}) });
    };
}

/** Captures with TFE_HOSTNAME set (or not) in this process, as the program's environment. */
async function captureWithEnv(program: () => void, tfeHostname: string | undefined): Promise<Program> {
    const saved = { TFE_HOSTNAME: process.env.TFE_HOSTNAME, TFE_ADDRESS: process.env.TFE_ADDRESS };
    delete process.env.TFE_ADDRESS;
    if (tfeHostname === undefined) delete process.env.TFE_HOSTNAME;
    else process.env.TFE_HOSTNAME = tfeHostname;
    try {
        return await capture(program);
    } finally {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    }
}

describe("site: another spelling of the same site is no change for any child", function () {
    this.timeout(180_000);
    let w: StackWorld;

    before(async () => {
        w = await startStackWorld();
        for (const ws of ["site-a", "site-b", "site-c"]) w.world.emu.addWorkspace(ORG, ws);
    });
    after(async () => w?.close());

    it("against the emulator: http://127.0.0.1:<port>, the bare loopback host, HTTP://…/ and the program's TFE_HOSTNAME: every step same, 0 requests", async () => {
        const host = w.world.emu.hostname;
        const first = await captureWithEnv(federations(`http://${host}`), undefined);
        const stack = await w.stack(first);
        assert.deepEqual((await stack.up()).failures, []);
        const sites = new Set([...stack.engine.state.values()].map((s) => s.outs.site ?? s.inputs.site));
        assert.deepEqual([...sites], [`http://${host}`]);
        for (const [label, program] of [
            ["bare loopback host", await captureWithEnv(federations(host), undefined)],
            ["upper-case scheme and a trailing slash", await captureWithEnv(federations(`HTTP://${host}/`), undefined)],
            ["no hostname, TFE_HOSTNAME in the program's environment", await captureWithEnv(federations(undefined), host)],
        ] as const) {
            assert.deepEqual(registrationChanges(first, program), {}, `${label}: AWS registrations changed`);
            const rep = await stack.up(program);
            assert.deepEqual(rep.failures, [], label);
            assert.deepEqual(changedSteps(rep), {}, label);
            assert.equal(rep.steps.size, first.resources.length, label);
            assert.deepEqual(requestsOf(w.world), [], label);
        }
    });

    it("app.terraform.io: APP.TERRAFORM.IO, https://app.terraform.io:443, app.terraform.io. and the TFE_HOSTNAME site diff as no change (check + diff through the host)", async () => {
        // A host whose environment names no site: app.terraform.io.
        const host: ProviderHost = await w.world.startHost({ TFE_HOSTNAME: "" });
        const base = await captureWithEnv(federations("app.terraform.io"), undefined);
        const checked = async (p: Program) =>
            Promise.all(
                p.resources.map(async (r) => {
                    const res = await host.check(r.urn, {}, { ...r.inputs, __provider: r.providerText });
                    assert.deepEqual(res.failures, [], r.name);
                    return res.inputs;
                }),
            );
        const olds = await checked(base);
        assert.deepEqual([...new Set(olds.map((i) => i.site))], ["https://app.terraform.io"]);
        w.world.emu.clearLog();
        for (const [label, program] of [
            ["upper case", await captureWithEnv(federations("APP.TERRAFORM.IO"), undefined)],
            ["https and the default port", await captureWithEnv(federations("https://app.terraform.io:443"), undefined)],
            ["a trailing dot", await captureWithEnv(federations("app.terraform.io."), undefined)],
            ["no hostname, TFE_HOSTNAME=app.terraform.io in the program's environment", await captureWithEnv(federations(undefined), "app.terraform.io")],
        ] as const) {
            assert.deepEqual(registrationChanges(base, program), {}, `${label}: AWS registrations changed`);
            assert.deepEqual(program.resources.map((r) => r.name), base.resources.map((r) => r.name), label);
            const news = await checked(program);
            for (const [i, r] of program.resources.entries()) {
                const diff = await host.diff(r.name, r.urn, olds[i], news[i], { oldInputs: olds[i] });
                assert.deepEqual([diff.changes, diff.replaces], [false, []], `${label}: ${r.name}`);
            }
        }
        assert.deepEqual(w.world.emu.log, []);
    });
});
