import { strict as assert } from "assert";
import {
    PolicyInputError,
    parseOidcProviderArn,
    validateAccountId,
    validateAudience,
    validateHostname,
    validateHyokConfigurationName,
    validateKmsKeyArn,
    validateOidcProviderArn,
    validateOrganizationName,
    validatePartition,
    validatePolicyArn,
    validateProjectName,
    validateRoleArn,
    validateRoleName,
    validateRolePath,
    validateRunPhase,
    validateTag,
    validateWorkspaceName,
    validateOrganizationId,
    validateProjectId,
    validateWorkspaceId,
    type PolicyInputField,
} from "../../src/policies";

type Validator = (value: unknown) => unknown;

interface Suite {
    name: string;
    validate: Validator;
    field: PolicyInputField;
    valid: unknown[];
    invalid: Array<[unknown, string]>;
}

const long65 = "r".repeat(65);
const long41 = "p".repeat(41);
const longPath = "/" + "a".repeat(511) + "/";

const SUITES: Suite[] = [
    {
        name: "validateOrganizationName",
        validate: validateOrganizationName,
        field: "organization",
        valid: ["acme", "Acme_Corp-2", "a", "0", "___", "-lead"],
        invalid: [
            ["", 'organization "": organization names must not be empty. Fix the name.'],
            ["acme*", 'organization "acme*": organization names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name.'],
            ["ac?me", 'organization "ac?me": organization names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name.'],
            ["acme:project", 'organization "acme:project": organization names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name.'],
            ["${aws:username}", 'organization "${aws:username}": organization names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name.'],
            ["my org", 'organization "my org": organization names may contain only letters, digits, "-" and "_". Fix the name.'],
            ["acme.io", 'organization "acme.io": organization names may contain only letters, digits, "-" and "_". Fix the name.'],
            [undefined, "organization undefined: expected a string (got undefined). Fix the name."],
            [42, "organization 42: expected a string (got number). Fix the name."],
        ],
    },
    {
        name: "validateWorkspaceName",
        validate: validateWorkspaceName,
        field: "workspace",
        valid: ["prod", "prod-2", "my_ws", "WS", "x"],
        invalid: [
            ["prod-*", 'workspace "prod-*": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
            ["*", 'workspace "*": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
            ["pro?", 'workspace "pro?": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
            ["prod:run_phase:apply", 'workspace "prod:run_phase:apply": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
            ["prod$", 'workspace "prod$": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
            ["", 'workspace "": workspace names must not be empty. Fix the name.'],
            ["my ws", 'workspace "my ws": workspace names may contain only letters, digits, "-" and "_". Fix the name.'],
            [" prod", 'workspace " prod": workspace names may contain only letters, digits, "-" and "_". Fix the name.'],
            ["prod\n", 'workspace "prod\\n": workspace names may contain only letters, digits, "-" and "_". Fix the name.'],
            ["prodé", 'workspace "prodé": workspace names may contain only letters, digits, "-" and "_". Fix the name.'],
            ["a,b", 'workspace "a,b": workspace names may contain only letters, digits, "-" and "_". Fix the name.'],
            [null, "workspace null: expected a string (got null). Fix the name."],
            [["prod"], 'workspace ["prod"]: expected a string (got array). Fix the name.'],
        ],
    },
    {
        name: "validateProjectName",
        validate: validateProjectName,
        field: "project",
        valid: ["Default Project", "abc", "p-1_x", "a  b", "p".repeat(40), "123"],
        invalid: [
            ["ab", 'project "ab": project names are 3 to 40 characters long (got 2). Fix the name.'],
            ["", 'project "": project names are 3 to 40 characters long (got 0). Fix the name.'],
            [long41, `project "${long41}": project names are 3 to 40 characters long (got 41). Fix the name.`],
            ["Default*", 'project "Default*": project names may contain only letters, digits, spaces, "-" and "_"; a wildcard or colon here would widen the trust policy to other projects. Fix the name.'],
            ["a:b:c", 'project "a:b:c": project names may contain only letters, digits, spaces, "-" and "_"; a wildcard or colon here would widen the trust policy to other projects. Fix the name.'],
            ["proj.x", 'project "proj.x": project names may contain only letters, digits, spaces, "-" and "_". Fix the name.'],
            ["tab\there", 'project "tab\\there": project names may contain only letters, digits, spaces, "-" and "_". Fix the name.'],
            [" abc", 'project " abc": project names may not begin or end with a space. Fix the name.'],
            ["abc ", 'project "abc ": project names may not begin or end with a space. Fix the name.'],
        ],
    },
    {
        name: "validateHyokConfigurationName",
        validate: validateHyokConfigurationName,
        field: "hyokConfiguration",
        valid: ["kek", "prod-kek_1"],
        invalid: [
            ["", 'HYOK configuration "": HYOK configuration names must not be empty. Fix the name.'],
            ["kek*", 'HYOK configuration "kek*": HYOK configuration names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other HYOK configurations. Fix the name.'],
            ["my kek", 'HYOK configuration "my kek": HYOK configuration names may contain only letters, digits, "-" and "_". Fix the name.'],
        ],
    },
    {
        name: "validateHostname",
        validate: validateHostname,
        field: "hostname",
        valid: ["app.terraform.io", "app.eu.terraform.io", "tfe.example.com", "localhost", "127.0.0.1:8443", "tfe-1.corp.example:443", "TFE.Example.com"],
        invalid: [
            ["", 'hostname "": a hostname must not be empty (the default is "app.terraform.io"). Fix the hostname.'],
            ["https://app.terraform.io", 'hostname "https://app.terraform.io": a hostname has no scheme or path; use "app.terraform.io". Fix the hostname.'],
            ["https://tfe.example.com/", 'hostname "https://tfe.example.com/": a hostname has no scheme or path; use "tfe.example.com". Fix the hostname.'],
            ["tfe.example.com/api/v2", 'hostname "tfe.example.com/api/v2": a hostname has no scheme or path; use "tfe.example.com". Fix the hostname.'],
            ["https://", 'hostname "https://": a hostname has no scheme or path. Fix the hostname.'],
            ["bad_host.example.com", 'hostname "bad_host.example.com": not a valid DNS name or host:port (dot-separated labels of letters, digits and "-", each 1 to 63 characters, not starting or ending with "-"; optional port 1 to 65535). Fix the hostname.'],
            ["-tfe.example.com", 'hostname "-tfe.example.com": not a valid DNS name or host:port (dot-separated labels of letters, digits and "-", each 1 to 63 characters, not starting or ending with "-"; optional port 1 to 65535). Fix the hostname.'],
            ["tfe..example.com", 'hostname "tfe..example.com": not a valid DNS name or host:port (dot-separated labels of letters, digits and "-", each 1 to 63 characters, not starting or ending with "-"; optional port 1 to 65535). Fix the hostname.'],
            ["tfe.example.com.", 'hostname "tfe.example.com.": not a valid DNS name or host:port (dot-separated labels of letters, digits and "-", each 1 to 63 characters, not starting or ending with "-"; optional port 1 to 65535). Fix the hostname.'],
            ["host:0", 'hostname "host:0": not a valid DNS name or host:port (dot-separated labels of letters, digits and "-", each 1 to 63 characters, not starting or ending with "-"; optional port 1 to 65535). Fix the hostname.'],
            ["host:65536", 'hostname "host:65536": not a valid DNS name or host:port (dot-separated labels of letters, digits and "-", each 1 to 63 characters, not starting or ending with "-"; optional port 1 to 65535). Fix the hostname.'],
            ["*.terraform.io", 'hostname "*.terraform.io": not a valid DNS name or host:port (dot-separated labels of letters, digits and "-", each 1 to 63 characters, not starting or ending with "-"; optional port 1 to 65535). Fix the hostname.'],
            ["a:b:443", 'hostname "a:b:443": not a valid DNS name or host:port (dot-separated labels of letters, digits and "-", each 1 to 63 characters, not starting or ending with "-"; optional port 1 to 65535). Fix the hostname.'],
        ],
    },
    {
        name: "validateAudience",
        validate: validateAudience,
        field: "audience",
        valid: ["aws.workload.identity", "api://AzureADTokenExchange", "custom-aud"],
        invalid: [
            ["", 'audience "": an audience must not be empty (the AWS default is "aws.workload.identity"). Fix the audience.'],
            ["aws.*", 'audience "aws.*": an audience is matched exactly and may not contain "*", "?", "$" or whitespace. Fix the audience.'],
            ["aud?", 'audience "aud?": an audience is matched exactly and may not contain "*", "?", "$" or whitespace. Fix the audience.'],
            ["${aws:x}", 'audience "${aws:x}": an audience is matched exactly and may not contain "*", "?", "$" or whitespace. Fix the audience.'],
            ["aws workload", 'audience "aws workload": an audience is matched exactly and may not contain "*", "?", "$" or whitespace. Fix the audience.'],
        ],
    },
    {
        name: "validateAccountId",
        validate: validateAccountId,
        field: "accountId",
        valid: ["123456789012", "000000000001"],
        invalid: [
            ["12345678901", 'account id "12345678901": an AWS account id is exactly 12 digits. Fix the account id.'],
            ["1234567890123", 'account id "1234567890123": an AWS account id is exactly 12 digits. Fix the account id.'],
            ["12345678901a", 'account id "12345678901a": an AWS account id is exactly 12 digits. Fix the account id.'],
            [123456789012, "account id 123456789012: expected a string (got number). Fix the account id."],
        ],
    },
    {
        name: "validatePartition",
        validate: validatePartition,
        field: "partition",
        valid: ["aws", "aws-cn", "aws-us-gov", "aws-iso-b"],
        invalid: [["azure", 'partition "azure": expected "aws", "aws-cn", "aws-us-gov" or another "aws-…" partition. Fix the partition.']],
    },
    {
        name: "validateRoleName",
        validate: validateRoleName,
        field: "roleName",
        valid: ["tfc-prod-oidc", "a", "x+=,.@_-y", "r".repeat(64)],
        invalid: [
            ["", 'role name "": an IAM role name must not be empty. Fix the role name.'],
            ["my role", 'role name "my role": an IAM role name may contain only letters, digits and "+=,.@_-". Fix the role name.'],
            ["role/x", 'role name "role/x": an IAM role name may contain only letters, digits and "+=,.@_-". Fix the role name.'],
            [long65, `role name "${long65}": an IAM role name is at most 64 characters (got 65). Fix the role name.`],
        ],
    },
    {
        name: "validateRolePath",
        validate: validateRolePath,
        field: "rolePath",
        valid: ["/", "/hcp-terraform/", "/a/b/c/"],
        invalid: [
            ["", 'role path "": an IAM role path begins and ends with "/" (e.g. "/" or "/hcp-terraform/"). Fix the path.'],
            ["hcp/", 'role path "hcp/": an IAM role path begins and ends with "/" (e.g. "/" or "/hcp-terraform/"). Fix the path.'],
            ["/hcp", 'role path "/hcp": an IAM role path begins and ends with "/" (e.g. "/" or "/hcp-terraform/"). Fix the path.'],
            ["/a b/", 'role path "/a b/": an IAM role path may contain only printable ASCII characters other than spaces. Fix the path.'],
            [longPath, `role path "${longPath}": an IAM role path is at most 512 characters (got 513). Fix the path.`],
        ],
    },
    {
        name: "validateRoleArn",
        validate: validateRoleArn,
        field: "roleArn",
        valid: ["arn:aws:iam::123456789012:role/tfc-prod", "arn:aws-us-gov:iam::123456789012:role/team/app/tfc-prod", "arn:aws-cn:iam::123456789012:role/x@y"],
        invalid: [
            ["arn:aws:iam::123456789012:user/bob", 'role ARN "arn:aws:iam::123456789012:user/bob": expected arn:<partition>:iam::<12-digit account id>:role/<optional path/><role name>. Fix the ARN.'],
            ["arn:aws:iam::12345:role/x", 'role ARN "arn:aws:iam::12345:role/x": expected arn:<partition>:iam::<12-digit account id>:role/<optional path/><role name>. Fix the ARN.'],
            ["arn:aws:iam::123456789012:role/", 'role ARN "arn:aws:iam::123456789012:role/": expected arn:<partition>:iam::<12-digit account id>:role/<optional path/><role name>. Fix the ARN.'],
            ["arn:aws:iam::123456789012:role/*", 'role ARN "arn:aws:iam::123456789012:role/*": expected arn:<partition>:iam::<12-digit account id>:role/<optional path/><role name>. Fix the ARN.'],
            ["arn:gcp:iam::123456789012:role/x", 'role ARN "arn:gcp:iam::123456789012:role/x": expected arn:<partition>:iam::<12-digit account id>:role/<optional path/><role name>. Fix the ARN.'],
            [`arn:aws:iam::123456789012:role/${long65}`, `role ARN "arn:aws:iam::123456789012:role/${long65}": expected arn:<partition>:iam::<12-digit account id>:role/<optional path/><role name>. Fix the ARN.`],
        ],
    },
    {
        name: "validateOidcProviderArn",
        validate: validateOidcProviderArn,
        field: "oidcProviderArn",
        valid: ["arn:aws:iam::123456789012:oidc-provider/app.terraform.io", "arn:aws-cn:iam::123456789012:oidc-provider/tfe.example.cn"],
        invalid: [
            ["arn:aws:iam::123456789012:oidc-provider/https://app.terraform.io", 'OIDC provider ARN "arn:aws:iam::123456789012:oidc-provider/https://app.terraform.io": expected arn:<partition>:iam::<12-digit account id>:oidc-provider/<host>. Fix the ARN.'],
            ["arn:aws:iam::123456789012:saml-provider/x", 'OIDC provider ARN "arn:aws:iam::123456789012:saml-provider/x": expected arn:<partition>:iam::<12-digit account id>:oidc-provider/<host>. Fix the ARN.'],
            ["arn:aws:iam::123:oidc-provider/app.terraform.io", 'OIDC provider ARN "arn:aws:iam::123:oidc-provider/app.terraform.io": expected arn:<partition>:iam::<12-digit account id>:oidc-provider/<host>. Fix the ARN.'],
            ["app.terraform.io", 'OIDC provider ARN "app.terraform.io": expected arn:<partition>:iam::<12-digit account id>:oidc-provider/<host>. Fix the ARN.'],
        ],
    },
    {
        name: "validatePolicyArn",
        validate: validatePolicyArn,
        field: "policyArn",
        valid: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/team/ec2-minimal", "arn:aws:iam::aws:policy/service-role/AWSLambdaRole"],
        invalid: [
            ["arn:aws:iam::aws:role/ReadOnlyAccess", 'policy ARN "arn:aws:iam::aws:role/ReadOnlyAccess": expected arn:<partition>:iam::<12-digit account id or "aws">:policy/<optional path/><policy name>. Fix the ARN.'],
            ["ReadOnlyAccess", 'policy ARN "ReadOnlyAccess": expected arn:<partition>:iam::<12-digit account id or "aws">:policy/<optional path/><policy name>. Fix the ARN.'],
        ],
    },
    {
        name: "validateKmsKeyArn",
        validate: validateKmsKeyArn,
        field: "kmsKeyArn",
        valid: [
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
            "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ],
        invalid: [
            ["arn:aws:kms:us-east-1:123456789012:alias/hyok", 'KMS key ARN "arn:aws:kms:us-east-1:123456789012:alias/hyok": an alias ARN does not grant use of the key in an IAM policy; give the key ARN (arn:<partition>:kms:<region>:<12-digit account id>:key/<key id>). Fix the ARN.'],
            ["arn:aws:kms:us-east-1:123456789012:key/*", 'KMS key ARN "arn:aws:kms:us-east-1:123456789012:key/*": expected arn:<partition>:kms:<region>:<12-digit account id>:key/<key id>. Fix the ARN.'],
            ["1234abcd-12ab-34cd-56ef-1234567890ab", 'KMS key ARN "1234abcd-12ab-34cd-56ef-1234567890ab": expected arn:<partition>:kms:<region>:<12-digit account id>:key/<key id>. Fix the ARN.'],
        ],
    },
    {
        name: "validateRunPhase",
        validate: validateRunPhase,
        field: "runPhase",
        valid: ["plan", "apply", "*"],
        invalid: [
            ["Plan", 'run phase "Plan": expected "plan", "apply" or "*". Fix the run phase.'],
            ["p*", 'run phase "p*": expected "plan", "apply" or "*". Fix the run phase.'],
        ],
    },
    {
        name: "validateTag",
        validate: validateTag,
        field: "tag",
        valid: ["prod", "other_config", "PROD_2", "_", "0", "TYPES", "my_TYPE"],
        invalid: [
            ["", 'tag "": a tag may contain only letters, digits and "_" and must not be empty. Fix the tag.'],
            ["prod-1", 'tag "prod-1": a tag may contain only letters, digits and "_" and must not be empty. Fix the tag.'],
            ["my tag", 'tag "my tag": a tag may contain only letters, digits and "_" and must not be empty. Fix the tag.'],
            ["prod*", 'tag "prod*": a tag may contain only letters, digits and "_" and must not be empty. Fix the tag.'],
            ["TYPE", 'tag "TYPE": "TYPE" is reserved by HCP Terraform and cannot be a tag. Fix the tag.'],
            ["type", 'tag "type": "TYPE" is reserved by HCP Terraform and cannot be a tag. Fix the tag.'],
            [7, "tag 7: expected a string (got number). Fix the tag."],
        ],
    },
    {
        name: "validateWorkspaceId",
        validate: validateWorkspaceId,
        field: "workspaceId",
        valid: ["ws-4j8p6jX1w33MiDC7", "ws-AAAAAAAAAAAAAAAA", "ws-0000000000000000"],
        invalid: [
            ["prod", 'workspace id "prod": an HCP Terraform workspace id is "ws-" followed by 16 letters or digits (e.g. "ws-4j8p6jX1w33MiDC7"), not a name. Fix the workspace id.'],
            ["ws-4j8p6jX1w33MiDC", 'workspace id "ws-4j8p6jX1w33MiDC": an HCP Terraform workspace id is "ws-" followed by 16 letters or digits (e.g. "ws-4j8p6jX1w33MiDC7"), not a name. Fix the workspace id.'],
            ["ws-4j8p6jX1w33MiDC7x", 'workspace id "ws-4j8p6jX1w33MiDC7x": an HCP Terraform workspace id is "ws-" followed by 16 letters or digits (e.g. "ws-4j8p6jX1w33MiDC7"), not a name. Fix the workspace id.'],
            ["ws-*", 'workspace id "ws-*": an HCP Terraform workspace id is "ws-" followed by 16 letters or digits (e.g. "ws-4j8p6jX1w33MiDC7"), not a name. Fix the workspace id.'],
            ["ws-AAAAAAAAAAAAAAA,", 'workspace id "ws-AAAAAAAAAAAAAAA,": an HCP Terraform workspace id is "ws-" followed by 16 letters or digits (e.g. "ws-4j8p6jX1w33MiDC7"), not a name. Fix the workspace id.'],
            ["prj-AAAAAAAAAAAAAAAA", 'workspace id "prj-AAAAAAAAAAAAAAAA": an HCP Terraform workspace id is "ws-" followed by 16 letters or digits (e.g. "ws-4j8p6jX1w33MiDC7"), not a name. Fix the workspace id.'],
            [undefined, "workspace id undefined: expected a string (got undefined). Fix the workspace id."],
        ],
    },
    {
        name: "validateProjectId",
        validate: validateProjectId,
        field: "projectId",
        valid: ["prj-AbCdEfGh12345678"],
        invalid: [
            ["Default Project", 'project id "Default Project": an HCP Terraform project id is "prj-" followed by 16 letters or digits (e.g. "prj-AbCdEfGh12345678"), not a name. Fix the project id.'],
            ["ws-AAAAAAAAAAAAAAAA", 'project id "ws-AAAAAAAAAAAAAAAA": an HCP Terraform project id is "prj-" followed by 16 letters or digits (e.g. "prj-AbCdEfGh12345678"), not a name. Fix the project id.'],
        ],
    },
    {
        name: "validateOrganizationId",
        validate: validateOrganizationId,
        field: "organizationId",
        valid: ["org-AbCdEfGh12345678"],
        invalid: [["acme", 'organization id "acme": an HCP Terraform organization id is "org-" followed by 16 letters or digits (e.g. "org-AbCdEfGh12345678"), not a name. Fix the organization id.']],
    },
];

describe("policies/names validators", () => {
    for (const suite of SUITES) {
        describe(suite.name, () => {
            for (const value of suite.valid) {
                it(`accepts ${JSON.stringify(value)}`, () => {
                    assert.equal(suite.validate(value), value);
                });
            }
            for (const [value, message] of suite.invalid) {
                it(`refuses ${JSON.stringify(value) ?? String(value)}`, () => {
                    assert.throws(
                        () => suite.validate(value),
                        (err: unknown) => {
                            assert.ok(err instanceof PolicyInputError);
                            assert.equal(err.message, message);
                            assert.equal(err.field, suite.field);
                            assert.deepEqual(err.value, value);
                            return true;
                        },
                    );
                });
            }
        });
    }

    it("has at least 25 bad-name rows, each message naming its input and ending with a fix", () => {
        const rows = SUITES.flatMap((s) => s.invalid);
        assert.ok(rows.length >= 25, `only ${rows.length} rows`);
        for (const [, message] of rows) assert.match(message, /\. Fix the [A-Za-z ]+\.$/);
    });

    it("parseOidcProviderArn splits partition, account and host", () => {
        assert.deepEqual(parseOidcProviderArn("arn:aws-cn:iam::123456789012:oidc-provider/tfe.example.cn:8443"), {
            partition: "aws-cn",
            accountId: "123456789012",
            host: "tfe.example.cn:8443",
        });
    });
});
