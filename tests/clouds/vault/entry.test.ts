// The `hcp-oidc-federation/vault` subpath: only src/clouds/vault and src/vault.ts name
// @pulumi/vault, the main entry reaches none of them (types included), the published .d.ts name
// only the SDK's root module; from the packed tarball, the subpath without the optional peer fails
// saying what to install, and with it a program registers the federation (providers serialized by reference).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { importClosure, specifiers } from "../../support/imports";
import { packedInstall, repoRoot } from "../../support/packedInstall";

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
    });
}

describe("hcp-oidc-federation/vault (entry)", function () {
    this.timeout(600000);

    it("only src/clouds/vault/ and src/vault.ts import @pulumi/vault; the main entry reaches neither", () => {
        const importers = sourceFiles(path.join(repoRoot, "src"))
            .filter((f) => specifiers(f).some((s) => s === "@pulumi/vault" || s.startsWith("@pulumi/vault/")))
            .map((f) => path.relative(repoRoot, f));
        assert.ok(importers.length > 0);
        for (const f of importers) assert.match(f, /^src\/clouds\/vault\//, `${f} imports @pulumi/vault`);
        const main = importClosure("src/index.ts");
        assert.ok(!main.packages.some((p) => p.startsWith("@pulumi/vault")), "the main entry names @pulumi/vault");
        assert.deepEqual(main.files.filter((f) => f.includes("clouds/vault/VaultWorkspaceFederation") || f.includes("clouds/vault/roles") || f.endsWith("src/vault.ts")), []);
        assert.ok(importClosure("src/vault.ts").packages.includes("@pulumi/vault"));
        const entry = fs.readFileSync(path.join(repoRoot, "src", "vault.ts"), "utf8");
        assert.ok(entry.indexOf('requirePeer("@pulumi/vault"') < entry.indexOf("export "), "the peer is checked before anything is loaded");
    });

    describe("from the packed tarball", () => {
        it("without @pulumi/vault: the main entry loads, the subpath says what to install; the .d.ts name only the SDK's root", async () => {
            const install = await packedInstall();
            assert.ok(!fs.existsSync(path.join(install.consumerDir, "node_modules", "@pulumi", "vault")), "no @pulumi/vault in the consumer");
            const out = await install.runScript(`
                require("hcp-oidc-federation");
                try { require("hcp-oidc-federation/vault"); console.log("loaded"); } catch (err) { console.log(err.message); }
            `);
            assert.equal(out.code, 0, out.stderr);
            assert.equal(
                out.stdout.trim(),
                "hcp-oidc-federation/vault needs the optional peer dependency @pulumi/vault, which is not installed. Fix: npm install @pulumi/vault (in the project that uses hcp-oidc-federation/vault).",
            );
            const dist = path.join(install.consumerDir, "node_modules", "hcp-oidc-federation", "dist");
            const dts = ["vault.d.ts", ...fs.readdirSync(path.join(dist, "clouds", "vault")).filter((f) => f.endsWith(".d.ts")).map((f) => `clouds/vault/${f}`)];
            for (const f of dts) {
                const text = fs.readFileSync(path.join(dist, f), "utf8");
                for (const m of text.matchAll(/["'](@pulumi\/vault[^"']*)["']/g)) assert.equal(m[1], "@pulumi/vault", `${f} names ${m[1]}`);
            }
        });

        it("with @pulumi/vault: a program registers the federation; its HCP resources carry providers serialized by reference", async () => {
            const install = await packedInstall({ extraDependencies: { "@pulumi/vault": "7.8.0" } });
            const out = await install.runScript(`
                const pulumi = require("@pulumi/pulumi");
                const seen = [];
                pulumi.runtime.setMocks({
                    newResource(a) {
                        const i = a.inputs;
                        seen.push({ type: a.type, name: a.name, provider: typeof i.__provider === "string" ? i.__provider : undefined, boundClaims: i.boundClaims });
                        if (a.type.endsWith(":Workspace")) return { id: "ws-AAAAAAAAAAAAAAAA", state: { ...i, workspaceId: "ws-AAAAAAAAAAAAAAAA" } };
                        return { id: a.custom === false ? "" : a.name + "-id", state: i };
                    },
                    call: () => ({}),
                }, "project", "stack", false).then(async () => {
                    const { VaultWorkspaceFederation } = require("hcp-oidc-federation/vault");
                    new VaultWorkspaceFederation("app", { organization: "acme", workspace: "app-prod", vaultAddress: "https://vault.example.com", tokenPolicies: ["app-read"] });
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
            const seen: { type: string; name: string; provider?: string; boundClaims?: Record<string, string> }[] = JSON.parse(out.stdout.trim().split("\n").pop()!);
            assert.deepEqual(seen.map((x) => `${x.type}::${x.name}`).sort(), [
                "hcp-oidc-federation:index:VaultWorkspaceFederation::app",
                "pulumi-nodejs:dynamic/hcp-oidc-federation:Workspace::app-workspace",
                "pulumi-nodejs:dynamic/hcp-oidc-federation:WorkspaceVariableGroup::app-variables",
                "vault:index/policy:Policy::app-policy",
                "vault:jwt/authBackend:AuthBackend::hcp-terraform-auth-jwt",
                "vault:jwt/authBackendRole:AuthBackendRole::app-role",
            ]);
            assert.match(seen.find((x) => x.name === "app-variables")!.provider!, /require\("hcp-oidc-federation\/dist\/resources\/providers\/workspaceVariableGroup\.js"\)/);
            assert.deepEqual(seen.find((x) => x.name === "app-role")!.boundClaims, {
                sub: "organization:acme:project:*:workspace:app-prod:run_phase:*",
                terraform_workspace_id: "ws-AAAAAAAAAAAAAAAA",
            });
        });
    });
});
