// Supply chain: the package runs with exactly the four production dependencies (the three of the
// design card, and tar for the trust check's archive, already in @pulumi/pulumi's tree), each pinned (version + sha512 integrity) by package-lock.json, nothing else imported by the
// shipped code, and the README says what each one is for.
import { strict as assert } from "assert";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
const THE_FOUR = ["@pulumi/aws", "@pulumi/pulumi", "node-fetch", "tar"];
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));

/** `^x.y.z` is satisfied by `v` (same major, v >= x.y.z): the only range shape the manifest may use. */
function caretSatisfied(range: string, v: string): boolean {
    const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
    const n = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
    if (!m || !n) return false;
    const [a, b] = [m.slice(1).map(Number), n.slice(1).map(Number)];
    if (a[0] !== b[0]) return false;
    for (let i = 1; i < 3; i++) if (a[i] !== b[i]) return b[i] > a[i];
    return true;
}

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? sourceFiles(p) : e.name.endsWith(".ts") ? [p] : [];
    });
}

describe("security: supply chain", () => {
    const pkg = readJson("package.json");
    const lock = readJson("package-lock.json");

    it("production dependencies are exactly @pulumi/pulumi, @pulumi/aws, node-fetch and tar (no optional or bundled ones)", () => {
        assert.deepEqual(Object.keys(pkg.dependencies ?? {}).sort(), THE_FOUR);
        for (const k of ["optionalDependencies", "bundleDependencies", "bundledDependencies"]) {
            assert.equal(pkg[k], undefined, `package.json has ${k}`);
        }
    });

    it("the other clouds' SDKs are optional peers only (installed by the users of their subpath), and pinned devDependencies", () => {
        const peers = ["@pulumi/azure-native", "@pulumi/azuread", "@pulumi/gcp", "@pulumi/vault"];
        assert.deepEqual(Object.keys(pkg.peerDependencies ?? {}).sort(), peers);
        assert.deepEqual(pkg.peerDependenciesMeta, Object.fromEntries(peers.map((p) => [p, { optional: true }])));
        for (const p of peers) {
            assert.match(pkg.peerDependencies[p], /^>=\d+\.\d+\.\d+ <\d+$/, `${p}: a bounded range`);
            assert.match(pkg.devDependencies[p], /^\d+\.\d+\.\d+$/, `${p}: an exact devDependency`);
        }
        for (const [name, range] of Object.entries<string>(pkg.dependencies)) {
            assert.match(range, /^\^\d+\.\d+\.\d+$/, `${name}: a plain caret range, no URL, tag, git or file dependency`);
        }
    });

    it("package-lock.json's root entry matches package.json, and pins each of the four with a version and a sha512 integrity", () => {
        assert.ok(lock.lockfileVersion >= 2, "a lockfile v2+ (packages map)");
        const root = lock.packages[""];
        assert.equal(root.name, pkg.name);
        assert.equal(root.version, pkg.version);
        assert.deepEqual(root.dependencies, pkg.dependencies);
        assert.deepEqual(root.devDependencies, pkg.devDependencies);
        for (const name of THE_FOUR) {
            const entry = lock.packages[`node_modules/${name}`];
            assert.ok(entry, `${name} is not in the lock file`);
            assert.match(entry.version, /^\d+\.\d+\.\d+$/, `${name}: exact version`);
            assert.ok(caretSatisfied(pkg.dependencies[name], entry.version), `${name}: ${entry.version} does not satisfy ${pkg.dependencies[name]}`);
            assert.match(entry.integrity ?? "", /^sha512-[A-Za-z0-9+/]{86}==$/, `${name}: sha512 integrity`);
            assert.notEqual(entry.dev, true, `${name} is marked dev`);
            if (entry.resolved !== undefined) assert.match(entry.resolved, /^https:\/\/registry\.npmjs\.org\//, `${name}: resolved from the npm registry`);
            // What is installed (and what the tests ran) is what the lock pins.
            assert.equal(readJson(`node_modules/${name}/package.json`).version, entry.version, `${name}: installed version differs from the lock`);
        }
    });

    it("every package the production dependencies pull in is pinned with an integrity hash", () => {
        const unpinned = Object.entries<any>(lock.packages)
            .filter(([k, v]) => k !== "" && !v.dev && !v.link)
            .filter(([, v]) => !/^\d+\.\d+\.\d+/.test(v.version ?? "") || !/^sha(512|1)-/.test(v.integrity ?? ""))
            .map(([k]) => k);
        assert.deepEqual(unpinned, []);
    });

    it("the shipped code (src/) imports only Node built-ins, its own modules and the four dependencies", () => {
        const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
        const outside: string[] = [];
        for (const file of sourceFiles(path.join(ROOT, "src"))) {
            // The compiler's own scanner: imports, `import x = require()`, require() and import() calls, not comments.
            const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
            const specs = info.importedFiles.map((f) => f.fileName);
            for (const spec of specs) {
                if (spec.startsWith(".") || builtins.has(spec)) continue;
                const pkgName = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
                // An optional peer cloud SDK, only from its own cloud's folder (src/clouds/<cloud>/).
                const inCloud = (cloud: string) => path.relative(ROOT, file).startsWith(path.join("src", "clouds", cloud) + path.sep);
                const peer =
                    (pkgName === "@pulumi/gcp" && inCloud("gcp")) ||
                    ((pkgName === "@pulumi/azuread" || pkgName === "@pulumi/azure-native") && inCloud("azure")) ||
                    (pkgName === "@pulumi/vault" && inCloud("vault"));
                if (!THE_FOUR.includes(pkgName) && !peer) outside.push(`${path.relative(ROOT, file)}: ${spec}`);
            }
        }
        assert.deepEqual(outside, []);
    });

    it('README.md lists each dependency with its purpose in a "Dependencies" section', () => {
        const readmePath = path.join(ROOT, "README.md");
        assert.ok(fs.existsSync(readmePath), "README.md is missing");
        const readme = fs.readFileSync(readmePath, "utf8");
        const heading = /^(#{1,6})\s+Dependencies\b.*$/im.exec(readme);
        assert.ok(heading, 'README.md has no "Dependencies" heading');
        const level = heading[1].length;
        const rest = readme.slice(heading.index + heading[0].length);
        const next = new RegExp(`^#{1,${level}}\\s`, "m").exec(rest);
        const section = next ? rest.slice(0, next.index) : rest;
        for (const name of THE_FOUR) {
            const line = section.split("\n").find((l) => l.includes(name));
            assert.ok(line, `the Dependencies section does not mention ${name}`);
            // A purpose: more than the bare name on its line.
            assert.ok(line.replace(/[`*|\-\s]/g, "").replace(name.replace(/[`*|\-\s]/g, ""), "").length >= 10, `no purpose given for ${name}: ${line}`);
        }
    });
});
