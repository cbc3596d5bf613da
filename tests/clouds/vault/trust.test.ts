import { strict as assert } from "assert";
import {
    VAULT_DEFAULT_AUTH_PATH,
    VAULT_DEFAULT_ROLE_NAME,
    VAULT_DEFAULT_TOKEN_TTL,
    VAULT_USER_CLAIM,
    vaultJwtAuthBackend,
    vaultJwtRoles,
    type VaultJwtRolesArgs,
} from "../../../src/clouds/vault/trust";
import { expectInputError } from "../expectInputError";

const WS1 = "ws-AAAAAAAAAAAAAAA1";
const WS2 = "ws-AAAAAAAAAAAAAAA2";
const PRJ = "prj-BBBBBBBBBBBBBBBB";
const SELF_HCL =
    'path "auth/token/lookup-self" {\n  capabilities = ["read"]\n}\n\npath "auth/token/renew-self" {\n  capabilities = ["update"]\n}\n\npath "auth/token/revoke-self" {\n  capabilities = ["update"]\n}\n';

describe("clouds/vault/trust", () => {
    it("defaults", () => {
        assert.equal(VAULT_DEFAULT_ROLE_NAME, "tfc-role");
        assert.equal(VAULT_DEFAULT_AUTH_PATH, "jwt");
        assert.equal(VAULT_DEFAULT_TOKEN_TTL, 1200);
        assert.equal(VAULT_USER_CLAIM, "terraform_full_workspace");
    });

    describe("vaultJwtAuthBackend", () => {
        it("discovery URL and bound issuer https://<host>, path jwt", () => {
            assert.deepStrictEqual(vaultJwtAuthBackend(), { path: "jwt", type: "jwt", oidcDiscoveryUrl: "https://app.terraform.io", boundIssuer: "https://app.terraform.io" });
            assert.deepStrictEqual(vaultJwtAuthBackend({ hostname: "tfe.example.com", path: "hcp-terraform", namespace: "admin" }), {
                path: "hcp-terraform",
                type: "jwt",
                oidcDiscoveryUrl: "https://tfe.example.com",
                boundIssuer: "https://tfe.example.com",
                namespace: "admin",
            });
        });
        it("refuses a bad host, path or namespace", () => {
            expectInputError(() => vaultJwtAuthBackend({ hostname: "tfe.example.com/" }), "hostname", 'hostname "tfe.example.com/": a hostname has no scheme or path; use "tfe.example.com". Fix the hostname.');
            expectInputError(() => vaultJwtAuthBackend({ path: "/jwt" }), "authPath", 'Vault auth path "/jwt": a Vault auth path has no leading or trailing "/"; use "jwt". Fix the auth path.');
            expectInputError(() => vaultJwtAuthBackend({ namespace: "" }), "namespace", 'Vault namespace "": the root namespace is no namespace; leave the namespace out. Fix the namespace.');
        });
    });

    describe("vaultJwtRoles", () => {
        it("one workspace: HashiCorp's role plus the workspace id pinned, and the token self-policy", () => {
            assert.deepStrictEqual(vaultJwtRoles({ organization: "acme", workspaces: { name: "prod", id: WS1 } }), [
                {
                    identity: "run",
                    role: {
                        backend: "jwt",
                        roleName: "tfc-role",
                        roleType: "jwt",
                        boundAudiences: ["vault.workload.identity"],
                        boundClaimsType: "glob",
                        boundClaims: { sub: "organization:acme:project:*:workspace:prod:run_phase:*", terraform_workspace_id: WS1 },
                        userClaim: "terraform_full_workspace",
                        tokenPolicies: ["tfc-role"],
                        tokenTtl: 1200,
                    },
                    policy: { name: "tfc-role", policy: SELF_HCL },
                },
            ]);
        });

        it("several workspaces: comma-separated alternatives in the same order, project pinned, all options", () => {
            const [run] = vaultJwtRoles({
                organization: "acme",
                workspaces: [{ name: "a", id: WS1 }, { name: "b", id: WS2 }, { name: "a", id: WS1 }],
                project: "Default Project",
                audience: "custom.aud",
                roleName: "App.Role",
                backend: "team/jwt",
                namespace: "admin/team-a",
                tokenTtl: "30m",
                tokenMaxTtl: "2h",
                policyRules: [{ path: "secret/data/app/*", capabilities: ["read"] }],
            });
            assert.deepStrictEqual(run, {
                identity: "run",
                role: {
                    backend: "team/jwt",
                    roleName: "App.Role",
                    roleType: "jwt",
                    boundAudiences: ["custom.aud"],
                    boundClaimsType: "glob",
                    boundClaims: {
                        sub: "organization:acme:project:Default Project:workspace:a:run_phase:*,organization:acme:project:Default Project:workspace:b:run_phase:*",
                        terraform_workspace_id: `${WS1},${WS2}`,
                    },
                    userClaim: "terraform_full_workspace",
                    tokenPolicies: ["app.role"],
                    tokenTtl: 1800,
                    tokenMaxTtl: 7200,
                    namespace: "admin/team-a",
                },
                policy: { name: "app.role", policy: SELF_HCL + '\npath "secret/data/app/*" {\n  capabilities = ["read"]\n}\n', namespace: "admin/team-a" },
            });
        });

        it("splitPhases: <role>-plan and <role>-apply, each pinned to its phase; plan rules of their own", () => {
            const roles = vaultJwtRoles({
                organization: "acme",
                workspaces: [{ name: "prod", id: WS1 }],
                splitPhases: true,
                policyRules: [{ path: "secret/data/app/*", capabilities: ["read", "update"] }],
                planPolicyRules: [{ path: "secret/data/app/*", capabilities: ["read"] }],
            });
            assert.deepStrictEqual(roles.map((r) => [r.identity, r.role.roleName, r.role.boundClaims.sub, r.role.tokenPolicies, r.policy.name]), [
                ["plan", "tfc-role-plan", "organization:acme:project:*:workspace:prod:run_phase:plan", ["tfc-role-plan"], "tfc-role-plan"],
                ["apply", "tfc-role-apply", "organization:acme:project:*:workspace:prod:run_phase:apply", ["tfc-role-apply"], "tfc-role-apply"],
            ]);
            assert.equal(roles[0].policy.policy, SELF_HCL + '\npath "secret/data/app/*" {\n  capabilities = ["read"]\n}\n');
            assert.equal(roles[1].policy.policy, SELF_HCL + '\npath "secret/data/app/*" {\n  capabilities = ["read", "update"]\n}\n');
            const same = vaultJwtRoles({ organization: "acme", workspaces: [{ name: "prod", id: WS1 }], splitPhases: true, policyRules: [{ path: "kv/*", capabilities: ["read"] }] });
            assert.equal(same[0].policy.policy, same[1].policy.policy, "without planPolicyRules the plan role gets policyRules");
        });

        it("project-wide: workspace:* and the project id pinned", () => {
            const roles = vaultJwtRoles({ organization: "acme", projectId: PRJ, splitPhases: true });
            assert.deepStrictEqual(roles.map((r) => r.role.boundClaims), [
                { sub: "organization:acme:project:*:workspace:*:run_phase:plan", terraform_project_id: PRJ },
                { sub: "organization:acme:project:*:workspace:*:run_phase:apply", terraform_project_id: PRJ },
            ]);
            assert.deepStrictEqual(vaultJwtRoles({ organization: "acme", projectId: PRJ, project: "Team A" })[0].role.boundClaims, {
                sub: "organization:acme:project:Team A:workspace:*:run_phase:*",
                terraform_project_id: PRJ,
            });
        });

        const A: VaultJwtRolesArgs = { organization: "acme", workspaces: [{ name: "prod", id: WS1 }] };
        const BAD: Array<[string, VaultJwtRolesArgs, string, string]> = [
            ["neither workspaces nor project", { organization: "acme" }, "workspaces", "workspaces / projectId: give exactly one: workspaces ({ name, id }) for those workspaces, or a project id (prj-…) for every workspace of the project. Fix the arguments."],
            ["both", { ...A, projectId: PRJ }, "workspaces", "workspaces / projectId: give exactly one: workspaces ({ name, id }) for those workspaces, or a project id (prj-…) for every workspace of the project. Fix the arguments."],
            ["no workspaces", { organization: "acme", workspaces: [] }, "workspaces", "workspaces []: give at least one workspace { name, id }. Fix the workspace list."],
            ["a workspace without id", { organization: "acme", workspaces: [{ name: "prod" } as never] }, "workspaceId", "workspace id undefined: expected a string (got undefined). Fix the workspace id."],
            ["a name for an id", { organization: "acme", workspaces: [{ name: "prod", id: "prod" }] }, "workspaceId", 'workspace id "prod": an HCP Terraform workspace id is "ws-" followed by 16 letters or digits (e.g. "ws-4j8p6jX1w33MiDC7"), not a name. Fix the workspace id.'],
            ["a comma in a name", { organization: "acme", workspaces: [{ name: "a,b", id: WS1 }] }, "workspace", 'workspace "a,b": workspace names may contain only letters, digits, "-" and "_". Fix the name.'],
            ["a wildcard name", { organization: "acme", workspaces: [{ name: "*", id: WS1 }] }, "workspace", 'workspace "*": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
            ["one id, two names", { organization: "acme", workspaces: [{ name: "a", id: WS1 }, { name: "b", id: WS1 }] }, "workspaces", `workspaces: "b" (${WS1}) and "a" (${WS1}) share a name or an id; each workspace has one name and one id. Fix the workspace list.`],
            ["one name, two ids", { organization: "acme", workspaces: [{ name: "a", id: WS1 }, { name: "a", id: WS2 }] }, "workspaces", `workspaces: "a" (${WS2}) and "a" (${WS1}) share a name or an id; each workspace has one name and one id. Fix the workspace list.`],
            ["bad project id", { organization: "acme", projectId: "Default Project" }, "projectId", 'project id "Default Project": an HCP Terraform project id is "prj-" followed by 16 letters or digits (e.g. "prj-AbCdEfGh12345678"), not a name. Fix the project id.'],
            ["bad project name", { ...A, project: "a:b" }, "project", 'project "a:b": project names may contain only letters, digits, spaces, "-" and "_"; a wildcard or colon here would widen the trust policy to other projects. Fix the name.'],
            ["bad organization", { ...A, organization: "*" }, "organization", 'organization "*": organization names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name.'],
            ["bad audience", { ...A, audience: "vault *" }, "audience", 'audience "vault *": an audience is matched exactly and may not contain "*", "?", "$" or whitespace. Fix the audience.'],
            ["bad role name", { ...A, roleName: "tfc role" }, "roleName", 'Vault role name "tfc role": a Vault role name is letters, digits and "_", with "-" and "." allowed inside (not first or last), and must not be empty. Fix the role name.'],
            ["bad backend", { ...A, backend: "token" }, "authPath", 'Vault auth path "token": "token" is the mount of Vault\'s token auth method. Fix the auth path.'],
            ["bad namespace", { ...A, namespace: "admin/" }, "namespace", 'Vault namespace "admin/": a Vault namespace has no leading or trailing "/"; use "admin". Fix the namespace.'],
            ["bad TTL", { ...A, tokenTtl: "20 minutes" }, "tokenTtl", 'token TTL "20 minutes": a token TTL is a whole number of seconds more than 0, or a duration such as "20m" or "1h30m" (units h, m, s). Fix the token TTL.'],
            ["max TTL below TTL", { ...A, tokenTtl: "1h", tokenMaxTtl: 600 }, "tokenMaxTtl", "token max TTL 600 (600 s) is less than the token TTL (3600 s). Fix the token max TTL."],
            ["plan rules without split", { ...A, planPolicyRules: [] }, "policyRules", "planPolicyRules: only a split plan role has its own rules. Fix the arguments: set splitPhases, or put the rules in policyRules."],
            ["a bad rule", { ...A, policyRules: [{ path: "secret/*/x", capabilities: ["read"] }] }, "policyRules", 'Vault policy path "secret/*/x": "*" may only be the last character of a policy path. Fix the path.'],
        ];
        for (const [name, args, field, message] of BAD) it(`refuses: ${name}`, () => expectInputError(() => vaultJwtRoles(args), field, message));
    });
});
