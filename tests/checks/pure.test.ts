// The pure parts of the trust check: probe configurations, the archive, the cause table (with the
// clouds' real error strings, runs-api.md §5), redaction, and the poll backoff.
import assert from "node:assert/strict";
import * as zlib from "node:zlib";
import {
    CAUSE_RULES, DEFAULT_POLL, POLL_ENV, backoffMs, buildArchive, explainFailure, matchCause, pollFromEnv, probeConfiguration, redact,
} from "../../src/checks";
import { readTarGz } from "../emulator/tarball";

describe("checks: probe configurations", () => {
    it("AWS: a region, the caller identity and its ARN parsed (no API call), both targeted", () => {
        const p = probeConfiguration("aws");
        assert.deepEqual(Object.keys(p.files), ["main.tf"]);
        assert.equal(
            p.files["main.tf"],
            "# Trust check of hcp-oidc-federation: a read-only probe of the AWS dynamic credentials. It creates nothing.\n\n" +
                'provider "aws" {\n  region = "us-east-1"\n}\n\n' +
                'data "aws_caller_identity" "trust_check" {}\n\n' +
                'data "aws_arn" "trust_check" {\n  arn = data.aws_caller_identity.trust_check.arn\n}\n',
        );
        assert.deepEqual(p.targetAddrs, ["data.aws_caller_identity.trust_check", "data.aws_arn.trust_check"]);
        assert.equal(p.identityAddress, "data.aws_arn.trust_check");
        assert.deepEqual([p.planIdentityVariable, p.runIdentityVariable], ["TFC_AWS_PLAN_ROLE_ARN", "TFC_AWS_RUN_ROLE_ARN"]);
    });

    it("a tag goes through the alias of var.tfc_<cloud>_dynamic_credentials, with the variable declared", () => {
        const p = probeConfiguration("aws", { tag: "prod" });
        const text = p.files["main.tf"];
        assert.ok(text.includes('variable "tfc_aws_dynamic_credentials" {'));
        assert.ok(text.includes("aliases = map(object({\n      shared_config_file = string\n    }))"));
        assert.ok(text.includes('provider "aws" {\n  alias = "trust_check"\n  region = "us-east-1"\n  shared_config_files = [var.tfc_aws_dynamic_credentials.aliases["prod"].shared_config_file]\n}'));
        assert.ok(text.includes('data "aws_caller_identity" "trust_check" {\n  provider = aws.trust_check\n}'));
        assert.deepEqual([p.tag, p.planIdentityVariable, p.runIdentityVariable], ["prod", "TFC_AWS_PLAN_ROLE_ARN_prod", "TFC_AWS_RUN_ROLE_ARN_prod"]);
    });

    it("Azure, GCP and Vault probes: their documented data sources and alias settings", () => {
        const az = probeConfiguration("azure", { tag: "t" });
        assert.ok(az.files["main.tf"].includes('provider "azurerm" {\n  alias = "trust_check"\n  features {}\n  use_oidc = true\n  client_id_file_path = var.tfc_azure_dynamic_credentials.aliases["t"].client_id_file_path\n  oidc_token_file_path = var.tfc_azure_dynamic_credentials.aliases["t"].oidc_token_file_path\n}'));
        assert.deepEqual(az.targetAddrs, ["data.azurerm_client_config.trust_check"]);
        const gcp = probeConfiguration("gcp", { tag: "t" });
        assert.ok(gcp.files["main.tf"].includes('credentials = var.tfc_gcp_dynamic_credentials.aliases["t"].credentials'));
        assert.deepEqual([gcp.targetAddrs, gcp.identityAddress, gcp.runIdentityVariable], [["data.google_client_openid_userinfo.trust_check"], "data.google_client_openid_userinfo.trust_check", "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL_t"]);
        const vault = probeConfiguration("vault");
        assert.ok(vault.files["main.tf"].includes('provider "vault" {\n  skip_child_token = true\n}'));
        assert.ok(vault.files["main.tf"].includes('data "vault_generic_secret" "trust_check" {\n  path = "auth/token/lookup-self"\n}'));
        assert.equal(vault.identityAddress, undefined);
        const vaultTag = probeConfiguration("vault", { tag: "t" }).files["main.tf"];
        assert.ok(vaultTag.includes('  auth_login_token_file {\n    filename = var.tfc_vault_dynamic_credentials.aliases["t"].token_filename\n  }'));
    });

    it("a working directory places the probe there; bad input is refused naming the fix", () => {
        assert.deepEqual(Object.keys(probeConfiguration("aws", { workingDirectory: "./infra/aws/" }).files), ["infra/aws/main.tf"]);
        assert.deepEqual(Object.keys(probeConfiguration("aws", { workingDirectory: "" }).files), ["main.tf"]);
        assert.throws(() => probeConfiguration("aws", { workingDirectory: "../x" }), { message: 'the workspace\'s working directory "../x" is not a relative path inside the configuration.' });
        assert.throws(() => probeConfiguration("aws", { tag: "TYPE" }), { message: 'tag "TYPE" is not valid: use only letters, digits and "_" (and not "TYPE"), as in TFC_AWS_PROVIDER_AUTH_<TAG>.' });
        assert.throws(() => probeConfiguration("k8s" as any), { message: 'cloud "k8s" is not supported: use one of "aws", "azure", "gcp", "vault".' });
    });
});

describe("checks: archive", () => {
    it("a gzip tar with the files at its root (directories for nested paths), portable", async () => {
        const body = await buildArchive({ "main.tf": "a", "infra/x.tf": "b" });
        assert.deepEqual([...body.subarray(0, 2)], [0x1f, 0x8b]);
        const entries = readTarGz(body);
        const listed = entries.map((e) => [e.path, e.type, e.content.toString()]).sort((a, b) => a[0].localeCompare(b[0]));
        assert.deepEqual(listed, [["infra", "directory", ""], ["infra/x.tf", "file", "b"], ["main.tf", "file", "a"]]);
        const raw = zlib.gunzipSync(body);
        assert.equal(raw.subarray(265, 297).toString("utf8").replace(/\0+$/, ""), "", "no owner name");
    });

    it("refuses paths that leave the root, and an empty file list", async () => {
        await assert.rejects(buildArchive({ "../x.tf": "" }), { message: 'archive entry "../x.tf" is not a plain relative path.' });
        await assert.rejects(buildArchive({ "/etc/x.tf": "" }), /is not a plain relative path/);
        await assert.rejects(buildArchive({}), { message: "the archive needs at least one file." });
    });
});

describe("checks: the cause table (real error texts)", () => {
    const table: Array<[string, string]> = [
        ["failed to refresh cached credentials, failed to retrieve credentials, operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: 4a8524d5, api error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity", "aws-trust-denied"],
        ["operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 400, RequestID: x, InvalidIdentityToken: No OpenIDConnect provider found in your account for https://app.terraform.io", "aws-no-oidc-provider"],
        ["api error InvalidIdentityToken: Incorrect token audience", "aws-audience"],
        ["InvalidIdentityToken: OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint", "aws-thumbprint"],
        ["InvalidIdentityToken: Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements", "aws-jwks-unreachable"],
        ["WebIdentityErr: failed to retrieve credentials caused by: InvalidIdentityToken: Token signature invalid", "aws-token-signature"],
        ["api error ValidationError: Request ARN is invalid", "aws-invalid-role-arn"],
        ["failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled", "aws-no-credentials"],
        ["error configuring Terraform AWS Provider: no valid credential sources for Terraform AWS Provider found.", "aws-no-credentials"],
        ["AADSTS700213: No matching federated identity record found for presented assertion subject 'organization:acme:project:Default Project:workspace:prod:run_phase:plan'.", "azure-no-federated-credential"],
        ["AADSTS70021: No matching federated identity record found for presented assertion.", "azure-no-federated-credential"],
        ["AADSTS50107: The requested federation realm object 'https://app.terraform.io/' does not exist.", "azure-issuer"],
        ['{"error":"unauthorized_client","error_description":"The given credential is rejected by the attribute condition."}', "gcp-attribute-condition"],
        ["Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).", "gcp-impersonation-denied"],
        ["Attempted to load application default credentials since neither credentials nor access_token was set in the provider block. No credentials loaded.", "gcp-no-credentials"],
        ['Operation failed: failed authenticating to Vault: Error making API request. URL: PUT https://vault/v1/auth/jwt/login Code: 400. Errors: * role "tfc-role" could not be found', "vault-login"],
        ["The given key does not identify an element in this collection value.", "tag-not-configured"],
        ['The root module input variable "tfc_aws_dynamic_credentials" is not set, and has no default value.', "tag-not-configured"],
    ];

    for (const [text, kind] of table) {
        it(`${kind}: ${text.slice(0, 60)}…`, () => {
            assert.equal(matchCause(text)?.kind, kind);
            const r = explainFailure([{ severity: "error", summary: "probe failed", detail: text }]);
            assert.equal(r.kind, kind);
            assert.equal(r.detail, text);
        });
    }

    it("every rule is one line of cause and one of fix, and the table has no dead rule", () => {
        for (const r of CAUSE_RULES) {
            assert.ok(!/\n/.test(r.cause + r.fix), r.kind);
            assert.ok(table.some(([, kind]) => kind === r.kind), `no real text for ${r.kind}`);
        }
    });

    it("the first KNOWN error wins; an unknown one is quoted; no error at all is said", () => {
        const unknown = { severity: "error" as const, summary: "Unsupported block type", detail: "Blocks of type \"x\" are not expected here." };
        const known = { severity: "error" as const, summary: "No valid credential sources found", detail: "api error InvalidIdentityToken: Incorrect token audience" };
        assert.equal(explainFailure([unknown, known]).kind, "aws-audience");
        assert.deepEqual(explainFailure([unknown]), {
            kind: "unknown", summary: "Unsupported block type", detail: 'Blocks of type "x" are not expected here.',
            cause: "the plan failed for a reason this check does not recognise: Unsupported block type", fix: "read the error below and the run's log in HCP Terraform",
        });
        assert.equal(explainFailure([]).cause, "the plan errored without an error message in its log");
    });

    it("redacts JWTs and given secrets from quoted texts, and shortens long details", () => {
        const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcmdhbml6YXRpb24ifQ.c2lnbmF0dXJl";
        assert.equal(redact(`token ${jwt} and secret-token-123 end`, ["secret-token-123"]), "token [redacted] and [redacted] end");
        const r = explainFailure([{ severity: "error", summary: `bad ${jwt}`, detail: "y".repeat(3000) }], []);
        assert.equal(r.summary, "bad [redacted]");
        assert.equal(r.detail, `${"y".repeat(2000)}…`);
    });
});

describe("checks: polling", () => {
    it("the CLI's backoff: 1 s doubling every 5 polls, capped at 3 s", () => {
        assert.deepEqual([0, 1, 5, 10, 20].map((n) => Math.round(backoffMs(n, DEFAULT_POLL))), [1000, 1149, 2000, 3000, 3000]);
    });

    it(`${POLL_ENV}: "MIN,MAX" or the defaults; a malformed value names the variable`, () => {
        assert.deepEqual(pollFromEnv({}), { minMs: 1000, maxMs: 3000 });
        assert.deepEqual(pollFromEnv({ [POLL_ENV]: " 5, 20 " }), { minMs: 5, maxMs: 20 });
        assert.throws(() => pollFromEnv({ [POLL_ENV]: "20,5" }), {
            message: `${POLL_ENV}="20,5" is not valid: give "MIN,MAX" in milliseconds, 1 <= MIN <= MAX (e.g. "1000,3000").`,
        });
    });
});
