// What every cloud's example test checks (examples/<cloud>): its Pulumi.yaml and its import of
// "hcp-oidc-federation/<cloud>", that it type-checks against src (through the tsconfig `paths`
// mapping), and, around the cloud's own checks under setMocks, the subpath mapped to src/<cloud>.ts
// (tsconfig `paths` does it for tsc only).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { isolateHostEnv } from "../components/harness";

const ROOT = path.resolve(__dirname, "..", "..");

/** Maps `hcp-oidc-federation/<cloud>` to src/<cloud>.ts until the returned function is called. */
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

/** The `examples/<cloud>` suite: the file and type checks, then `underMocks(exampleDir)` with the subpath mapped to src. */
export function describeCloudExample(cloud: string, underMocks: (example: string) => void): void {
    const example = path.join(ROOT, "examples", cloud);
    describe(`examples/${cloud}`, function () {
        isolateHostEnv();
        const savedOrg = process.env.TFE_ORG;
        before(() => delete process.env.TFE_ORG);
        after(() => {
            if (savedOrg !== undefined) process.env.TFE_ORG = savedOrg;
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
            underMocks(example);
        });
    });
}
