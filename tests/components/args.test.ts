// The arguments added or widened since 0.2, under mocks: the trust policy's size checked at
// construction against IAM's limit; every argument's runtime kind checked (JavaScript callers,
// config values) and unknown names refused; ARNs given as outputs accepted, and refused when known
// with the same message as a plain value, before anything depends on them; useExistingOidcProvider
// (the account's provider, looked up and checked for the audience); importExistingRoles.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceOidcFederation, type WorkspaceOidcFederationArgs } from "../../src/components";
import { ACCOUNT, INVOKE, T, isolateHostEnv, outputOf, realisticCall, realisticState, run } from "./harness";
import { registrationFailures } from "./registrationFailures";

const GET_PROVIDER = "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider";
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`;

/** Some resource of the stack whose output is a policy ARN. */
class ArnHolder extends pulumi.CustomResource {
    declare readonly arn: pulumi.Output<string>;
    constructor(name: string) {
        super("test:index:Arn", name, { arn: undefined });
    }
}

/** The constructor's error, or "(no error)"; nothing may be registered when it throws. */
async function constructionError(args: unknown): Promise<string> {
    const r = await run(() => {
        try {
            new WorkspaceOidcFederation("fed", args as WorkspaceOidcFederationArgs);
        } catch (err) {
            return (err as Error).message;
        }
        return "(no error)";
    });
    if (r.result !== "(no error)") assert.deepEqual(r.resources, [], "something was registered");
    return r.result;
}

/** The length IAM counts of the trust of `workspaces` (computed here from the documented shape, not by src). */
function trustLength(workspaces: string[]): number {
    const doc = {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: PROVIDER_ARN },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
                    StringLike: { "app.terraform.io:sub": workspaces.map((w) => `organization:acme:project:*:workspace:${w}:run_phase:*`) },
                },
            },
        ],
    };
    return JSON.stringify(doc).length;
}

describe("WorkspaceOidcFederation: new arguments and argument kinds", function () {
    isolateHostEnv();

    describe("the trust policy's size", () => {
        const names = (n: number) => Array.from({ length: n }, (_, i) => `service-workspace-${String(i).padStart(3, "0")}`);

        it("a list whose trust exceeds IAM's 2048 characters fails at construction naming the size, the limit and the ways out", async () => {
            const workspaces = names(30);
            const length = trustLength(workspaces);
            assert.ok(length > 2048 && length <= 4096, `${length}`);
            assert.equal(
                await constructionError({ organization: "acme", workspaces }),
                `WorkspaceOidcFederation "fed": the trust policy of the role for 30 workspaces is ${length} characters, over IAM's limit of 2048 for role ` +
                    "trust policies, so AWS would refuse it. Fix: federate fewer workspaces per role (one federation per workspace, or several lists), " +
                    "raise the account's quota and set trustPolicySizeLimit: 4096, or trust the whole project with projectScope: true.",
            );
        });

        it("with trustPolicySizeLimit: 4096 the same list passes (the role carries it whole); past 4096 it fails without the quota advice", async () => {
            const r = await run(() => new WorkspaceOidcFederation("fed", { organization: "acme", workspaces: names(30), trustPolicySizeLimit: 4096 }));
            const trust = r.byName("fed-role", T.role).inputs.assumeRolePolicy;
            assert.equal(trust.length, trustLength(names(30)));
            assert.equal(JSON.parse(trust).Statement[0].Condition.StringLike["app.terraform.io:sub"].length, 30);
            const many = names(60);
            assert.equal(
                await constructionError({ organization: "acme", workspaces: many, trustPolicySizeLimit: 4096 }),
                `WorkspaceOidcFederation "fed": the trust policy of the role for 60 workspaces is ${trustLength(many)} characters, over IAM's limit of 4096 ` +
                    "for role trust policies, so AWS would refuse it. Fix: federate fewer workspaces per role (one federation per workspace, or several lists), " +
                    "or trust the whole project with projectScope: true.",
            );
        });
    });

    describe("argument kinds (JavaScript callers, config values): exact messages at construction, nothing registered", () => {
        const base = { organization: "acme", workspace: "w" };
        for (const [label, extra, message] of [
            ["splitPhases: \"true\"", { splitPhases: "true" }, 'splitPhases must be true or false (a boolean), not "true" (a string). Fix the splitPhases argument.'],
            ["ec2Policy: \"false\"", { ec2Policy: "false" }, 'ec2Policy must be true or false (a boolean), not "false" (a string). Fix the ec2Policy argument.'],
            [
                "managedPolicyArns: a string",
                { managedPolicyArns: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
                'managedPolicyArns must be a list of strings, not "arn:aws:iam::aws:policy/ReadOnlyAccess" (a string). Fix the managedPolicyArns argument.',
            ],
            ["maxSessionDuration: \"3600\"", { maxSessionDuration: "3600" }, 'maxSessionDuration must be a number, not "3600" (a string). Fix the maxSessionDuration argument.'],
            ["createWorkspace: 1", { createWorkspace: 1 }, "createWorkspace must be true or false (a boolean), not 1 (a number). Fix the createWorkspace argument."],
        ] as const) {
            it(label, async () => assert.equal(await constructionError({ ...base, ...extra }), `WorkspaceOidcFederation "fed": ${message}`));
        }

        it("a misspelt argument name: did you mean, and the names there are", async () => {
            const message = await constructionError({ ...base, roleNameTemplat: "x-{workspace}" });
            assert.ok(message.startsWith('WorkspaceOidcFederation "fed": unknown argument "roleNameTemplat" (did you mean "roleNameTemplate"?). Fix: give only organization, workspace, '), message);
            assert.ok(message.endsWith(", removeStaticAwsCredentials, hyok, trustPolicySizeLimit."), message);
        });

        it("arguments that are not an object", async () => {
            assert.equal(await constructionError("acme"), 'WorkspaceOidcFederation "fed": the arguments must be an object (got a string).');
        });

        it("organization defaults to TFE_ORGANIZATION", async () => {
            process.env.TFE_ORGANIZATION = "from-env";
            try {
                const r = await run(() => new WorkspaceOidcFederation("fed", { workspace: "w" }));
                assert.equal(r.byName("fed-workspace", T.workspace).inputs.organization, "from-env");
            } finally {
                delete process.env.TFE_ORGANIZATION;
            }
        });
    });

    describe("ARNs given as outputs: accepted; refused when known with the plain value's message, before what depends on them", () => {
        it("existingRoleArn, managedPolicyArns and oidcProviderArn as outputs (a pulumi.output and another resource's output) are used as given", async () => {
            const r = await run(() => {
                const policy = new ArnHolder("arns").arn;
                return [
                    new WorkspaceOidcFederation("byo", { organization: "acme", workspace: "a", existingRoleArn: pulumi.output("arn:aws:iam::111122223333:role/team/deployer") }),
                    new WorkspaceOidcFederation("made", { organization: "acme", workspace: "b", oidcProviderArn: pulumi.output(PROVIDER_ARN), managedPolicyArns: [policy] }),
                ];
            }, { newResource: (a) => (a.type === "test:index:Arn" ? { id: "arns", state: { arn: `arn:aws:iam::${ACCOUNT}:policy/team/Deploy` } } : realisticState(a)) });
            assert.equal(r.byName("byo-variables", T.variableGroup).inputs.variables[0].value, "arn:aws:iam::111122223333:role/team/deployer");
            assert.equal(await outputOf(r.result[0].roleName), "deployer");
            assert.equal(JSON.parse(r.byName("made-role", T.role).inputs.assumeRolePolicy).Statement[0].Principal.Federated, PROVIDER_ARN);
            // An output's resource name is its position (its value is not known when the name is chosen).
            assert.equal(r.byName("made-role-attach-1", T.attachment).inputs.policyArn, `arn:aws:iam::${ACCOUNT}:policy/team/Deploy`);
            assert.equal(r.ofType(T.oidcProvider).length, 0);
        });

        for (const [label, argument, bad, depends] of [
            ["existingRoleArn", { existingRoleArn: "arn:aws:iam::1:role/x" }, "existingRoleArn", ["fed-variables"]],
            ["a managedPolicyArns entry", { managedPolicyArns: ["AmazonEC2ReadOnlyAccess"] }, "managedPolicyArns", ["fed-role-attach-1", "fed-variables"]],
            ["permissionsBoundary", { permissionsBoundary: "boundary" }, "permissionsBoundary", ["fed-role", "fed-variables"]],
            ["oidcProviderArn of another host", { oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/tfe.example.com" }, "oidcProviderArn", ["fed-role", "fed-variables"]],
            ["a malformed oidcProviderArn", { oidcProviderArn: "arn:aws:iam::1:oidc-provider/x" }, "oidcProviderArn", ["fed-role", "fed-variables"]],
        ] as const) {
            it(`${label}: the same message as the plain value; ${depends.join(" and ")} never registered`, async () => {
                const base = { organization: "acme", workspace: "w" };
                const plain = await constructionError({ ...base, ...argument });
                const asOutput = Object.fromEntries(
                    Object.entries(argument).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => pulumi.output(x)) : pulumi.output(v as string)]),
                );
                const { errors, registered } = await registrationFailures(() => new WorkspaceOidcFederation("fed", { ...base, ...asOutput } as WorkspaceOidcFederationArgs));
                assert.ok(plain.startsWith(`WorkspaceOidcFederation "fed": ${bad}`), plain);
                assert.deepEqual(errors, [plain]);
                for (const name of depends) assert.equal(registered.includes(name), false, `${name} was registered`);
            });
        }
    });

    describe("useExistingOidcProvider and importExistingRoles", () => {
        const lookup = (clientIdLists: string[]) => (a: pulumi.runtime.MockCallArgs) =>
            a.token === GET_PROVIDER ? { arn: PROVIDER_ARN, url: "app.terraform.io", clientIdLists, thumbprintLists: [], tags: {}, id: PROVIDER_ARN } : realisticCall(a);

        it("the account's provider is looked up by URL (no provider child) and the role trusts its ARN", async () => {
            const r = await run(() => new WorkspaceOidcFederation("fed", { organization: "acme", workspace: "w", useExistingOidcProvider: true }), {
                call: lookup(["sts.amazonaws.com", "aws.workload.identity"]),
            });
            assert.deepEqual([r.ofType(T.oidcProvider).length, r.ofType(T.oidcProviderComponent).length], [0, 0]);
            assert.deepEqual(r.calls.filter((c) => c.token === GET_PROVIDER).map((c) => c.inputs), [{ url: "https://app.terraform.io" }]);
            assert.equal(JSON.parse(r.byName("fed-role", T.role).inputs.assumeRolePolicy).Statement[0].Principal.Federated, PROVIDER_ARN);
            assert.equal(await outputOf(r.result.oidcProviderArn), PROVIDER_ARN);
            assert.equal(r.result.oidcProvider, undefined);
            assert.equal(r.calls.some((c) => c.token === INVOKE.callerIdentity), false);
        });

        it("a provider whose client ids lack the audience fails at preview with the exact message; no role is registered", async () => {
            const { errors, registered } = await registrationFailures(
                () => new WorkspaceOidcFederation("fed", { organization: "acme", workspace: "w", useExistingOidcProvider: true }),
                { preview: true, call: lookup(["sts.amazonaws.com"]) },
            );
            assert.deepEqual(errors, [
                `WorkspaceOidcFederation "fed": useExistingOidcProvider: the account's OIDC provider for https://app.terraform.io (${PROVIDER_ARN}) accepts the audiences ` +
                    '["sts.amazonaws.com"], not "aws.workload.identity", so no run token would be accepted. Fix: add "aws.workload.identity" to its client ids, or set audience to one it accepts.',
            ]);
            assert.deepEqual([registered.includes("fed-role"), registered.includes("fed-variables")], [false, false]);
        });

        it("importExistingRoles: each role is registered with import: <its role name>; without it, no import", async () => {
            const r = await run(() => [
                new WorkspaceOidcFederation("fed", { organization: "acme", workspace: "w", importExistingRoles: true, splitPhases: true }),
                new WorkspaceOidcFederation("plain", { organization: "acme", workspace: "v" }),
            ]);
            assert.deepEqual(r.ofType(T.role).map((x) => [x.name, x.importId]), [
                ["fed-plan-role", "tfc-w-oidc-plan"],
                ["fed-apply-role", "tfc-w-oidc-apply"],
                ["plain-role", ""],
            ]);
            assert.equal(r.resources.filter((x) => x.type !== T.role && x.importId !== "").length, 0);
        });
    });
});
