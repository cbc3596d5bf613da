import { strict as assert } from "node:assert";
import { HcpTerraformOidcProvider, WorkspaceOidcFederation, resetSharedOidcProviders, sharedOidcProvider } from "../../src/components";
import { ACCOUNT, T, federationDescription, inputsOf, isolateHostEnv, outputOf, run } from "./harness";

describe("OIDC provider: HcpTerraformOidcProvider and the shared provider", function () {
    isolateHostEnv();

    it("two federations in one stack -> exactly one OpenIdConnectProvider, at stack level", async () => {
        const r = await run(() => [
            new WorkspaceOidcFederation("a", { organization: "acme", workspace: "a" }),
            new WorkspaceOidcFederation("b", { organization: "acme", workspace: "b" }),
        ]);
        const providers = r.ofType(T.oidcProvider);
        assert.equal(providers.length, 1);
        const component = r.byName("hcp-terraform-oidc-app.terraform.io", T.oidcProviderComponent);
        // Stack level: no federation in its parent chain (the URN's type chain) nor as its parent.
        assert.equal(component.urn, `urn:pulumi:stack::project::${T.oidcProviderComponent}::hcp-terraform-oidc-app.terraform.io`);
        assert.equal(component.parent?.includes(T.federation) ?? false, false);
        assert.equal(providers[0].parent, component.urn);
        const [a, b] = r.result;
        assert.equal(a.oidcProvider, b.oidcProvider);
        const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`;
        assert.equal(await outputOf(a.oidcProviderArn), arn);
        assert.equal(await outputOf(b.oidcProviderArn), arn);
        for (const role of ["a-role", "b-role"]) {
            assert.equal(JSON.parse(r.byName(role, T.role).inputs.assumeRolePolicy).Statement[0].Principal.Federated, arn);
        }
    });

    it("removing the federation that first asked for it does not change the provider's URN (so it is not deleted)", async () => {
        const both = await run(() => [
            new WorkspaceOidcFederation("a", { organization: "acme", workspace: "a" }),
            new WorkspaceOidcFederation("b", { organization: "acme", workspace: "b" }),
        ]);
        const onlyB = await run(() => new WorkspaceOidcFederation("b", { organization: "acme", workspace: "b" }));
        assert.equal(onlyB.ofType(T.oidcProvider)[0].urn, both.ofType(T.oidcProvider)[0].urn);
    });

    it("one provider per host: a TFE federation gets its own", async () => {
        const r = await run(() => [
            new WorkspaceOidcFederation("a", { organization: "acme", workspace: "a" }),
            new WorkspaceOidcFederation("t", { organization: "acme", workspace: "a", hostname: "tfe.example.com" }),
        ]);
        assert.deepEqual(
            r.ofType(T.oidcProvider).map((p) => p.inputs.url).sort(),
            ["https://app.terraform.io", "https://tfe.example.com"],
        );
    });

    it("sharedOidcProvider is memoized per host; resetSharedOidcProviders forgets it; another audience throws", async () => {
        const r = await run(() => {
            const first = sharedOidcProvider("app.terraform.io");
            const again = sharedOidcProvider("app.terraform.io", "aws.workload.identity");
            let error: Error | undefined;
            try {
                sharedOidcProvider("app.terraform.io", "other");
            } catch (err) {
                error = err as Error;
            }
            return { same: first === again, error };
        });
        assert.equal(r.result.same, true);
        assert.equal(r.ofType(T.oidcProvider).length, 1);
        assert.equal(
            r.result.error?.message,
            'the shared OIDC provider for "app.terraform.io" already accepts audience "aws.workload.identity", and AWS allows only one ' +
                'provider per URL per account, so audience "other" cannot get its own. Fix: create one HcpTerraformOidcProvider with ' +
                'audiences ["aws.workload.identity", "other"] and pass its arn as oidcProviderArn to each WorkspaceOidcFederation of that host.',
        );
        resetSharedOidcProviders();
    });

    it("HcpTerraformOidcProvider with two audiences and a thumbprint, shared by federations with different audiences via oidcProviderArn", async () => {
        const r = await run(() => {
            const provider = new HcpTerraformOidcProvider("hcp-terraform", {
                audiences: ["aws.workload.identity", "custom.audience"],
                thumbprints: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"],
            });
            return [
                new WorkspaceOidcFederation("a", { organization: "acme", workspace: "a", oidcProviderArn: provider.arn }),
                new WorkspaceOidcFederation("b", { organization: "acme", workspace: "b", oidcProviderArn: provider.arn, audience: "custom.audience" }),
            ];
        });
        const providers = r.ofType(T.oidcProvider);
        assert.equal(providers.length, 1);
        assert.deepEqual(inputsOf(providers[0]), {
            url: "https://app.terraform.io",
            clientIdLists: ["aws.workload.identity", "custom.audience"],
            thumbprintLists: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"],
        });
        assert.equal(providers[0].name, "hcp-terraform");
        const trustB = JSON.parse(r.byName("b-role", T.role).inputs.assumeRolePolicy);
        assert.deepEqual(trustB.Statement[0].Condition.StringEquals, { "app.terraform.io:aud": "custom.audience" });
        assert.deepEqual(r.byName("b-variables", T.variableGroup).inputs.variables[1], {
            key: "TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE",
            value: "custom.audience",
            category: "env",
            description: federationDescription("b"),
        });
        // The role waits for the provider through the ARN.
        assert.ok(r.byName("a-role", T.role).dependencies.includes(providers[0].urn));
    });

    it("HcpTerraformOidcProvider validates its arguments before registering anything", async () => {
        const r = await run(() => {
            const errors: string[] = [];
            for (const args of [{ audiences: [] }, { audiences: ["a", "a"] }, { audiences: ["a*"] }, { hostname: "tfe_example" }]) {
                try {
                    new HcpTerraformOidcProvider("p", args);
                } catch (err) {
                    errors.push((err as Error).message);
                }
            }
            return errors;
        });
        assert.deepEqual(r.resources, []);
        assert.deepEqual(r.result.slice(0, 3), [
            'HcpTerraformOidcProvider "p": audiences []: give at least one audience (the AWS default is "aws.workload.identity"). Fix the audiences.',
            'HcpTerraformOidcProvider "p": audiences lists "a" twice. Fix the audiences: give each once.',
            'HcpTerraformOidcProvider "p": audience "a*": an audience is matched exactly and may not contain "*", "?", "$" or whitespace. Fix the audience.',
        ]);
        assert.equal(r.result.length, 4);
    });
});
