// Proves tests/support/packedInstall.ts end to end: a tiny package generated from the sample
// provider fixtures is packed, installed into a scratch consumer, serialized there (BY REFERENCE)
// and driven through the consumer's own dynamic-provider host.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { packedInstall, repoRoot, type ConsumerRun, type PackedInstall } from "./packedInstall";
import type { ProviderHost } from "./providerHost";
import { startSampleServer, type SampleServer } from "./fixtures/sampleServer";
import { SAMPLE_PACKAGE_NAME, writeSamplePackage } from "./fixtures/samplePackage";

describe("support: packed install (by-reference serialization)", function () {
    this.timeout(180_000);

    const token = `packed-token-${process.pid}-${Date.now()}`;
    let pkgDir: string;
    let install: PackedInstall;
    let server: SampleServer;
    let host: ProviderHost;
    let run: ConsumerRun;

    before(async () => {
        pkgDir = writeSamplePackage();
        server = await startSampleServer();
        const t0 = Date.now();
        install = await packedInstall({ packageDir: pkgDir, build: "never" });
        const t1 = Date.now();
        run = await install.runProgram(
            `const { SampleItem, Counter } = require(${JSON.stringify(SAMPLE_PACKAGE_NAME)});
module.exports = () => {
    new SampleItem("item-p", { baseUrl: ${JSON.stringify(server.url)}, name: "item-p", value: "v1" });
    new Counter("counter-a", "A");
    new Counter("counter-b", "B");
};
`,
            { env: { SAMPLE_TOKEN: token } },
        );
        const t2 = Date.now();
        host = await install.startHost({ env: { SAMPLE_TOKEN: token } });
        console.log(
            `      (pack ${install.timings.packMs} ms, install ${install.timings.installMs} ms, total ${t1 - t0} ms; ` +
                `program ${t2 - t1} ms; host ${Date.now() - t2} ms)`,
        );
    });

    after(async () => {
        await host?.stop();
        await server?.close();
        if (pkgDir) fs.rmSync(pkgDir, { recursive: true, force: true });
    });

    it("installs the tarball (a real copy, not a link) with the repo's pinned versions", () => {
        const installed = path.join(install.consumerDir, "node_modules", SAMPLE_PACKAGE_NAME);
        assert.equal(fs.lstatSync(installed).isSymbolicLink(), false);
        assert.ok(fs.existsSync(path.join(installed, "dist", "sampleProvider.js")));
        const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"));
        for (const dep of ["@pulumi/pulumi", "node-fetch"]) {
            const version = JSON.parse(fs.readFileSync(path.join(install.consumerDir, "node_modules", dep, "package.json"), "utf8")).version;
            assert.equal(version, lock.packages[`node_modules/${dep}`].version, dep);
        }
        assert.equal(install.hostScript, path.join(install.consumerDir, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"));
    });

    it("is cached per test process", async () => {
        assert.equal(await packedInstall({ packageDir: pkgDir, build: "never" }), install);
    });

    it("serializes the installed package's modules BY REFERENCE", () => {
        const text = run.providerText("item-p");
        assert.ok(text.includes(`require("${SAMPLE_PACKAGE_NAME}/dist/sampleHttp.js")`), text);
        assert.doesNotMatch(text, /function \/\*sampleRequest\*\//, "the helper module is not inlined");
        assert.doesNotMatch(text, /node-fetch/, "node-fetch is reached through the package module, not captured directly");
        assert.ok(!text.includes(token));
        // The provider object and its methods are still serialized by value (only MODULE objects
        // are referenced), and so is module-level state of the provider's own module:
        assert.match(text, /async function \/\*create\*\//);
        assert.match(run.providerText("counter-a"), /perText: __perText/);
    });

    it("serializeProvider() in the consumer matches the resource's __provider", async () => {
        const text = await install.serializeProvider(`${SAMPLE_PACKAGE_NAME}/dist/sampleProvider.js`, "sampleProvider");
        assert.equal(text, run.providerText("item-p"));
    });

    it("TRAP: without typescript in the project, `??=` in by-value code cannot be serialized", async () => {
        // @pulumi/pulumi parses by-value functions with require("typescript") or its vendored 3.8.3.
        assert.equal(fs.existsSync(path.join(install.consumerDir, "node_modules", "typescript")), false);
        await assert.rejects(
            install.serializeProvider(`${SAMPLE_PACKAGE_NAME}/dist/trapProvider.js`, "logicalAssignmentProvider"),
            /could not be parsed/,
        );
    });

    it("runs the full lifecycle through the consumer's host", async () => {
        const item = run.byName("item-p");
        const checked = await host.check(item.urn, {}, item.inputs);
        assert.deepEqual(checked.failures, []);
        const created = await host.create(item.urn, checked.inputs);
        assert.equal(created.properties.tokenSeen, true);
        assert.equal(server.log.at(-1)?.authorization, `Bearer ${token}`);
        const read = await host.read(created.id, item.urn, created.properties, checked.inputs);
        assert.equal(read.id, created.id);
        assert.equal(read.inputs?.value, "v1");
        const diff = await host.diff(created.id, item.urn, created.properties, { ...checked.inputs, name: "item-q" });
        assert.deepEqual(diff.replaces, ["name"]);
        await host.delete(created.id, item.urn, created.properties);
        assert.equal((await host.read(created.id, item.urn, created.properties)).id, "");
        assert.doesNotMatch(host.output(), /Error/);
    });

    it("shares globalThis state between provider texts in the consumer's host too", async () => {
        const a = run.byName("counter-a");
        const b = run.byName("counter-b");
        const a1 = await host.create(a.urn, a.inputs);
        const b1 = await host.create(b.urn, b.inputs);
        assert.equal(b1.properties.shared, a1.properties.shared + 1);
        assert.equal(b1.properties.perText, 1);
    });
});
