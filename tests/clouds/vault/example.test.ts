// examples/vault type-checks (against src, through the tsconfig `paths` mapping of
// "hcp-oidc-federation/vault") and runs under setMocks registering exactly the expected resources.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { requireFresh } from "../../support/mocks";
import { V, isolateHostEnv, outputOf, run } from "./harness";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const EXAMPLE = path.join(ROOT, "examples", "vault");

/** Maps the package's vault subpath to src while the example runs (tsconfig `paths` does it for tsc only). */
function aliasSubpathToSrc(): () => void {
    const Module = require("node:module");
    const original = Module._resolveFilename;
    const target = path.join(ROOT, "src", "vault.ts");
    Module._resolveFilename = function (request: string, ...rest: unknown[]) {
        return original.call(this, request === "hcp-oidc-federation/vault" ? target : request, ...rest);
    };
    return () => {
        Module._resolveFilename = original;
    };
}

describe("examples/vault", function () {
    isolateHostEnv();
    const savedOrg = process.env.TFE_ORG;
    before(() => delete process.env.TFE_ORG);
    after(() => {
        if (savedOrg !== undefined) process.env.TFE_ORG = savedOrg;
    });

    it("has index.ts importing hcp-oidc-federation/vault and a Pulumi.yaml", () => {
        const yaml = fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8");
        assert.match(yaml, /^runtime: nodejs$/m);
        assert.match(yaml, /^name: hcp-oidc-vault$/m);
        assert.match(fs.readFileSync(path.join(EXAMPLE, "index.ts"), "utf8"), /from "hcp-oidc-federation\/vault"/);
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
        assert.ok(program.getSourceFile(path.join(ROOT, "src", "vault.ts")), "resolved to src/vault.ts");
    });

    describe("under setMocks", () => {
        let restore: () => void;
        before(() => (restore = aliasSubpathToSrc()));
        after(() => restore());

        it("registers the two federations' resources, one shared backend, and exports the role names", async () => {
            const r = await run(() => requireFresh(path.join(EXAMPLE, "index.ts")), { config: { "project:organization": "acme", "project:namespace": "admin" } });
            const counts: Record<string, number> = {};
            for (const res of r.resources) counts[res.type] = (counts[res.type] ?? 0) + 1;
            assert.deepEqual(counts, {
                [V.federation]: 2,
                [V.workspace]: 3,
                [V.backend]: 1,
                [V.policy]: 3,
                [V.role]: 3,
                [V.variableGroup]: 1,
                [V.variableSet]: 1,
                [V.variableSetVariable]: 4,
                [V.variableSetWorkspaces]: 1,
            });
            const m = r.result as any;
            assert.equal(await outputOf(m.planRole), "tfc-app-prod-plan");
            assert.equal(await outputOf(m.applyRole), "tfc-app-prod-apply");
            assert.equal(await outputOf(m.networkRole), "tfc-network");
            assert.equal(await outputOf(m.authPath), "jwt");
            assert.equal(r.ofType(V.backend)[0].inputs.namespace, "admin");
            assert.deepEqual(r.byName("network-role").inputs.tokenPolicies, ["tfc-network", "network-read"]);
            // removeStaticCredentials on one workspace: in the group itself.
            assert.deepEqual(r.byName("app-variables").inputs.removeKeys, ["VAULT_TOKEN"]);
        });
    });
});
