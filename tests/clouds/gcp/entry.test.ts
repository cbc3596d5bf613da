// The `hcp-oidc-federation/gcp` subpath: the checks every cloud's entry shares (tests/clouds/cloudEntry.ts),
// and from the packed tarball with @pulumi/gcp a program registers the federation (providers serialized by reference).
import { strict as assert } from "node:assert";
import { packedInstall } from "../../support/packedInstall";
import { cloudEntryChecks, consumerRegistrations } from "../cloudEntry";

describe("hcp-oidc-federation/gcp (entry)", function () {
    this.timeout(600000);
    cloudEntryChecks("gcp", "@pulumi/gcp");

    it("with @pulumi/gcp: a program registers the federation; its HCP resources carry providers serialized by reference", async () => {
        const install = await packedInstall({ extraDependencies: { "@pulumi/gcp": "9.37.0" } });
        const seen = await consumerRegistrations(
            install,
            `const pools = "projects/123456789012/locations/global/workloadIdentityPools/";
            if (a.type.endsWith(":WorkloadIdentityPool")) return { id: a.name, state: { ...i, name: pools + i.workloadIdentityPoolId } };
            if (a.type.endsWith(":WorkloadIdentityPoolProvider")) return { id: a.name, state: { ...i, name: pools + i.workloadIdentityPoolId + "/providers/" + i.workloadIdentityPoolProviderId } };
            if (a.type.endsWith(":Account")) {
                const email = i.accountId + "@" + i.project + ".iam.gserviceaccount.com";
                return { id: a.name, state: { ...i, email, name: "projects/" + i.project + "/serviceAccounts/" + email, member: "serviceAccount:" + email } };
            }`,
            `const { GcpWorkspaceFederation } = require("hcp-oidc-federation/gcp");
            new GcpWorkspaceFederation("app", { organization: "acme", workspace: "app-prod", gcpProject: "acme-prod" });`,
            ["member"],
        );
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
            seen.find((x) => x.name === "app-sa-workload-identity-user")!.inputs.member,
            "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/tfc-acme/attribute.terraform_workspace_id/ws-AAAAAAAAAAAAAAAA",
        );
    });
});
