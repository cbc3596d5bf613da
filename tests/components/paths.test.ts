import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import { WorkspaceOidcFederation } from "../../src/components";
import {
    ACCOUNT,
    T,
    VERIFIED_EC2_ACTIONS,
    childrenOf,
    federationDescription,
    inputsOf,
    isolateHostEnv,
    outputOf,
    realisticState,
    run,
    verifiedEc2Policy,
} from "./harness";

const KMS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe("WorkspaceOidcFederation: the other paths", function () {
    isolateHostEnv();

    describe("workspaces (a list): one shared role through one variable set", () => {
        it("one role trusted by all (sub values as an array), a non-global variable set of its own, attached to the workspaces by one resource", async () => {
            const r = await run(
                () =>
                    new WorkspaceOidcFederation("shared", {
                        organization: "acme",
                        workspaces: ["prod-app", "staging-app", "dev-app"],
                        removeStaticAwsCredentials: true,
                    }),
            );
            const federation = r.byName("shared", T.federation);
            assert.deepEqual(
                childrenOf(r, federation).map((c) => `${c.type}::${c.name}`).sort(),
                [
                    `${T.role}::shared-role`,
                    `${T.rolePolicy}::shared-role-ec2`,
                    ...["prod-app", "staging-app", "dev-app"].flatMap((w) => [
                        `${T.workspace}::shared-workspace-${w}`,
                        `${T.variableRemoval}::shared-remove-static-aws-credentials-${w}`,
                    ]),
                    `${T.variableSetWorkspaces}::shared-varset-attachments`,
                    `${T.variableSet}::shared-varset`,
                    `${T.variableSetVariable}::shared-varset-provider-auth`,
                    `${T.variableSetVariable}::shared-varset-run-role-arn`,
                ].sort(),
            );
            assert.equal(r.ofType(T.workspaceVariable).length, 0);

            const role = r.byName("shared-role", T.role);
            assert.equal(role.inputs.name, "tfc-shared-oidc");
            const trust = JSON.parse(role.inputs.assumeRolePolicy);
            assert.deepEqual(trust.Statement[0].Condition, {
                StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
                StringLike: {
                    "app.terraform.io:sub": [
                        "organization:acme:project:*:workspace:prod-app:run_phase:*",
                        "organization:acme:project:*:workspace:staging-app:run_phase:*",
                        "organization:acme:project:*:workspace:dev-app:run_phase:*",
                    ],
                },
            });

            const set = r.byName("shared-varset", T.variableSet);
            // Named uniquely per stack, created (not adopted), its description carrying the ownership mark.
            assert.deepEqual(inputsOf(set), {
                organization: "acme",
                adoptArgument: "adoptExistingVariableSet",
                attached: true,
                name: "shared-aws-oidc (project/stack)",
                description: 'AWS dynamic credentials for acme workspaces prod-app, staging-app, dev-app (managed by Pulumi stack "project/stack", WorkspaceOidcFederation "shared")',
                global: false,
            });
            const setId = await outputOf(r.result.variableSetId!);
            assert.match(setId, /^varset-/);
            const runRole = r.byName("shared-varset-run-role-arn", T.variableSetVariable);
            assert.deepEqual(inputsOf(runRole), {
                variableSetId: setId,
                key: "TFC_AWS_RUN_ROLE_ARN",
                value: `arn:aws:iam::${ACCOUNT}:role/tfc-shared-oidc`,
                category: "env",
                sensitive: false,
                description: federationDescription("shared"),
                adoptExisting: true,
            });
            assert.ok(runRole.dependencies.includes(r.byName("shared-role-ec2", T.rolePolicy).urn));
            const auth = r.byName("shared-varset-provider-auth", T.variableSetVariable);
            assert.equal(auth.inputs.key, "TFC_AWS_PROVIDER_AUTH");
            assert.equal(auth.inputs.value, "true");

            const ids = await outputOf(r.result.workspaceIds);
            assert.equal(ids.length, 3);
            assert.equal(r.result.workspaceId, undefined);
            // One attachment resource for the list; a workspace whose own variables would shadow the set's keys fails it.
            const attach = r.byName("shared-varset-attachments", T.variableSetWorkspaces);
            assert.deepEqual(inputsOf(attach), { variableSetId: setId, workspaceIds: ids, shadowKeys: ["TFC_AWS_RUN_ROLE_ARN", "TFC_AWS_PROVIDER_AUTH"] });
            assert.ok(attach.dependencies.includes(runRole.urn) && attach.dependencies.includes(auth.urn));
            assert.equal(r.ofType(T.workspaceVariableSet).length, 0);
            ["prod-app", "staging-app", "dev-app"].forEach((w, i) => {
                assert.equal(ids[i], r.byName(`shared-workspace-${w}`, T.workspace).id);
                const removal = r.byName(`shared-remove-static-aws-credentials-${w}`, T.variableRemoval);
                assert.equal(removal.inputs.workspaceId, ids[i]);
                assert.ok(removal.dependencies.includes(attach.urn));
            });
        });

        it("roleName and variableSetName are honoured", async () => {
            const r = await run(
                () => new WorkspaceOidcFederation("s", { organization: "acme", workspaces: ["a", "b"], roleName: "tfc-team", variableSetName: "aws-dynamic-creds" }),
            );
            assert.equal(r.byName("s-role", T.role).inputs.name, "tfc-team");
            assert.equal(r.byName("s-varset", T.variableSet).inputs.name, "aws-dynamic-creds");
        });
    });

    describe("splitPhases", () => {
        it("a plan role (read-only EC2) and an apply role, each trusting only its phase; PLAN/APPLY variables and no RUN variable", async () => {
            const r = await run(
                () =>
                    new WorkspaceOidcFederation("app", {
                        organization: "acme",
                        workspace: "w",
                        project: "Default Project",
                        splitPhases: true,
                        managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"],
                        planManagedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
                    }),
            );
            const planRole = r.byName("app-plan-role", T.role);
            const applyRole = r.byName("app-apply-role", T.role);
            // A pinned project is checked against the workspace's project name, so it is read.
            assert.equal(r.byName("app-workspace", T.workspace).inputs.lookupProjectName, true);
            assert.equal(planRole.inputs.name, "tfc-w-oidc-plan");
            assert.equal(applyRole.inputs.name, "tfc-w-oidc-apply");
            assert.equal(r.ofType(T.role).length, 2);
            for (const [role, phase] of [
                [planRole, "plan"],
                [applyRole, "apply"],
            ] as const) {
                // Fully pinned (project + phase): StringEquals on the whole sub.
                assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Condition, {
                    StringEquals: {
                        "app.terraform.io:aud": "aws.workload.identity",
                        "app.terraform.io:sub": `organization:acme:project:Default Project:workspace:w:run_phase:${phase}`,
                    },
                });
            }
            const planEc2 = JSON.parse(r.byName("app-plan-role-ec2", T.rolePolicy).inputs.policy);
            assert.deepEqual(planEc2, verifiedEc2Policy(VERIFIED_EC2_ACTIONS.filter((a) => a.startsWith("ec2:Describe"))));
            assert.equal(planEc2.Statement[0].Action.length, 20);
            assert.equal(r.byName("app-plan-role-ec2", T.rolePolicy).inputs.name, "tfc-w-oidc-plan-ec2");
            assert.deepEqual(JSON.parse(r.byName("app-apply-role-ec2", T.rolePolicy).inputs.policy), verifiedEc2Policy());
            assert.equal(r.byName("app-apply-role-attach-AmazonS3FullAccess", T.attachment).inputs.role, "tfc-w-oidc-apply");
            assert.equal(r.byName("app-plan-role-attach-AmazonS3ReadOnlyAccess", T.attachment).inputs.role, "tfc-w-oidc-plan");

            const group = r.byName("app-variables", T.variableGroup);
            assert.deepEqual(group.inputs.variables.map((v: any) => [v.key, v.value]), [
                ["TFC_AWS_PLAN_ROLE_ARN", `arn:aws:iam::${ACCOUNT}:role/tfc-w-oidc-plan`],
                ["TFC_AWS_APPLY_ROLE_ARN", `arn:aws:iam::${ACCOUNT}:role/tfc-w-oidc-apply`],
                ["TFC_AWS_PROVIDER_AUTH", "true"],
            ]);
            for (const p of ["app-plan-role-ec2", "app-plan-role-attach-AmazonS3ReadOnlyAccess", "app-apply-role-ec2", "app-apply-role-attach-AmazonS3FullAccess"]) {
                assert.ok(group.dependencies.includes(r.byName(p).urn), p);
            }

            const f = r.result;
            assert.equal(await outputOf(f.planRoleArn!), `arn:aws:iam::${ACCOUNT}:role/tfc-w-oidc-plan`);
            assert.equal(await outputOf(f.applyRoleArn!), `arn:aws:iam::${ACCOUNT}:role/tfc-w-oidc-apply`);
            assert.equal(await outputOf(f.roleArn), await outputOf(f.applyRoleArn!));
            assert.equal(JSON.parse(await outputOf(f.planTrustPolicy!)).Statement[0].Condition.StringEquals["app.terraform.io:sub"].endsWith(":plan"), true);
            assert.equal(JSON.parse(await outputOf(f.planPermissionsPolicy!)).Statement[0].Action.length, 20);
        });

        it("with workspaces: PLAN/APPLY variables in the variable set", async () => {
            const r = await run(() => new WorkspaceOidcFederation("s", { organization: "acme", workspaces: ["a", "b"], splitPhases: true }));
            assert.deepEqual(
                r.ofType(T.variableSetVariable).map((v) => v.inputs.key).sort(),
                ["TFC_AWS_APPLY_ROLE_ARN", "TFC_AWS_PLAN_ROLE_ARN", "TFC_AWS_PROVIDER_AUTH"],
            );
            assert.deepEqual(r.ofType(T.role).map((x) => x.inputs.name).sort(), ["tfc-s-oidc-apply", "tfc-s-oidc-plan"]);
        });
    });

    describe("existingRoleArn (bring your own role)", () => {
        it("makes no AWS resource at all; sets the variables; trustPolicy is the trust that role should have", async () => {
            const arn = "arn:aws:iam::111122223333:role/teams/my-tfc-role";
            const r = await run(() => new WorkspaceOidcFederation("byo", { organization: "acme", workspace: "w", existingRoleArn: arn }));
            assert.deepEqual(
                r.resources.filter((x) => x.type.startsWith("aws:")),
                [],
            );
            assert.equal(r.ofType(T.oidcProviderComponent).length, 0);
            // One group, after the workspace look-up (and nothing else).
            const group = r.byName("byo-variables", T.variableGroup);
            assert.deepEqual(group.inputs.variables.map((v: any) => [v.key, v.value]), [
                ["TFC_AWS_RUN_ROLE_ARN", arn],
                ["TFC_AWS_PROVIDER_AUTH", "true"],
            ]);
            assert.deepEqual(group.dependencies, [r.byName("byo-workspace", T.workspace).urn]);
            assert.deepEqual(r.resources.map((x) => `${x.type}::${x.name}`).sort(), [`${T.federation}::byo`, `${T.workspace}::byo-workspace`, `${T.variableGroup}::byo-variables`]);
            const f = r.result;
            assert.equal(await outputOf(f.roleArn), arn);
            assert.equal(await outputOf(f.roleName), "my-tfc-role");
            assert.equal(await outputOf(f.oidcProviderArn), "arn:aws:iam::111122223333:oidc-provider/app.terraform.io");
            const trust = JSON.parse(await outputOf(f.trustPolicy));
            assert.equal(trust.Statement[0].Principal.Federated, "arn:aws:iam::111122223333:oidc-provider/app.terraform.io");
            assert.equal(trust.Statement[0].Condition.StringLike["app.terraform.io:sub"], "organization:acme:project:*:workspace:w:run_phase:*");
            assert.equal(f.permissionsPolicy, undefined);
            // No AWS calls at all: not even the account / partition invokes.
            assert.deepEqual(r.calls, []);
        });

        it("with workspaces: the variable set carries the given ARN", async () => {
            const arn = "arn:aws:iam::111122223333:role/my-tfc-role";
            const r = await run(() => new WorkspaceOidcFederation("byo", { organization: "acme", workspaces: ["a", "b"], existingRoleArn: arn }));
            assert.deepEqual(r.resources.filter((x) => x.type.startsWith("aws:")), []);
            assert.equal(r.byName("byo-varset-run-role-arn", T.variableSetVariable).inputs.value, arn);
            assert.deepEqual(r.byName("byo-varset-attachments", T.variableSetWorkspaces).inputs.workspaceIds, r.ofType(T.workspace).map((w) => w.id));
            assert.equal(r.ofType(T.workspace).length, 2);
            assert.deepEqual(r.calls, []);
        });
    });

    describe("hyok", () => {
        it("a second role trusted only for organization:<ORG>:hyok_config:<NAME>, key user of the key, registered as the org's AwsOidcConfiguration", async () => {
            const r = await run(
                () =>
                    new WorkspaceOidcFederation("app", {
                        organization: "acme",
                        workspace: "w",
                        hyok: { configurationName: "prod-kek", kmsKeyArn: KMS_KEY },
                    }),
            );
            const hyokRole = r.byName("app-hyok-role", T.role);
            assert.equal(hyokRole.inputs.name, "tfc-w-oidc-hyok");
            assert.deepEqual(JSON.parse(hyokRole.inputs.assumeRolePolicy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io` },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
                            StringLike: { "app.terraform.io:sub": "organization:acme:hyok_config:prod-kek" },
                        },
                    },
                ],
            });
            const kms = r.byName("app-hyok-kms", T.rolePolicy);
            assert.equal(kms.inputs.role, "tfc-w-oidc-hyok");
            assert.equal(kms.inputs.name, "tfc-w-oidc-hyok-kms");
            assert.deepEqual(JSON.parse(kms.inputs.policy), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                        Resource: KMS_KEY,
                    },
                ],
            });
            const config = r.byName("app-hyok-oidc-configuration", T.awsOidcConfiguration);
            assert.deepEqual(inputsOf(config), { organization: "acme", roleArn: `arn:aws:iam::${ACCOUNT}:role/tfc-w-oidc-hyok` });
            assert.ok(config.dependencies.includes(kms.urn));
            assert.equal(config.parent, r.byName("app", T.federation).urn);
            // The HYOK role gives runs nothing: the run variables still name the run role.
            assert.equal(r.byName("app-variables", T.variableGroup).inputs.variables[0].value, `arn:aws:iam::${ACCOUNT}:role/tfc-w-oidc`);
            assert.equal(await outputOf(r.result.hyokRoleArn!), `arn:aws:iam::${ACCOUNT}:role/tfc-w-oidc-hyok`);
            assert.match(await outputOf(r.result.oidcConfigurationId!), /^awsoidc-/);
        });

        it("kmsKeyArn may be an output of the same stack", async () => {
            const r = await run(() => {
                const key = new aws.kms.Key("kek", {});
                return new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w", hyok: { configurationName: "kek", kmsKeyArn: key.arn } });
            }, {
                newResource: (a) => (a.type === "aws:kms/key:Key" ? { id: "k", state: { arn: KMS_KEY } } : realisticState(a)),
            });
            assert.equal(JSON.parse(r.byName("app-hyok-kms", T.rolePolicy).inputs.policy).Statement[0].Resource, KMS_KEY);
        });
    });

    describe("Terraform Enterprise hostname", () => {
        it("condition keys, provider URL and every HCP resource use the TFE host", async () => {
            const r = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w", hostname: "tfe.example.com" }));
            const oidc = r.byName("hcp-terraform-oidc-tfe.example.com", T.oidcProvider);
            assert.equal(oidc.inputs.url, "https://tfe.example.com");
            const trust = JSON.parse(r.byName("app-role", T.role).inputs.assumeRolePolicy);
            assert.deepEqual(trust.Statement[0].Principal, { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/tfe.example.com` });
            assert.deepEqual(trust.Statement[0].Condition, {
                StringEquals: { "tfe.example.com:aud": "aws.workload.identity" },
                StringLike: { "tfe.example.com:sub": "organization:acme:project:*:workspace:w:run_phase:*" },
            });
            for (const x of r.resources.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic/"))) {
                assert.equal(x.inputs.hostname, "tfe.example.com", x.name);
            }
        });

        it("the host comes from TFE_HOSTNAME / TFE_ADDRESS when not given", async () => {
            process.env.TFE_ADDRESS = "https://tfe.corp.example";
            try {
                const r = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w" }));
                const trust = JSON.parse(r.byName("app-role", T.role).inputs.assumeRolePolicy);
                assert.equal(trust.Statement[0].Principal.Federated, `arn:aws:iam::${ACCOUNT}:oidc-provider/tfe.corp.example`);
                assert.equal(r.byName("app-variables", T.variableGroup).inputs.hostname, "tfe.corp.example");
            } finally {
                delete process.env.TFE_ADDRESS;
            }
        });
    });

    describe("AWS provider option", () => {
        it("the shared OIDC provider is made with the federation's AWS provider, once per provider", async () => {
            const r = await run(() => {
                const other = new aws.Provider("other-account", { region: "eu-west-1" });
                return [
                    new WorkspaceOidcFederation("a", { organization: "acme", workspace: "a" }),
                    new WorkspaceOidcFederation("b", { organization: "acme", workspace: "b" }, { providers: [other] }),
                    new WorkspaceOidcFederation("c", { organization: "acme", workspace: "c" }, { provider: other }),
                ];
            });
            const providers = r.ofType(T.oidcProvider);
            assert.deepEqual(providers.map((p) => p.name).sort(), ["hcp-terraform-oidc-app.terraform.io", "hcp-terraform-oidc-app.terraform.io-other-account"]);
            const otherUrn = r.byName("other-account").urn;
            assert.ok(r.byName("hcp-terraform-oidc-app.terraform.io-other-account", T.oidcProvider).provider?.startsWith(otherUrn));
            assert.ok(r.byName("b-role", T.role).provider?.startsWith(otherUrn));
            assert.equal(r.byName("hcp-terraform-oidc-app.terraform.io", T.oidcProvider).provider?.includes("other-account") ?? false, false);
        });
    });
});
