// AzureWorkspaceFederation under mocks: the exact children, names, parents, inputs, dependencies,
// variables and outputs, for one workspace, a list, a project, split phases, your own application.
import { strict as assert } from "node:assert";
import { AzureWorkspaceFederation } from "../../../src/clouds/azure/AzureWorkspaceFederation";
import type { CapturedResource, MockRun } from "../../support/mocks";
import { A, azureApplicationObjectId, azureClientId, azureServicePrincipalObjectId, fakeId, fakeWorkspaceId, inputsOf, isolateHostEnv, outputOf, run } from "./harness";

const ORG = "acme";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
const CONTRIBUTOR = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`;
const READER = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;
const RG = `/subscriptions/${SUB}/resourceGroups/app-rg`;
const AZ = { tenantId: TENANT, subscriptionId: SUB };
const DESCRIPTION = (name: string) => `HCP Terraform Azure dynamic credentials (managed by Pulumi stack "project/stack", AzureWorkspaceFederation "${name}")`;
const sub = (project: string, ws: string, phase: string) => `organization:${ORG}:project:${project}:workspace:${ws}:run_phase:${phase}`;
const appId = (name: string) => `/applications/${azureApplicationObjectId(name)}`;

/** The names of what `r` depends on, sorted. */
function deps(run: MockRun<unknown>, r: CapturedResource): string[] {
    return r.dependencies.map((urn) => run.resources.find((x) => x.urn === urn)!.name).sort();
}

/** The resources of a type by name (registration order follows when their inputs resolve, which is not part of the contract). */
function sorted(r: MockRun<unknown>, type: string): CapturedResource[] {
    return [...r.ofType(type)].sort((a, b) => a.name.localeCompare(b.name));
}

function inventory(r: MockRun<unknown>): string[] {
    return r.resources.map((x) => `${x.type}::${x.name}`).sort();
}

describe("AzureWorkspaceFederation under mocks", function () {
    isolateHostEnv();

    it("one workspace: an application, its service principal, a plan and an apply credential with the workspace's real project, a role, one variable group", async () => {
        const r = await run(() => new AzureWorkspaceFederation("app", { organization: ORG, workspace: "app-prod", ...AZ, roleAssignments: [{ scope: RG, roleDefinitionId: CONTRIBUTOR }] }), {
            projectName: () => "Team Apps",
        });
        const fed = r.byName("app", A.federation);
        const role = r.ofType(A.roleAssignment)[0];
        assert.deepEqual(inventory(r), [
            `${A.application}::app-app`,
            `${A.servicePrincipal}::app-sp`,
            `${A.credential}::app-credential-app-prod-plan`,
            `${A.credential}::app-credential-app-prod-apply`,
            `${A.roleAssignment}::${role.name}`,
            `${A.federation}::app`,
            `${A.variableGroup}::app-variables`,
            `${A.workspace}::app-workspace`,
        ].sort());
        assert.match(role.name, /^app-role-[0-9a-z]{7}$/);
        for (const child of r.resources.filter((x) => x !== fed)) assert.equal(child.parent, fed.urn, `${child.name} parented to the federation`);
        assert.deepEqual(inputsOf(r.byName("app-workspace")), { organization: ORG, name: "app-prod", createIfMissing: false, createArgument: "createWorkspace", lookupProjectName: true });
        assert.deepEqual(inputsOf(r.byName("app-app")), { displayName: "tfc-app-prod", notes: "HCP Terraform runs of acme workspace app-prod (AzureWorkspaceFederation app)" });
        assert.deepEqual(inputsOf(r.byName("app-sp")), { clientId: azureClientId("app-app") });
        for (const phase of ["plan", "apply"]) {
            assert.deepEqual(inputsOf(r.byName(`app-credential-app-prod-${phase}`)), {
                applicationId: appId("app-app"),
                displayName: `tfc-app-prod-${phase}`,
                description: `HCP Terraform ${phase} runs of acme/app-prod (AzureWorkspaceFederation app)`,
                audiences: ["api://AzureADTokenExchange"],
                issuer: "https://app.terraform.io",
                subject: sub("Team Apps", "app-prod", phase),
            });
        }
        assert.deepEqual(inputsOf(role), { principalId: azureServicePrincipalObjectId("app-sp"), principalType: "ServicePrincipal", roleDefinitionId: CONTRIBUTOR, scope: RG });
        const d = DESCRIPTION("app");
        assert.deepEqual(inputsOf(r.byName("app-variables")), {
            organization: ORG,
            workspaceName: "app-prod",
            variables: [
                { key: "TFC_AZURE_RUN_CLIENT_ID", value: azureClientId("app-app"), category: "env", description: d },
                { key: "ARM_SUBSCRIPTION_ID", value: SUB, category: "env", description: d },
                { key: "ARM_TENANT_ID", value: TENANT, category: "env", description: d },
                { key: "TFC_AZURE_PROVIDER_AUTH", value: "true", category: "env", description: d },
            ],
            adoptExisting: true,
        });
        // Every Azure object waits for the workspace look-up; the variables for every trust object.
        assert.deepEqual(deps(r, r.byName("app-app")), ["app-workspace"]);
        assert.deepEqual(deps(r, r.byName("app-sp")), ["app-app", "app-workspace"]);
        assert.deepEqual(deps(r, r.byName("app-credential-app-prod-plan")), ["app-app", "app-workspace"]);
        assert.deepEqual(deps(r, role), ["app-sp", "app-workspace"]);
        assert.deepEqual(deps(r, r.byName("app-variables")), ["app-app", "app-credential-app-prod-apply", "app-credential-app-prod-plan", role.name, "app-sp", "app-workspace"].sort());

        const f = r.result;
        assert.equal(await outputOf(f.clientId), azureClientId("app-app"));
        assert.equal(await outputOf(f.applicationId!), appId("app-app"));
        assert.equal(await outputOf(f.applicationObjectId!), azureApplicationObjectId("app-app"));
        assert.equal(await outputOf(f.servicePrincipalObjectId!), azureServicePrincipalObjectId("app-sp"));
        for (const k of ["planClientId", "applyClientId", "planApplicationId", "applyApplicationId", "planServicePrincipalObjectId", "applyServicePrincipalObjectId", "claimsMatchingExpressions", "variableSetId", "projectId", "trustCheckRunUrls"] as const) {
            assert.equal(f[k], undefined, k);
        }
        assert.deepEqual(await outputOf(f.federatedSubjects), [sub("Team Apps", "app-prod", "plan"), sub("Team Apps", "app-prod", "apply")]);
        const ws = fakeWorkspaceId(ORG, "app-prod");
        assert.equal(await outputOf(f.workspaceId!), ws);
        assert.deepEqual(await outputOf(f.workspaceIds), [ws]);
    });

    it("a pinned project: the workspace must be in it (expectedProjectName), the subjects are plain", async () => {
        const r = await run(() => new AzureWorkspaceFederation("app", { organization: ORG, workspace: "w", project: "Payments", ...AZ }), { projectName: () => "Payments" });
        assert.equal(r.byName("app-workspace").inputs.expectedProjectName, "Payments");
        assert.deepEqual(sorted(r, A.credential).map((c) => c.inputs.subject), [sub("Payments", "w", "apply"), sub("Payments", "w", "plan")]);
        assert.equal(r.ofType(A.roleAssignment).length, 0, "no role assignments by default");
    });

    it("a list: one application, a credential per workspace (its own project) and phase, one variable set, static credentials removed from each", async () => {
        const projects: Record<string, string> = { "svc-a": "Default Project", "svc-b": "Team B" };
        const r = await run(() => new AzureWorkspaceFederation("svc", { organization: ORG, workspaces: ["svc-a", "svc-b"], ...AZ, removeStaticCredentials: true }), {
            projectName: (_o, name) => projects[name],
        });
        assert.deepEqual(r.ofType(A.application).map((x) => [x.name, x.inputs.displayName]), [["svc-app", "tfc-svc"]]);
        assert.equal(r.byName("svc-app").inputs.notes, "HCP Terraform runs of acme workspaces svc-a, svc-b (AzureWorkspaceFederation svc)");
        assert.deepEqual(sorted(r, A.credential).map((c) => [c.name, c.inputs.applicationId, c.inputs.displayName, c.inputs.subject]), [
            ["svc-credential-svc-a-apply", appId("svc-app"), "tfc-svc-a-apply", sub("Default Project", "svc-a", "apply")],
            ["svc-credential-svc-a-plan", appId("svc-app"), "tfc-svc-a-plan", sub("Default Project", "svc-a", "plan")],
            ["svc-credential-svc-b-apply", appId("svc-app"), "tfc-svc-b-apply", sub("Team B", "svc-b", "apply")],
            ["svc-credential-svc-b-plan", appId("svc-app"), "tfc-svc-b-plan", sub("Team B", "svc-b", "plan")],
        ]);
        assert.deepEqual(deps(r, r.byName("svc-credential-svc-b-plan")), ["svc-app", "svc-workspace-svc-a", "svc-workspace-svc-b"]);
        // Registered as their inputs resolve; written in the order of shadowKeys (below).
        assert.deepEqual(r.ofType(A.variableSetVariable).map((v) => [v.name, v.inputs.key, v.inputs.value]).sort(), [
            ["svc-varset-provider-auth", "TFC_AZURE_PROVIDER_AUTH", "true"],
            ["svc-varset-run-client-id", "TFC_AZURE_RUN_CLIENT_ID", azureClientId("svc-app")],
            ["svc-varset-subscription-id", "ARM_SUBSCRIPTION_ID", SUB],
            ["svc-varset-tenant-id", "ARM_TENANT_ID", TENANT],
        ]);
        assert.deepEqual(deps(r, r.byName("svc-varset-run-client-id")), [
            "svc-app", "svc-credential-svc-a-apply", "svc-credential-svc-a-plan", "svc-credential-svc-b-apply", "svc-credential-svc-b-plan", "svc-sp", "svc-varset",
        ]);
        assert.ok(deps(r, r.byName("svc-varset-provider-auth")).includes("svc-varset-tenant-id"), "PROVIDER_AUTH last");
        assert.deepEqual(r.byName("svc-varset-attachments").inputs.shadowKeys, ["TFC_AZURE_RUN_CLIENT_ID", "ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID", "TFC_AZURE_PROVIDER_AUTH"]);
        const STATIC = ["ARM_CLIENT_SECRET", "ARM_CLIENT_ID", "ARM_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PASSWORD", "ARM_USE_OIDC", "ARM_OIDC_TOKEN"];
        assert.deepEqual(r.ofType(A.variableRemoval).map((x) => [x.name, x.inputs.keys]), [
            ["svc-remove-static-azure-credentials-svc-a", STATIC],
            ["svc-remove-static-azure-credentials-svc-b", STATIC],
        ]);
        assert.deepEqual(await outputOf(r.result.federatedSubjects), [
            sub("Default Project", "svc-a", "plan"), sub("Default Project", "svc-a", "apply"), sub("Team B", "svc-b", "plan"), sub("Team B", "svc-b", "apply"),
        ]);
        assert.deepEqual(await outputOf(r.result.workspaceIds), [fakeWorkspaceId(ORG, "svc-a"), fakeWorkspaceId(ORG, "svc-b")]);
        assert.equal(r.result.workspaceId, undefined);
        assert.equal(await outputOf(r.result.variableSetId!), fakeId("varset-", `${ORG}/svc-azure-oidc (project/stack)`));
    });

    it("splitPhases: plan and apply applications, each with only its phase's credential and its roles; PLAN/APPLY variables, no RUN", async () => {
        const r = await run(() =>
            new AzureWorkspaceFederation("app", {
                organization: ORG, workspace: "app-prod", project: "Default Project", ...AZ, splitPhases: true, applicationName: "deployer",
                roleAssignments: [{ scope: RG, roleDefinitionId: CONTRIBUTOR }], planRoleAssignments: [{ scope: RG, roleDefinitionId: READER }],
            }),
        );
        assert.deepEqual(sorted(r, A.application).map((x) => [x.name, x.inputs.displayName, x.inputs.notes]), [
            ["app-apply-app", "deployer-apply", "HCP Terraform apply runs of acme workspace app-prod (AzureWorkspaceFederation app)"],
            ["app-plan-app", "deployer-plan", "HCP Terraform plan runs of acme workspace app-prod (AzureWorkspaceFederation app)"],
        ]);
        assert.deepEqual(sorted(r, A.servicePrincipal).map((x) => [x.name, x.inputs.clientId]), [
            ["app-apply-sp", azureClientId("app-apply-app")],
            ["app-plan-sp", azureClientId("app-plan-app")],
        ]);
        assert.deepEqual(sorted(r, A.credential).map((c) => [c.name, c.inputs.applicationId, c.inputs.subject]), [
            ["app-credential-app-prod-apply", appId("app-apply-app"), sub("Default Project", "app-prod", "apply")],
            ["app-credential-app-prod-plan", appId("app-plan-app"), sub("Default Project", "app-prod", "plan")],
        ]);
        assert.deepEqual(sorted(r, A.roleAssignment).map((x) => [x.name.replace(/-[0-9a-z]{7}$/, ""), x.inputs.principalId, x.inputs.roleDefinitionId]), [
            ["app-apply-role", azureServicePrincipalObjectId("app-apply-sp"), CONTRIBUTOR],
            ["app-plan-role", azureServicePrincipalObjectId("app-plan-sp"), READER],
        ]);
        assert.deepEqual(r.byName("app-variables").inputs.variables.map((v: any) => [v.key, v.value]), [
            ["TFC_AZURE_PLAN_CLIENT_ID", azureClientId("app-plan-app")],
            ["TFC_AZURE_APPLY_CLIENT_ID", azureClientId("app-apply-app")],
            ["ARM_SUBSCRIPTION_ID", SUB],
            ["ARM_TENANT_ID", TENANT],
            ["TFC_AZURE_PROVIDER_AUTH", "true"],
        ]);
        const f = r.result;
        assert.equal(await outputOf(f.planClientId!), azureClientId("app-plan-app"));
        assert.equal(await outputOf(f.applyClientId!), azureClientId("app-apply-app"));
        assert.equal(await outputOf(f.clientId), azureClientId("app-apply-app"));
        assert.equal(await outputOf(f.planApplicationId!), appId("app-plan-app"));
        assert.equal(await outputOf(f.applyApplicationId!), appId("app-apply-app"));
        assert.equal(await outputOf(f.applicationId!), appId("app-apply-app"));
        assert.equal(await outputOf(f.planServicePrincipalObjectId!), azureServicePrincipalObjectId("app-plan-sp"));
        assert.equal(await outputOf(f.applyServicePrincipalObjectId!), azureServicePrincipalObjectId("app-apply-sp"));
        assert.equal(await outputOf(f.servicePrincipalObjectId!), azureServicePrincipalObjectId("app-apply-sp"));
    });

    it("projectScope: one flexible credential per application (app.terraform.io), the variable set on the project", async () => {
        const r = await run(() => new AzureWorkspaceFederation("team", { organization: ORG, projectScope: true, project: "Payments", ...AZ }));
        assert.equal(r.ofType(A.credential).length, 0);
        const expression = "claims['sub'] matches 'organization:acme:project:Payments:workspace:*:run_phase:*'";
        assert.deepEqual(inputsOf(r.byName("team-credential-project")), {
            applicationId: appId("team-app"),
            displayName: "tfc-project-Payments-run",
            description: "HCP Terraform runs of acme workspaces of project Payments (AzureWorkspaceFederation team)",
            audience: "api://AzureADTokenExchange",
            issuer: "https://app.terraform.io",
            claimsMatchingExpression: expression,
        });
        assert.equal(r.byName("team-app").inputs.displayName, "tfc-team");
        assert.deepEqual(deps(r, r.byName("team-app")), ["team-project"]);
        assert.equal(r.ofType(A.projectVariableSet).length, 1);
        const prj = fakeId("prj-", `${ORG}/Payments`);
        assert.equal(await outputOf(r.result.projectId!), prj);
        assert.deepEqual(await outputOf(r.result.claimsMatchingExpressions!), [expression]);
        assert.deepEqual(await outputOf(r.result.federatedSubjects), []);
        assert.deepEqual(await outputOf(r.result.workspaceIds), []);
    });

    it("existingClientId: nothing made on the Azure side, the variables name your application, federatedSubjects what it must trust", async () => {
        const mine = "6c1f0e1a-7d2b-4f0e-9b1a-3e2d4c5b6a70";
        const r = await run(() => new AzureWorkspaceFederation("byo", { organization: ORG, workspace: "w", ...AZ, existingClientId: mine }));
        assert.deepEqual(inventory(r), [`${A.federation}::byo`, `${A.variableGroup}::byo-variables`, `${A.workspace}::byo-workspace`].sort());
        assert.deepEqual(r.byName("byo-variables").inputs.variables.map((v: any) => [v.key, v.value]), [
            ["TFC_AZURE_RUN_CLIENT_ID", mine],
            ["ARM_SUBSCRIPTION_ID", SUB],
            ["ARM_TENANT_ID", TENANT],
            ["TFC_AZURE_PROVIDER_AUTH", "true"],
        ]);
        const f = r.result;
        assert.equal(await outputOf(f.clientId), mine);
        assert.deepEqual([f.applicationId, f.applicationObjectId, f.servicePrincipalObjectId], [undefined, undefined, undefined]);
        assert.deepEqual(await outputOf(f.federatedSubjects), [sub("Default Project", "w", "plan"), sub("Default Project", "w", "apply")]);
    });

    it("tag, custom audience, TFE host: TFC_* keys tagged (ARM_* not), the audience variable, the issuer; verifyTrust adds the check", async () => {
        const r = await run(() =>
            new AzureWorkspaceFederation("app", { organization: ORG, workspace: "w", ...AZ, tag: "prod", audience: "api://custom", hostname: "tfe.example.com", verifyTrust: true }),
        );
        assert.deepEqual(r.byName("app-variables").inputs.variables.map((v: any) => [v.key, v.value]), [
            ["TFC_AZURE_RUN_CLIENT_ID_prod", azureClientId("app-app")],
            ["ARM_SUBSCRIPTION_ID", SUB],
            ["ARM_TENANT_ID", TENANT],
            ["TFC_AZURE_WORKLOAD_IDENTITY_AUDIENCE_prod", "api://custom"],
            ["TFC_AZURE_PROVIDER_AUTH_prod", "true"],
        ]);
        assert.deepEqual(r.ofType(A.credential).map((c) => [c.inputs.issuer, c.inputs.audiences]), [
            ["https://tfe.example.com", ["api://custom"]],
            ["https://tfe.example.com", ["api://custom"]],
        ]);
        const check = r.byName("app-trust-check");
        assert.deepEqual([check.type, check.inputs.cloud, check.inputs.tag, check.inputs.hostname], [A.trustCheck, "azure", "prod", "tfe.example.com"]);
        assert.deepEqual(deps(r, check), ["app-app", "app-variables", "app-workspace"]);
        assert.deepEqual(check.inputs.triggers.trust, [[azureClientId("app-app")], [sub("Default Project", "w", "plan"), sub("Default Project", "w", "apply")]]);
        assert.equal((await outputOf(r.result.trustCheckRunUrls!)).length, 1);
    });
});

describe("AzureWorkspaceFederation at preview", function () {
    isolateHostEnv();

    it("registers the same resources before anything exists; a pinned project's subjects are plain", async () => {
        const program = () => [
            new AzureWorkspaceFederation("pinned", { organization: ORG, workspace: "a", project: "Default Project", ...AZ, roleAssignments: [{ scope: RG, roleDefinitionId: CONTRIBUTOR }] }),
            new AzureWorkspaceFederation("read", { organization: ORG, workspace: "b", ...AZ }),
        ];
        const up = await run(program);
        const preview = await run(program, { preview: true });
        assert.deepEqual(inventory(preview), inventory(up));
        assert.equal(preview.byName("pinned-credential-a-plan").inputs.subject, sub("Default Project", "a", "plan"));
        assert.equal(preview.byName("pinned-app").inputs.displayName, "tfc-a");
    });
});
