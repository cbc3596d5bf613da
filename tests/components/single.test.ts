import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceOidcFederation } from "../../src/components";
import { UNKNOWN } from "../support/providerHost";
import {
    ACCOUNT,
    T,
    VERIFIED_EC2_ACTIONS,
    childrenOf,
    fakeWorkspaceId,
    federationDescription,
    inputsOf,
    isolateHostEnv,
    outputOf,
    run,
    verifiedEc2Policy,
    verifiedTrust,
} from "./harness";

describe("WorkspaceOidcFederation: one workspace (the seed's default path)", function () {
    isolateHostEnv();

    it("makes exactly the seed's resources: shared provider, role + verified trust, EC2 policy <role>-ec2, the workspace look-up, one variable group (two env variables)", async () => {
        const r = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "app-prod" }));
        const federation = r.byName("app", T.federation);
        assert.equal(federation.custom, false);
        assert.deepEqual(
            childrenOf(r, federation).map((c) => `${c.type}::${c.name}`).sort(),
            [
                `${T.role}::app-role`,
                `${T.rolePolicy}::app-role-ec2`,
                `${T.workspace}::app-workspace`,
                `${T.variableGroup}::app-variables`,
            ].sort(),
        );
        // Every child is parented to the federation; the shared provider is not.
        const provider = r.byName("hcp-terraform-oidc-app.terraform.io", T.oidcProviderComponent);
        assert.equal(provider.parent?.includes(T.federation) ?? false, false);
        assert.equal(r.resources.length, 7); // federation + 4 children + provider component + OpenIdConnectProvider

        // OIDC provider of the seed: https://app.terraform.io, client id aws.workload.identity.
        const oidc = r.byName("hcp-terraform-oidc-app.terraform.io", T.oidcProvider);
        assert.deepEqual(inputsOf(oidc), { url: "https://app.terraform.io", clientIdLists: ["aws.workload.identity"] });
        assert.equal(oidc.parent, provider.urn);

        // Role: name tfc-<ws>-oidc, trust = the verified policy with account/org/workspace substituted.
        const role = r.byName("app-role", T.role);
        assert.equal(role.inputs.name, "tfc-app-prod-oidc");
        assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy), verifiedTrust("acme", "app-prod"));
        assert.equal(role.inputs.path, undefined);
        assert.equal(role.inputs.description, "HCP Terraform runs of acme workspace app-prod (WorkspaceOidcFederation app)");

        // The verified EC2 policy, inline, named <role>-ec2, all 24 actions in order.
        const ec2 = r.byName("app-role-ec2", T.rolePolicy);
        assert.equal(ec2.inputs.name, "tfc-app-prod-oidc-ec2");
        assert.equal(ec2.inputs.role, "tfc-app-prod-oidc");
        assert.deepEqual(JSON.parse(ec2.inputs.policy), verifiedEc2Policy());
        assert.equal(JSON.parse(ec2.inputs.policy).Statement[0].Action.length, 24);

        // The workspace is looked up first (never created by default) and kept when the federation goes;
        // the role waits for the look-up: no AWS object for a workspace that does not exist.
        const workspace = r.byName("app-workspace", T.workspace);
        assert.deepEqual(inputsOf(workspace), { organization: "acme", name: "app-prod", createIfMissing: false, createArgument: "createWorkspace", lookupProjectName: false });
        assert.equal(workspace.retainOnDelete, true);
        assert.ok(role.dependencies.includes(workspace.urn));

        // One group: the workspace named by name (no hostname: app.terraform.io), after the look-up,
        // the role ARN then TFC_AWS_PROVIDER_AUTH last, env, adopted; only the inputs given travel.
        const group = r.byName("app-variables", T.variableGroup);
        const description = federationDescription("app");
        assert.deepEqual(inputsOf(group), {
            organization: "acme",
            workspaceName: "app-prod",
            variables: [
                { key: "TFC_AWS_RUN_ROLE_ARN", value: `arn:aws:iam::${ACCOUNT}:role/tfc-app-prod-oidc`, category: "env", description },
                { key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env", description },
            ],
            adoptExisting: true,
        });
        assert.deepEqual(group.secretInputs, []);
        assert.equal(group.parent, federation.urn);
        assert.ok(group.dependencies.includes(workspace.urn));
        // The workspace id comes from the group's look-up.
        assert.equal(await outputOf(r.result.workspaceId!), fakeWorkspaceId("acme", "app-prod"));
    });

    it("the variables wait for every policy of the role; TFC_AWS_PROVIDER_AUTH comes last", async () => {
        const r = await run(
            () =>
                new WorkspaceOidcFederation("app", {
                    organization: "acme",
                    workspace: "app-prod",
                    managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess", `arn:aws:iam::${ACCOUNT}:policy/team/Custom`],
                    inlinePolicies: {
                        "s3-read": { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
                        "sqs-read": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:ReceiveMessage","Resource":"*"}]}',
                    },
                }),
        );
        const policies = [
            r.byName("app-role-ec2", T.rolePolicy),
            r.byName("app-role-attach-AmazonEC2ReadOnlyAccess", T.attachment),
            r.byName("app-role-attach-Custom", T.attachment),
            r.byName("app-role-inline-s3-read", T.rolePolicy),
            r.byName("app-role-inline-sqs-read", T.rolePolicy),
        ];
        const group = r.byName("app-variables", T.variableGroup);
        for (const p of policies) {
            assert.ok(group.dependencies.includes(p.urn), `the variables wait for ${p.name}`);
        }
        assert.deepEqual(
            group.inputs.variables.map((v: any) => v.key),
            ["TFC_AWS_RUN_ROLE_ARN", "TFC_AWS_PROVIDER_AUTH"],
        );
        // Managed policies attached as given; inline policies named as given, JSON as given or stringified.
        assert.deepEqual(inputsOf(r.byName("app-role-attach-AmazonEC2ReadOnlyAccess", T.attachment)), {
            role: "tfc-app-prod-oidc",
            policyArn: "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
        });
        const s3 = r.byName("app-role-inline-s3-read", T.rolePolicy);
        assert.equal(s3.inputs.name, "s3-read");
        assert.equal(s3.inputs.policy, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}');
        assert.equal(
            r.byName("app-role-inline-sqs-read", T.rolePolicy).inputs.policy,
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:ReceiveMessage","Resource":"*"}]}',
        );
    });

    it("outputs: roleArn, roleName, oidcProviderArn, trustPolicy / permissionsPolicy JSON, workspaceId(s)", async () => {
        const r = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "app-prod" }));
        const f = r.result;
        assert.equal(await outputOf(f.roleArn), `arn:aws:iam::${ACCOUNT}:role/tfc-app-prod-oidc`);
        assert.equal(await outputOf(f.roleName), "tfc-app-prod-oidc");
        assert.equal(await outputOf(f.oidcProviderArn), `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`);
        assert.deepEqual(JSON.parse(await outputOf(f.trustPolicy)), verifiedTrust("acme", "app-prod"));
        assert.deepEqual(JSON.parse(await outputOf(f.permissionsPolicy!)), verifiedEc2Policy(VERIFIED_EC2_ACTIONS));
        assert.deepEqual(await outputOf(f.workspaceIds), [await outputOf(f.workspaceId!)]);
        for (const k of ["planRoleArn", "applyRoleArn", "variableSetId", "hyokRoleArn", "oidcConfigurationId", "planTrustPolicy"] as const) {
            assert.equal(f[k], undefined, k);
        }
        // The outputs are registered on the component.
        assert.ok(f.oidcProvider);
    });

    it("role naming: roleNameTemplate, roleName, rolePath, boundary, session duration, tags; createWorkspace and projectId", async () => {
        const r = await run(() => [
            new WorkspaceOidcFederation("t", { organization: "acme", workspace: "web", roleNameTemplate: "hcp-{workspace}-{workspace}" }),
            new WorkspaceOidcFederation("n", {
                organization: "acme",
                workspace: "api",
                roleName: "api-deployer",
                rolePath: "/hcp-terraform/",
                permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
                maxSessionDuration: 7200,
                tags: { team: "platform" },
                createWorkspace: true,
                projectId: "prj-abcdefghijklmnop",
            }),
        ]);
        assert.equal(r.byName("t-role", T.role).inputs.name, "hcp-web-web");
        const role = r.byName("n-role", T.role);
        assert.equal(role.inputs.name, "api-deployer");
        assert.equal(role.inputs.path, "/hcp-terraform/");
        assert.equal(role.inputs.permissionsBoundary, `arn:aws:iam::${ACCOUNT}:policy/boundary`);
        assert.equal(role.inputs.maxSessionDuration, 7200);
        assert.deepEqual(role.inputs.tags, { team: "platform" });
        assert.equal(r.byName("n-role-ec2", T.rolePolicy).inputs.name, "api-deployer-ec2");
        assert.equal(await outputOf(r.result[1].roleArn), `arn:aws:iam::${ACCOUNT}:role/hcp-terraform/api-deployer`);
        assert.deepEqual(inputsOf(r.byName("n-workspace", T.workspace)), {
            organization: "acme",
            name: "api",
            createIfMissing: true,
            createArgument: "createWorkspace",
            lookupProjectName: false,
            projectId: "prj-abcdefghijklmnop",
        });
        // A workspace that may be created is a Workspace resource; the group waits for it and still
        // names the workspace by name (so that turning createWorkspace on or off leaves it as it is).
        const made = r.byName("n-variables", T.variableGroup);
        assert.deepEqual([made.inputs.organization, made.inputs.workspaceName, made.inputs.workspaceId], ["acme", "api", undefined]);
        assert.ok(made.dependencies.includes(r.byName("n-workspace", T.workspace).urn));
        // "t" only looks its workspace up, through a Workspace resource too.
        assert.deepEqual(inputsOf(r.byName("t-workspace", T.workspace)), { organization: "acme", name: "web", createIfMissing: false, createArgument: "createWorkspace", lookupProjectName: false });
        // Both federations share one provider.
        assert.equal(r.ofType(T.oidcProvider).length, 1);
    });

    it("ec2Policy: false makes no EC2 policy; the variable then waits only for the given policies", async () => {
        const r = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w", ec2Policy: false }));
        assert.equal(r.ofType(T.rolePolicy).length, 0);
        assert.equal(r.result.permissionsPolicy, undefined);
        assert.equal(r.byName("app-variables", T.variableGroup).inputs.variables[0].value, `arn:aws:iam::${ACCOUNT}:role/tfc-w-oidc`);
        // Only the workspace look-up and the role itself (its ARN is a value): no policy to wait for.
        assert.deepEqual(r.byName("app-variables", T.variableGroup).dependencies, [r.byName("app-workspace", T.workspace).urn, r.byName("app-role", T.role).urn]);
    });

    it("a pinned project: StringEquals is not used while run_phase is *, the subject pins project:<PROJECT>", async () => {
        const r = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w", project: "Default Project" }));
        const trust = JSON.parse(r.byName("app-role", T.role).inputs.assumeRolePolicy);
        assert.deepEqual(trust.Statement[0].Condition, {
            StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
            StringLike: { "app.terraform.io:sub": "organization:acme:project:Default Project:workspace:w:run_phase:*" },
        });
        // The pinned project is checked by the Workspace resource, which reads the project's name.
        assert.deepEqual(inputsOf(r.byName("app-workspace", T.workspace)), {
            organization: "acme",
            name: "w",
            createIfMissing: false,
            createArgument: "createWorkspace",
            lookupProjectName: true,
            expectedProjectName: "Default Project",
        });
        const group = r.byName("app-variables", T.variableGroup);
        assert.deepEqual([group.inputs.organization, group.inputs.workspaceName], ["acme", "w"]);
        assert.ok(group.dependencies.includes(r.byName("app-workspace", T.workspace).urn));
    });

    // The Workspace itself refuses a workspace outside the pinned project, before any variable is
    // written (through the host: tests/components/projectScope.test.ts); no more warning.
    it("a pinned project is handed to the Workspace resource (expectedProjectName), no warning", async () => {
        const warnings: string[] = [];
        const original = pulumi.log.warn;
        (pulumi.log as any).warn = (msg: string) => {
            warnings.push(msg);
            return Promise.resolve();
        };
        let r;
        try {
            r = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w", project: "Platform" }));
        } finally {
            (pulumi.log as any).warn = original;
        }
        assert.deepEqual(warnings, []);
        const workspace = r.byName("app-workspace", T.workspace);
        assert.equal(workspace.inputs.expectedProjectName, "Platform");
        for (const child of ["app-role", "app-variables"]) assert.ok(r.byName(child).dependencies.includes(workspace.urn), child);
    });

    it("a custom audience: trust checks it, the provider lists it, TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE is set", async () => {
        const r = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w", audience: "sts.amazonaws.com" }));
        const trust = JSON.parse(r.byName("app-role", T.role).inputs.assumeRolePolicy);
        assert.deepEqual(trust.Statement[0].Condition.StringEquals, { "app.terraform.io:aud": "sts.amazonaws.com" });
        assert.deepEqual(r.byName("hcp-terraform-oidc-app.terraform.io", T.oidcProvider).inputs.clientIdLists, ["sts.amazonaws.com"]);
        // Between the role ARN and TFC_AWS_PROVIDER_AUTH, which stays last.
        assert.deepEqual(
            r.byName("app-variables", T.variableGroup).inputs.variables.map((v: any) => [v.key, v.value, v.category]),
            [
                ["TFC_AWS_RUN_ROLE_ARN", `arn:aws:iam::${ACCOUNT}:role/tfc-w-oidc`, "env"],
                ["TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE", "sts.amazonaws.com", "env"],
                ["TFC_AWS_PROVIDER_AUTH", "true", "env"],
            ],
        );
    });

    it("oidcProviderArn reuses the account's provider: no OpenIdConnectProvider, trust names it", async () => {
        const arn = "arn:aws:iam::210987654321:oidc-provider/app.terraform.io";
        const r = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w", oidcProviderArn: arn }));
        assert.equal(r.ofType(T.oidcProvider).length, 0);
        assert.equal(r.ofType(T.oidcProviderComponent).length, 0);
        assert.deepEqual(JSON.parse(r.byName("app-role", T.role).inputs.assumeRolePolicy), verifiedTrust("acme", "w", "210987654321"));
        assert.equal(await outputOf(r.result.oidcProviderArn), arn);
        assert.equal(r.result.oidcProvider, undefined);
    });

    it("removeStaticAwsCredentials: the group removes the three static keys after writing the OIDC variables (no removal child)", async () => {
        for (const args of [{ removeStaticAwsCredentials: true }, { removeStaticCredentials: true }]) {
            const r = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w", ...args }));
            assert.equal(r.ofType(T.variableRemoval).length, 0);
            const group = r.byName("app-variables", T.variableGroup);
            assert.deepEqual(group.inputs.removeKeys, ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);
            assert.deepEqual(group.inputs.variables.map((v: any) => v.key), ["TFC_AWS_RUN_ROLE_ARN", "TFC_AWS_PROVIDER_AUTH"]);
        }
    });

    it("preview: permissions, variables and the trust are shown, even before the shared provider exists", async () => {
        const preview = { preview: true, newResource: (a: any) => ({ id: "", state: a.inputs }) };
        // A brand-new shared provider has no ARN in a first preview, yet the trust is known: the ARN is derived.
        const first = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w" }), preview);
        assert.deepEqual(JSON.parse(first.byName("app-role", T.role).inputs.assumeRolePolicy), verifiedTrust("acme", "w"));
        assert.deepEqual(JSON.parse(first.byName("app-role-ec2", T.rolePolicy).inputs.policy), verifiedEc2Policy());
        // The role ARN is unknown until the role exists; the rest of the variables shows.
        assert.deepEqual(first.byName("app-variables", T.variableGroup).inputs.variables.map((v: any) => [v.key, v.value]), [
            ["TFC_AWS_RUN_ROLE_ARN", UNKNOWN],
            ["TFC_AWS_PROVIDER_AUTH", "true"],
        ]);
        // With a known provider ARN the exact trust is in the preview.
        const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`;
        const known = await run(() => new WorkspaceOidcFederation("app", { organization: "acme", workspace: "w", oidcProviderArn: arn }), preview);
        assert.deepEqual(JSON.parse(known.byName("app-role", T.role).inputs.assumeRolePolicy), verifiedTrust("acme", "w"));
    });
});
