// The import graph of the package's TypeScript sources, for purity tests (which modules a file
// reaches through relative imports, and which packages it names).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/** Every module specifier a TypeScript file imports or requires (type-only imports included). */
export function specifiers(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const found: string[] = [];
    for (const re of [/\bfrom\s+["']([^"']+)["']/g, /\bimport\s+["']([^"']+)["']/g, /\brequire\(\s*["']([^"']+)["']\s*\)/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g]) {
        for (const m of text.matchAll(re)) found.push(m[1]);
    }
    return found;
}

/**
 * The files reachable from `entry` (relative to the repository root) through relative imports, and the bare
 * specifiers met on the way. Files in `stopAt` (relative to the root) are listed when reached but not followed.
 */
export function importClosure(entry: string, stopAt: readonly string[] = []): { files: string[]; packages: string[] } {
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string): void => {
        if (files.has(file)) return;
        files.add(file);
        if (stopAt.includes(path.relative(ROOT, file))) return;
        for (const spec of specifiers(file)) {
            if (!spec.startsWith(".")) {
                packages.add(spec);
                continue;
            }
            const base = path.resolve(path.dirname(file), spec);
            const target = [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f));
            assert.ok(target, `${path.relative(ROOT, file)} imports ${spec}, which does not resolve`);
            visit(target);
        }
    };
    visit(path.join(ROOT, entry));
    return { files: [...files].map((f) => path.relative(ROOT, f)).sort(), packages: [...packages].sort() };
}
