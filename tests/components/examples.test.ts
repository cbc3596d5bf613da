// Every example type-checks (against src, through the tsconfig `paths` mapping of
// "hcp-oidc-federation") and runs under setMocks registering the expected resources.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { requireFresh } from "../support/mocks";
import { ACCOUNT, T, isolateHostEnv, outputOf, run } from "./harness";

const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLES = path.join(ROOT, "examples");
const EXAMPLE_NAMES = ["single-workspace", "many-workspaces", "variable-set", "bring-your-own-role", "split-phases", "terraform-enterprise", "hyok"];

/** One federation of one workspace with the defaults: the shared provider, a role, its EC2 policy, the workspace look-up, one variable group. */
const ONE_WORKSPACE: Record<string, number> = {
    [T.federation]: 1,
    [T.oidcProviderComponent]: 1,
    [T.oidcProvider]: 1,
    [T.role]: 1,
    [T.rolePolicy]: 1,
    [T.workspace]: 1,
    [T.variableGroup]: 1,
};

/** Resource count per type each example must register (types not listed: none). */
const EXPECTED: Record<string, Record<string, number>> = {
    // createWorkspace: the Workspace resource may create it.
    "single-workspace": ONE_WORKSPACE,
    "many-workspaces": {
        [T.federation]: 3,
        [T.oidcProviderComponent]: 1,
        [T.oidcProvider]: 1,
        [T.role]: 3,
        [T.attachment]: 3,
        [T.workspace]: 3,
        // removeStaticAwsCredentials is done by each group (removeKeys): no removal child.
        [T.variableGroup]: 3,
    },
    "variable-set": {
        [T.federation]: 1,
        [T.oidcProviderComponent]: 1,
        [T.oidcProvider]: 1,
        [T.role]: 1,
        [T.rolePolicy]: 1,
        [T.workspace]: 3,
        [T.variableSet]: 1,
        [T.variableSetVariable]: 2,
        // One attachment resource for the list.
        [T.variableSetWorkspaces]: 1,
    },
    // List mode with an existing role: one set of the two variables, attached to the three workspaces.
    "bring-your-own-role": {
        [T.federation]: 1,
        [T.workspace]: 3,
        [T.variableSet]: 1,
        [T.variableSetVariable]: 2,
        [T.variableSetWorkspaces]: 1,
    },
    "split-phases": {
        [T.federation]: 1,
        [T.oidcProviderComponent]: 1,
        [T.oidcProvider]: 1,
        [T.role]: 2,
        [T.rolePolicy]: 2,
        // The pinned project is checked through the Workspace resource.
        [T.workspace]: 1,
        [T.variableGroup]: 1,
    },
    "terraform-enterprise": ONE_WORKSPACE,
    hyok: {
        "aws:kms/key:Key": 1,
        [T.federation]: 1,
        [T.oidcProviderComponent]: 1,
        [T.oidcProvider]: 1,
        [T.role]: 2,
        [T.rolePolicy]: 2,
        [T.workspace]: 1,
        [T.variableGroup]: 1,
        [T.awsOidcConfiguration]: 1,
        [T.azureOidcConfiguration]: 1,
        [T.gcpOidcConfiguration]: 1,
        [T.vaultOidcConfiguration]: 1,
    },
};

/** Maps the package's own name to src while examples run (tsconfig `paths` does it for tsc only). */
function aliasPackageToSrc(): () => void {
    const Module = require("node:module");
    const original = Module._resolveFilename;
    const target = path.join(ROOT, "src", "index.ts");
    Module._resolveFilename = function (request: string, ...rest: unknown[]) {
        return original.call(this, request === "hcp-oidc-federation" ? target : request, ...rest);
    };
    return () => {
        Module._resolveFilename = original;
    };
}

describe("examples", function () {
    isolateHostEnv();
    const savedOrg = process.env.TFE_ORGANIZATION;
    before(() => delete process.env.TFE_ORGANIZATION);
    after(() => {
        if (savedOrg !== undefined) process.env.TFE_ORGANIZATION = savedOrg;
    });

    it("there is one folder per path, each with index.ts and Pulumi.yaml; the root Pulumi.yaml runs single-workspace", () => {
        // The cloud subpaths' examples (examples/<cloud>) are tested with their cloud (tests/clouds/<cloud>/example.test.ts).
        const found = fs.readdirSync(EXAMPLES).filter((d) => fs.statSync(path.join(EXAMPLES, d)).isDirectory() && !["azure", "gcp", "vault"].includes(d));
        assert.deepEqual(found.sort(), [...EXAMPLE_NAMES].sort());
        for (const name of EXAMPLE_NAMES) {
            assert.ok(fs.existsSync(path.join(EXAMPLES, name, "index.ts")), `${name}/index.ts`);
            const yaml = fs.readFileSync(path.join(EXAMPLES, name, "Pulumi.yaml"), "utf8");
            assert.match(yaml, /^runtime: nodejs$/m);
            assert.match(yaml, new RegExp(`^name: hcp-oidc-${name}$`, "m"));
            assert.match(fs.readFileSync(path.join(EXAMPLES, name, "index.ts"), "utf8"), /from "hcp-oidc-federation"/);
        }
        const root = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
        assert.match(root, /^name: hcp-oidc-federation$/m);
        assert.match(root, /^runtime: nodejs$/m);
        assert.match(root, /^main: examples\/single-workspace$/m);
    });

    it("type-check (tsc --noEmit with the project's tsconfig)", function () {
        this.timeout(60000);
        const configPath = path.join(ROOT, "tsconfig.json");
        const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
        });
        assert.ok(parsed);
        const roots = EXAMPLE_NAMES.map((n) => path.join(EXAMPLES, n, "index.ts"));
        const program = ts.createProgram(roots, { ...parsed.options, noEmit: true });
        const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => !d.file || d.file.fileName.startsWith(EXAMPLES) || d.file.fileName.includes("/src/components/"));
        const text = diagnostics.map((d) => {
            const where = d.file && d.start !== undefined ? `${path.relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : "";
            return where + ts.flattenDiagnosticMessageText(d.messageText, "\n");
        });
        assert.deepEqual(text, []);
        // The examples really resolve "hcp-oidc-federation" to src through `paths`.
        assert.ok(program.getSourceFile(path.join(ROOT, "src", "index.ts")));
    });

    describe("each example under setMocks", () => {
        let restore: () => void;
        before(() => (restore = aliasPackageToSrc()));
        after(() => restore());

        for (const name of EXAMPLE_NAMES) {
            it(`${name} registers the expected resources`, async () => {
                const r = await run(() => requireFresh(path.join(EXAMPLES, name, "index.ts")));
                const counts: Record<string, number> = {};
                for (const res of r.resources) counts[res.type] = (counts[res.type] ?? 0) + 1;
                assert.deepEqual(counts, EXPECTED[name]);
                // Every child of a federation is parented to it.
                for (const res of r.resources.filter((x) => x.type !== T.federation && x.urn.includes(`${T.federation}$`))) {
                    assert.ok(res.parent?.includes(T.federation), `${res.name} parented to its federation`);
                }
                const exports = r.result as Record<string, unknown>;
                assert.ok(Object.keys(exports).length > 0, "the program exports outputs");
                // Bring your own role: no AWS calls at all (not even the account / partition invokes).
                if (name === "bring-your-own-role") assert.deepEqual(r.calls, []);
            });
        }

        it("single-workspace: exports the role ARN and the verified trust for the configured workspace", async () => {
            const r = await run(() => requireFresh(path.join(EXAMPLES, "single-workspace", "index.ts")), {
                config: { "project:organization": "acme", "project:workspace": "demo" },
            });
            const m = r.result as any;
            assert.equal(await outputOf(m.roleArn), `arn:aws:iam::${ACCOUNT}:role/tfc-demo-oidc`);
            assert.equal(
                JSON.parse(await outputOf(m.trustPolicy)).Statement[0].Condition.StringLike["app.terraform.io:sub"],
                "organization:acme:project:*:workspace:demo:run_phase:*",
            );
            assert.equal(r.byName("app-workspace", T.workspace).inputs.createIfMissing, true);
        });

        it("terraform-enterprise: the trust and the provider use the TFE host", async () => {
            const r = await run(() => requireFresh(path.join(EXAMPLES, "terraform-enterprise", "index.ts")));
            assert.equal(r.ofType(T.oidcProvider)[0].inputs.url, "https://tfe.example.com");
            assert.ok(Object.keys(JSON.parse(r.byName("tfe-app-role", T.role).inputs.assumeRolePolicy).Statement[0].Condition.StringLike)[0].startsWith("tfe.example.com:"));
        });
    });
});
