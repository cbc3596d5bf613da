// The `hcp-oidc-federation/azure` subpath: only src/clouds/azure and src/azure.ts name @pulumi/azuread
// and @pulumi/azure-native (the latter only as a lazy require, inside the function that makes role
// assignments), the main entry reaches none of them (types included), the published .d.ts name only
// the SDK's root module and never azure-native; from the packed tarball, the subpath without the
// optional peer fails saying what to install, and with @pulumi/azuread alone a program registers
// the federation, while roleAssignments say to install @pulumi/azure-native.
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

const names = (sdk: string) => (s: string) => s === sdk || s.startsWith(`${sdk}/`);

describe("hcp-oidc-federation/azure (entry)", function () {
    this.timeout(600000);

    it("only src/clouds/azure/ imports @pulumi/azuread and @pulumi/azure-native; azure-native only lazily; the main entry reaches neither", () => {
        const files = sourceFiles(path.join(repoRoot, "src"));
        for (const sdk of ["@pulumi/azuread", "@pulumi/azure-native"]) {
            const importers = files.filter((f) => specifiers(f).some(names(sdk))).map((f) => path.relative(repoRoot, f));
            assert.ok(importers.length > 0, sdk);
            for (const f of importers) assert.match(f, /^src\/clouds\/azure\//, `${f} imports ${sdk}`);
        }
        const main = importClosure("src/index.ts");
        assert.ok(!main.packages.some((p) => p.startsWith("@pulumi/azure")), "the main entry names an Azure SDK");
        assert.deepEqual(main.files.filter((f) => f.includes("clouds/azure/") || f.endsWith("src/azure.ts")), []);
        assert.ok(importClosure("src/azure.ts").packages.includes("@pulumi/azuread"));
        // azure-native: a type import and one require() call inside buildRoleAssignments, nothing at load.
        const roles = fs.readFileSync(path.join(repoRoot, "src", "clouds", "azure", "roleAssignments.ts"), "utf8");
        assert.match(roles, /^import type \* as authorization from "@pulumi\/azure-native\/authorization";$/m);
        assert.deepEqual(roles.match(/require\("@pulumi\/azure-native[^"]*"\)/g), ['require("@pulumi/azure-native/authorization")']);
        assert.ok(roles.indexOf('require("@pulumi/azure-native/authorization")') > roles.indexOf("export function buildRoleAssignments"), "required inside the function");
        const entry = fs.readFileSync(path.join(repoRoot, "src", "azure.ts"), "utf8");
        assert.ok(entry.indexOf('requirePeer("@pulumi/azuread"') < entry.indexOf("export "), "the peer is checked before anything is loaded");
    });

    describe("from the packed tarball", () => {
        it("without @pulumi/azuread: the main entry loads, the subpath says what to install", async () => {
            const install = await packedInstall();
            assert.ok(!fs.existsSync(path.join(install.consumerDir, "node_modules", "@pulumi", "azuread")), "no @pulumi/azuread in the consumer");
            const out = await install.runScript(`
                require("hcp-oidc-federation");
                try { require("hcp-oidc-federation/azure"); console.log("loaded"); } catch (err) { console.log(err.message); }
            `);
            assert.equal(out.code, 0, out.stderr);
            assert.equal(
                out.stdout.trim(),
                "hcp-oidc-federation/azure needs the optional peer dependency @pulumi/azuread, which is not installed. Fix: npm install @pulumi/azuread (in the project that uses hcp-oidc-federation/azure).",
            );
            const dir = path.join(install.consumerDir, "node_modules", "hcp-oidc-federation", "dist");
            const dts = ["azure.d.ts", ...fs.readdirSync(path.join(dir, "clouds", "azure")).filter((f) => f.endsWith(".d.ts")).map((f) => `clouds/azure/${f}`)];
            for (const f of dts) {
                const text = fs.readFileSync(path.join(dir, f), "utf8");
                for (const m of text.matchAll(/["'](@pulumi\/azure[^"']*)["']/g)) assert.equal(m[1], "@pulumi/azuread", `${f} names ${m[1]}`);
            }
        });

        it("with @pulumi/azuread only: a program registers the federation; roleAssignments say to install @pulumi/azure-native", async () => {
            const install = await packedInstall({ extraDependencies: { "@pulumi/azuread": "6.9.1" } });
            assert.ok(!fs.existsSync(path.join(install.consumerDir, "node_modules", "@pulumi", "azure-native")), "no @pulumi/azure-native in the consumer");
            const out = await install.runScript(`
                const pulumi = require("@pulumi/pulumi");
                const seen = [];
                pulumi.runtime.setMocks({
                    newResource(a) {
                        const i = a.inputs;
                        seen.push({ type: a.type, name: a.name, subject: i.subject, clientId: i.clientId });
                        if (a.type.endsWith(":Application")) return { id: "/applications/11111111-1111-4111-a111-111111111111", state: { ...i, clientId: "22222222-2222-4222-a222-222222222222", objectId: "11111111-1111-4111-a111-111111111111" } };
                        if (a.type.endsWith(":ServicePrincipal")) return { id: "/servicePrincipals/33333333-3333-4333-a333-333333333333", state: { ...i, objectId: "33333333-3333-4333-a333-333333333333" } };
                        if (a.type.endsWith(":Workspace")) return { id: "ws-AAAAAAAAAAAAAAAA", state: { ...i, workspaceId: "ws-AAAAAAAAAAAAAAAA", projectName: "Team Apps" } };
                        return { id: a.custom === false ? "" : a.name + "-id", state: i };
                    },
                    call: () => ({}),
                }, "project", "stack", false).then(async () => {
                    const { AzureWorkspaceFederation } = require("hcp-oidc-federation/azure");
                    const args = { organization: "acme", workspace: "app-prod", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", subscriptionId: "0b1f6471-1bf0-4dda-aec3-cb9272f09590" };
                    new AzureWorkspaceFederation("app", args);
                    let refused;
                    try {
                        new AzureWorkspaceFederation("roles", { ...args, workspace: "other", roleAssignments: [{ scope: "/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590", roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c" }] });
                    } catch (err) { refused = err.message; }
                    const settings = require("@pulumi/pulumi/runtime/settings");
                    for (let stable = 0; stable < 2; ) {
                        const before = seen.length;
                        await settings.waitForRPCs();
                        await new Promise((r) => setImmediate(r));
                        stable = seen.length === before ? stable + 1 : 0;
                    }
                    console.log(JSON.stringify({ seen, refused }));
                });
            `);
            assert.equal(out.code, 0, out.stderr);
            const { seen, refused }: { seen: { type: string; name: string; subject?: string; clientId?: string }[]; refused: string } = JSON.parse(out.stdout.trim().split("\n").pop()!);
            assert.deepEqual(seen.map((x) => `${x.type}::${x.name}`).sort(), [
                "azuread:index/application:Application::app-app",
                "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential::app-credential-app-prod-apply",
                "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential::app-credential-app-prod-plan",
                "azuread:index/servicePrincipal:ServicePrincipal::app-sp",
                "hcp-oidc-federation:index:AzureWorkspaceFederation::app",
                "pulumi-nodejs:dynamic/hcp-oidc-federation:Workspace::app-workspace",
                "pulumi-nodejs:dynamic/hcp-oidc-federation:WorkspaceVariableGroup::app-variables",
            ]);
            assert.equal(seen.find((x) => x.name === "app-credential-app-prod-plan")!.subject, "organization:acme:project:Team Apps:workspace:app-prod:run_phase:plan");
            assert.equal(seen.find((x) => x.name === "app-sp")!.clientId, "22222222-2222-4222-a222-222222222222");
            assert.equal(
                refused,
                'AzureWorkspaceFederation "roles": AzureWorkspaceFederation\'s roleAssignments (hcp-oidc-federation/azure) needs the optional peer dependency @pulumi/azure-native, which is not installed. ' +
                    "Fix: npm install @pulumi/azure-native (in the project that uses AzureWorkspaceFederation's roleAssignments (hcp-oidc-federation/azure)).",
            );
        });
    });
});
