import { strict as assert } from "node:assert";
import {
    NotFoundError,
    OidcKind,
    createOidcConfiguration,
    deleteOidcConfiguration,
    readOidcConfiguration,
    updateOidcConfiguration,
} from "../../src/hcp";
import { ORG, rejection, useEmulator } from "./helpers";

const HYOK_ORG = "hyok-org";
const HYOK_HINT =
    "or its organization does not have the HYOK (hold-your-own-key) entitlement: " +
    "HCP Terraform answers 404 on OIDC configuration endpoints for organizations without it";

describe("hcp/oidcConfigurations", () => {
    const fx = useEmulator();
    before(() => fx.emu.addOrganization(HYOK_ORG, { hyok: true }));

    const cases: Array<{ kind: OidcKind; type: string; prefix: string; input: Record<string, string | null>; wire: Record<string, string | null>; out: Record<string, string | null> }> = [
        {
            kind: "aws", type: "aws-oidc-configurations", prefix: "awsoidc",
            input: { roleArn: "arn:aws:iam::123456789012:role/hyok" },
            wire: { "role-arn": "arn:aws:iam::123456789012:role/hyok" },
            out: { roleArn: "arn:aws:iam::123456789012:role/hyok" },
        },
        {
            kind: "azure", type: "azure-oidc-configurations", prefix: "azoidc",
            input: { clientId: "app-1", subscriptionId: "sub-1", tenantId: "tenant-1" },
            wire: { "client-id": "app-1", "subscription-id": "sub-1", "tenant-id": "tenant-1" },
            out: { clientId: "app-1", subscriptionId: "sub-1", tenantId: "tenant-1" },
        },
        {
            kind: "gcp", type: "gcp-oidc-configurations", prefix: "gcpoidc",
            input: {
                serviceAccountEmail: "hyok@proj.iam.gserviceaccount.com", projectNumber: "11111111",
                workloadProviderName: "projects/11111111/locations/global/workloadIdentityPools/pool/providers/tfc",
            },
            wire: {
                "service-account-email": "hyok@proj.iam.gserviceaccount.com", "project-number": "11111111",
                "workload-provider-name": "projects/11111111/locations/global/workloadIdentityPools/pool/providers/tfc",
            },
            out: {
                serviceAccountEmail: "hyok@proj.iam.gserviceaccount.com", projectNumber: "11111111",
                workloadProviderName: "projects/11111111/locations/global/workloadIdentityPools/pool/providers/tfc",
            },
        },
        {
            kind: "vault", type: "vault-oidc-configurations", prefix: "voidc",
            input: { address: "https://vault.example.com:8200", role: "hyok-role" },
            wire: { address: "https://vault.example.com:8200", role: "hyok-role" },
            out: { address: "https://vault.example.com:8200", role: "hyok-role", namespace: null, authPath: "jwt", encodedCacert: null },
        },
    ];

    for (const k of cases) {
        it(`${k.kind}: create (data.type ${k.type}, kebab-case attributes) and read, camelCase out`, async () => {
            const c = fx.client();
            const created = await createOidcConfiguration(c, HYOK_ORG, k.kind, k.input);
            assert.match(created.id, new RegExp(`^${k.prefix}-[A-Za-z0-9]{16}$`));
            assert.deepEqual(created, { id: created.id, kind: k.kind, organization: HYOK_ORG, attributes: k.out });
            assert.deepEqual(fx.calls(), [`POST /organizations/${HYOK_ORG}/oidc-configurations`]);
            assert.deepEqual(fx.emu.log[0].body, {
                data: { type: k.type, attributes: k.wire, relationships: { organization: { data: { type: "organizations", id: HYOK_ORG } } } },
            });
            assert.deepEqual(await readOidcConfiguration(c, created.id), created);
            assert.deepEqual(fx.calls()[1], `GET /oidc-configurations/${created.id}`);
        });
    }

    it("vault: sends encoded-cacert (also when given as encodedCaCert) and namespace / auth-path", async () => {
        const c = fx.client();
        const created = await createOidcConfiguration(c, HYOK_ORG, "vault", {
            address: "https://vault.example.com", role: "r", namespace: "admin", authPath: "jwt-hyok", encodedCaCert: "LS0tLS1CRUdJTg==",
        });
        assert.deepEqual((fx.emu.log[0].body as any).data.attributes, {
            address: "https://vault.example.com", role: "r", namespace: "admin", "auth-path": "jwt-hyok", "encoded-cacert": "LS0tLS1CRUdJTg==",
        });
        assert.deepEqual(created.attributes, {
            address: "https://vault.example.com", role: "r", namespace: "admin", authPath: "jwt-hyok", encodedCacert: "LS0tLS1CRUdJTg==",
        });
    });

    it("update: PATCH /oidc-configurations/:id with only the attributes given; delete; gone is NotFoundError", async () => {
        const c = fx.client();
        const created = await createOidcConfiguration(c, HYOK_ORG, "azure", { clientId: "a", subscriptionId: "s", tenantId: "t" });
        fx.emu.clearLog();
        const updated = await updateOidcConfiguration(c, created.id, "azure", { clientId: "b" });
        assert.deepEqual(updated, { ...created, attributes: { clientId: "b", subscriptionId: "s", tenantId: "t" } });
        assert.deepEqual(fx.emu.log[0].body, { data: { type: "azure-oidc-configurations", id: created.id, attributes: { "client-id": "b" } } });
        await deleteOidcConfiguration(c, created.id);
        assert.equal(fx.emu.store.oidcConfigurations.has(created.id), false);
        const err = await rejection(readOidcConfiguration(c, created.id));
        assert.ok(err instanceof NotFoundError);
        assert.equal(
            err.message,
            `GET /oidc-configurations/${created.id} on ${fx.emu.hostname} failed: 404 Not Found: ` +
                `the object was not found, or the token is not allowed to see it, ${HYOK_HINT}`,
        );
        assert.deepEqual(fx.calls(), [
            `PATCH /oidc-configurations/${created.id}`, `DELETE /oidc-configurations/${created.id}`, `GET /oidc-configurations/${created.id}`,
        ]);
    });

    it("an organization without HYOK answers 404, and the error says so", async () => {
        const err = await rejection(createOidcConfiguration(fx.client(), ORG, "aws", { roleArn: "arn:aws:iam::123456789012:role/x" }));
        assert.ok(err instanceof NotFoundError);
        assert.equal(
            err.message,
            `POST /organizations/${ORG}/oidc-configurations on ${fx.emu.hostname} failed: 404 Not Found: ` +
                `the object was not found, or the token is not allowed to see it, or the organization "${ORG}" does not have the ` +
                "HYOK (hold-your-own-key) entitlement: HCP Terraform answers 404 on OIDC configuration endpoints for organizations without it",
        );
        assert.equal(err.hint, `or the organization "${ORG}" does not have the HYOK (hold-your-own-key) entitlement: HCP Terraform answers 404 on OIDC configuration endpoints for organizations without it`);
    });

    it("a missing required attribute is the server's 422 detail", async () => {
        const err = await rejection(createOidcConfiguration(fx.client(), HYOK_ORG, "aws", {}));
        assert.equal(err.message, `POST /organizations/${HYOK_ORG}/oidc-configurations on ${fx.emu.hostname} failed: 422 Unprocessable Entity: Role arn can't be blank`);
    });
});
