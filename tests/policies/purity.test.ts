import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { importClosure } from "../support/imports";

const ROOT = path.resolve(__dirname, "../..");

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

    it("src/cli reaches only src/cli, src/policies, the pure src/clouds builders and Node's fs", () => {
        const { files, packages } = importClosure("src/cli/main.ts");
        assert.deepStrictEqual(packages, ["fs"]);
        for (const file of files) assert.match(file, /^src\/(cli|policies|clouds)\//, `the CLI reaches ${file}`);
        for (const file of tsFiles("src/cli")) assert.ok(files.includes(path.relative(ROOT, file)), `${path.relative(ROOT, file)} is not reached from main.ts`);
    });
});
