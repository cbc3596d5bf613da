// The `hcp-oidc-federation/vault` subpath: the checks every cloud's entry shares (tests/clouds/cloudEntry.ts),
// and from the packed tarball with @pulumi/vault a program registers the federation (providers serialized by reference).
import { strict as assert } from "node:assert";
import { packedInstall } from "../../support/packedInstall";
import { cloudEntryChecks } from "../cloudEntry";

describe("hcp-oidc-federation/vault (entry)", function () {
    this.timeout(600000);
    cloudEntryChecks("vault", "@pulumi/vault");

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
