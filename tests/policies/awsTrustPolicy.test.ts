import { strict as assert } from "assert";
import {
    AWS_DEFAULT_AUDIENCE,
    HCP_DEFAULT_HOSTNAME,
    PolicyInputError,
    awsOidcProviderArn,
    awsPhaseTrustPolicies,
    awsTrustPolicy,
    hyokSubject,
    hyokTrustPolicy,
    resolveOidcProvider,
    runSubject,
    toPolicyJson,
    type AwsTrustPolicyArgs,
    type HyokTrustPolicyArgs,
    type PolicyDocument,
} from "../../src/policies";

// trust-model.md, "The role trust policy, as verified end to end in the seed scenario", verbatim
// with <ACCOUNT_ID> = 123456789012, <ORG> = acme, <WORKSPACE_NAME> = prod.
const VERIFIED_TRUST_JSON = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" },
      "StringLike": { "app.terraform.io:sub": "organization:acme:project:*:workspace:prod:run_phase:*" }
    }
  }]
}`;

const ACCOUNT = "123456789012";

/** The single statement's Condition block. */
function condition(doc: PolicyDocument): unknown {
    assert.equal(doc.Statement.length, 1);
    return doc.Statement[0].Condition;
}

function expectInputError(fn: () => unknown, field: string, message: string): void {
    assert.throws(fn, (err: unknown) => {
        assert.ok(err instanceof PolicyInputError, String(err));
        assert.equal(err.message, message);
        assert.equal(err.field, field);
        return true;
    });
}

describe("policies/awsTrustPolicy", () => {
    it("default arguments give the verified trust policy verbatim (deep-equal and key order)", () => {
        const doc = awsTrustPolicy({ accountId: ACCOUNT, organization: "acme", workspaces: ["prod"] });
        const expected = JSON.parse(VERIFIED_TRUST_JSON);
        assert.deepStrictEqual(doc, expected);
        assert.equal(JSON.stringify(doc), JSON.stringify(expected));
        assert.equal(toPolicyJson(doc), JSON.stringify(expected));
        assert.equal(toPolicyJson(doc, 2), JSON.stringify(expected, null, 2));
    });

    it("a single workspace string, an explicit provider ARN and the explicit defaults give the same document", () => {
        const base = JSON.parse(VERIFIED_TRUST_JSON);
        const variants: AwsTrustPolicyArgs[] = [
            { accountId: ACCOUNT, organization: "acme", workspaces: "prod" },
            { oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`, organization: "acme", workspaces: ["prod"] },
            {
                accountId: ACCOUNT,
                oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`,
                hostname: "app.terraform.io",
                partition: "aws",
                audience: "aws.workload.identity",
                organization: "acme",
                workspaces: ["prod", "prod"],
                project: "*",
                runPhase: "*",
            },
        ];
        for (const args of variants) assert.equal(JSON.stringify(awsTrustPolicy(args)), JSON.stringify(base));
    });

    const TABLE: Array<{ name: string; args: AwsTrustPolicyArgs; principal: string; condition: unknown }> = [
        {
            name: "Terraform Enterprise hostname: provider and condition keys use that host",
            args: { accountId: ACCOUNT, hostname: "tfe.example.com", organization: "acme", workspaces: ["prod"] },
            principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/tfe.example.com`,
            condition: {
                StringEquals: { "tfe.example.com:aud": "aws.workload.identity" },
                StringLike: { "tfe.example.com:sub": "organization:acme:project:*:workspace:prod:run_phase:*" },
            },
        },
        {
            name: "host taken from the provider ARN when no hostname is given",
            args: { oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.eu.terraform.io`, organization: "acme", workspaces: ["prod"] },
            principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.eu.terraform.io`,
            condition: {
                StringEquals: { "app.eu.terraform.io:aud": "aws.workload.identity" },
                StringLike: { "app.eu.terraform.io:sub": "organization:acme:project:*:workspace:prod:run_phase:*" },
            },
        },
        {
            name: "custom audience",
            args: { accountId: ACCOUNT, audience: "my.custom.aud", organization: "acme", workspaces: ["prod"] },
            principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`,
            condition: {
                StringEquals: { "app.terraform.io:aud": "my.custom.aud" },
                StringLike: { "app.terraform.io:sub": "organization:acme:project:*:workspace:prod:run_phase:*" },
            },
        },
        {
            name: "a list of workspaces gives an array of subject patterns, in order, duplicates dropped",
            args: { accountId: ACCOUNT, organization: "acme", workspaces: ["prod", "staging", "prod", "dev_2"] },
            principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`,
            condition: {
                StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
                StringLike: {
                    "app.terraform.io:sub": [
                        "organization:acme:project:*:workspace:prod:run_phase:*",
                        "organization:acme:project:*:workspace:staging:run_phase:*",
                        "organization:acme:project:*:workspace:dev_2:run_phase:*",
                    ],
                },
            },
        },
        {
            name: "pinned project with phase * stays StringLike",
            args: { accountId: ACCOUNT, organization: "acme", workspaces: ["prod"], project: "Default Project" },
            principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`,
            condition: {
                StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
                StringLike: { "app.terraform.io:sub": "organization:acme:project:Default Project:workspace:prod:run_phase:*" },
            },
        },
        {
            name: "phase pinned with any project stays StringLike",
            args: { accountId: ACCOUNT, organization: "acme", workspaces: ["prod"], runPhase: "plan" },
            principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`,
            condition: {
                StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
                StringLike: { "app.terraform.io:sub": "organization:acme:project:*:workspace:prod:run_phase:plan" },
            },
        },
        {
            name: "pinned project and phase: StringEquals on the whole sub",
            args: { accountId: ACCOUNT, organization: "acme", workspaces: ["prod"], project: "Default Project", runPhase: "apply" },
            principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`,
            condition: {
                StringEquals: {
                    "app.terraform.io:aud": "aws.workload.identity",
                    "app.terraform.io:sub": "organization:acme:project:Default Project:workspace:prod:run_phase:apply",
                },
            },
        },
        {
            name: "pinned project and phase, several workspaces: StringEquals with an array",
            args: { accountId: ACCOUNT, organization: "acme", workspaces: ["a", "b"], project: "Platform", runPhase: "plan" },
            principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`,
            condition: {
                StringEquals: {
                    "app.terraform.io:aud": "aws.workload.identity",
                    "app.terraform.io:sub": [
                        "organization:acme:project:Platform:workspace:a:run_phase:plan",
                        "organization:acme:project:Platform:workspace:b:run_phase:plan",
                    ],
                },
            },
        },
        {
            name: "GovCloud partition for the built ARN; host with a port",
            args: { accountId: ACCOUNT, partition: "aws-us-gov", hostname: "tfe.gov.example:8443", organization: "acme", workspaces: "prod" },
            principal: `arn:aws-us-gov:iam::${ACCOUNT}:oidc-provider/tfe.gov.example:8443`,
            condition: {
                StringEquals: { "tfe.gov.example:8443:aud": "aws.workload.identity" },
                StringLike: { "tfe.gov.example:8443:sub": "organization:acme:project:*:workspace:prod:run_phase:*" },
            },
        },
    ];

    for (const row of TABLE) {
        it(row.name, () => {
            const doc = awsTrustPolicy(row.args);
            assert.deepStrictEqual(doc, {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: row.principal },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: row.condition,
                    },
                ],
            });
            assert.deepStrictEqual(Object.keys(doc.Statement[0]), ["Effect", "Principal", "Action", "Condition"]);
        });
    }

    it("split phases: one trust per phase, StringEquals when the project is pinned", () => {
        const loose = awsPhaseTrustPolicies({ accountId: ACCOUNT, organization: "acme", workspaces: ["prod"] });
        assert.deepStrictEqual(condition(loose.plan), {
            StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
            StringLike: { "app.terraform.io:sub": "organization:acme:project:*:workspace:prod:run_phase:plan" },
        });
        assert.deepStrictEqual(condition(loose.apply), {
            StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
            StringLike: { "app.terraform.io:sub": "organization:acme:project:*:workspace:prod:run_phase:apply" },
        });
        const pinned = awsPhaseTrustPolicies({ accountId: ACCOUNT, organization: "acme", workspaces: ["prod"], project: "Default Project" });
        assert.deepStrictEqual(condition(pinned.plan), {
            StringEquals: {
                "app.terraform.io:aud": "aws.workload.identity",
                "app.terraform.io:sub": "organization:acme:project:Default Project:workspace:prod:run_phase:plan",
            },
        });
        assert.deepStrictEqual(condition(pinned.apply), {
            StringEquals: {
                "app.terraform.io:aud": "aws.workload.identity",
                "app.terraform.io:sub": "organization:acme:project:Default Project:workspace:prod:run_phase:apply",
            },
        });
    });

    it("builders return fresh objects (mutating one result does not leak)", () => {
        const args: AwsTrustPolicyArgs = { accountId: ACCOUNT, organization: "acme", workspaces: ["a", "b"] };
        const first = awsTrustPolicy(args);
        (first.Statement[0].Condition!.StringLike!["app.terraform.io:sub"] as string[]).push("x");
        assert.deepStrictEqual(awsTrustPolicy(args).Statement[0].Condition!.StringLike!["app.terraform.io:sub"], [
            "organization:acme:project:*:workspace:a:run_phase:*",
            "organization:acme:project:*:workspace:b:run_phase:*",
        ]);
        assert.deepStrictEqual(args.workspaces, ["a", "b"]);
    });

    describe("refuses bad input before building anything", () => {
        const base: AwsTrustPolicyArgs = { accountId: ACCOUNT, organization: "acme", workspaces: ["prod"] };
        const ROWS: Array<[string, Partial<AwsTrustPolicyArgs>, string, string]> = [
            ["wildcard workspace", { workspaces: ["prod-*"] }, "workspace", 'workspace "prod-*": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
            ["one bad workspace in a list", { workspaces: ["prod", "*"] }, "workspace", 'workspace "*": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
            ["empty workspace list", { workspaces: [] }, "workspaces", "workspaces []: give at least one workspace name. Fix the workspace list."],
            ["organization with a colon", { organization: "acme:project:x" }, "organization", 'organization "acme:project:x": organization names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name.'],
            ["project with a wildcard", { project: "Def*" }, "project", 'project "Def*": project names may contain only letters, digits, spaces, "-" and "_"; a wildcard or colon here would widen the trust policy to other projects. Fix the name.'],
            ["bad run phase", { runPhase: "destroy" as never }, "runPhase", 'run phase "destroy": expected "plan", "apply" or "*". Fix the run phase.'],
            ["hostname with scheme", { hostname: "https://tfe.example.com" }, "hostname", 'hostname "https://tfe.example.com": a hostname has no scheme or path; use "tfe.example.com". Fix the hostname.'],
            ["wildcard audience", { audience: "*" }, "audience", 'audience "*": an audience is matched exactly and may not contain "*", "?", "$" or whitespace. Fix the audience.'],
            ["short account id", { accountId: "1234" }, "accountId", 'account id "1234": an AWS account id is exactly 12 digits. Fix the account id.'],
            ["no provider at all", { accountId: undefined }, "oidcProviderArn", "OIDC provider: neither oidcProviderArn nor accountId was given. Fix the arguments: give the provider ARN, or the account id (and hostname) to build it."],
            [
                "hostname disagreeing with the provider ARN",
                { accountId: undefined, oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`, hostname: "tfe.example.com" },
                "hostname",
                'hostname "tfe.example.com" does not match the host "app.terraform.io" of OIDC provider ARN "arn:aws:iam::123456789012:oidc-provider/app.terraform.io". Fix the hostname or the ARN.',
            ],
            [
                "account id disagreeing with the provider ARN",
                { accountId: "111111111111", oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io` },
                "accountId",
                'account id "111111111111" does not match the account "123456789012" of OIDC provider ARN "arn:aws:iam::123456789012:oidc-provider/app.terraform.io". Fix the account id or the ARN.',
            ],
            [
                "partition disagreeing with the provider ARN",
                { partition: "aws-cn", oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io` },
                "partition",
                'partition "aws-cn" does not match the partition "aws" of OIDC provider ARN "arn:aws:iam::123456789012:oidc-provider/app.terraform.io". Fix the partition or the ARN.',
            ],
            ["malformed provider ARN", { accountId: undefined, oidcProviderArn: "arn:aws:iam::123456789012:role/x" }, "oidcProviderArn", 'OIDC provider ARN "arn:aws:iam::123456789012:role/x": expected arn:<partition>:iam::<12-digit account id>:oidc-provider/<host>. Fix the ARN.'],
        ];
        for (const [name, patch, field, message] of ROWS) {
            it(name, () => expectInputError(() => awsTrustPolicy({ ...base, ...patch }), field, message));
        }
    });

    describe("hyokTrustPolicy", () => {
        it("pins the HYOK configuration name with StringLike on sub (HashiCorp's template)", () => {
            const doc = hyokTrustPolicy({ accountId: ACCOUNT, organization: "acme", hyokConfigurations: "prod-kek" });
            assert.equal(
                JSON.stringify(doc),
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" },
                            Action: "sts:AssumeRoleWithWebIdentity",
                            Condition: {
                                StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
                                StringLike: { "app.terraform.io:sub": "organization:acme:hyok_config:prod-kek" },
                            },
                        },
                    ],
                }),
            );
        });

        it("several configurations, TFE host and custom audience", () => {
            const doc = hyokTrustPolicy({
                accountId: ACCOUNT,
                hostname: "tfe.example.com",
                audience: "kek.aud",
                organization: "acme",
                hyokConfigurations: ["a", "b"],
            });
            assert.deepStrictEqual(condition(doc), {
                StringEquals: { "tfe.example.com:aud": "kek.aud" },
                StringLike: { "tfe.example.com:sub": ["organization:acme:hyok_config:a", "organization:acme:hyok_config:b"] },
            });
        });

        const base: HyokTrustPolicyArgs = { accountId: ACCOUNT, organization: "acme", hyokConfigurations: "kek" };
        const ROWS: Array<[Partial<HyokTrustPolicyArgs>, string, string]> = [
            [{ hyokConfigurations: "*" }, "hyokConfiguration", 'HYOK configuration "*": HYOK configuration names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other HYOK configurations. Fix the name.'],
            [{ hyokConfigurations: [] }, "hyokConfigurations", "hyokConfigurations []: give at least one HYOK configuration name. Fix the HYOK configuration list."],
            [{ organization: "ac*" }, "organization", 'organization "ac*": organization names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name.'],
        ];
        for (const [patch, field, message] of ROWS) {
            it(`refuses ${JSON.stringify(patch)}`, () => expectInputError(() => hyokTrustPolicy({ ...base, ...patch }), field, message));
        }
    });

    describe("helpers", () => {
        it("awsOidcProviderArn, resolveOidcProvider, defaults", () => {
            assert.equal(HCP_DEFAULT_HOSTNAME, "app.terraform.io");
            assert.equal(AWS_DEFAULT_AUDIENCE, "aws.workload.identity");
            assert.equal(awsOidcProviderArn(ACCOUNT), "arn:aws:iam::123456789012:oidc-provider/app.terraform.io");
            assert.equal(awsOidcProviderArn(ACCOUNT, "tfe.example.cn", "aws-cn"), "arn:aws-cn:iam::123456789012:oidc-provider/tfe.example.cn");
            assert.deepStrictEqual(resolveOidcProvider({ accountId: ACCOUNT }), {
                oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/app.terraform.io",
                host: "app.terraform.io",
                audience: "aws.workload.identity",
            });
        });

        it("runSubject and hyokSubject build (and validate) subjects", () => {
            assert.equal(runSubject("acme", "Default Project", "prod", "plan"), "organization:acme:project:Default Project:workspace:prod:run_phase:plan");
            assert.equal(runSubject("acme", "*", "prod", "*"), "organization:acme:project:*:workspace:prod:run_phase:*");
            assert.equal(hyokSubject("acme", "kek"), "organization:acme:hyok_config:kek");
            expectInputError(() => runSubject("acme", "*", "p:x", "plan"), "workspace", 'workspace "p:x": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.');
        });
    });
});
