// The cloud trust builders are pure: from each of them, following relative imports, nothing but
// src/policies and src/clouds is reached, and no package at all (no @pulumi/azuread, @pulumi/gcp,
// @pulumi/vault, not even Node built-ins), so the main entry and the CLI can use them without the
// cloud SDKs installed.
import { strict as assert } from "assert";
import { importClosure } from "../../support/imports";

const PURE_CLOUD_MODULES = [
    "src/clouds/variableKeys.ts",
    "src/clouds/issuer.ts",
    "src/clouds/aws/variables.ts",
    "src/clouds/azure/names.ts",
    "src/clouds/azure/trust.ts",
    "src/clouds/azure/variables.ts",
    "src/clouds/gcp/names.ts",
    "src/clouds/gcp/trust.ts",
    "src/clouds/gcp/bindings.ts",
    "src/clouds/gcp/defaultIds.ts",
    "src/clouds/gcp/variables.ts",
    "src/clouds/vault/names.ts",
    "src/clouds/vault/policy.ts",
    "src/clouds/vault/trust.ts",
    "src/clouds/vault/variables.ts",
];

describe("clouds/purity", () => {
    for (const entry of PURE_CLOUD_MODULES) {
        it(`${entry} reaches no package and nothing outside src/policies and src/clouds`, () => {
            const { files, packages } = importClosure(entry);
            assert.deepStrictEqual(packages, []);
            for (const f of files) assert.match(f, /^src\/(policies|clouds)\//, `${entry} reaches ${f}`);
        });
    }

    for (const evaluator of ["tests/support/clouds/entra.ts", "tests/support/clouds/gcpFederation.ts", "tests/support/clouds/vaultJwt.ts", "tests/support/clouds/runTokens.ts"]) {
        it(`${evaluator} is independent of src/ (the emulator may reuse it)`, () => {
            const { files, packages } = importClosure(evaluator);
            for (const f of files) assert.match(f, /^tests\/support\//, `${evaluator} reaches ${f}`);
            assert.deepStrictEqual(packages, evaluator.endsWith("gcpFederation.ts") ? ["@bufbuild/cel"] : []);
        });
    }
});
