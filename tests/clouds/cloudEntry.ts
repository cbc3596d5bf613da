// What every cloud's subpath entry test checks (hcp-oidc-federation/<cloud>): only src/clouds/<cloud>/
// and src/<cloud>.ts import the cloud's SDK, the main entry reaches neither (types included), the
// entry checks the peer first; from the packed tarball, without the SDK the main entry loads and
// the subpath says what to install, and the published .d.ts name only the SDK's root module.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { importClosure, specifiers } from "../support/imports";
import { packedInstall, repoRoot, type PackedInstall } from "../support/packedInstall";

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
    });
}

/** Registers the checks above for `cloud` ("gcp") and its SDK ("@pulumi/gcp"), inside the caller's describe. */
export function cloudEntryChecks(cloud: string, sdk: string): void {
    it(`only src/clouds/${cloud}/ and src/${cloud}.ts import ${sdk}; the main entry reaches neither`, () => {
        const importers = sourceFiles(path.join(repoRoot, "src"))
            .filter((f) => specifiers(f).some((s) => s === sdk || s.startsWith(`${sdk}/`)))
            .map((f) => path.relative(repoRoot, f));
        assert.ok(importers.length > 0);
        for (const f of importers) assert.ok(f.startsWith(`src/clouds/${cloud}/`), `${f} imports ${sdk}`);
        const main = importClosure("src/index.ts");
        assert.ok(!main.packages.some((p) => p.startsWith(sdk)), `the main entry names ${sdk}`);
        assert.deepEqual(main.files.filter((f) => f.includes(`clouds/${cloud}`) || f.endsWith(`src/${cloud}.ts`)), []);
        assert.ok(importClosure(`src/${cloud}.ts`).packages.includes(sdk));
        const entry = fs.readFileSync(path.join(repoRoot, "src", `${cloud}.ts`), "utf8");
        assert.ok(entry.indexOf(`requirePeer("${sdk}"`) < entry.indexOf("export "), "the peer is checked before anything is loaded");
    });

    it(`from the packed tarball without ${sdk}: the main entry loads, the subpath says what to install; the .d.ts name only the SDK's root`, async () => {
        const install = await packedInstall();
        assert.ok(!fs.existsSync(path.join(install.consumerDir, "node_modules", ...sdk.split("/"))), `no ${sdk} in the consumer`);
        const out = await install.runScript(`
            require("hcp-oidc-federation");
            try { require("hcp-oidc-federation/${cloud}"); console.log("loaded"); } catch (err) { console.log(err.message); }
        `);
        assert.equal(out.code, 0, out.stderr);
        assert.equal(
            out.stdout.trim(),
            `hcp-oidc-federation/${cloud} needs the optional peer dependency ${sdk}, which is not installed. Fix: npm install ${sdk} (in the project that uses hcp-oidc-federation/${cloud}).`,
        );
        const dist = path.join(install.consumerDir, "node_modules", "hcp-oidc-federation", "dist");
        const dts = [`${cloud}.d.ts`, ...fs.readdirSync(path.join(dist, "clouds", cloud)).filter((f) => f.endsWith(".d.ts")).map((f) => `clouds/${cloud}/${f}`)];
        for (const f of dts) {
            const text = fs.readFileSync(path.join(dist, f), "utf8");
            for (const m of text.matchAll(/["'](@pulumi\/[a-z-]+[^"']*)["']/g)) if (m[1].startsWith(sdk)) assert.equal(m[1], sdk, `${f} names ${m[1]}`);
        }
    });
}

/** What a program in the consumer registered: type, name, the provider reference of a dynamic resource, and the inputs named. */
export interface ConsumerRegistration {
    type: string;
    name: string;
    provider?: string;
    inputs: Record<string, unknown>;
}

/**
 * Runs `program` (JavaScript, in the consumer of `install`) under its own mocks: `answer` is the
 * body of a function of `a` (setMocks' newResource args) and `i` (its inputs) returning the cloud's
 * answer or undefined; a Workspace gets the id ws-AAAAAAAAAAAAAAAA (the shared runner's
 * placeholders are not workspace ids). Returns every registration, with the inputs listed in `keep`.
 */
export async function consumerRegistrations(install: PackedInstall, answer: string, program: string, keep: readonly string[]): Promise<ConsumerRegistration[]> {
    const out = await install.runScript(`
        const pulumi = require("@pulumi/pulumi");
        const seen = [];
        const keep = ${JSON.stringify(keep)};
        const cloudAnswer = (a, i) => { ${answer} };
        pulumi.runtime.setMocks({
            newResource(a) {
                const i = a.inputs;
                seen.push({ type: a.type, name: a.name, provider: typeof i.__provider === "string" ? i.__provider : undefined, inputs: Object.fromEntries(keep.filter((k) => k in i).map((k) => [k, i[k]])) });
                if (a.type.endsWith(":Workspace")) return { id: "ws-AAAAAAAAAAAAAAAA", state: { ...i, workspaceId: "ws-AAAAAAAAAAAAAAAA" } };
                return cloudAnswer(a, i) ?? { id: a.custom === false ? "" : a.name + "-id", state: i };
            },
            call: () => ({}),
        }, "project", "stack", false).then(async () => {
            ${program}
            const settings = require("@pulumi/pulumi/runtime/settings");
            for (let stable = 0; stable < 2; ) {
                const before = seen.length;
                await settings.waitForRPCs();
                await new Promise((r) => setImmediate(r));
                stable = seen.length === before ? stable + 1 : 0;
            }
            console.log(JSON.stringify(seen));
        });
    `);
    assert.equal(out.code, 0, out.stderr);
    return JSON.parse(out.stdout.trim().split("\n").pop()!);
}
