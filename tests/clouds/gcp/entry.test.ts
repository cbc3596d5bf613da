// The `hcp-oidc-federation/gcp` subpath: only src/clouds/gcp and src/gcp.ts name @pulumi/gcp, the
// main entry reaches none of them (types included), the published .d.ts name only the SDK's root
// module; from the packed tarball, the subpath without the optional peer fails saying what to
// install, and with it a program registers the federation (providers serialized by reference).
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

describe("hcp-oidc-federation/gcp (entry)", function () {
    this.timeout(600000);

    it("only src/clouds/gcp/ and src/gcp.ts import @pulumi/gcp; the main entry reaches neither", () => {
        const importers = sourceFiles(path.join(repoRoot, "src"))
            .filter((f) => specifiers(f).some((s) => s === "@pulumi/gcp" || s.startsWith("@pulumi/gcp/")))
            .map((f) => path.relative(repoRoot, f));
        assert.ok(importers.length > 0);
        for (const f of importers) assert.match(f, /^src\/clouds\/gcp\//, `${f} imports @pulumi/gcp`);
        const main = importClosure("src/index.ts");
        assert.ok(!main.packages.some((p) => p.startsWith("@pulumi/gcp")), "the main entry names @pulumi/gcp");
        assert.deepEqual(main.files.filter((f) => f.includes("clouds/gcp") || f.endsWith("src/gcp.ts")), []);
        assert.ok(importClosure("src/gcp.ts").packages.includes("@pulumi/gcp"));
        const entry = fs.readFileSync(path.join(repoRoot, "src", "gcp.ts"), "utf8");
        assert.ok(entry.indexOf('requirePeer("@pulumi/gcp"') < entry.indexOf("export "), "the peer is checked before anything is loaded");
    });

    describe("from the packed tarball", () => {
        it("without @pulumi/gcp: the main entry loads, the subpath says what to install", async () => {
            const install = await packedInstall();
            assert.ok(!fs.existsSync(path.join(install.consumerDir, "node_modules", "@pulumi", "gcp")), "no @pulumi/gcp in the consumer");
            const out = await install.runScript(`
                require("hcp-oidc-federation");
                try { require("hcp-oidc-federation/gcp"); console.log("loaded"); } catch (err) { console.log(err.message); }
            `);
            assert.equal(out.code, 0, out.stderr);
            assert.equal(
                out.stdout.trim(),
                "hcp-oidc-federation/gcp needs the optional peer dependency @pulumi/gcp, which is not installed. Fix: npm install @pulumi/gcp (in the project that uses hcp-oidc-federation/gcp).",
            );
            const dts = ["gcp.d.ts", ...fs.readdirSync(path.join(install.consumerDir, "node_modules", "hcp-oidc-federation", "dist", "clouds", "gcp")).filter((f) => f.endsWith(".d.ts")).map((f) => `clouds/gcp/${f}`)];
            for (const f of dts) {
                const text = fs.readFileSync(path.join(install.consumerDir, "node_modules", "hcp-oidc-federation", "dist", f), "utf8");
                for (const m of text.matchAll(/["'](@pulumi\/gcp[^"']*)["']/g)) assert.equal(m[1], "@pulumi/gcp", `${f} names ${m[1]}`);
            }
        });

        it("with @pulumi/gcp: a program registers the federation; its HCP resources carry providers serialized by reference", async () => {
            const install = await packedInstall({ extraDependencies: { "@pulumi/gcp": "9.37.0" } });
            // Its own mocks (the shared runner's placeholders are not workspace ids): GCP's names, a workspace id.
            const out = await install.runScript(`
                const pulumi = require("@pulumi/pulumi");
                const seen = [];
                pulumi.runtime.setMocks({
                    newResource(a) {
                        const i = a.inputs;
                        seen.push({ type: a.type, name: a.name, provider: typeof i.__provider === "string" ? i.__provider : undefined, member: i.member });
                        const pools = "projects/123456789012/locations/global/workloadIdentityPools/";
                        if (a.type.endsWith(":WorkloadIdentityPool")) return { id: a.name, state: { ...i, name: pools + i.workloadIdentityPoolId } };
                        if (a.type.endsWith(":WorkloadIdentityPoolProvider")) return { id: a.name, state: { ...i, name: pools + i.workloadIdentityPoolId + "/providers/" + i.workloadIdentityPoolProviderId } };
                        if (a.type.endsWith(":Account")) {
                            const email = i.accountId + "@" + i.project + ".iam.gserviceaccount.com";
                            return { id: a.name, state: { ...i, email, name: "projects/" + i.project + "/serviceAccounts/" + email, member: "serviceAccount:" + email } };
                        }
                        if (a.type.endsWith(":Workspace")) return { id: "ws-AAAAAAAAAAAAAAAA", state: { ...i, workspaceId: "ws-AAAAAAAAAAAAAAAA" } };
                        return { id: a.custom === false ? "" : a.name + "-id", state: i };
                    },
                    call: () => ({}),
                }, "project", "stack", false).then(async () => {
                    const { GcpWorkspaceFederation } = require("hcp-oidc-federation/gcp");
                    new GcpWorkspaceFederation("app", { organization: "acme", workspace: "app-prod", gcpProject: "acme-prod" });
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
            const seen: { type: string; name: string; provider?: string; member?: string }[] = JSON.parse(out.stdout.trim().split("\n").pop()!);
            assert.deepEqual(seen.map((x) => `${x.type}::${x.name}`).sort(), [
                "gcp:iam/workloadIdentityPool:WorkloadIdentityPool::hcp-terraform-pool-acme-prod-tfc-acme",
                "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider::hcp-terraform-provider-acme-prod-tfc-acme-tfc-app-terraform-io",
                "gcp:serviceaccount/account:Account::app-sa",
                "gcp:serviceaccount/iAMMember:IAMMember::app-sa-workload-identity-user",
                "hcp-oidc-federation:index:GcpWorkspaceFederation::app",
                "pulumi-nodejs:dynamic/hcp-oidc-federation:Workspace::app-workspace",
                "pulumi-nodejs:dynamic/hcp-oidc-federation:WorkspaceVariableGroup::app-variables",
            ]);
            assert.match(seen.find((x) => x.name === "app-variables")!.provider!, /require\("hcp-oidc-federation\/dist\/resources\/providers\/workspaceVariableGroup\.js"\)/);
            assert.equal(
                seen.find((x) => x.name === "app-sa-workload-identity-user")!.member,
                "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/tfc-acme/attribute.terraform_workspace_id/ws-AAAAAAAAAAAAAAAA",
            );
        });
    });
});
