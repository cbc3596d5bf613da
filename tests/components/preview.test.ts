// `pulumi preview` must show the exact trust policy even on the first run, when the shared IAM OIDC
// provider does not exist yet: its ARN is derived from the AWS provider's account and partition
// (invokes, which run during preview) and the host, instead of waiting for the provider's `arn`.
import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HcpTerraformOidcProvider, WorkspaceOidcFederation } from "../../src/components";
import { outputDetails } from "../support/mocks";
import { UNKNOWN } from "../support/providerHost";
import { ACCOUNT, INVOKE, T, isolateHostEnv, outputOf, realisticCall, run, verifiedTrust } from "./harness";

/** A first preview: nothing exists yet, so every resource's outputs are unknown (no ARN in the state). */
const FIRST_PREVIEW = { preview: true, newResource: (a: pulumi.runtime.MockResourceArgs) => ({ id: "", state: a.inputs }) };
const KMS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`;

describe("preview: the trust policy is known before the OIDC provider exists", function () {
    isolateHostEnv();

    it("the role's assumeRolePolicy input is the verified trust JSON, and the role still waits for the provider", async () => {
        const r = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w" }), FIRST_PREVIEW);
        const f = r.result;
        // The provider resource's own outputs are unknown in this preview...
        assert.equal((await outputDetails(f.oidcProvider!.provider.arn)).isKnown, false);
        // ...but the trust written to the role is known, exactly.
        const role = r.byName("app-role", T.role);
        assert.equal(role.inputs.assumeRolePolicy, JSON.stringify(verifiedTrust("acme", "w")));
        assert.equal(await outputOf(f.oidcProviderArn), PROVIDER_ARN);
        assert.equal(await outputOf(f.trustPolicy), role.inputs.assumeRolePolicy);
        // Created after the provider: explicit dependsOn, and through the ARN input itself.
        const oidc = r.byName("hcp-terraform-oidc-app.terraform.io", T.oidcProvider);
        assert.ok(role.dependencies.includes(oidc.urn));
        assert.ok(role.propertyDependencies.assumeRolePolicy.includes(oidc.urn));
        // What still is unknown: the role's own ARN (and so the variable naming it).
        assert.equal(r.byName("app-variables", T.variableGroup).inputs.variables[0].value, UNKNOWN);
        // The two invokes, made once for the shared provider.
        assert.deepEqual(r.calls.map((c) => c.token).sort(), [INVOKE.callerIdentity, INVOKE.partition]);
    });

    it("splitPhases and hyok: the plan, apply and HYOK trusts are all known and each role waits for the provider", async () => {
        const r = await run(
            () =>
                new WorkspaceOidcFederation("app", {
                    organization: "acme",
                    workspaces: ["a", "b"],
                    splitPhases: true,
                    hyok: { configurationName: "kek", kmsKeyArn: KMS_KEY },
                }),
            FIRST_PREVIEW,
        );
        const oidc = r.byName("hcp-terraform-oidc-app.terraform.io", T.oidcProvider);
        for (const [name, sub] of [
            ["app-plan-role", ["organization:acme:project:*:workspace:a:run_phase:plan", "organization:acme:project:*:workspace:b:run_phase:plan"]],
            ["app-apply-role", ["organization:acme:project:*:workspace:a:run_phase:apply", "organization:acme:project:*:workspace:b:run_phase:apply"]],
            ["app-hyok-role", "organization:acme:hyok_config:kek"],
        ] as const) {
            const role = r.byName(name, T.role);
            assert.notEqual(role.inputs.assumeRolePolicy, UNKNOWN, name);
            const statement = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];
            assert.equal(statement.Principal.Federated, PROVIDER_ARN, name);
            assert.deepEqual(statement.Condition.StringLike["app.terraform.io:sub"], sub, name);
            assert.ok(role.dependencies.includes(oidc.urn), `${name} waits for the provider`);
        }
        assert.equal(await outputOf(r.result.planTrustPolicy!), r.byName("app-plan-role", T.role).inputs.assumeRolePolicy);
        assert.equal(await outputOf(r.result.hyokTrustPolicy!), r.byName("app-hyok-role", T.role).inputs.assumeRolePolicy);
    });

    it("an HcpTerraformOidcProvider of the same stack passed as oidcProviderArn: known too, the role waits for it through the ARN", async () => {
        const r = await run(() => {
            const provider = new HcpTerraformOidcProvider("hcp-terraform", { audiences: ["aws.workload.identity", "custom.audience"] });
            return new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w", oidcProviderArn: provider.arn });
        }, FIRST_PREVIEW);
        const role = r.byName("app-role", T.role);
        assert.equal(role.inputs.assumeRolePolicy, JSON.stringify(verifiedTrust("acme", "w")));
        assert.ok(role.dependencies.includes(r.byName("hcp-terraform", T.oidcProvider).urn));
    });

    it("the AWS provider of the federation (provider / providers) answers the invokes: its account and partition are in the ARN", async () => {
        const GOV_ACCOUNT = "210987654321";
        const r = await run(
            () => {
                const gov = new aws.Provider("gov", { region: "us-gov-west-1" });
                return [
                    new WorkspaceOidcFederation("a", { organization: "acme", workspace: "a" }),
                    new WorkspaceOidcFederation("b", { organization: "acme", workspace: "b" }, { providers: { aws: gov } }),
                    new WorkspaceOidcFederation("c", { organization: "acme", workspace: "c" }, { provider: gov }),
                ];
            },
            {
                ...FIRST_PREVIEW,
                call: (c) => {
                    if (!c.provider?.includes("::gov::")) return realisticCall(c);
                    return c.token === INVOKE.callerIdentity ? { accountId: GOV_ACCOUNT } : { partition: "aws-us-gov" };
                },
            },
        );
        assert.equal(JSON.parse(r.byName("a-role", T.role).inputs.assumeRolePolicy).Statement[0].Principal.Federated, PROVIDER_ARN);
        const govArn = `arn:aws-us-gov:iam::${GOV_ACCOUNT}:oidc-provider/app.terraform.io`;
        for (const role of ["b-role", "c-role"]) {
            assert.equal(JSON.parse(r.byName(role, T.role).inputs.assumeRolePolicy).Statement[0].Principal.Federated, govArn, role);
        }
        assert.equal(await outputOf(r.result[1].oidcProviderArn), govArn);
        // Two invokes per shared provider (b and c share the one of "gov"): one pair on the default provider, one on "gov".
        assert.deepEqual(r.calls.map((c) => c.provider?.includes("::gov::") ?? false).sort(), [false, false, true, true]);
    });

    it("existingRoleArn (bring your own role) and a plain oidcProviderArn make no AWS invokes at all", async () => {
        for (const preview of [true, false]) {
            const r = await run(
                () => [
                    new WorkspaceOidcFederation("byo", { organization: "acme", workspace: "a", existingRoleArn: "arn:aws:iam::111122223333:role/r" }),
                    new WorkspaceOidcFederation("byo-set", { organization: "acme", workspaces: ["b", "c"], existingRoleArn: "arn:aws:iam::111122223333:role/r" }),
                    new WorkspaceOidcFederation("given", { organization: "acme", workspace: "d", oidcProviderArn: PROVIDER_ARN }),
                ],
                preview ? FIRST_PREVIEW : {},
            );
            assert.deepEqual(r.calls, [], `preview: ${preview}`);
            assert.equal(r.ofType(T.oidcProvider).length, 0);
            assert.equal(r.byName("given-role", T.role).inputs.assumeRolePolicy, JSON.stringify(verifiedTrust("acme", "d")));
        }
    });

    it("invokes that give no account id (mocks answering {}): the trust falls back to the provider resource's arn", async () => {
        const program = () => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w" });
        const preview = await run(program, { ...FIRST_PREVIEW, call: () => ({}) });
        assert.equal(preview.byName("app-role", T.role).inputs.assumeRolePolicy, UNKNOWN);
        const up = await run(program, { call: () => ({}) });
        assert.equal(up.byName("app-role", T.role).inputs.assumeRolePolicy, JSON.stringify(verifiedTrust("acme", "w")));
        assert.equal(await outputOf(up.result.oidcProviderArn), PROVIDER_ARN);
    });
});
