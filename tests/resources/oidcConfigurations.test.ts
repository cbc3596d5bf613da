// AwsOidcConfiguration, AzureOidcConfiguration, GcpOidcConfiguration, VaultOidcConfiguration (one
// provider factory): lifecycle through the real dynamic-provider host against the emulator.
import assert from "node:assert/strict";
import {
    AwsOidcConfiguration,
    AzureOidcConfiguration,
    GcpOidcConfiguration,
    VaultOidcConfiguration,
} from "../../src/resources";
import type { OidcConfigurationRecord } from "../emulator";
import { dynamicType } from "../support/mocks";
import { CANARY, IN_PLACE, MODULE, NO_DIFF, ORG, UNKNOWN, outsOf, replaced, siteOf, useHarness, type State } from "./harness";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n";
const CACERT = Buffer.from(PEM).toString("base64");
const HYOK_404 = "not found, the token may not see it, or the organization lacks the HYOK entitlement";

interface KindCase {
    name: string;
    type: string;
    kind: "aws" | "azure" | "gcp" | "vault";
    jsonType: string;
    prefix: string;
    label: string;
    /** One attribute to drift and update, with another valid value. */
    change: [string, string];
    kebab: Record<string, string>;
}

const KINDS: KindCase[] = [
    {
        name: "aws", type: "AwsOidcConfiguration", kind: "aws", jsonType: "aws-oidc-configurations", prefix: "awsoidc-", label: "AWS",
        change: ["roleArn", "arn:aws-us-gov:iam::210987654321:role/other"], kebab: { roleArn: "role-arn" },
    },
    {
        name: "azure", type: "AzureOidcConfiguration", kind: "azure", jsonType: "azure-oidc-configurations", prefix: "azoidc-", label: "Azure",
        change: ["tenantId", "99999999-8888-7777-6666-555555555555"],
        kebab: { clientId: "client-id", subscriptionId: "subscription-id", tenantId: "tenant-id" },
    },
    {
        name: "gcp", type: "GcpOidcConfiguration", kind: "gcp", jsonType: "gcp-oidc-configurations", prefix: "gcpoidc-", label: "GCP",
        change: ["serviceAccountEmail", "other@proj.iam.gserviceaccount.com"],
        kebab: { serviceAccountEmail: "service-account-email", projectNumber: "project-number", workloadProviderName: "workload-provider-name" },
    },
    {
        name: "vault", type: "VaultOidcConfiguration", kind: "vault", jsonType: "vault-oidc-configurations", prefix: "voidc-", label: "Vault",
        change: ["role", "hyok-2"],
        kebab: { address: "address", role: "role", authPath: "auth-path", encodedCacert: "encoded-cacert", namespace: "namespace" },
    },
];

describe("resources: AWS/Azure/GCP/Vault OIDC configurations (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(
        () => {
            new AwsOidcConfiguration("aws", { organization: ORG, roleArn: "arn:aws:iam::123456789012:role/hyok/kms-access" });
            new AzureOidcConfiguration("azure", {
                organization: ORG,
                clientId: "11111111-2222-3333-4444-555555555555",
                subscriptionId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                tenantId: "00000000-1111-2222-3333-444444444444",
            });
            new GcpOidcConfiguration("gcp", {
                organization: ORG,
                serviceAccountEmail: "hyok@proj.iam.gserviceaccount.com",
                projectNumber: "123456789012",
                workloadProviderName: "projects/123456789012/locations/global/workloadIdentityPools/hcp-pool/providers/terraform",
            });
            new VaultOidcConfiguration("vault", { organization: ORG, address: "https://vault.example.com:8200", role: "hyok", encodedCacert: CACERT });
        },
        { hyok: true },
    );
    const configs = (): OidcConfigurationRecord[] => [...h.emu.store.oidcConfigurations.values()];

    it("register their type tokens and never capture the token", () => {
        for (const k of KINDS) {
            assert.equal(h.resource(k.name).captured.type, dynamicType(MODULE, k.type));
            assert.ok(!h.resource(k.name).text.includes(CANARY));
        }
        // Only the arguments given travel; check() applies the defaults.
        assert.equal(h.resource("vault").captured.inputs.authPath, undefined);
    });

    describe("check", () => {
        it("AWS: role ARN shape", async () => {
            const r = await h.resource("aws").check({ organization: "acme", roleArn: "arn:aws:iam::12345:role/x" });
            assert.deepEqual(r.failures, [
                {
                    property: "roleArn",
                    reason:
                        'roleArn "arn:aws:iam::12345:role/x" is not valid: give an IAM role ARN such as "arn:aws:iam::123456789012:role/hcp-terraform-hyok".',
                },
            ]);
            const missing = await h.resource("aws").check({ organization: "bad org" });
            assert.deepEqual(missing.failures, [
                { property: "organization", reason: 'organization "bad org" is not valid: organization names may contain only letters, digits, "-" and "_".' },
                { property: "roleArn", reason: "roleArn is required: give a non-empty string." },
            ]);
            for (const ok of ["arn:aws-cn:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/path/to/name+=,.@-_"]) {
                assert.deepEqual((await h.resource("aws").check({ organization: ORG, roleArn: ok })).failures, [], ok);
            }
        });

        it("Azure: UUIDs", async () => {
            const r = await h.resource("azure").check({ organization: ORG, clientId: "app", subscriptionId: "11111111-2222-3333-4444-55555555555Z", tenantId: "" });
            assert.deepEqual(r.failures, [
                { property: "clientId", reason: 'clientId "app" is not valid: give the application (client) id as a UUID such as "00000000-1111-2222-3333-444444444444".' },
                {
                    property: "subscriptionId",
                    reason:
                        'subscriptionId "11111111-2222-3333-4444-55555555555Z" is not valid: give the subscription id as a UUID such as "00000000-1111-2222-3333-444444444444".',
                },
                { property: "tenantId", reason: "tenantId is required: give a non-empty string." },
            ]);
        });

        it("GCP: e-mail, project number, provider name, and that they agree", async () => {
            const r = await h.resource("gcp").check({
                organization: ORG,
                serviceAccountEmail: "not-an-email",
                projectNumber: "my-project",
                workloadProviderName: "projects/1/locations/us/workloadIdentityPools/p/providers/q",
            });
            assert.deepEqual(r.failures, [
                {
                    property: "serviceAccountEmail",
                    reason: 'serviceAccountEmail "not-an-email" is not valid: give the service account e-mail, e.g. "hyok@my-project.iam.gserviceaccount.com".',
                },
                {
                    property: "projectNumber",
                    reason: 'projectNumber "my-project" is not valid: give the project NUMBER (digits only, e.g. "123456789012"), not the project id.',
                },
                {
                    property: "workloadProviderName",
                    reason:
                        'workloadProviderName "projects/1/locations/us/workloadIdentityPools/p/providers/q" is not valid: give the full provider name ' +
                        '"projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>".',
                },
            ]);
            const mismatch = await h.resource("gcp").check(h.resource("gcp").inputs({ projectNumber: "42" }));
            assert.deepEqual(mismatch.failures, [
                {
                    property: "workloadProviderName",
                    reason: 'workloadProviderName names project "123456789012" but projectNumber is "42": they must be the same project number.',
                },
            ]);
        });

        it("Vault: https address, base64 PEM CA certificate, auth path; defaults", async () => {
            const r = await h.resource("vault").check({
                organization: ORG,
                address: "http://vault:8200",
                role: "hyok",
                authPath: "/jwt/",
                encodedCacert: "not base64!",
            });
            assert.deepEqual(r.failures, [
                { property: "address", reason: 'address "http://vault:8200" is not valid: give the Vault address as an https URL, e.g. "https://vault.example.com:8200".' },
                { property: "authPath", reason: 'authPath "/jwt/" is not valid: give the JWT auth mount path without leading or trailing "/", e.g. "jwt".' },
                {
                    property: "encodedCacert",
                    reason: 'encodedCacert "not base64!" is not valid: give the PEM CA certificate encoded in base64 on one line (e.g. `base64 -w0 ca.pem`).',
                },
            ]);
            const notPem = Buffer.from("hello world!").toString("base64");
            assert.equal((await h.resource("vault").check({ organization: ORG, address: "https://v", role: "r", encodedCacert: notPem })).failures[0].property, "encodedCacert");
            const d = await h.resource("vault").check({ organization: ORG, address: "https://v.example.com", role: "r", namespace: "" });
            assert.deepEqual(d.failures, []);
            const { __provider: _p, ...checked } = d.inputs;
            // namespace "" means not set.
            assert.deepEqual(checked, { organization: ORG, address: "https://v.example.com", role: "r", authPath: "jwt", site: siteOf(h) });
        });

        it("unknown values at preview are skipped (incl. cross-field rules)", async () => {
            for (const k of KINDS) {
                const unknowns: Record<string, string> = { organization: UNKNOWN };
                for (const f of Object.keys(k.kebab)) unknowns[f] = UNKNOWN;
                assert.deepEqual((await h.resource(k.name).check(unknowns)).failures, [], k.name);
            }
            const partial = await h.resource("gcp").check(h.resource("gcp").inputs({ projectNumber: UNKNOWN }));
            assert.deepEqual(partial.failures, []);
        });
    });

    for (const k of KINDS) {
        describe(`${k.type} lifecycle`, () => {
            const d = () => h.resource(k.name);
            const inputs = (o: Record<string, any> = {}) => d().inputs(o);
            let state: State;
            const rec = () => h.emu.store.oidcConfigurations.get(state.id)!;
            const patchedAttrs = () =>
                h.requests("PATCH", /^\/oidc-configurations\//).map((e) => Object.keys((e.body as any).data.attributes).sort());

            it("create sends the kind's type and attributes -> read -> diff shows nothing", async () => {
                const { __provider: _p, ...checked } = await d().checked(inputs());
                h.emu.clearLog();
                state = await d().up(inputs());
                assert.ok(state.id.startsWith(k.prefix), state.id);
                const post = h.requests("POST", /^\/organizations\/acme\/oidc-configurations$/);
                assert.equal(post.length, 1);
                const data = (post[0].body as any).data;
                assert.equal(data.type, k.jsonType);
                const expected: Record<string, string> = {};
                for (const [camel, kebab] of Object.entries(k.kebab)) {
                    const v = checked[camel];
                    if (v !== undefined) expected[kebab] = v;
                }
                assert.deepEqual(data.attributes, expected);
                assert.deepEqual(outsOf(state), { ...checked, site: siteOf(h), oidcConfigurationId: state.id });
                const refreshed = await d().read(state);
                assert.deepEqual(refreshed.outs, state.outs);
                assert.deepEqual(refreshed.returnedInputs, { ...checked, site: siteOf(h), __provider: d().text });
                assert.deepEqual(await d().diff(refreshed, inputs()), NO_DIFF);
            });

            it("drift shows in the next diff; the update sends only the changed attribute", async () => {
                const [field, value] = k.change;
                rec().attributes[k.kebab[field]] = value;
                const refreshed = await d().read(state);
                assert.equal(refreshed.outs[field], value);
                assert.deepEqual(await d().diff(refreshed, inputs()), IN_PLACE);
                h.emu.clearLog();
                state = await d().update(refreshed, inputs());
                assert.deepEqual(patchedAttrs(), [[k.kebab[field]]]);
                assert.equal(rec().attributes[k.kebab[field]], inputs()[field]);
            });

            it("replace rules: organization and another site replace (no delete first); attributes and org letter case do not", async () => {
                assert.deepEqual(await d().diff(state, inputs({ organization: "other-org" })), replaced(["organization"], false));
                assert.deepEqual(await d().diff(state, inputs({ hostname: "tfe.example.com" })), replaced(["site"], false));
                const [field, value] = k.change;
                assert.deepEqual(await d().diff(state, inputs({ [field]: value })), IN_PLACE);
                assert.equal((await d().diff(state, inputs({ organization: "Acme" }))).changes, false);
            });

            it("read: deleted in HCP means gone; update then explains; delete of a gone one succeeds", async () => {
                h.emu.store.oidcConfigurations.delete(state.id);
                assert.equal((await d().read(state)).id, "");
                const [field, value] = k.change;
                const err = await d().fails(d().update(state, inputs({ [field]: value })));
                assert.ok(
                    err.message.startsWith(
                        `updating the ${k.label} OIDC configuration of organization "acme" (${state.id}) failed: ${HYOK_404}. ` +
                            "If it was deleted, run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again. (PATCH /oidc-configurations/",
                    ),
                    err.message,
                );
                await d().delete(state);
            });

            it("delete removes it", async () => {
                state = await d().up(inputs());
                h.emu.clearLog();
                await d().delete(state);
                assert.deepEqual(h.calls(), [`DELETE /oidc-configurations/${state.id}`]);
                assert.equal(h.emu.store.oidcConfigurations.has(state.id), false);
            });
        });
    }

    it("Vault: optional attributes are added and cleared in place (null sent for a removed one)", async () => {
        const d = h.resource("vault");
        let state = await d.up(d.inputs());
        h.emu.clearLog();
        state = await d.update(state, d.inputs({ namespace: "admin/team", authPath: "jwt-hcp" }));
        const bodies = () => h.requests("PATCH", /^\/oidc-configurations\//).map((e) => (e.body as any).data.attributes);
        assert.deepEqual(bodies(), [{ namespace: "admin/team", "auth-path": "jwt-hcp" }]);
        assert.equal(state.outs.namespace, "admin/team");
        h.emu.clearLog();
        state = await d.update(state, d.inputs({ authPath: "jwt-hcp", encodedCacert: undefined }));
        assert.deepEqual(bodies(), [{ namespace: null, "encoded-cacert": null }]);
        assert.equal("namespace" in state.outs, false);
        assert.equal("encodedCacert" in state.outs, false);
        assert.equal(h.emu.store.oidcConfigurations.get(state.id)!.attributes.namespace, null);
        await d.delete(state);
    });

    describe("an organization without the HYOK entitlement", () => {
        it("create fails saying the organization may lack HYOK", async () => {
            h.emu.addOrganization("basic", { hyok: false });
            const d = h.resource("aws");
            const err = await d.fails(d.up(d.inputs({ organization: "basic" })));
            assert.ok(
                err.message.startsWith(
                    `creating the AWS OIDC configuration of organization "basic" failed: organization "basic" ${HYOK_404} ` +
                        "(HYOK, hold-your-own-key, is an HCP Terraform Premium feature; the API answers 404 for all three). " +
                        "Check the organization name and the token's access, or have HYOK enabled for the organization. (POST /organizations/basic/oidc-configurations",
                ),
                err.message,
            );
            // The entitlement is explained once: the client's own HYOK hint is not quoted again.
            assert.equal(err.message.split("entitlement").length - 1, 1, err.message);
            assert.ok(err.message.endsWith("failed: 404 Not Found: the object was not found, or the token is not allowed to see it)"), err.message);
            assert.equal(configs().length, 0);
        });

        it("read after the entitlement is withdrawn answers gone (404)", async () => {
            const d = h.resource("gcp");
            const state = await d.up(d.inputs());
            h.emu.setHyok(ORG, false);
            try {
                assert.equal((await d.read(state)).id, "");
            } finally {
                h.emu.setHyok(ORG, true);
            }
            await d.delete(state);
        });
    });

    it("a lost POST answer is NOT retried: the error says it may exist and how to find it; exactly one was made", async () => {
        const d = h.resource("azure");
        h.emu.injectFaults({ lostResponseRate: 1, match: (m, p) => m === "POST" && p.endsWith("/oidc-configurations") });
        h.emu.clearLog();
        try {
            const err = await d.fails(d.up(d.inputs()));
            assert.equal(h.calls("POST").length, 1, "not retried");
            assert.equal(configs().length, 1, "the configuration exists");
            assert.match(err.message, /^creating the Azure OIDC configuration of organization "acme" got no clear answer, so the configuration may have been created anyway: POST \/organizations\/acme\/oidc-configurations/);
            assert.ok(
                err.message.endsWith(
                    "It was not retried because HCP Terraform has no way to list OIDC configurations or find one by its attributes. " +
                        "To find it, list GET /api/v2/organizations/acme/hyok-configurations?include=oidc_configuration (or look in the organization's HYOK settings); " +
                        "a configuration that no HYOK configuration uses is unused and can be removed with DELETE /api/v2/oidc-configurations/<id>. Then run `pulumi up` again.",
                ),
                err.message,
            );
        } finally {
            h.emu.clearFaults();
            h.emu.store.oidcConfigurations.clear();
        }
    });
});
