// The AWS simulator's answers, one per branch, in AWS's own words (runs-api.md §5.2).
import assert from "node:assert/strict";
import { awsTrustPolicy } from "../../src/policies";
import type { ProbeInput } from "../emulator";
import { AWS_PROVIDER_SOURCE, CREDENTIALS_HELP, awsSimulator } from "./awsSimulator";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/path/hcp-prod`;
const SUB = "organization:acme:project:Default Project:workspace:prod:run_phase:plan";
const ADDRESS = `provider["${AWS_PROVIDER_SOURCE}"]`;
const FILES = { "main.tf": 'data "aws_caller_identity" "p" {}\ndata "aws_arn" "p" {\n  arn = data.aws_caller_identity.p.arn\n}\n' };

function input(o: Partial<ProbeInput> & { aud?: string; iss?: string } = {}): ProbeInput {
    const { aud, iss, ...rest } = o;
    return {
        runId: "run-abc", phase: "plan", tag: null, dynamicCredentials: true, settings: { RUN_ROLE_ARN: ROLE }, env: {}, files: FILES, targetAddrs: null,
        providerAddress: ADDRESS,
        token: {
            iss: iss ?? "https://app.terraform.io", aud: aud ?? "aws.workload.identity", sub: SUB, iat: 0, nbf: 0, exp: 1, jti: "j",
            terraform_organization_id: "org-1", terraform_organization_name: "acme", terraform_project_id: "prj-1", terraform_project_name: "Default Project",
            terraform_workspace_id: "ws-1", terraform_workspace_name: "prod", terraform_full_workspace: "", terraform_run_id: "run-abc", terraform_run_phase: "plan",
        },
        ...rest,
    };
}

function errorOf(outcome: ReturnType<ReturnType<typeof awsSimulator>["probe"]>): string {
    const d = outcome.diagnostics![0];
    assert.deepEqual([d.severity, d.summary, d.address], ["error", "No valid credential sources found", ADDRESS]);
    assert.ok(d.detail.startsWith(`${CREDENTIALS_HELP}\n\nError: `));
    return d.detail.slice(CREDENTIALS_HELP.length + "\n\nError: ".length).replace(/RequestID: [0-9a-f-]{36}/, "RequestID: <id>");
}

const sts = (status: number, code: string, message: string) =>
    "failed to refresh cached credentials, failed to retrieve credentials, operation error STS: AssumeRoleWithWebIdentity, " +
    `https response error StatusCode: ${status}, RequestID: <id>, api error ${code}: ${message}`;

describe("support: AWS simulator", () => {
    const aws = awsSimulator();
    before(() => {
        aws.addOidcProvider({ url: "https://app.terraform.io", clientIds: ["aws.workload.identity"], accountId: ACCOUNT });
        aws.addRole(ROLE, awsTrustPolicy({ accountId: ACCOUNT, organization: "acme", workspaces: ["prod"] }));
    });

    it("a token the trust admits: reads the account id and the assumed role's session ARN", () => {
        assert.deepEqual(aws.probe(input()), {
            reads: [
                { address: "data.aws_caller_identity.p", id: ACCOUNT },
                { address: "data.aws_arn.p", id: `arn:aws:sts::${ACCOUNT}:assumed-role/hcp-prod/terraform-run-run-abc` },
            ],
        });
        assert.equal(aws.probe(input({ settings: { RUN_ROLE_ARN: "x", PLAN_ROLE_ARN: ROLE } })).reads!.length, 2, "the plan role wins");
    });

    it("no dynamic credentials (or no role): the chain ends at IMDS", () => {
        const imds = "failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled, context deadline exceeded";
        assert.equal(errorOf(aws.probe(input({ dynamicCredentials: false, token: null }))), imds);
        assert.equal(errorOf(aws.probe(input({ settings: {} }))), imds);
    });

    it("STS's answers: invalid ARN, no provider for the issuer (in that account), wrong audience, trust denied, unknown role", () => {
        assert.equal(errorOf(aws.probe(input({ settings: { RUN_ROLE_ARN: "arn:aws:iam::1:role/x" } }))), sts(400, "ValidationError", "Request ARN is invalid"));
        assert.equal(
            errorOf(aws.probe(input({ iss: "https://tfe.example.com" }))),
            sts(400, "InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://tfe.example.com"),
        );
        assert.equal(
            errorOf(aws.probe(input({ settings: { RUN_ROLE_ARN: "arn:aws:iam::999999999999:role/x" } }))),
            sts(400, "InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://app.terraform.io"),
        );
        assert.equal(errorOf(aws.probe(input({ aud: "other" }))), sts(400, "InvalidIdentityToken", "Incorrect token audience"));
        const denied = sts(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        const other = input();
        other.token!.sub = SUB.replace("workspace:prod", "workspace:dev");
        assert.equal(errorOf(aws.probe(other)), denied);
        assert.equal(errorOf(aws.probe(input({ settings: { RUN_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/missing` } }))), denied);
    });
});
