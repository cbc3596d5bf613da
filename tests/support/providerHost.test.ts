// Proves tests/support/{providerHost,mocks}.ts against the REAL dynamic-provider host, with the
// sample providers of tests/support/fixtures (serialized BY VALUE: this repo's own modules).
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { HostError, makeUrn, startProviderHost, UNKNOWN, type ProviderHost } from "./providerHost";
import { dynamicType, outputDetails, outputOf, runWithMocks, serializeProvider, type MockRun } from "./mocks";
import { startSampleServer, type SampleServer } from "./fixtures/sampleServer";
import { Counter, SampleItem, sampleProvider } from "./fixtures/sampleProvider";
import { logicalAssignmentProvider, TrapItem, trapProvider } from "./fixtures/trapProvider";

const NODE_FETCH_REQUIRE = /require\("node-fetch(\/lib\/index\.js)?"\)/;

describe("support: provider host driver (by-value serialization)", function () {
    this.timeout(60_000);

    const token = `sample-token-${process.pid}-${Date.now()}`;
    const itemType = dynamicType("sample", "Item");
    let server: SampleServer;
    let host: ProviderHost;
    let run: MockRun<{ item: SampleItem; bad: SampleItem; trap: TrapItem; a: Counter; b: Counter }>;
    let savedToken: string | undefined;

    before(async () => {
        server = await startSampleServer();
        // The token is present in THIS process while serializing: it must still not be captured.
        savedToken = process.env.SAMPLE_TOKEN;
        process.env.SAMPLE_TOKEN = token;
        const started = Date.now();
        [host, run] = await Promise.all([
            startProviderHost({ env: { SAMPLE_TOKEN: token } }),
            runWithMocks(() => ({
                item: new SampleItem("item-a", { baseUrl: server.url, name: "item-a", value: "v1" }),
                bad: new SampleItem("bad", { baseUrl: server.url, name: "Bad Name!" }, { additionalSecretOutputs: ["value"] }),
                trap: new TrapItem("trap", { baseUrl: server.url, name: "trap" }),
                a: new Counter("counter-a", "A"),
                b: new Counter("counter-b", "B"),
            })),
        ]);
        console.log(`      (host start + mocked program: ${Date.now() - started} ms)`);
    });

    after(async () => {
        if (savedToken === undefined) delete process.env.SAMPLE_TOKEN;
        else process.env.SAMPLE_TOKEN = savedToken;
        await host?.stop();
        await server?.close();
    });

    const item = () => run.byName("item-a");
    const urn = () => item().urn;

    describe("mocks", () => {
        it("captures type, inputs, options and the __provider text of dynamic resources", async () => {
            assert.equal(run.resources.length, 5);
            const r = item();
            assert.equal(r.type, itemType);
            assert.equal(r.urn, makeUrn("item-a", itemType));
            assert.equal(r.id, "item-a-id");
            assert.equal(r.inputs.name, "item-a");
            assert.equal(r.inputs.value, "v1");
            assert.equal(r.inputs.baseUrl, server.url);
            assert.equal(typeof r.providerText, "string");
            assert.equal(r.inputs.__provider, r.providerText);
            assert.deepEqual(run.byName("bad").additionalSecretOutputs, ["value"]);
            // default mock state = inputs, resolvable while mocks are installed
            assert.equal(await outputOf(run.result.item.value), "v1");
            assert.equal(await outputOf(run.result.item.id), "item-a-id");
            assert.deepEqual(await outputDetails(pulumi.secret("s")), { value: "s", isKnown: true, isSecret: true });
        });

        it("can be re-run in the same process (fresh monitor, preview flag, config)", async () => {
            const again = await runWithMocks(
                () => {
                    const cfg = new pulumi.Config("sample");
                    return { item: new SampleItem("again", { baseUrl: server.url, name: cfg.require("name") }), dry: pulumi.runtime.isDryRun() };
                },
                { preview: true, config: { "sample:name": "from-config" } },
            );
            assert.equal(again.resources.length, 1, "resources of the previous run must not leak into this one");
            assert.equal(again.result.dry, true);
            assert.equal(again.byName("again").inputs.name, "from-config");
            // the provider text is cached per provider object for the process
            assert.equal(again.providerText("again"), run.providerText("item-a"));
            const third = await runWithMocks(() => new pulumi.Config("sample").get("name"));
            assert.equal(third.result, undefined, "config is replaced on every run");
        });

        it("reports secret inputs and unwraps them for the host", async () => {
            const r = await runWithMocks(() => new SampleItem("sec", { baseUrl: server.url, name: "sec", value: pulumi.secret("hush") }));
            const res = r.byName("sec");
            assert.deepEqual(res.secretInputs, ["value"]);
            assert.equal(res.inputs.value, "hush");
        });

        it("a provider the serializer rejects fails the run with the serializer's message", async () => {
            const sleep = require("node:util").promisify(setTimeout); // a native function
            const unserializable = { async create() { await sleep(1); return { id: "x" }; } };
            class Bad extends pulumi.dynamic.Resource {}
            await assert.rejects(
                runWithMocks(() => new Bad(unserializable, "u", {}, {}, "sample", "Bad")),
                /the mocked program failed .*error serializing property "__provider"/s,
            );
        });

        it("serializeProvider() gives the same text as the resource's __provider", async () => {
            assert.equal(await serializeProvider(sampleProvider), run.providerText("item-a"));
        });
    });

    describe("serialized text", () => {
        it("requires node-fetch by reference when it is bound as nodeFetch via import", () => {
            const text = run.providerText("item-a");
            assert.match(text, NODE_FETCH_REQUIRE);
            // local modules are inlined by value
            assert.match(text, /async function \/\*sampleRequest\*\//);
        });

        it("TRAP: a module-level `const fetch = require('node-fetch')` is NOT captured", () => {
            const text = run.providerText("trap");
            assert.doesNotMatch(text, /require\(/);
            assert.match(text, /await fetch\(/);
        });

        it("never contains the token, even when it is set while serializing", () => {
            for (const r of run.resources) {
                assert.ok(!r.providerText!.includes(token), `${r.name}: token captured`);
            }
            assert.match(run.providerText("item-a"), /process\.env\.SAMPLE_TOKEN/);
        });

        it("`??=` serializes here because this repo has typescript >= 4 (see packedInstall.test.ts for a user install)", async () => {
            const text = await serializeProvider(logicalAssignmentProvider);
            assert.match(text, /outs\.name \?\?= inputs\.name/);
            const res = await host.create(makeUrn("logical"), { __provider: text, name: "n" });
            assert.equal(res.properties.name, "n");
        });

        it("UNKNOWN is rpc.unknownValue", () => {
            assert.equal(UNKNOWN, pulumi.runtime.unknownValue);
        });
    });

    describe("lifecycle through the host", () => {
        let id: string;
        let created: Record<string, any>;

        it("check: failures carry property and reason; inputs are normalized and keep __provider", async () => {
            const bad = run.byName("bad");
            const res = await host.check(bad.urn, {}, bad.inputs);
            assert.deepEqual(res.failures, [{ property: "name", reason: "name must start with a letter and use only a-z, 0-9 and '-'" }]);

            const ok = await host.check(urn(), {}, { ...item().inputs, value: undefined });
            assert.deepEqual(ok.failures, []);
            assert.equal(ok.inputs.value, "", "check normalized the missing value");
            assert.equal(ok.inputs.__provider, item().providerText);
        });

        it("check during preview: unknown inputs, and an unknown __provider falls back to the old one", async () => {
            const res = await host.check(urn(), item().inputs, { ...item().inputs, name: UNKNOWN, __provider: UNKNOWN });
            assert.deepEqual(res.failures, []);
            assert.equal(res.inputs.name, UNKNOWN);
            assert.equal(res.inputs.__provider, UNKNOWN, "the host echoes the NEW (unknown) __provider");
        });

        it("create returns id and properties (incl. __provider); the token came from the host env", async () => {
            const res = await host.create(urn(), item().inputs);
            id = res.id;
            created = res.properties;
            assert.match(id, /^item-\d+$/);
            assert.equal(created.name, "item-a");
            assert.equal(created.value, "v1");
            assert.equal(created.tokenSeen, true);
            assert.equal(created.__provider, item().providerText);
            assert.ok(server.items.has(id));
            const post = server.log.find((l) => l.method === "POST");
            assert.equal(post?.authorization, `Bearer ${token}`);
            assert.equal(post?.userAgent, "sample-provider");
        });

        it("diff ignores __provider and reports changes / replaces / deleteBeforeReplace", async () => {
            const same = await host.diff(id, urn(), created, { ...item().inputs, __provider: created.__provider + "\n// v2" });
            assert.deepEqual(same, { changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
            const value = await host.diff(id, urn(), created, { ...item().inputs, value: "v2" });
            assert.deepEqual(value, { changes: true, replaces: [], deleteBeforeReplace: false, diffs: [] });
            const name = await host.diff(id, urn(), created, { ...item().inputs, name: "item-b" });
            assert.deepEqual(name, { changes: true, replaces: ["name"], deleteBeforeReplace: true, diffs: [] });
        });

        it("update returns new properties", async () => {
            const res = await host.update(id, urn(), created, { ...item().inputs, value: "v2" });
            assert.equal(res.properties.value, "v2");
            assert.equal(server.items.get(id)?.value, "v2");
        });

        it("read returns id, properties and inputs", async () => {
            server.items.get(id)!.value = "changed-out-of-band";
            const res = await host.read(id, urn(), created, item().inputs);
            assert.equal(res.id, id);
            assert.equal(res.properties.value, "changed-out-of-band");
            assert.deepEqual(res.inputs, { baseUrl: server.url, name: "item-a", value: "changed-out-of-band", __provider: item().providerText });
        });

        it("delete, then read returns an empty id", async () => {
            await host.delete(id, urn(), created);
            assert.equal(server.items.has(id), false);
            const res = await host.read(id, urn(), created);
            assert.equal(res.id, "");
            assert.equal(res.inputs, undefined);
        });

        it("an error with id/properties/reasons comes back as ErrorResourceInitFailed", async () => {
            const err = await host.create(urn(), { ...item().inputs, failAfterCreate: true }).then(
                () => assert.fail("create should fail"),
                (e) => e,
            );
            assert.ok(err instanceof HostError);
            assert.equal(err.method, "create");
            assert.equal(err.codeName, "UNKNOWN");
            assert.match(err.message, /was created but the follow-up step failed/);
            assert.ok(err.initFailed, "init-failed detail decoded");
            assert.match(err.initFailed.id, /^item-\d+$/);
            assert.equal(err.initFailed.properties.name, "item-a");
            assert.deepEqual(err.initFailed.reasons, ["follow-up step failed"]);
            assert.ok(server.items.has(err.initFailed.id), "the half-made object exists and is reported, not leaked");
        });

        it("a plain provider error has no init-failed detail; the host logs it", async () => {
            host.clearOutput();
            const err = await host.check(urn(), {}, { name: "x" }).then(
                () => assert.fail("check without __provider should fail"),
                (e) => e,
            );
            assert.ok(err instanceof HostError);
            assert.equal(err.initFailed, undefined);
            assert.match(err.message, /code must be a string/);
            assert.match(host.output(), /code must be a string/);
        });

        it("TRAP: returning an object with an undefined value fails with 'Unexpected struct type'", async () => {
            const err = await host.create(urn(), { ...item().inputs, returnUndefined: true }).then(
                () => assert.fail("create should fail"),
                (e) => e,
            );
            assert.ok(err instanceof HostError);
            assert.match(err.message, /Unexpected struct type/);
        });

        it("TRAP: in the host the `const fetch = require('node-fetch')` provider really runs Node's built-in fetch", async () => {
            const inProcess = await trapProvider.create({ baseUrl: server.url, name: "direct" });
            assert.equal(inProcess.outs.usedNodeFetch, true, "in this process `fetch` is node-fetch");
            const trap = run.byName("trap");
            const res = await host.create(trap.urn, trap.inputs);
            assert.equal(res.properties.usedNodeFetch, false, "in the host it is the global fetch");
        });

        it("the host output never shows the token", () => {
            assert.ok(!host.output().includes(token));
        });
    });

    describe("process-wide state in the host", () => {
        it("globalThis[Symbol.for(...)] is shared by two DIFFERENT provider texts; module state captured by value is not", async () => {
            const a = run.byName("counter-a");
            const b = run.byName("counter-b");
            assert.notEqual(a.providerText, b.providerText);
            const a1 = await host.create(a.urn, a.inputs);
            const b1 = await host.create(b.urn, b.inputs);
            const a2 = await host.create(a.urn, a.inputs);
            assert.deepEqual(
                [a1, b1, a2].map((r) => [r.properties.label, r.properties.shared, r.properties.perText, r.properties.perCallLet]),
                [
                    ["A", 1, 1, 1],
                    ["B", 2, 1, 1],
                    ["A", 3, 2, 1],
                ],
            );
            assert.ok([a1, b1, a2].every((r) => r.properties.pid === host.pid));
        });
    });

    describe("host process", () => {
        it("kill() crashes the host; later calls fail with UNAVAILABLE", async () => {
            const h = await startProviderHost();
            try {
                const info = await h.getPluginInfo();
                assert.equal(info.version, require("@pulumi/pulumi/package.json").version);
                await h.kill();
                assert.equal(h.running(), false);
                assert.equal((await h.exited).signal, "SIGKILL");
                const err = await h.check(urn(), {}, item().inputs).then(
                    () => assert.fail("call should fail"),
                    (e) => e,
                );
                assert.ok(err instanceof HostError, String(err));
                assert.equal(err.codeName, "UNAVAILABLE");
            } finally {
                await h.stop();
            }
        });

        it("configure() reaches provider.configure with project-qualified keys", async () => {
            const h = await startProviderHost({ env: { PULUMI_NODEJS_PROJECT: "proj" } });
            try {
                const provider = {
                    async configure(req: any) {
                        (globalThis as any)[Symbol.for("support-test.cfg")] = { host: req.config.get("host"), other: req.config.get("other:key") };
                    },
                    async create() {
                        return { id: "cfg", outs: { ...(globalThis as any)[Symbol.for("support-test.cfg")] } };
                    },
                };
                const text = await serializeProvider(provider);
                const res0 = await h.configure({ "proj:host": "example.test", "other:key": "k" });
                assert.equal(res0.acceptSecrets, false, "the dynamic host does not accept secrets");
                const res = await h.create(makeUrn("cfg"), { __provider: text });
                assert.deepEqual(res.properties, { host: "example.test", other: "k", __provider: text });
            } finally {
                await h.stop();
            }
        });
    });
});
