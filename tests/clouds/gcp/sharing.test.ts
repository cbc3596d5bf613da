// What GcpWorkspaceFederations of one program share (the pool and provider per GCP provider,
// project, host and organization) and what they must not: other settings fail at construction.
// Existing provider / service account, custom audience, tags and other clouds on one workspace.
import { strict as assert } from "node:assert";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceOidcFederation } from "../../../src/clouds/aws";
import { GcpWorkspaceFederation } from "../../../src/clouds/gcp/GcpWorkspaceFederation";
import type { GcpWorkspaceFederationArgs } from "../../../src/clouds/gcp/args";
import { constructionFailure } from "../registered";
import { G, POOL_BASE, fakeWorkspaceId, inputsOf, isolateHostEnv, outputOf, run } from "./harness";

const GP = "acme-prod";
const base = { organization: "acme", gcpProject: GP } as const;
const fed = (name: string, extra: Partial<GcpWorkspaceFederationArgs> = {}) => new GcpWorkspaceFederation(name, { ...base, workspace: name, ...extra } as GcpWorkspaceFederationArgs);
const POOL = `${POOL_BASE(GP)}/tfc-acme`;
const PROVIDER = `${POOL}/providers/tfc-app-terraform-io`;

const failure = (program: () => void, failing: string) => constructionFailure(run, program, failing);

describe("GcpWorkspaceFederation: shared pool and provider, settings, tags", function () {
    isolateHostEnv();

    it("federations of one organization and project share ONE pool and provider; another organization or project gets its own", async () => {
        const r = await run(() => [fed("a"), fed("b", { tag: "x" }), fed("c", { organization: "other" }), fed("d", { gcpProject: "acme-staging" })]);
        assert.deepEqual(r.ofType(G.pool).map((x) => x.name), ["hcp-terraform-pool-acme-prod-tfc-acme", "hcp-terraform-pool-acme-prod-tfc-other", "hcp-terraform-pool-acme-staging-tfc-acme"]);
        assert.equal(r.ofType(G.provider).length, 3);
        assert.deepEqual(r.ofType(G.saMember).map((x) => x.inputs.member.split("/attribute.")[0]), [
            `principalSet://iam.googleapis.com/${POOL}`,
            `principalSet://iam.googleapis.com/${POOL}`,
            `principalSet://iam.googleapis.com/${POOL_BASE(GP)}/tfc-other`,
            `principalSet://iam.googleapis.com/${POOL_BASE("acme-staging")}/tfc-acme`,
        ]);
    });

    it("an unrelated change (workspaces added, another tag, roles, split phases, the first federation removed) leaves the shared objects' names and inputs exactly as they were", async () => {
        const shared = async (program: () => unknown) => {
            const r = await run(program);
            return [...r.ofType(G.pool), ...r.ofType(G.provider)].map((x) => ({ type: x.type, name: x.name, inputs: inputsOf(x), retain: x.retainOnDelete }));
        };
        const before = await shared(() => fed("a"));
        assert.deepEqual(await shared(() => [fed("z", { tag: "t", splitPhases: true, projectRoles: ["roles/viewer"] }), fed("b", { workspace: undefined, workspaces: ["x", "y"] })]), before);
        assert.deepEqual(await shared(() => fed("a", { removeStaticCredentials: true, verifyTrust: true, serviceAccountId: "other-sa" })), before);
    });

    it("another audience, pool id, provider id or organization spelling for the same shared pool fails at construction, naming the fix", async () => {
        const where = 'organization "acme" on https://app.terraform.io in GCP project "acme-prod"';
        assert.equal(
            await failure(() => [fed("a"), fed("b", { audience: "gcp.custom" })], "b"),
            `GcpWorkspaceFederation "b": the shared workload identity provider of ${where} allows the default audience (the provider's own name) (GcpWorkspaceFederation "a"), ` +
                `not audience "gcp.custom": the federations of one organization, host and project share one provider. Fix: give every such federation the same audience, ` +
                `or make a provider of your own that allows both and pass its name as existingProviderName.`,
        );
        assert.equal(
            await failure(() => [fed("a"), fed("b", { poolId: "mine" })], "b"),
            `GcpWorkspaceFederation "b": the workload identity pool of ${where} is already "tfc-acme" with provider "tfc-app-terraform-io" (GcpWorkspaceFederation "a"), ` +
                `not "mine" with "tfc-app-terraform-io": the federations of one organization, host and project share one pool and provider. Fix: give every such ` +
                `federation the same poolId and providerId (or none), or set existingProviderName to use a provider made elsewhere.`,
        );
        assert.match(await failure(() => [fed("a"), fed("b", { providerId: "mine" })], "b"), /is already "tfc-acme" with provider "tfc-app-terraform-io" \(GcpWorkspaceFederation "a"\), not "tfc-acme" with "mine"/);
        assert.equal(
            await failure(() => [fed("a"), fed("b", { organization: "ACME" })], "b"),
            `GcpWorkspaceFederation "b": the shared workload identity pool of organization "ACME" on https://app.terraform.io in GCP project "acme-prod" admits the organization ` +
                `spelled "acme" (GcpWorkspaceFederation "a"), and its condition compares the name exactly. Fix: spell organization the same way in every federation, as HCP Terraform stores it.`,
        );
        assert.equal(
            await failure(() => [fed("a", { poolId: "shared" }), fed("b", { organization: "other", poolId: "shared" })], "b"),
            `GcpWorkspaceFederation "b": poolId "shared" in GCP project "acme-prod" is already the pool of organization "acme" on https://app.terraform.io ` +
                `(GcpWorkspaceFederation "a"), and a pool's provider admits one organization. Fix: give this federation another poolId, or omit poolId for the default.`,
        );
        assert.equal(
            await failure(() => [fed("a"), fed("b", { organization: "other", workspace: "a" })], "b"),
            `GcpWorkspaceFederation "b": service account id "tfc-a-1r9wi7g" in GCP project "acme-prod" is already made by GcpWorkspaceFederation "a" in this program. ` +
                `Fix: set serviceAccountId on one of them to another id.`,
        );
        // The same settings twice are fine; a failed federation claimed nothing (the next one of its workspace is fine).
        const r = await run(() => {
            fed("a", { audience: "gcp.custom" });
            assert.throws(() => fed("b", { workspace: "w" }));
            return fed("c", { workspace: "w", audience: "gcp.custom" });
        });
        assert.equal(r.ofType(G.pool).length, 1);
        assert.deepEqual(r.ofType(G.account).map((x) => x.name), ["a-sa", "c-sa"]);
    });

    it("a GCP provider of the federation (provider, providers, or the parent's) makes the shared objects with it, apart from the default provider's", async () => {
        const r = await run(() => {
            const other = new gcp.Provider("other", { project: "acme-prod" });
            const parent = new pulumi.ComponentResource("test:index:Group", "group", {}, { providers: { gcp: other } });
            return [
                fed("a", {}),
                new GcpWorkspaceFederation("b", { ...base, workspace: "b" }, { provider: other }),
                new GcpWorkspaceFederation("c", { ...base, workspace: "c" }, { providers: { gcp: other } }),
                new GcpWorkspaceFederation("d", { ...base, workspace: "d" }, { parent }),
            ];
        });
        const other = r.byName("other", G.gcpProvider);
        const ref = `${other.urn}::${other.id}`;
        assert.deepEqual(r.ofType(G.pool).map((x) => [x.name, x.provider?.startsWith(`${other.urn}::`) ?? false]), [
            ["hcp-terraform-pool-acme-prod-tfc-acme", false],
            ["hcp-terraform-pool-acme-prod-tfc-acme-other", true],
        ]);
        assert.equal(r.byName("hcp-terraform-provider-acme-prod-tfc-acme-tfc-app-terraform-io-other").provider, ref);
        assert.deepEqual(r.ofType(G.account).map((x) => [x.name, x.provider === ref]), [["a-sa", false], ["b-sa", true], ["c-sa", true], ["d-sa", true]]);
    });

    it("a custom audience: the provider's only allowed audience, TFC_GCP_WORKLOAD_IDENTITY_AUDIENCE before PROVIDER_AUTH, the audience output", async () => {
        const r = await run(() => fed("a", { audience: "gcp.custom" }));
        assert.deepEqual(r.ofType(G.provider)[0].inputs.oidc, { issuerUri: "https://app.terraform.io", allowedAudiences: ["gcp.custom"] });
        assert.deepEqual(r.byName("a-variables").inputs.variables.map((v: any) => [v.key, v.value]), [
            ["TFC_GCP_WORKLOAD_PROVIDER_NAME", PROVIDER],
            ["TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL", `tfc-a-1r9wi7g@${GP}.iam.gserviceaccount.com`], // "tfc-a" is under 6 characters: hashed
            ["TFC_GCP_WORKLOAD_IDENTITY_AUDIENCE", "gcp.custom"],
            ["TFC_GCP_PROVIDER_AUTH", "true"],
        ]);
        assert.equal(await outputOf(r.result.audience), "gcp.custom");
    });

    it("existingProviderName: no pool or provider; the bindings name its pool; the variable is the given name (an output is checked when known)", async () => {
        const given = "projects/42/locations/global/workloadIdentityPools/their-pool/providers/their-provider";
        const r = await run(() => fed("a", { existingProviderName: given }));
        assert.equal(r.ofType(G.pool).length + r.ofType(G.provider).length, 0);
        assert.equal(r.byName("a-sa-workload-identity-user").inputs.member, `principalSet://iam.googleapis.com/projects/42/locations/global/workloadIdentityPools/their-pool/attribute.terraform_workspace_id/${fakeWorkspaceId("acme", "a")}`);
        assert.equal(r.byName("a-variables").inputs.variables[0].value, given);
        assert.equal(await outputOf(r.result.poolName), "projects/42/locations/global/workloadIdentityPools/their-pool");
        assert.equal(await outputOf(r.result.audience), `//iam.googleapis.com/${given}`);
        assert.equal(r.result.workloadIdentityPool, undefined);
        await assert.rejects(
            run(() => fed("b", { existingProviderName: pulumi.output("projects/42/locations/global/workloadIdentityPools/p/providers/gcp-x") })),
            (err: any) =>
                JSON.stringify(err.failures.map((f: Error) => f.message)).includes(
                    'GcpWorkspaceFederation \\"b\\": existingProviderName: workload identity provider name \\"projects/42/locations/global/workloadIdentityPools/p/providers/gcp-x\\": ' +
                        "expected projects/<project number>/locations/global/workloadIdentityPools/<pool id>/providers/<provider id>. Fix the provider name.",
                ),
        );
    });

    it("existingServiceAccountEmail: no account; the bindings and roles are on yours (its own project, from the email)", async () => {
        const r = await run(() => [
            fed("a", { existingServiceAccountEmail: "deployer@infra-proj.iam.gserviceaccount.com", projectRoles: ["roles/viewer"] }),
            fed("b", { existingServiceAccountEmail: "123456789012-compute@developer.gserviceaccount.com" }),
        ]);
        assert.equal(r.ofType(G.account).length, 0);
        assert.deepEqual(r.ofType(G.saMember).map((x) => x.inputs.serviceAccountId), [
            "projects/infra-proj/serviceAccounts/deployer@infra-proj.iam.gserviceaccount.com",
            `projects/${GP}/serviceAccounts/123456789012-compute@developer.gserviceaccount.com`,
        ]);
        assert.deepEqual(inputsOf(r.byName("a-sa-role-viewer")), { project: GP, role: "roles/viewer", member: "serviceAccount:deployer@infra-proj.iam.gserviceaccount.com" });
        assert.equal(r.byName("a-variables").inputs.variables[1].value, "deployer@infra-proj.iam.gserviceaccount.com");
        assert.equal(await outputOf(r.result[0].serviceAccountEmail), "deployer@infra-proj.iam.gserviceaccount.com");
    });

    it("tags: every TFC_* key suffixed; GCP untagged, GCP tagged and AWS on ONE workspace each write their own variables", async () => {
        const r = await run(() => [
            fed("g", { workspace: "shared-ws" }),
            fed("g2", { workspace: "shared-ws", tag: "second", serviceAccountId: "tfc-second", audience: undefined }),
            new WorkspaceOidcFederation("aws", { organization: "acme", workspace: "shared-ws" }),
        ]);
        const keys = (name: string) => r.byName(name).inputs.variables.map((v: any) => v.key);
        assert.deepEqual(keys("g-variables"), ["TFC_GCP_WORKLOAD_PROVIDER_NAME", "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL", "TFC_GCP_PROVIDER_AUTH"]);
        assert.deepEqual(keys("g2-variables"), ["TFC_GCP_WORKLOAD_PROVIDER_NAME_second", "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL_second", "TFC_GCP_PROVIDER_AUTH_second"]);
        assert.deepEqual(keys("aws-variables"), ["TFC_AWS_RUN_ROLE_ARN", "TFC_AWS_PROVIDER_AUTH"]);
        assert.equal(r.ofType(G.pool).length, 1, "the tagged federation shares the pool");
        const tagged = await run(() => fed("t", { tag: "prod", audience: "aud-1" }));
        assert.deepEqual(tagged.byName("t-variables").inputs.variables.map((v: any) => v.key), [
            "TFC_GCP_WORKLOAD_PROVIDER_NAME_prod", "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL_prod", "TFC_GCP_WORKLOAD_IDENTITY_AUDIENCE_prod", "TFC_GCP_PROVIDER_AUTH_prod",
        ]);
        assert.match(
            await failure(() => [fed("g", { workspace: "shared-ws" }), fed("g3", { workspace: "shared-ws", serviceAccountId: "tfc-third" })], "g3"),
            /^GcpWorkspaceFederation "g3": workspace "shared-ws" of organization "acme" is already federated to GCP by GcpWorkspaceFederation "g" in this program/,
        );
    });

    it("verifyTrust: one GCP check per workspace after every variable, re-run when the provider's trust or the members change", async () => {
        const r = await run(() => fed("a", { verifyTrust: true, tag: "v" }));
        const check = r.byName("a-trust-check", G.trustCheck);
        assert.equal(check.parent, r.byName("a", G.federation).urn);
        assert.equal(check.inputs.cloud, "gcp");
        assert.equal(check.inputs.tag, "v");
        assert.equal(check.inputs.workspaceId, fakeWorkspaceId("acme", "a"));
        // After the variables (and, through its triggers, the trust objects).
        assert.deepEqual(check.dependencies.map((u) => r.resources.find((x) => x.urn === u)!.name).sort(), [
            "a-sa", "a-variables", "a-workspace", "hcp-terraform-pool-acme-prod-tfc-acme", "hcp-terraform-provider-acme-prod-tfc-acme-tfc-app-terraform-io",
        ]);
        const [providerTrust, members] = check.inputs.triggers.trust;
        assert.equal(JSON.parse(providerTrust).attributeCondition, 'assertion.terraform_organization_name == "acme"');
        assert.deepEqual(members, [`principalSet://iam.googleapis.com/${POOL}/attribute.terraform_workspace_id/${fakeWorkspaceId("acme", "a")}`]);
        assert.equal((await outputOf(r.result.trustCheckRunUrls!)).length, 1);
    });
});
