// The default GCP ids: exact values for typical names, then a seeded property over generated names
// (any valid organization, workspace, component name and host): always valid for GCP, the same for
// the same input, and different for different inputs.
import { strict as assert } from "assert";
import { gcpDefaultPoolId, gcpDefaultProviderId, gcpDefaultServiceAccountId, idSlug, shortHash } from "../../../src/clouds/gcp/defaultIds";
import { validateServiceAccountId, validateWorkloadIdentityPoolId, validateWorkloadIdentityPoolProviderId } from "../../../src/clouds/gcp/names";
import { simpleName } from "../../support/clouds/runTokens";
import { int, pick, seededRandom } from "../../support/random";

describe("clouds/gcp/defaultIds", () => {
    it("a name that is a valid id part is used as it is; anything else is shortened and hashed", () => {
        assert.equal(shortHash("acme"), shortHash("acme"));
        assert.match(shortHash(""), /^[0-9a-z]{7}$/);
        assert.equal(idSlug("My_Org..name-"), "my-org-name");
        assert.equal(gcpDefaultPoolId("app.terraform.io", "acme"), "tfc-acme");
        assert.equal(gcpDefaultPoolId("app.terraform.io", "Acme"), "tfc-acme", "organization names are case-insensitive: one pool");
        assert.equal(gcpDefaultPoolId("app.terraform.io", "a_b"), `tfc-a-b-${shortHash("app.terraform.io\na_b")}`, "not a-b's pool");
        assert.equal(gcpDefaultPoolId("tfe.example.com", "acme"), `tfc-acme-${shortHash("tfe.example.com\nacme")}`, "another host, another pool");
        assert.equal(gcpDefaultPoolId("app.terraform.io", "a".repeat(40)), `tfc-${"a".repeat(20)}-${shortHash(`app.terraform.io\n${"a".repeat(40)}`)}`);
        assert.equal(gcpDefaultPoolId("app.terraform.io", "___"), `tfc-${shortHash("app.terraform.io\n___")}`);
        assert.equal(gcpDefaultProviderId("app.terraform.io"), "tfc-app-terraform-io");
        assert.equal(gcpDefaultProviderId("tfe-9.corp.example:8443"), "tfc-tfe-9-corp-example-8443");
        assert.equal(gcpDefaultProviderId("a-very-long-terraform-enterprise.example.com"), `tfc-a-very-long-terrafor-${shortHash("a-very-long-terraform-enterprise.example.com")}`);
        assert.equal(gcpDefaultServiceAccountId("app-prod"), "tfc-app-prod");
        assert.equal(gcpDefaultServiceAccountId("app-prod", "apply"), "tfc-app-prod-apply");
        assert.equal(gcpDefaultServiceAccountId("a"), `tfc-a-${shortHash("a")}`, "under 6 characters: hashed");
        assert.equal(gcpDefaultServiceAccountId("App"), `tfc-app-${shortHash("App")}`, "not the same as app's");
        assert.equal(gcpDefaultServiceAccountId("w".repeat(40), "plan"), `tfc-${"w".repeat(13)}-${shortHash("w".repeat(40))}-plan`);
    });

    it("generated names (seed 0x9d5, 3000 each): valid, deterministic, distinct", () => {
        const r = seededRandom(0x9d5);
        const hostOf = () => pick(r, ["app.terraform.io", "app.eu.terraform.io", "tfe.example.com", `tfe-${int(r, 0, 99)}.corp.example:${int(r, 1, 65535)}`, `${"x".repeat(int(r, 1, 60))}.example.org`]);
        const pools = new Map<string, string>();
        const accounts = new Map<string, string>();
        for (let i = 0; i < 3000; i++) {
            const host = hostOf();
            const org = simpleName(r, r() < 0.3 ? 60 : 12);
            const pool = gcpDefaultPoolId(host, org);
            assert.equal(validateWorkloadIdentityPoolId(pool), pool);
            assert.equal(gcpDefaultPoolId(host, org), pool);
            assert.equal(gcpDefaultPoolId(host, org.toUpperCase()), pool);
            const key = `${host} ${org.toLowerCase()}`;
            const other = pools.get(pool);
            assert.ok(other === undefined || other === key, `${key} and ${other} share pool id ${pool}`);
            pools.set(pool, key);
            const provider = gcpDefaultProviderId(host);
            assert.equal(validateWorkloadIdentityPoolProviderId(provider), provider);
            // A workspace name (letters, digits, "-", "_", up to 90) or any component name.
            const base = r() < 0.7 ? simpleName(r, r() < 0.3 ? 90 : 12) : pick(r, ["my app", "Über-Team", "x", "svc/prod", "", "a.b.c"]) + simpleName(r, 5);
            for (const suffix of [undefined, "plan", "apply"] as const) {
                const id = gcpDefaultServiceAccountId(base, suffix);
                assert.equal(validateServiceAccountId(id), id, `${JSON.stringify(base)} ${suffix}`);
                const k = `${base} ${suffix}`;
                const prev = accounts.get(id);
                assert.ok(prev === undefined || prev === k, `${k} and ${prev} share service account id ${id}`);
                accounts.set(id, k);
            }
        }
        assert.ok(pools.size > 2000, `${pools.size} distinct pools`);
    });
});
