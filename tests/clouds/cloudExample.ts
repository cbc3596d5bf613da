// What every cloud's example test checks (examples/<cloud>): a Pulumi.yaml and an index.ts that
// imports hcp-oidc-federation/<cloud>; it type-checks with the project's tsconfig (its `paths`
// map the subpath to src/<cloud>.ts); and it runs under setMocks with the subpath mapped to src.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { requireFresh } from "../support/mocks";
import { isolateHostEnv } from "../components/harness";

const ROOT = path.resolve(__dirname, "..", "..");

/** Maps the package's `<cloud>` subpath to src while the example runs (tsconfig `paths` does it for tsc only). */
function aliasSubpathToSrc(cloud: string): () => void {
    const Module = require("node:module");
    const original = Module._resolveFilename;
    const target = path.join(ROOT, "src", `${cloud}.ts`);
    Module._resolveFilename = function (request: string, ...rest: unknown[]) {
        return original.call(this, request === `hcp-oidc-federation/${cloud}` ? target : request, ...rest);
    };
    return () => {
        Module._resolveFilename = original;
    };
}

/**
 * The example's suite: the files, the type check, and `underMocks` (its own `it`s), which get
 * `load()`: the example's module, freshly required with the subpath mapped to src.
 */
export function describeCloudExample(cloud: string, underMocks: (load: () => unknown) => void): void {
    const example = path.join(ROOT, "examples", cloud);
    describe(`examples/${cloud}`, function () {
        isolateHostEnv();
        const savedOrg = process.env.TFE_ORGANIZATION;
        before(() => delete process.env.TFE_ORGANIZATION);
        after(() => {
            if (savedOrg !== undefined) process.env.TFE_ORGANIZATION = savedOrg;
        });

        it(`has index.ts importing hcp-oidc-federation/${cloud} and a Pulumi.yaml`, () => {
            const yaml = fs.readFileSync(path.join(example, "Pulumi.yaml"), "utf8");
            assert.match(yaml, /^runtime: nodejs$/m);
            assert.match(yaml, new RegExp(`^name: hcp-oidc-${cloud}$`, "m"));
            assert.ok(fs.readFileSync(path.join(example, "index.ts"), "utf8").includes(`from "hcp-oidc-federation/${cloud}"`));
        });

        it("type-checks (tsc --noEmit with the project's tsconfig)", function () {
            this.timeout(60000);
            const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, {
                ...ts.sys,
                onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
            });
            assert.ok(parsed);
            const program = ts.createProgram([path.join(example, "index.ts")], { ...parsed.options, noEmit: true });
            const text = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
            assert.deepEqual(text, []);
            assert.ok(program.getSourceFile(path.join(ROOT, "src", `${cloud}.ts`)), `resolved to src/${cloud}.ts`);
        });

        describe("under setMocks", () => {
            let restore: () => void;
            before(() => (restore = aliasSubpathToSrc(cloud)));
            after(() => restore());
            underMocks(() => requireFresh(path.join(example, "index.ts")));
        });
    });
}
