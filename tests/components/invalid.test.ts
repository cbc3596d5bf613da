import { strict as assert } from "node:assert";
import { WorkspaceOidcFederation, type WorkspaceOidcFederationArgs } from "../../src/components";
import { T, isolateHostEnv, run } from "./harness";

const K = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const R = "arn:aws:iam::111122223333:role/r";

/** [case, args, exact message after the `WorkspaceOidcFederation "fed": ` prefix] */
const CASES: [string, any, string][] = [
    ["workspace and workspaces both given", { organization: "acme", workspace: "a", workspaces: ["b"] },
        "give either workspace or workspaces, not both. Fix: use workspace for one workspace, or workspaces for one role shared by several."],
    ["neither workspace nor workspaces", { organization: "acme" },
        "give workspace (one workspace), workspaces (a list) or projectScope: true with project (every workspace of a project). Fix: set exactly one of them."],
    ["empty workspaces", { organization: "acme", workspaces: [] },
        "workspaces is empty. Fix: give at least one workspace name, or use workspace."],
    ["duplicate workspaces", { organization: "acme", workspaces: ["a", "b", "a"] },
        "workspaces lists \"a\" twice. Fix: give each workspace once."],
    ["existingRoleArn with oidcProviderArn, roleName, ec2Policy: true, splitPhases, tags", { organization: "acme", workspace: "a", existingRoleArn: R, oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/app.terraform.io", roleName: "x", ec2Policy: true, splitPhases: true, tags: {} },
        "existingRoleArn brings your own role, so no AWS resources are made here and oidcProviderArn, roleName, ec2Policy: true, splitPhases: true, tags cannot be used with it. Fix: remove oidcProviderArn, roleName, ec2Policy: true, splitPhases: true, tags, or remove existingRoleArn to let this component make the role."],
    ["existingRoleArn with rolePath", { organization: "acme", workspace: "a", existingRoleArn: R, rolePath: "/x/" },
        "existingRoleArn brings your own role, so no AWS resources are made here and rolePath cannot be used with it. Fix: remove rolePath, or remove existingRoleArn to let this component make the role."],
    ["existingRoleArn with hyok", { organization: "acme", workspace: "a", existingRoleArn: R, hyok: { configurationName: "k", kmsKeyArn: K } },
        "existingRoleArn brings your own role, so no AWS resources are made here and hyok cannot be used with it. Fix: remove hyok, or remove existingRoleArn to let this component make the role."],
    ["existingRoleArn not a role ARN", { organization: "acme", workspace: "a", existingRoleArn: "arn:aws:iam::1:role/x" },
        "existingRoleArn: role ARN \"arn:aws:iam::1:role/x\": expected arn:<partition>:iam::<12-digit account id>:role/<optional path/><role name>. Fix the ARN."],
    ["roleName with roleNameTemplate", { organization: "acme", workspace: "a", roleName: "x", roleNameTemplate: "y-{workspace}" },
        "give roleName or roleNameTemplate, not both. Fix: remove one of them."],
    ["roleNameTemplate with a list (one shared role)", { organization: "acme", workspaces: ["a"], roleNameTemplate: "y-{workspace}" },
        "roleNameTemplate names one role per workspace, but workspaces (a list) shares one role. Fix: set roleName for the shared role, or make one WorkspaceOidcFederation per workspace (workspace: ...) in a loop for a role each."],
    ["roleNameTemplate without {workspace}", { organization: "acme", workspace: "a", roleNameTemplate: "fixed" },
        "roleNameTemplate \"fixed\" does not contain \"{workspace}\". Fix: include \"{workspace}\" (default \"tfc-{workspace}-oidc\"), or set roleName."],
    ["default role name over 64 characters", { organization: "acme", workspace: "a".repeat(56) },
        "the default roleNameTemplate \"tfc-{workspace}-oidc\" for workspace \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" gives IAM role name \"tfc-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-oidc\" of 65 characters; IAM role names are at most 64 characters. Fix: set roleName or a shorter roleNameTemplate."],
    ["roleName over 64 characters", { organization: "acme", workspace: "a", roleName: "r".repeat(65) },
        "roleName \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\" gives IAM role name \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\" of 65 characters; IAM role names are at most 64 characters. Fix: shorten or correct roleName."],
    ["-plan suffix over 64 characters", { organization: "acme", workspace: "a", roleName: "r".repeat(60), splitPhases: true },
        "roleName \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\" gives IAM role name \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr-plan\" (with the \"-plan\" suffix of splitPhases) of 65 characters; IAM role names are at most 64 characters. Fix: shorten or correct roleName."],
    ["-hyok suffix over 64 characters", { organization: "acme", workspace: "a", roleName: "r".repeat(60), hyok: { configurationName: "k", kmsKeyArn: K } },
        "roleName \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\" gives IAM role name \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr-hyok\" (with the \"-hyok\" suffix of hyok) of 65 characters; IAM role names are at most 64 characters. Fix: shorten or correct roleName."],
    ["role name with a space", { organization: "acme", workspace: "a", roleName: "my role" },
        "roleName \"my role\" gives IAM role name \"my role\", but IAM role names may contain only letters, digits and \"+=,.@_-\". Fix: shorten or correct roleName."],
    ["maxSessionDuration below 3600", { organization: "acme", workspace: "a", maxSessionDuration: 60 },
        "maxSessionDuration 60 is not a whole number of seconds in 3600..43200 (1 to 12 hours). Fix maxSessionDuration."],
    ["maxSessionDuration above 43200", { organization: "acme", workspace: "a", maxSessionDuration: 50000 },
        "maxSessionDuration 50000 is not a whole number of seconds in 3600..43200 (1 to 12 hours). Fix maxSessionDuration."],
    ["hyok without configurationName", { organization: "acme", workspace: "a", hyok: { kmsKeyArn: K } },
        "hyok needs configurationName and kmsKeyArn (missing: configurationName). Fix: give both, or remove hyok."],
    ["hyok without kmsKeyArn", { organization: "acme", workspace: "a", hyok: { configurationName: "k" } },
        "hyok needs configurationName and kmsKeyArn (missing: kmsKeyArn). Fix: give both, or remove hyok."],
    ["hyok.kmsKeyArn an alias", { organization: "acme", workspace: "a", hyok: { configurationName: "k", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/x" } },
        "hyok.kmsKeyArn: KMS key ARN \"arn:aws:kms:eu-west-1:123456789012:alias/x\": an alias ARN does not grant use of the key in an IAM policy; give the key ARN (arn:<partition>:kms:<region>:<12-digit account id>:key/<key id>). Fix the ARN."],
    ["workspace with a wildcard", { organization: "acme", workspace: "prod-*" },
        "workspace \"prod-*\": workspace names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name."],
    ["workspace with a colon", { organization: "acme", workspace: "a:b" },
        "workspace \"a:b\": workspace names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name."],
    ["workspace with a space", { organization: "acme", workspace: "a b" },
        "workspace \"a b\": workspace names may contain only letters, digits, \"-\" and \"_\". Fix the name."],
    ["empty workspace name", { organization: "acme", workspace: "" },
        "workspace \"\": workspace names must not be empty. Fix the name."],
    ["organization wildcard", { organization: "*", workspace: "a" },
        "organization \"*\": organization names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name."],
    ["wildcard in workspaces", { organization: "acme", workspaces: ["a", "*"] },
        "workspaces: workspace \"*\": workspace names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name."],
    ["project with a colon", { organization: "acme", workspace: "a", project: "p:q" },
        "project \"p:q\": project names may contain only letters, digits, spaces, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other projects. Fix the name."],
    ["project *", { organization: "acme", workspace: "a", project: "*" },
        "project \"*\": project names may contain only letters, digits, spaces, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other projects. Fix the name."],
    ["invalid hostname", { organization: "acme", workspace: "a", hostname: "tfe_example" },
        "hostname: Invalid HCP Terraform hostname \"tfe_example\" from the hostname setting: expected a host name such as app.terraform.io or tfe.example.com:8443. Fix the hostname (e.g. \"app.terraform.io\" or \"tfe.example.com\")."],
    ["audience with a wildcard", { organization: "acme", workspace: "a", audience: "aws.*" },
        "audience \"aws.*\": an audience is matched exactly and may not contain \"*\", \"?\", \"$\" or whitespace. Fix the audience."],
    ["oidcProviderArn of another host", { organization: "acme", workspace: "a", hostname: "tfe.example.com", oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" },
        "oidcProviderArn \"arn:aws:iam::111122223333:oidc-provider/app.terraform.io\" is the provider of app.terraform.io, but this federation's site is https://tfe.example.com: its tokens would never be accepted. Fix: pass the provider of tfe.example.com, or set hostname: \"app.terraform.io\"."],
    ["planManagedPolicyArns without splitPhases", { organization: "acme", workspace: "a", planManagedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
        "planManagedPolicyArns is for the plan role of splitPhases. Fix: set splitPhases: true, or move these policies to managedPolicyArns."],
    ["variableSetName with one workspace", { organization: "acme", workspace: "a", variableSetName: "x" },
        "variableSetName is for workspaces (a list), whose variables live in a variable set; a single workspace gets workspace variables. Fix: remove variableSetName, or use workspaces."],
    ["managedPolicyArns entry not an ARN", { organization: "acme", workspace: "a", managedPolicyArns: ["AmazonEC2ReadOnlyAccess"] },
        "managedPolicyArns: policy ARN \"AmazonEC2ReadOnlyAccess\": expected arn:<partition>:iam::<12-digit account id or \"aws\">:policy/<optional path/><policy name>. Fix the ARN."],
    ["duplicate managedPolicyArns", { organization: "acme", workspace: "a", managedPolicyArns: ["arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/A"] },
        "managedPolicyArns lists \"arn:aws:iam::aws:policy/A\" twice. Fix: give each policy ARN once."],
    ["inline policy text not JSON", { organization: "acme", workspace: "a", inlinePolicies: { p: "{nope" } },
        "inlinePolicies[\"p\"] is not valid JSON (Expected property name or '}' in JSON at position 1). Fix: give a policy document object or its JSON text."],
    ["inline policy name with a space", { organization: "acme", workspace: "a", inlinePolicies: { "p q": {} } },
        "inlinePolicies has policy name \"p q\", but IAM policy names are 1 to 128 characters of letters, digits and \"+=,.@_-\". Fix the name in inlinePolicies."],
    ["inline policy named like the EC2 policy", { organization: "acme", workspace: "a", inlinePolicies: { "tfc-a-oidc-ec2": {} } },
        "inlinePolicies has a policy named \"tfc-a-oidc-ec2\", the name of the built-in EC2 policy (ec2Policy). Fix: rename it, or set ec2Policy: false."],
    ["rolePath without slashes", { organization: "acme", workspace: "a", rolePath: "x" },
        "rolePath: role path \"x\": an IAM role path begins and ends with \"/\" (e.g. \"/\" or \"/hcp-terraform/\"). Fix the path."],
    ["hyok with a custom audience and the shared provider", { organization: "acme", workspace: "a", audience: "x.y", hyok: { configurationName: "k", kmsKeyArn: K } },
        "hyok: HYOK tokens carry audience \"aws.workload.identity\", but the shared OIDC provider for audience \"x.y\" would not accept it. Fix: create an HcpTerraformOidcProvider with audiences [\"aws.workload.identity\", \"x.y\"] and pass its arn as oidcProviderArn."],
    ["hyok configurationName with wildcard and colon", { organization: "acme", workspace: "a", hyok: { configurationName: "k:*", kmsKeyArn: K } },
        "hyok.configurationName: HYOK configuration \"k:*\": HYOK configuration names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other HYOK configurations. Fix the name."],
    ["permissionsBoundary not an ARN", { organization: "acme", workspace: "a", permissionsBoundary: "boundary" },
        "permissionsBoundary: policy ARN \"boundary\": expected arn:<partition>:iam::<12-digit account id or \"aws\">:policy/<optional path/><policy name>. Fix the ARN."],
    ["oidcProviderArn malformed", { organization: "acme", workspace: "a", oidcProviderArn: "arn:aws:iam::1:oidc-provider/x" },
        "oidcProviderArn: OIDC provider ARN \"arn:aws:iam::1:oidc-provider/x\": expected arn:<partition>:iam::<12-digit account id>:oidc-provider/<host>. Fix the ARN."],
    ["maxSessionDuration not whole", { organization: "acme", workspace: "a", maxSessionDuration: 3600.5 },
        "maxSessionDuration 3600.5 is not a whole number of seconds in 3600..43200 (1 to 12 hours). Fix maxSessionDuration."],
    ["organization missing", { workspace: "a" },
        "organization is required: give organization, or set the TFE_ORGANIZATION environment variable."],
];

// existingRoleArn excludes every argument that shapes AWS resources, each named in the message.
for (const [key, value] of [
    ["oidcProviderArn", "arn:aws:iam::111122223333:oidc-provider/app.terraform.io"],
    ["roleName", "r"],
    ["roleNameTemplate", "r-{workspace}"],
    ["rolePath", "/x/"],
    ["permissionsBoundary", "arn:aws:iam::111122223333:policy/b"],
    ["managedPolicyArns", ["arn:aws:iam::aws:policy/ReadOnlyAccess"]],
    ["inlinePolicies", { p: {} }],
    ["ec2Policy", true],
    ["splitPhases", true],
    ["hyok", { configurationName: "k", kmsKeyArn: K }],
    ["maxSessionDuration", 7200],
    ["tags", { a: "b" }],
] as [string, unknown][]) {
    const shown = typeof value === "boolean" ? `${key}: true` : key;
    CASES.push([
        `existingRoleArn with ${shown}`,
        { organization: "acme", workspace: "a", existingRoleArn: R, [key]: value },
        `existingRoleArn brings your own role, so no AWS resources are made here and ${shown} cannot be used with it. ` +
            `Fix: remove ${shown}, or remove existingRoleArn to let this component make the role.`,
    ]);
}

describe("WorkspaceOidcFederation: invalid arguments throw an exact error before anything is registered", function () {
    isolateHostEnv();

    for (const [label, args, message] of CASES) {
        it(`${label}`, async () => {
            const r = await run(() => {
                try {
                    new WorkspaceOidcFederation("fed", args as WorkspaceOidcFederationArgs);
                } catch (err) {
                    return err as Error;
                }
                return undefined;
            });
            assert.ok(r.result instanceof Error, "expected an error");
            assert.equal(r.result.message, `WorkspaceOidcFederation "fed": ${message}`);
            assert.deepEqual(r.resources, [], "nothing may be registered");
        });
    }

    it("existingRoleArn with ec2Policy: false is fine (it is the default there)", async () => {
        const r = await run(() => new WorkspaceOidcFederation("fed", { organization: "acme", workspace: "a", existingRoleArn: R, ec2Policy: false }));
        assert.equal(r.resources.filter((x) => x.type.startsWith("aws:")).length, 0);
    });

    it("a second audience for a host whose shared provider has another one: exact error, the second federation registers nothing", async () => {
        const r = await run(() => {
            new WorkspaceOidcFederation("first", { organization: "acme", workspace: "a" });
            try {
                new WorkspaceOidcFederation("second", { organization: "acme", workspace: "b", audience: "custom.audience" });
            } catch (err) {
                return err as Error;
            }
            return undefined;
        });
        assert.ok(r.result instanceof Error);
        assert.equal(
            r.result.message,
            'WorkspaceOidcFederation "second": the shared OIDC provider for "app.terraform.io" already accepts audience "aws.workload.identity", ' +
                'and AWS allows only one provider per URL per account, so audience "custom.audience" cannot get its own. Fix: create one ' +
                'HcpTerraformOidcProvider with audiences ["aws.workload.identity", "custom.audience"] and pass its arn as oidcProviderArn ' +
                "to each WorkspaceOidcFederation of that host.",
        );
        assert.deepEqual(r.resources.filter((x) => x.name.startsWith("second")), []);
        assert.equal(r.ofType(T.oidcProvider).length, 1);
    });
});
