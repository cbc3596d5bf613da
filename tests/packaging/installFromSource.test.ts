// The package is not on the npm registry: a user installs it from a clone or a git URL, in one
// command. Both go through the `prepare` script, which builds dist/ (a git install first installs
// the package's dev dependencies in a temporary clone, as npm does for any git dependency).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../support/packedInstall";

/** Runs npm in `cwd` without the npm_* variables of the `npm test` running this. */
function npm(args: string[], cwd: string, timeoutMs: number): { status: number | null; out: string } {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (!/^npm_/i.test(k) || /^npm_config_(cache|registry|userconfig)$/i.test(k)) env[k] = v;
    }
    const r = spawnSync("npm", args, { cwd, env, encoding: "utf8", timeout: timeoutMs });
    return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

function consumer(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "0.0.0", private: true }));
    return dir;
}

/** What a user's program does first: load the package and construct a resource class. */
function loads(dir: string): string {
    return execFileSync(
        process.execPath,
        ["-e", `const p = require("hcp-oidc-federation"); console.log(typeof p.WorkspaceOidcFederation, typeof p.Workspace, require("hcp-oidc-federation/package.json").version)`],
        { cwd: dir, encoding: "utf8" },
    ).trim();
}

describe("packaging: installed from source in one command (prepare builds dist)", function () {
    this.timeout(900_000);
    const version = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version;
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("declares prepare = build, so every install from source builds dist/", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
        assert.equal(pkg.scripts.prepare, "npm run build");
        assert.deepEqual(pkg.files, ["dist/**/*.js", "dist/**/*.d.ts", "README.md"]);
    });

    it("npm install --install-links <folder of a clone>: a real copy, built, with the consumer's own @pulumi/pulumi", () => {
        const dir = consumer("install-folder-");
        dirs.push(dir);
        const r = npm(["install", "--install-links", "--no-audit", "--no-fund", "--prefer-offline", repoRoot], dir, 600_000);
        assert.equal(r.status, 0, r.out);
        const installed = path.join(dir, "node_modules", "hcp-oidc-federation");
        assert.equal(fs.lstatSync(installed).isSymbolicLink(), false, "a copy, not a link to the clone");
        assert.ok(fs.existsSync(path.join(installed, "dist", "index.js")));
        assert.ok(!fs.existsSync(path.join(installed, "src")), "only dist/ and the README are shipped");
        assert.equal(loads(dir), `function function ${version}`);
    });

    it("npm install git+file://<clone>: npm clones, installs the dev dependencies, runs prepare, installs the build", () => {
        // What was committed is what a git URL installs: a clone of HEAD.
        const source = fs.mkdtempSync(path.join(os.tmpdir(), "install-git-source-"));
        dirs.push(source);
        execFileSync("git", ["clone", "--quiet", "--depth", "1", `file://${repoRoot}`, source]);
        const dir = consumer("install-git-");
        dirs.push(dir);
        const r = npm(["install", "--no-audit", "--no-fund", "--prefer-offline", `git+file://${source}`], dir, 840_000);
        assert.equal(r.status, 0, r.out);
        assert.ok(fs.existsSync(path.join(dir, "node_modules", "hcp-oidc-federation", "dist", "index.js")));
        assert.equal(loads(dir), `function function ${version}`);
    });
});
