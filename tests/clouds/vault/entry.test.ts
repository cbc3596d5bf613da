// The `hcp-oidc-federation/vault` subpath: the checks every cloud's entry shares (tests/clouds/cloudEntry.ts),
// and from the packed tarball with @pulumi/vault a program registers the federation (providers serialized by reference).
import { strict as assert } from "node:assert";
import { packedInstall } from "../../support/packedInstall";
import { cloudEntryChecks, consumerRegistrations } from "../cloudEntry";

describe("hcp-oidc-federation/vault (entry)", function () {
    this.timeout(600000);
    cloudEntryChecks("vault", "@pulumi/vault");

    it("with @pulumi/vault: a program registers the federation; its HCP resources carry providers serialized by reference", async () => {
        const install = await packedInstall({ extraDependencies: { "@pulumi/vault": "7.8.0" } });
        const seen = await consumerRegistrations(
            install,
            "return undefined;",
            `const { VaultWorkspaceFederation } = require("hcp-oidc-federation/vault");
            new VaultWorkspaceFederation("app", { organization: "acme", workspace: "app-prod", vaultAddress: "https://vault.example.com", tokenPolicies: ["app-read"] });`,
            ["boundClaims"],
        );
        assert.deepEqual(seen.map((x) => `${x.type}::${x.name}`).sort(), [
            "hcp-oidc-federation:index:VaultWorkspaceFederation::app",
            "pulumi-nodejs:dynamic/hcp-oidc-federation:Workspace::app-workspace",
            "pulumi-nodejs:dynamic/hcp-oidc-federation:WorkspaceVariableGroup::app-variables",
            "vault:index/policy:Policy::app-policy",
            "vault:jwt/authBackend:AuthBackend::hcp-terraform-auth-jwt",
            "vault:jwt/authBackendRole:AuthBackendRole::app-role",
        ]);
        assert.match(seen.find((x) => x.name === "app-variables")!.provider!, /require\("hcp-oidc-federation\/dist\/resources\/providers\/workspaceVariableGroup\.js"\)/);
        assert.deepEqual(seen.find((x) => x.name === "app-role")!.inputs.boundClaims, {
            sub: "organization:acme:project:*:workspace:app-prod:run_phase:*",
            terraform_workspace_id: "ws-AAAAAAAAAAAAAAAA",
        });
    });
});
