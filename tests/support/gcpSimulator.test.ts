// The GCP simulator's answers, one per branch, in GCP's own words (runs-api.md §5.5), and the
// trust check's cause rules recognise the ones they name.
import assert from "node:assert/strict";
import { matchCause } from "../../src/checks/causes";
import { gcpAttributeMapping } from "../../src/clouds/gcp/trust";
import type { ProbeInput } from "../emulator";
import { GOOGLE_PROVIDER_SOURCE, NO_CREDENTIALS, USERINFO_FAILURE, gcpSimulator } from "./gcpSimulator";

const POOL = "projects/123456789012/locations/global/workloadIdentityPools/tfc-acme";
const PROVIDER = `${POOL}/providers/tfc-app-terraform-io`;
const EMAIL = "tfc-prod@acme-prod.iam.gserviceaccount.com";
const WS = "ws-AAAAAAAAAAAAAAAA";
const ADDRESS = "data.google_client_openid_userinfo.p";
const FILES = { "main.tf": 'provider "google" {}\ndata "google_client_openid_userinfo" "p" {}\n' };
const CONFIG = { attributeMapping: gcpAttributeMapping(), attributeCondition: 'assertion.terraform_organization_name == "acme"', oidc: { issuerUri: "https://app.terraform.io" } };

function input(o: { settings?: Record<string, string>; claims?: Record<string, string>; dynamicCredentials?: boolean } = {}): ProbeInput {
    return {
        runId: "run-abc", phase: "plan", tag: null, dynamicCredentials: o.dynamicCredentials ?? true, env: {}, files: FILES, targetAddrs: null,
        providerAddress: `provider["${GOOGLE_PROVIDER_SOURCE}"]`,
        settings: o.settings ?? { WORKLOAD_PROVIDER_NAME: PROVIDER, RUN_SERVICE_ACCOUNT_EMAIL: EMAIL },
        token: {
            iss: "https://app.terraform.io", aud: `//iam.googleapis.com/${PROVIDER}`, sub: "organization:acme:project:Default Project:workspace:prod:run_phase:plan",
            iat: 0, nbf: 0, exp: 1, jti: "j", terraform_organization_id: "org-AAAAAAAAAAAAAAAA", terraform_organization_name: "acme",
            terraform_project_id: "prj-AAAAAAAAAAAAAAAA", terraform_project_name: "Default Project", terraform_workspace_id: WS, terraform_workspace_name: "prod",
            terraform_full_workspace: "organization:acme:project:Default Project:workspace:prod", terraform_run_id: "run-abc", terraform_run_phase: "plan",
            ...(o.claims as any),
        },
    };
}

/** The one diagnostic's summary, after the userinfo read's prefix. */
function errorOf(outcome: ReturnType<ReturnType<typeof gcpSimulator>["probe"]>): string {
    assert.equal(outcome.diagnostics?.length, 1);
    const d = outcome.diagnostics![0];
    assert.deepEqual([d.severity, d.detail, d.address], ["error", "", ADDRESS]);
    assert.ok(d.summary.startsWith(USERINFO_FAILURE), d.summary);
    return d.summary.slice(USERINFO_FAILURE.length);
}

describe("support: GCP simulator", () => {
    const sim = gcpSimulator();
    before(() => {
        sim.addProvider(PROVIDER, CONFIG);
        sim.addServiceAccount(EMAIL, [`principalSet://iam.googleapis.com/${POOL}/attribute.terraform_workspace_id/${WS}`]);
    });

    it("the plugin's identity: google, the GCP variables, the provider-name default audience", () => {
        assert.deepEqual([sim.provider, sim.providerSource, sim.variablePrefix], ["google", GOOGLE_PROVIDER_SOURCE, "GCP"]);
        assert.equal(sim.defaultAudience({ WORKLOAD_PROVIDER_NAME: PROVIDER }), `//iam.googleapis.com/${PROVIDER}`);
    });

    it("a token the provider and the service account admit: the userinfo read names the service account", () => {
        assert.deepEqual(sim.probe(input()), { reads: [{ address: ADDRESS, id: EMAIL }] });
        const plan = input({ settings: { WORKLOAD_PROVIDER_NAME: PROVIDER, RUN_SERVICE_ACCOUNT_EMAIL: "other@x.iam.gserviceaccount.com", PLAN_SERVICE_ACCOUNT_EMAIL: EMAIL } });
        assert.deepEqual(sim.probe(plan).reads, [{ address: ADDRESS, id: EMAIL }], "the plan service account wins");
    });

    it("no dynamic credentials (or no provider name or service account): application default credentials, at the provider", () => {
        const cases: Parameters<typeof input>[0][] = [{ dynamicCredentials: false }, { settings: { RUN_SERVICE_ACCOUNT_EMAIL: EMAIL } }, { settings: { WORKLOAD_PROVIDER_NAME: PROVIDER } }];
        for (const o of cases) {
            assert.deepEqual(sim.probe(input(o)), { diagnostics: [{ severity: "error", summary: NO_CREDENTIALS, detail: "", address: `provider["${GOOGLE_PROVIDER_SOURCE}"]` }] });
        }
        assert.equal(matchCause(NO_CREDENTIALS)?.kind, "gcp-no-credentials");
    });

    it("STS's refusals: unknown provider, issuer, audience, the attribute condition, google.subject over 127 bytes", () => {
        assert.equal(
            errorOf(sim.probe(input({ settings: { WORKLOAD_PROVIDER_NAME: `${POOL}/providers/gone`, RUN_SERVICE_ACCOUNT_EMAIL: EMAIL } }))),
            'oauth2/google: status code 400: {"error":"invalid_target","error_description":"The target service indicated by the \\"audience\\" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist."}',
        );
        assert.equal(
            errorOf(sim.probe(input({ claims: { iss: "https://tfe.example.com" } }))),
            'oauth2/google: status code 400: {"error":"invalid_grant","error_description":"The issuer in ID Token https://tfe.example.com does not match the expected ones: https://app.terraform.io."}',
        );
        assert.equal(
            errorOf(sim.probe(input({ claims: { aud: "gcp.custom" } }))),
            'oauth2/google: status code 400: {"error":"invalid_grant","error_description":"The audience in ID Token [gcp.custom] does not match the expected audience."}',
        );
        const condition = errorOf(sim.probe(input({ claims: { terraform_organization_name: "Acme" } })));
        assert.equal(condition, 'oauth2/google: status code 400: {"error":"unauthorized_client","error_description":"The given credential is rejected by the attribute condition."}');
        assert.equal(matchCause(`${USERINFO_FAILURE}${condition}`)?.kind, "gcp-attribute-condition");
        const bySub = `${POOL}/providers/by-sub`;
        sim.addProvider(bySub, { ...CONFIG, attributeMapping: { "google.subject": "assertion.sub" } });
        const long = input({ settings: { WORKLOAD_PROVIDER_NAME: bySub, RUN_SERVICE_ACCOUNT_EMAIL: EMAIL }, claims: { aud: `//iam.googleapis.com/${bySub}`, sub: `organization:acme:project:${"p".repeat(40)}:workspace:${"w".repeat(60)}:run_phase:plan` } });
        assert.equal(
            errorOf(sim.probe(long)),
            'oauth2/google: status code 400: {"error":"invalid_request","error_description":"The size of mapped attribute google.subject exceeds the 127 bytes limit. Either modify your attribute mapping or the incoming assertion to produce a mapped attribute that is less than 127 bytes."}',
        );
    });

    it("impersonation denied: a workspace the members do not admit, or a service account that does not exist (the same answer)", () => {
        const denied =
            'oauth2/google: status code 403: {"error":{"code":403,"message":"Permission \'iam.serviceAccounts.getAccessToken\' denied on resource (or it may not exist).",' +
            '"status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED","domain":"iam.googleapis.com","metadata":{"permission":"iam.serviceAccounts.getAccessToken"}}]}}';
        assert.equal(errorOf(sim.probe(input({ claims: { terraform_workspace_id: "ws-BBBBBBBBBBBBBBBB" } }))), denied);
        assert.equal(errorOf(sim.probe(input({ settings: { WORKLOAD_PROVIDER_NAME: PROVIDER, RUN_SERVICE_ACCOUNT_EMAIL: "missing@acme-prod.iam.gserviceaccount.com" } }))), denied);
        assert.equal(matchCause(`${USERINFO_FAILURE}${denied}`)?.kind, "gcp-impersonation-denied");
        sim.addMember("late@acme-prod.iam.gserviceaccount.com", `principalSet://iam.googleapis.com/${POOL}/attribute.terraform_workspace_id/${WS}`);
        assert.equal(sim.probe(input({ settings: { WORKLOAD_PROVIDER_NAME: PROVIDER, RUN_SERVICE_ACCOUNT_EMAIL: "late@acme-prod.iam.gserviceaccount.com" } })).reads?.length, 1);
    });

    it("clear forgets everything", () => {
        const other = gcpSimulator();
        other.addProvider(PROVIDER, CONFIG);
        other.addServiceAccount(EMAIL);
        other.clear();
        assert.deepEqual([other.providers.size, other.serviceAccounts.size], [0, 0]);
    });
});
