import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

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

    it("src/cli/main.ts imports only src/policies, Node built-ins, and (loaded lazily, for the verify command only) ./verify", () => {
        for (const spec of specifiers(path.join(ROOT, "src/cli/main.ts"))) {
            assert.ok(spec === "../policies" || spec === "fs" || spec === "./verify", `src/cli/main.ts imports ${spec}`);
        }
        const main = fs.readFileSync(path.join(ROOT, "src/cli/main.ts"), "utf8");
        assert.ok(!/^import .*["']\.\/verify["']/m.test(main), "./verify is not imported at the top of main.ts");
    });

    it("src/cli/verify.ts reaches HCP Terraform only through src/checks and src/hcp", () => {
        for (const spec of specifiers(path.join(ROOT, "src/cli/verify.ts"))) {
            assert.ok(["../checks", "../hcp", "./main"].includes(spec), `src/cli/verify.ts imports ${spec}`);
        }
        assert.deepEqual(tsFiles("src/cli").map((f) => path.basename(f)).sort(), ["main.ts", "verify.ts"]);
    });
});
