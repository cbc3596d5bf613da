// examples/gcp type-checks (against src, through the tsconfig `paths` mapping of
// "hcp-oidc-federation/gcp") and runs under setMocks registering exactly the expected resources.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { requireFresh } from "../../support/mocks";
import { G, POOL_BASE, isolateHostEnv, outputOf, run } from "./harness";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const EXAMPLE = path.join(ROOT, "examples", "gcp");

/** Maps the package's gcp subpath to src while the example runs (tsconfig `paths` does it for tsc only). */
function aliasSubpathToSrc(): () => void {
    const Module = require("node:module");
    const original = Module._resolveFilename;
    const target = path.join(ROOT, "src", "gcp.ts");
    Module._resolveFilename = function (request: string, ...rest: unknown[]) {
        return original.call(this, request === "hcp-oidc-federation/gcp" ? target : request, ...rest);
    };
    return () => {
        Module._resolveFilename = original;
    };
}

describe("examples/gcp", function () {
    isolateHostEnv();
    const savedOrg = process.env.TFE_ORGANIZATION;
    before(() => delete process.env.TFE_ORGANIZATION);
    after(() => {
        if (savedOrg !== undefined) process.env.TFE_ORGANIZATION = savedOrg;
    });

    it("has index.ts importing hcp-oidc-federation/gcp and a Pulumi.yaml", () => {
        const yaml = fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8");
        assert.match(yaml, /^runtime: nodejs$/m);
        assert.match(yaml, /^name: hcp-oidc-gcp$/m);
        assert.match(fs.readFileSync(path.join(EXAMPLE, "index.ts"), "utf8"), /from "hcp-oidc-federation\/gcp"/);
    });

    it("type-checks (tsc --noEmit with the project's tsconfig)", function () {
        this.timeout(60000);
        const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
        });
        assert.ok(parsed);
        const program = ts.createProgram([path.join(EXAMPLE, "index.ts")], { ...parsed.options, noEmit: true });
        const text = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        assert.deepEqual(text, []);
        assert.ok(program.getSourceFile(path.join(ROOT, "src", "gcp.ts")), "resolved to src/gcp.ts");
    });

    describe("under setMocks", () => {
        let restore: () => void;
        before(() => (restore = aliasSubpathToSrc()));
        after(() => restore());

        it("registers the two federations' resources, one shared pool and provider, and exports the emails and the provider", async () => {
            const r = await run(() => requireFresh(path.join(EXAMPLE, "index.ts")), { config: { "project:organization": "acme", "project:gcpProject": "acme-prod" } });
            const counts: Record<string, number> = {};
            for (const res of r.resources) counts[res.type] = (counts[res.type] ?? 0) + 1;
            assert.deepEqual(counts, {
                [G.federation]: 2,
                [G.workspace]: 3,
                [G.pool]: 1,
                [G.provider]: 1,
                [G.account]: 3,
                [G.saMember]: 4,
                [G.projectMember]: 4,
                [G.variableGroup]: 1,
                [G.variableSet]: 1,
                [G.variableSetVariable]: 3,
                [G.variableSetWorkspaces]: 1,
            });
            const m = r.result as any;
            assert.equal(await outputOf(m.planServiceAccount), "tfc-app-prod-plan@acme-prod.iam.gserviceaccount.com");
            assert.equal(await outputOf(m.applyServiceAccount), "tfc-app-prod-apply@acme-prod.iam.gserviceaccount.com");
            assert.equal(await outputOf(m.networkServiceAccount), "tfc-network@acme-prod.iam.gserviceaccount.com");
            const provider = `${POOL_BASE("acme-prod")}/tfc-acme/providers/tfc-app-terraform-io`;
            assert.equal(await outputOf(m.workloadProviderName), provider);
            assert.equal(await outputOf(m.audience), `//iam.googleapis.com/${provider}`);
            // removeStaticCredentials on one workspace: in the group itself.
            assert.deepEqual(r.byName("app-variables").inputs.removeKeys, ["GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"]);
        });
    });
});
