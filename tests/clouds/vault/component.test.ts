// VaultWorkspaceFederation under mocks: the exact children, names, parents, inputs, dependencies,
// variables and outputs, for one workspace, split phases, a list, a project, the shared backend and
// an existing backend (createAuthBackend false).
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { VaultWorkspaceFederation } from "../../../src/clouds/vault/VaultWorkspaceFederation";
import type { VaultWorkspaceFederationArgs } from "../../../src/clouds/vault/args";
import type { CapturedResource, MockRun } from "../../support/mocks";
import { V, fakeId, fakeWorkspaceId, inputsOf, isolateHostEnv, outputOf, run } from "./harness";

const ORG = "acme";
const ADDR = "https://vault.example.com:8200";
const DESCRIPTION = (name: string) => `HCP Terraform Vault dynamic credentials (managed by Pulumi stack "project/stack", VaultWorkspaceFederation "${name}")`;
const SELF = 'path "auth/token/lookup-self" {\n  capabilities = ["read"]\n}\n\npath "auth/token/renew-self" {\n  capabilities = ["update"]\n}\n\npath "auth/token/revoke-self" {\n  capabilities = ["update"]\n}\n';
const READ_APP = 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n';
const RULES = [{ path: "secret/data/app/*", capabilities: ["read" as const] }];
const BACKEND = "hcp-terraform-auth-jwt";
const fed = (name: string, extra: Partial<VaultWorkspaceFederationArgs>) =>
    new VaultWorkspaceFederation(name, { organization: ORG, vaultAddress: ADDR, policy: RULES, ...extra } as VaultWorkspaceFederationArgs);

/** The names of what `r` depends on, sorted. */
function deps(run: MockRun<unknown>, r: CapturedResource): string[] {
    return r.dependencies.map((urn) => run.resources.find((x) => x.urn === urn)!.name).sort();
}

function inventory(r: MockRun<unknown>): string[] {
    return r.resources.map((x) => `${x.type}::${x.name}`).sort();
}

const sub = (ws: string, phase = "*", project = "*") => `organization:${ORG}:project:${project}:workspace:${ws}:run_phase:${phase}`;

describe("VaultWorkspaceFederation under mocks", function () {
    isolateHostEnv();

    it("one workspace: the shared backend (stack level), a policy with the token self-rules, a role pinned by name and workspace id, one variable group", async () => {
        const r = await run(() => fed("app", { workspace: "app-prod" }));
        const f = r.byName("app", V.federation);
        assert.deepEqual(inventory(r), [
            `${V.backend}::${BACKEND}`,
            `${V.policy}::app-policy`,
            `${V.role}::app-role`,
            `${V.federation}::app`,
            `${V.variableGroup}::app-variables`,
            `${V.workspace}::app-workspace`,
        ].sort());
        const backend = r.byName(BACKEND);
        assert.equal(backend.parent?.includes(V.federation) ?? false, false, "the backend is at stack level");
        for (const child of ["app-policy", "app-role", "app-variables", "app-workspace"]) assert.equal(r.byName(child).parent, f.urn, `${child} parented to the federation`);
        assert.deepEqual(inputsOf(backend), {
            path: "jwt",
            type: "jwt",
            oidcDiscoveryUrl: "https://app.terraform.io",
            boundIssuer: "https://app.terraform.io",
            description: "HCP Terraform run tokens of https://app.terraform.io (hcp-oidc-federation)",
        });
        assert.deepEqual(inputsOf(r.byName("app-policy")), { name: "tfc-app-prod", policy: `${SELF}\n${READ_APP}` });
        const ws = fakeWorkspaceId(ORG, "app-prod");
        assert.deepEqual(inputsOf(r.byName("app-role")), {
            backend: "jwt",
            roleName: "tfc-app-prod",
            roleType: "jwt",
            boundAudiences: ["vault.workload.identity"],
            boundClaimsType: "glob",
            boundClaims: { sub: sub("app-prod"), terraform_workspace_id: ws },
            userClaim: "terraform_full_workspace",
            tokenPolicies: ["tfc-app-prod"],
            tokenTtl: 1200,
        });
        assert.deepEqual(inputsOf(r.byName("app-variables")), {
            organization: ORG,
            workspaceName: "app-prod",
            variables: [
                { key: "TFC_VAULT_ADDR", value: ADDR, category: "env", description: DESCRIPTION("app") },
                { key: "TFC_VAULT_RUN_ROLE", value: "tfc-app-prod", category: "env", description: DESCRIPTION("app") },
                { key: "TFC_VAULT_PROVIDER_AUTH", value: "true", category: "env", description: DESCRIPTION("app") },
            ],
            adoptExisting: true,
        });
        // Every Vault object waits for the workspace look-up; the variables for the role and its policy.
        assert.deepEqual(deps(r, backend), ["app-workspace"]);
        assert.deepEqual(deps(r, r.byName("app-policy")), ["app-workspace"]);
        assert.deepEqual(deps(r, r.byName("app-role")), ["app-policy", "app-workspace", BACKEND]);
        assert.deepEqual(deps(r, r.byName("app-variables")), ["app-policy", "app-role", "app-workspace"]);

        const out = r.result;
        assert.equal(await outputOf(out.roleName), "tfc-app-prod");
        assert.equal(out.planRoleName, undefined);
        assert.equal(out.applyRoleName, undefined);
        assert.equal(await outputOf(out.authPath), "jwt");
        assert.deepEqual(await outputOf(out.policyNames), ["tfc-app-prod"]);
        assert.equal(await outputOf(out.workspaceId!), ws);
        assert.deepEqual(await outputOf(out.workspaceIds), [ws]);
        assert.equal(out.variableSetId, undefined);
        assert.equal(out.projectId, undefined);
        assert.equal(out.trustCheckRunUrls, undefined);
        assert.match(await outputOf(out.authBackend!.accessor), /^auth_jwt_[0-9a-f]{8}$/);
    });

    it("splitPhases: a plan and an apply role, each bound to its phase, each with its policy; PLAN/APPLY variables, no RUN", async () => {
        const r = await run(() =>
            fed("app", {
                workspace: "app-prod", splitPhases: true, roleName: "deploy", tokenPolicies: ["shared-read"], tokenTtl: "30m",
                policy: [{ path: "secret/data/app/*", capabilities: ["create", "update"] }], planPolicy: RULES,
            }),
        );
        const ws = fakeWorkspaceId(ORG, "app-prod");
        assert.deepEqual(r.ofType(V.policy).map((x) => [x.name, x.inputs.name, x.inputs.policy]), [
            ["app-plan-policy", "deploy-plan", `${SELF}\n${READ_APP}`],
            ["app-apply-policy", "deploy-apply", `${SELF}\npath "secret/data/app/*" {\n  capabilities = ["create", "update"]\n}\n`],
        ]);
        assert.deepEqual(r.ofType(V.role).map((x) => [x.name, x.inputs.roleName, x.inputs.boundClaims, x.inputs.tokenPolicies, x.inputs.tokenTtl]), [
            ["app-plan-role", "deploy-plan", { sub: sub("app-prod", "plan"), terraform_workspace_id: ws }, ["deploy-plan", "shared-read"], 1800],
            ["app-apply-role", "deploy-apply", { sub: sub("app-prod", "apply"), terraform_workspace_id: ws }, ["deploy-apply", "shared-read"], 1800],
        ]);
        assert.deepEqual(r.byName("app-variables").inputs.variables.map((v: any) => [v.key, v.value]), [
            ["TFC_VAULT_ADDR", ADDR],
            ["TFC_VAULT_PLAN_ROLE", "deploy-plan"],
            ["TFC_VAULT_APPLY_ROLE", "deploy-apply"],
            ["TFC_VAULT_PROVIDER_AUTH", "true"],
        ]);
        assert.deepEqual(deps(r, r.byName("app-variables")), ["app-apply-policy", "app-apply-role", "app-plan-policy", "app-plan-role", "app-workspace"]);
        const out = r.result;
        assert.equal(await outputOf(out.planRoleName!), "deploy-plan");
        assert.equal(await outputOf(out.applyRoleName!), "deploy-apply");
        assert.equal(await outputOf(out.roleName), "deploy-apply");
        assert.deepEqual(await outputOf(out.policyNames), ["deploy-plan", "deploy-apply"]);
    });

    it("a list: one role (named from the component) whose claims list every name and every id; one variable set attached to each; VAULT_TOKEN removed", async () => {
        const r = await run(() => fed("svc", { workspaces: ["svc-a", "svc-b"], project: "Payments", tokenPolicies: ["svc-read"], policy: undefined, removeStaticCredentials: true }));
        const [a, b] = [fakeWorkspaceId(ORG, "svc-a"), fakeWorkspaceId(ORG, "svc-b")];
        assert.deepEqual(inputsOf(r.byName("svc-policy")), { name: "tfc-svc", policy: SELF });
        const role = r.byName("svc-role");
        assert.deepEqual([role.inputs.roleName, role.inputs.boundClaims, role.inputs.tokenPolicies], [
            "tfc-svc",
            { sub: `${sub("svc-a", "*", "Payments")},${sub("svc-b", "*", "Payments")}`, terraform_workspace_id: `${a},${b}` },
            ["tfc-svc", "svc-read"],
        ]);
        assert.deepEqual(deps(r, role), ["hcp-terraform-auth-jwt", "svc-policy", "svc-workspace-svc-a", "svc-workspace-svc-b"]);
        assert.deepEqual(r.ofType(V.variableSetVariable).map((v) => [v.name, v.inputs.key, v.inputs.value]), [
            ["svc-varset-address", "TFC_VAULT_ADDR", ADDR],
            ["svc-varset-run-role", "TFC_VAULT_RUN_ROLE", "tfc-svc"],
            ["svc-varset-provider-auth", "TFC_VAULT_PROVIDER_AUTH", "true"],
        ]);
        assert.deepEqual(deps(r, r.byName("svc-varset-run-role")), ["svc-policy", "svc-role", "svc-varset"]);
        assert.ok(deps(r, r.byName("svc-varset-provider-auth")).includes("svc-varset-run-role"), "PROVIDER_AUTH last");
        assert.deepEqual(r.ofType(V.variableRemoval).map((x) => [x.name, x.inputs.keys]), [
            ["svc-remove-static-vault-credentials-svc-a", ["VAULT_TOKEN"]],
            ["svc-remove-static-vault-credentials-svc-b", ["VAULT_TOKEN"]],
        ]);
        assert.deepEqual(await outputOf(r.result.workspaceIds), [a, b]);
        assert.equal(r.result.workspaceId, undefined);
        assert.equal(await outputOf(r.result.variableSetId!), fakeId("varset-", `${ORG}/svc-vault-oidc (project/stack)`));
    });

    it("projectScope: the role admits any workspace of the project by name and pins the project id; the variable set goes on the project", async () => {
        const r = await run(() => fed("team", { projectScope: true, project: "Payments" }));
        const prj = fakeId("prj-", `${ORG}/Payments`);
        assert.deepEqual(r.byName("team-role").inputs.boundClaims, { sub: sub("*", "*", "Payments"), terraform_project_id: prj });
        assert.deepEqual(deps(r, r.byName("team-role")), ["hcp-terraform-auth-jwt", "team-policy", "team-project"]);
        assert.equal(r.ofType(V.projectVariableSet).length, 1);
        assert.equal(await outputOf(r.result.projectId!), prj);
        assert.deepEqual(await outputOf(r.result.workspaceIds), []);
    });

    it("namespace, authPath, audience, encodedCaCert and tag: on the backend, the roles, the policies, and as variables (tagged) before PROVIDER_AUTH", async () => {
        const ca = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64");
        const r = await run(() => fed("app", { workspace: "w", namespace: "admin/team-a", authPath: "hcp/tfc", audience: "vault.example.com", encodedCaCert: ca, tag: "prod" }));
        const backend = r.ofType(V.backend)[0];
        assert.equal(backend.name, "hcp-terraform-auth-hcp/tfc-in-admin/team-a");
        assert.deepEqual([backend.inputs.path, backend.inputs.namespace], ["hcp/tfc", "admin/team-a"]);
        assert.deepEqual([r.byName("app-policy").inputs.namespace, r.byName("app-role").inputs.namespace, r.byName("app-role").inputs.backend], ["admin/team-a", "admin/team-a", "hcp/tfc"]);
        assert.deepEqual(r.byName("app-role").inputs.boundAudiences, ["vault.example.com"]);
        assert.deepEqual(r.byName("app-variables").inputs.variables.map((v: any) => [v.key, v.value]), [
            ["TFC_VAULT_ADDR_prod", ADDR],
            ["TFC_VAULT_RUN_ROLE_prod", "tfc-w"],
            ["TFC_VAULT_NAMESPACE_prod", "admin/team-a"],
            ["TFC_VAULT_AUTH_PATH_prod", "hcp/tfc"],
            ["TFC_VAULT_ENCODED_CACERT_prod", ca],
            ["TFC_VAULT_WORKLOAD_IDENTITY_AUDIENCE_prod", "vault.example.com"],
            ["TFC_VAULT_PROVIDER_AUTH_prod", "true"],
        ]);
        assert.equal(await outputOf(r.result.authPath), "hcp/tfc");
    });

    it("verifyTrust: one check per workspace, after every variable and attachment, triggered by the backend's issuer and the roles' claims", async () => {
        const r = await run(() => fed("svc", { workspaces: ["svc-a", "svc-b"], verifyTrust: true, tag: "t" }));
        const [a, b] = [fakeWorkspaceId(ORG, "svc-a"), fakeWorkspaceId(ORG, "svc-b")];
        const checks = r.ofType(V.trustCheck);
        assert.deepEqual(checks.map((c) => [c.name, c.inputs.workspaceId, c.inputs.cloud, c.inputs.tag]), [
            ["svc-trust-check-svc-a", a, "vault", "t"],
            ["svc-trust-check-svc-b", b, "vault", "t"],
        ]);
        // The variables and attachments, and (through the triggers' values) the role and the look-ups.
        assert.deepEqual(deps(r, checks[0]), [
            "svc-role", "svc-varset-address", "svc-varset-attachments", "svc-varset-provider-auth", "svc-varset-run-role", "svc-workspace-svc-a", "svc-workspace-svc-b",
        ]);
        const triggers = checks[0].inputs.triggers;
        assert.deepEqual(triggers.variables.map((v: any) => v.key), ["TFC_VAULT_ADDR_t", "TFC_VAULT_RUN_ROLE_t", "TFC_VAULT_PROVIDER_AUTH_t"]);
        assert.deepEqual(triggers.trust, [
            JSON.stringify({ path: "jwt", type: "jwt", oidcDiscoveryUrl: "https://app.terraform.io", boundIssuer: "https://app.terraform.io" }),
            [{ sub: `${sub("svc-a")},${sub("svc-b")}`, terraform_workspace_id: `${a},${b}` }],
        ]);
        assert.equal(triggers.audience, "vault.workload.identity");
        assert.equal((await outputOf(r.result.trustCheckRunUrls!)).length, 2);
    });

    it("a Terraform Enterprise host: the backend's discovery URL and bound issuer", async () => {
        const r = await run(() => fed("app", { workspace: "w", hostname: "tfe.example.com" }));
        assert.deepEqual([r.ofType(V.backend)[0].inputs.oidcDiscoveryUrl, r.ofType(V.backend)[0].inputs.boundIssuer], ["https://tfe.example.com", "https://tfe.example.com"]);
        assert.equal(r.byName("app-variables").inputs.hostname, "tfe.example.com");
    });
});

describe("VaultWorkspaceFederation: the shared backend", function () {
    isolateHostEnv();

    it("federations on one Vault provider, namespace and path share ONE backend; another path, namespace or Vault provider gets its own", async () => {
        const r = await run(() => {
            const other = new vault.Provider("other", { address: "https://vault-2.example.com" });
            return [
                fed("a", { workspace: "a" }),
                fed("b", { workspace: "b", tag: "x" }),
                fed("c", { workspace: "c", authPath: "jwt2" }),
                fed("d", { workspace: "d", namespace: "admin" }),
                fed("e", { workspace: "e" }),
                new VaultWorkspaceFederation("e2", { organization: ORG, workspace: "e", vaultAddress: ADDR, policy: RULES, tag: "y" }, { provider: other }),
            ];
        });
        assert.deepEqual(r.ofType(V.backend).map((x) => [x.name, x.inputs.path, x.inputs.namespace]), [
            [BACKEND, "jwt", undefined],
            ["hcp-terraform-auth-jwt2", "jwt2", undefined],
            ["hcp-terraform-auth-jwt-in-admin", "jwt", "admin"],
            [`${BACKEND}-other`, "jwt", undefined],
        ]);
        const backendUrn = r.byName(BACKEND).urn;
        for (const role of ["a-role", "b-role", "e-role"]) assert.ok(r.byName(role).dependencies.includes(backendUrn), `${role} is on the shared backend`);
        assert.ok(r.byName("e2-role").provider?.startsWith(`${r.byName("other").urn}::`), "the other Vault's role uses its provider");
        assert.ok(r.byName(`${BACKEND}-other`).provider?.startsWith(`${r.byName("other").urn}::`), "and so does its backend");
    });

    it("an unrelated change (workspaces added, a tag, a policy, split phases, the first federation removed) leaves the backend's name and inputs exactly as they were", async () => {
        const shared = async (program: () => unknown) => (await run(program)).ofType(V.backend).map((x) => ({ name: x.name, inputs: inputsOf(x) }));
        const before = await shared(() => fed("a", { workspace: "a" }));
        assert.deepEqual(await shared(() => [fed("z", { workspace: "z", tag: "t", splitPhases: true }), fed("b", { workspaces: ["x", "y"], tokenPolicies: ["p"] })]), before);
    });

    it("createAuthBackend false: no backend; the roles go on the existing mount named by authPath", async () => {
        const r = await run(() => fed("app", { workspace: "w", createAuthBackend: false, authPath: "tfc" }));
        assert.equal(r.ofType(V.backend).length, 0);
        assert.equal(r.byName("app-role").inputs.backend, "tfc");
        assert.deepEqual(deps(r, r.byName("app-role")), ["app-policy", "app-workspace"]);
        assert.equal(r.result.authBackend, undefined);
        assert.deepEqual(r.byName("app-variables").inputs.variables.map((v: any) => v.key), ["TFC_VAULT_ADDR", "TFC_VAULT_RUN_ROLE", "TFC_VAULT_AUTH_PATH", "TFC_VAULT_PROVIDER_AUTH"]);
    });

    it("an address given as an output is checked when known", async () => {
        const r = await run(() => fed("app", { workspace: "w", vaultAddress: pulumi.output("https://vault.internal:8200") }));
        assert.equal(r.byName("app-variables").inputs.variables[0].value, "https://vault.internal:8200");
    });
});

describe("VaultWorkspaceFederation at preview", function () {
    isolateHostEnv();

    it("registers the same resources before anything exists; the plain trust (issuer, role name, policy) is shown", async () => {
        const program = () => fed("app", { workspace: "app-prod" });
        const up = await run(program);
        const preview = await run(program, { preview: true });
        assert.deepEqual(inventory(preview), inventory(up));
        assert.equal(preview.ofType(V.backend)[0].inputs.boundIssuer, "https://app.terraform.io");
        assert.equal(preview.byName("app-role").inputs.roleName, "tfc-app-prod");
        assert.equal(preview.byName("app-policy").inputs.name, "tfc-app-prod");
    });
});
