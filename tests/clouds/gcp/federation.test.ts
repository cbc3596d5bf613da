// The GCP evaluator itself (tests/support/clouds/gcpFederation.ts, real CEL), against hand-written cases.
import { strict as assert } from "assert";
import { gcpCanImpersonate, gcpExchange, gcpMemberAdmits } from "../../support/clouds/gcpFederation";
import { runToken } from "../../support/clouds/runTokens";

const PROVIDER_NAME = "projects/123/locations/global/workloadIdentityPools/pool-a/providers/prov-a";
const POOL = "projects/123/locations/global/workloadIdentityPools/pool-a";
const AUD = `//iam.googleapis.com/${PROVIDER_NAME}`;
const TOKEN = runToken({ iss: "https://app.terraform.io", aud: AUD, org: "acme", orgId: "org-AAAAAAAAAAAAAAAA", project: "Default Project", projectId: "prj-AAAAAAAAAAAAAAAA", ws: "prod", wsId: "ws-AAAAAAAAAAAAAAAA", phase: "plan" });
const PROVIDER = {
    attributeMapping: { "google.subject": 'assertion.terraform_workspace_id + ":" + assertion.terraform_run_phase', "attribute.terraform_workspace_id": "assertion.terraform_workspace_id" },
    attributeCondition: 'assertion.terraform_organization_name == "acme"',
    oidc: { issuerUri: "https://app.terraform.io" },
};

describe("support/clouds/gcpFederation (evaluator, real CEL)", () => {
    it("maps the attributes with CEL and checks the condition", () => {
        const d = gcpExchange(PROVIDER, PROVIDER_NAME, { ...TOKEN });
        assert.deepStrictEqual(d, { allowed: true, reason: "federated", identity: { poolName: POOL, subject: "ws-AAAAAAAAAAAAAAAA:plan", attributes: { terraform_workspace_id: "ws-AAAAAAAAAAAAAAAA" } } });
        assert.deepStrictEqual(gcpExchange(PROVIDER, PROVIDER_NAME, { ...TOKEN, terraform_organization_name: "Acme" }), { allowed: false, reason: "the attribute condition is false" });
        const startsWith = { ...PROVIDER, attributeCondition: 'assertion.sub.startsWith("organization:acme:project:Default Project:workspace:prod")' };
        assert.equal(gcpExchange(startsWith, PROVIDER_NAME, { ...TOKEN, sub: TOKEN.sub.replace("prod", "prod-2") }).allowed, true, "HashiCorp's startsWith also admits prod-2 (trust-model.md)");
    });

    it("a condition that is an error (a missing claim) refuses", () => {
        const d = gcpExchange({ ...PROVIDER, attributeCondition: 'assertion.nope == "x"' }, PROVIDER_NAME, { ...TOKEN });
        assert.equal(d.allowed, false);
        assert.match(d.reason, /^the attribute condition is an error \(.*nope.*\)$/);
    });

    it("an expression that does not parse refuses", () => {
        const d = gcpExchange({ ...PROVIDER, attributeCondition: "assertion.sub ==" }, PROVIDER_NAME, { ...TOKEN });
        assert.equal(d.allowed, false);
        assert.match(d.reason, /^the attribute condition is an error \(does not parse: /);
    });

    it("a mapping that fails or is not a string refuses; google.subject is required and at most 127 bytes", () => {
        const { terraform_workspace_id: _drop, ...noWs } = TOKEN;
        assert.match(gcpExchange(PROVIDER, PROVIDER_NAME, { ...noWs }).reason, /^mapping google\.subject failed: /);
        assert.deepStrictEqual(gcpExchange({ ...PROVIDER, attributeMapping: { "attribute.x": "assertion.aud" } }, PROVIDER_NAME, { ...TOKEN }), { allowed: false, reason: "google.subject is not mapped" });
        assert.deepStrictEqual(gcpExchange({ ...PROVIDER, attributeMapping: { "google.subject": "1 + 1" } }, PROVIDER_NAME, { ...TOKEN }), { allowed: false, reason: "mapping google.subject failed: not a string (bigint)" });
        const long = runToken({ ...{ iss: TOKEN.iss, aud: AUD, orgId: "org-AAAAAAAAAAAAAAAA", projectId: "prj-AAAAAAAAAAAAAAAA", wsId: "ws-AAAAAAAAAAAAAAAA", phase: "apply" }, org: "acme", project: "p".repeat(40), ws: "w".repeat(56) });
        assert.equal(Buffer.byteLength(long.sub), 149);
        assert.deepStrictEqual(gcpExchange({ ...PROVIDER, attributeMapping: { "google.subject": "assertion.sub" } }, PROVIDER_NAME, { ...long }), {
            allowed: false,
            reason: "size of mapped attribute google.subject exceeds the 127 bytes limit (149)",
        });
        assert.equal(gcpExchange(PROVIDER, PROVIDER_NAME, { ...long }).allowed, true, "the id-based subject fits");
    });

    it("issuer exact; audience: the canonical provider names by default, else only allowedAudiences", () => {
        assert.equal(gcpExchange(PROVIDER, PROVIDER_NAME, { ...TOKEN, iss: "https://app.terraform.io/" }).allowed, false);
        assert.equal(gcpExchange(PROVIDER, PROVIDER_NAME, { ...TOKEN, aud: `https://iam.googleapis.com/${PROVIDER_NAME}` }).allowed, true);
        assert.equal(gcpExchange(PROVIDER, PROVIDER_NAME, { ...TOKEN, aud: "custom" }).allowed, false);
        const custom = { ...PROVIDER, oidc: { issuerUri: "https://app.terraform.io", allowedAudiences: ["custom"] } };
        assert.equal(gcpExchange(custom, PROVIDER_NAME, { ...TOKEN, aud: "custom" }).allowed, true);
        assert.deepStrictEqual(gcpExchange(custom, PROVIDER_NAME, { ...TOKEN }), { allowed: false, reason: `audience ${JSON.stringify(AUD)} is not allowed` });
        assert.throws(() => gcpExchange(PROVIDER, POOL, { ...TOKEN }), /not a provider name/);
    });

    it("members: a subject, an attribute principal set, the whole pool; only for the provider's pool", () => {
        const identity = { poolName: POOL, subject: "ws-A:plan", attributes: { terraform_workspace_id: "ws-A", x: "a/b" } };
        assert.equal(gcpMemberAdmits(`principal://iam.googleapis.com/${POOL}/subject/ws-A:plan`, identity), true);
        assert.equal(gcpMemberAdmits(`principal://iam.googleapis.com/${POOL}/subject/ws-A:apply`, identity), false);
        assert.equal(gcpMemberAdmits(`principalSet://iam.googleapis.com/${POOL}/attribute.terraform_workspace_id/ws-A`, identity), true);
        assert.equal(gcpMemberAdmits(`principalSet://iam.googleapis.com/${POOL}/attribute.terraform_workspace_id/ws-a`, identity), false, "case-sensitive");
        assert.equal(gcpMemberAdmits(`principalSet://iam.googleapis.com/${POOL}/attribute.terraform_workspace_id/ws-A2`, identity), false);
        assert.equal(gcpMemberAdmits(`principalSet://iam.googleapis.com/${POOL}/attribute.x/a/b`, identity), true);
        assert.equal(gcpMemberAdmits(`principalSet://iam.googleapis.com/${POOL}/attribute.missing/ws-A`, identity), false);
        assert.equal(gcpMemberAdmits(`principalSet://iam.googleapis.com/${POOL}/*`, identity), true);
        assert.equal(gcpMemberAdmits(`principalSet://iam.googleapis.com/${POOL}2/*`, identity), false);
        assert.equal(gcpMemberAdmits("principalSet://iam.googleapis.com/projects/9/locations/global/workloadIdentityPools/other/attribute.terraform_workspace_id/ws-A", identity), false);
        assert.equal(gcpMemberAdmits("serviceAccount:x@y.iam.gserviceaccount.com", identity), false);
        assert.throws(() => gcpMemberAdmits(`principalSet://iam.googleapis.com/${POOL}/group/admins`, identity), /unsupported member/);
    });

    it("gcpCanImpersonate: exchange, then the members", () => {
        const member = `principalSet://iam.googleapis.com/${POOL}/attribute.terraform_workspace_id/ws-AAAAAAAAAAAAAAAA`;
        assert.equal(gcpCanImpersonate(PROVIDER, PROVIDER_NAME, [member], { ...TOKEN }).reason, "member[0] admits");
        assert.deepStrictEqual(gcpCanImpersonate(PROVIDER, PROVIDER_NAME, [member], { ...TOKEN, terraform_workspace_id: "ws-BBBBBBBBBBBBBBBB" }), {
            allowed: false,
            reason: 'no roles/iam.workloadIdentityUser member admits {"terraform_workspace_id":"ws-BBBBBBBBBBBBBBBB"}',
        });
        assert.equal(gcpCanImpersonate(PROVIDER, PROVIDER_NAME, [member], { ...TOKEN, iss: "https://x" }).allowed, false);
    });
});
