import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { importClosure } from "../support/imports";

const ROOT = path.resolve(__dirname, "../..");
const VERIFY = "src/cli/verify.ts";

/** Every module specifier a TypeScript file imports or requires. */
function specifiers(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const found: string[] = [];
    for (const re of [/\bfrom\s+["']([^"']+)["']/g, /\bimport\s+["']([^"']+)["']/g, /\brequire\(\s*["']([^"']+)["']\s*\)/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g]) {
        for (const m of text.matchAll(re)) found.push(m[1]);
    }
    return found;
}

function tsFiles(dir: string): string[] {
    return fs
        .readdirSync(path.join(ROOT, dir))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => path.join(ROOT, dir, f));
}

describe("policies/purity", () => {
    it("src/policies imports only its own modules (no pulumi, no node, nothing outside the folder)", () => {
        const files = tsFiles("src/policies");
        assert.ok(files.length >= 5);
        for (const file of files) {
            for (const spec of specifiers(file)) {
                assert.match(spec, /^\.\/[A-Za-z0-9]+$/, `${path.relative(ROOT, file)} imports ${spec}`);
            }
        }
    });

    it("src/cli, up to the lazily loaded verify command, reaches only src/cli, src/policies, the pure src/clouds builders and Node's fs", () => {
        const { files, packages } = importClosure("src/cli/main.ts", [VERIFY]);
        assert.deepStrictEqual(packages, ["fs"]);
        for (const file of files.filter((f) => f !== VERIFY)) assert.match(file, /^src\/(cli|policies|clouds)\//, `the CLI reaches ${file}`);
        for (const file of tsFiles("src/cli")) assert.ok(files.includes(path.relative(ROOT, file)), `${path.relative(ROOT, file)} is not reached from main.ts`);
    });

    it("src/cli/main.ts loads ./verify only lazily (a require() for the verify command, no top-level import)", () => {
        const main = fs.readFileSync(path.join(ROOT, "src/cli/main.ts"), "utf8");
        assert.ok(specifiers(path.join(ROOT, "src/cli/main.ts")).includes("./verify"), "main.ts does not load ./verify");
        assert.ok(!/^import .*["']\.\/verify["']/m.test(main), "./verify is imported at the top of main.ts");
        assert.match(main, /require\("\.\/verify"\)/);
    });

    it("src/cli/verify.ts reaches HCP Terraform only through src/checks and src/hcp (and the pure src/policies they use)", () => {
        assert.deepStrictEqual(specifiers(path.join(ROOT, VERIFY)).sort(), ["../checks", "../hcp", "./main"]);
        const { files } = importClosure(VERIFY, ["src/cli/main.ts"]);
        for (const file of files) assert.match(file, /^src\/(cli\/(verify|main)\.ts$|checks\/|hcp\/|policies\/)/, `verify reaches ${file}`);
    });
});
