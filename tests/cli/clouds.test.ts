import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { CLOUD_POLICIES_USAGE } from "../../src/cli/cloudPolicies";
import { USAGE, run, type CliIo } from "../../src/cli/main";
import { azureFederatedCredentials, azureFlexibleFederatedCredentials } from "../../src/clouds/azure/trust";
import { gcpWorkloadIdentityUserBindings } from "../../src/clouds/gcp/bindings";
import { gcpWorkloadIdentityPoolProvider } from "../../src/clouds/gcp/trust";
import { vaultJwtAuthBackend, vaultJwtRoles } from "../../src/clouds/vault/trust";

const ROOT = path.resolve(__dirname, "../..");
const HELP_HINT = 'Run "hcp-oidc-federation --help" for usage.\n';
const WS1 = "ws-AAAAAAAAAAAAAAA1";
const WS2 = "ws-AAAAAAAAAAAAAAA2";
const PRJ = "prj-BBBBBBBBBBBBBBBB";
const GUID = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
const POOL = "projects/123456789012/locations/global/workloadIdentityPools/hcp-terraform";

function cli(argv: string[]): { code: number; stdout: string; stderr: string } {
    let stdout = "";
    let stderr = "";
    const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
    return { code: run(argv, io), stdout, stderr };
}

function json(argv: string[]): any {
    const out = cli(argv);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stderr, "");
    assert.ok(out.stdout.endsWith("}\n"));
    return JSON.parse(out.stdout);
}

function usageError(argv: string[], message: string): void {
    assert.deepStrictEqual(cli(argv), { code: 2, stdout: "", stderr: `hcp-oidc-federation: ${message}\n${HELP_HINT}` });
}

const AZ = ["policies", "--cloud", "azure", "--organization", "acme", "--project", "Default Project"];
const GCP = ["policies", "--cloud", "gcp", "--organization", "acme", "--project-number", "123456789012", "--pool-id", "hcp-terraform", "--provider-id", "app-terraform-io"];
const VAULT = ["policies", "--cloud", "vault", "--organization", "acme"];
const AZURE_REMOVE = ["ARM_CLIENT_SECRET", "ARM_CLIENT_ID", "ARM_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PASSWORD", "ARM_USE_OIDC", "ARM_OIDC_TOKEN"];

describe("cli policies --cloud", () => {
    describe("aws (the default)", () => {
        it("--cloud aws and --cloud=aws print exactly what policies prints without --cloud", () => {
            const base = ["policies", "--organization", "acme", "--workspace", "prod", "--account-id", "123456789012"];
            const plain = cli(base);
            assert.equal(plain.code, 0);
            assert.deepStrictEqual(cli([...base, "--cloud", "aws"]), plain);
            assert.deepStrictEqual(cli(["policies", "--cloud=aws", ...base.slice(1), "--split-phases"]), cli([...base, "--split-phases"]));
        });
    });

    describe("azure", () => {
        it("federated credentials per workspace and phase, identity variable, variables, static keys", () => {
            assert.deepStrictEqual(json([...AZ, "--workspace", "prod"]), {
                applications: [{ identity: "run", identityVariable: "TFC_AZURE_RUN_CLIENT_ID", federatedCredentials: azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: ["prod"] })[0].federatedCredentials }],
                variables: { TFC_AZURE_PROVIDER_AUTH: "true", TFC_AZURE_RUN_CLIENT_ID: "<client id of the run application>", ARM_SUBSCRIPTION_ID: "<subscription id>", ARM_TENANT_ID: "<tenant id>" },
                removeVariables: AZURE_REMOVE,
            });
        });

        it("split phases, several workspaces, TFE host, custom audience, tag, subscription and tenant", () => {
            const out = json([...AZ, "--workspace", "a,b", "--split-phases", "--hostname", "tfe.example.com", "--audience", "custom.aud", "--tag", "prod", "--subscription-id", GUID, "--tenant-id", GUID]);
            const apps = azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: ["a", "b"], splitPhases: true, hostname: "tfe.example.com", audience: "custom.aud" });
            assert.deepStrictEqual(out, {
                applications: [
                    { identity: "plan", identityVariable: "TFC_AZURE_PLAN_CLIENT_ID_prod", federatedCredentials: apps[0].federatedCredentials },
                    { identity: "apply", identityVariable: "TFC_AZURE_APPLY_CLIENT_ID_prod", federatedCredentials: apps[1].federatedCredentials },
                ],
                variables: {
                    TFC_AZURE_PROVIDER_AUTH_prod: "true",
                    TFC_AZURE_PLAN_CLIENT_ID_prod: "<client id of the plan application>",
                    TFC_AZURE_APPLY_CLIENT_ID_prod: "<client id of the apply application>",
                    TFC_AZURE_WORKLOAD_IDENTITY_AUDIENCE_prod: "custom.aud",
                    ARM_SUBSCRIPTION_ID: GUID,
                    ARM_TENANT_ID: GUID,
                },
                removeVariables: AZURE_REMOVE,
            });
            assert.equal(apps[1].federatedCredentials[1].subject, "organization:acme:project:Default Project:workspace:b:run_phase:apply");
        });

        it("--project-scope: one flexible credential; the default audience given explicitly sets no variable", () => {
            const out = json([...AZ, "--project-scope", "--audience", "api://AzureADTokenExchange"]);
            assert.deepStrictEqual(out.applications, [
                { identity: "run", identityVariable: "TFC_AZURE_RUN_CLIENT_ID", flexibleFederatedCredential: azureFlexibleFederatedCredentials({ organization: "acme", project: "Default Project" })[0].flexibleFederatedCredential },
            ]);
            assert.deepStrictEqual(Object.keys(out.variables), ["TFC_AZURE_PROVIDER_AUTH", "TFC_AZURE_RUN_CLIENT_ID", "ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID"]);
        });
    });

    describe("gcp", () => {
        it("pool, provider, the service account's members by workspace id, variables", () => {
            assert.deepStrictEqual(json([...GCP, "--workspace-id", WS1, "--workspace-id", WS2]), {
                workloadIdentityPool: { workloadIdentityPoolId: "hcp-terraform" },
                workloadIdentityPoolProvider: gcpWorkloadIdentityPoolProvider({ organization: "acme", workloadIdentityPoolId: "hcp-terraform", workloadIdentityPoolProviderId: "app-terraform-io" }),
                serviceAccounts: [{ identity: "run", identityVariable: "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL", role: "roles/iam.workloadIdentityUser", members: [`principalSet://iam.googleapis.com/${POOL}/attribute.terraform_workspace_id/${WS1}`, `principalSet://iam.googleapis.com/${POOL}/attribute.terraform_workspace_id/${WS2}`] }],
                variables: {
                    TFC_GCP_PROVIDER_AUTH: "true",
                    TFC_GCP_WORKLOAD_PROVIDER_NAME: `${POOL}/providers/app-terraform-io`,
                    TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL: "<email of the run service account>",
                },
                removeVariables: ["GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"],
            });
        });

        it("--pool-name, project scope, split phases, org id, custom audience, GCP project, tag", () => {
            const out = json([
                "policies", "--cloud", "gcp", "--organization", "acme", "--organization-id", "org-CCCCCCCCCCCCCCCC", "--pool-name", POOL, "--provider-id", "tfe-example",
                "--project-scope", "--project-id", PRJ, "--split-phases", "--audience", "gcp.aud", "--gcp-project", "my-project", "--hostname", "tfe.example.com", "--tag", "x",
            ]);
            assert.deepStrictEqual(out.workloadIdentityPool, { workloadIdentityPoolId: "hcp-terraform", project: "my-project" });
            assert.deepStrictEqual(
                out.workloadIdentityPoolProvider,
                gcpWorkloadIdentityPoolProvider({ organization: "acme", organizationId: "org-CCCCCCCCCCCCCCCC", workloadIdentityPoolId: "hcp-terraform", workloadIdentityPoolProviderId: "tfe-example", hostname: "tfe.example.com", audience: "gcp.aud", project: "my-project" }),
            );
            assert.deepStrictEqual(
                out.serviceAccounts,
                gcpWorkloadIdentityUserBindings({ poolName: POOL, projectId: PRJ, splitPhases: true }).map((b) => ({ identity: b.identity, identityVariable: `TFC_GCP_${b.identity.toUpperCase()}_SERVICE_ACCOUNT_EMAIL_x`, role: b.role, members: b.members })),
            );
            assert.deepStrictEqual(out.variables, {
                TFC_GCP_PROVIDER_AUTH_x: "true",
                TFC_GCP_WORKLOAD_PROVIDER_NAME_x: `${POOL}/providers/tfe-example`,
                TFC_GCP_PLAN_SERVICE_ACCOUNT_EMAIL_x: "<email of the plan service account>",
                TFC_GCP_APPLY_SERVICE_ACCOUNT_EMAIL_x: "<email of the apply service account>",
                TFC_GCP_WORKLOAD_IDENTITY_AUDIENCE_x: "gcp.aud",
            });
            assert.equal(out.serviceAccounts[0].members[0], `principalSet://iam.googleapis.com/${POOL}/attribute.project_id_run_phase/${PRJ}:plan`);
        });
    });

    describe("vault", () => {
        const SELF = 'path "auth/token/lookup-self" {\n  capabilities = ["read"]\n}\n\npath "auth/token/renew-self" {\n  capabilities = ["update"]\n}\n\npath "auth/token/revoke-self" {\n  capabilities = ["update"]\n}\n';

        it("backend, one role for both workspaces (names and ids paired in order), its policy, variables", () => {
            const out = json([...VAULT, "--workspace", "a", "--workspace-id", WS1, "--workspace", "b", "--workspace-id", WS2]);
            const [role] = vaultJwtRoles({ organization: "acme", workspaces: [{ name: "a", id: WS1 }, { name: "b", id: WS2 }] });
            assert.deepStrictEqual(out, {
                jwtAuthBackend: vaultJwtAuthBackend(),
                roles: [{ identity: "run", identityVariable: "TFC_VAULT_RUN_ROLE", role: role.role, policy: role.policy }],
                variables: { TFC_VAULT_PROVIDER_AUTH: "true", TFC_VAULT_ADDR: "<the Vault address, e.g. https://vault.example.com:8200>", TFC_VAULT_RUN_ROLE: "tfc-role" },
                removeVariables: ["VAULT_TOKEN"],
            });
            assert.deepStrictEqual(role.role.boundClaims, { sub: "organization:acme:project:*:workspace:a:run_phase:*,organization:acme:project:*:workspace:b:run_phase:*", terraform_workspace_id: `${WS1},${WS2}` });
            assert.equal(role.policy.policy, SELF);
        });

        it("every option: split, project pinned, auth path, role name, namespace, TTL, policy rules, audience, host, tag", () => {
            const out = json([
                ...VAULT, "--workspace", "prod", "--workspace-id", WS1, "--split-phases", "--project", "Default Project", "--auth-path", "hcp", "--role-name", "app",
                "--namespace", "admin", "--token-ttl", "30m", "--policy-rule", "secret/data/app/*=read,list", "--policy-rule=kv/x=read", "--audience", "v.aud", "--hostname", "tfe.example.com", "--tag", "t",
            ]);
            const roles = vaultJwtRoles({
                organization: "acme", workspaces: [{ name: "prod", id: WS1 }], splitPhases: true, project: "Default Project", backend: "hcp", roleName: "app", namespace: "admin", tokenTtl: "30m",
                policyRules: [{ path: "secret/data/app/*", capabilities: ["read", "list"] }, { path: "kv/x", capabilities: ["read"] }], audience: "v.aud",
            });
            assert.deepStrictEqual(out.jwtAuthBackend, vaultJwtAuthBackend({ hostname: "tfe.example.com", path: "hcp", namespace: "admin" }));
            assert.deepStrictEqual(out.roles, roles.map((r) => ({ identity: r.identity, identityVariable: `TFC_VAULT_${r.identity.toUpperCase()}_ROLE_t`, role: r.role, policy: r.policy })));
            assert.deepStrictEqual(out.variables, {
                TFC_VAULT_PROVIDER_AUTH_t: "true",
                TFC_VAULT_ADDR_t: "<the Vault address, e.g. https://vault.example.com:8200>",
                TFC_VAULT_PLAN_ROLE_t: "app-plan",
                TFC_VAULT_APPLY_ROLE_t: "app-apply",
                TFC_VAULT_NAMESPACE_t: "admin",
                TFC_VAULT_AUTH_PATH_t: "hcp",
                TFC_VAULT_WORKLOAD_IDENTITY_AUDIENCE_t: "v.aud",
            });
            assert.equal(out.roles[0].role.tokenTtl, 1800);
        });

        it("--project-scope --project-id", () => {
            const out = json([...VAULT, "--project-scope", "--project-id", PRJ]);
            assert.deepStrictEqual(out.roles[0].role.boundClaims, { sub: "organization:acme:project:*:workspace:*:run_phase:*", terraform_project_id: PRJ });
        });
    });

    describe("help", () => {
        it("--help lists the cloud commands and flags", () => {
            assert.ok(USAGE.includes(CLOUD_POLICIES_USAGE));
            assert.match(USAGE, /\n {2}hcp-oidc-federation policies --cloud azure\|gcp\|vault \.\.\. {3}\(see "Cloud policies" below\)\n/);
            for (const flag of ["--cloud", "--project-scope", "--tag", "--workspace-id", "--project-id", "--subscription-id", "--tenant-id", "--organization-id", "--project-number", "--pool-id", "--pool-name", "--provider-id", "--gcp-project", "--auth-path", "--role-name", "--namespace", "--token-ttl", "--policy-rule"]) {
                assert.match(CLOUD_POLICIES_USAGE, new RegExp(`\\n {2}${flag} `), flag);
            }
            for (const argv of [["policies", "--cloud", "azure", "--help"], ["policies", "--cloud", "nope", "-h"]]) assert.deepStrictEqual(cli(argv), { code: 0, stdout: USAGE, stderr: "" });
        });
    });

    describe("bad flags: exit 2, naming the flag and the fix", () => {
        const ROWS: Array<[string, string[], string]> = [
            ["unknown cloud", ["policies", "--cloud", "aws2"], '--cloud: unknown cloud "aws2"; expected aws, azure, gcp or vault.'],
            ["--cloud twice", ["policies", "--cloud", "azure", "--cloud=gcp"], "--cloud was given twice; give it once."],
            ["--cloud without value", ["policies", "--organization", "acme", "--cloud"], "--cloud needs a value: --cloud CLOUD."],
            ["--cloud on check", ["check", "--cloud", "azure"], 'unknown flag --cloud for command "check".'],
            ["azure: no organization", ["policies", "--cloud", "azure", "--project", "P-1", "--workspace", "w"], "--organization is required (the HCP Terraform organization name)."],
            ["azure: no project", ["policies", "--cloud", "azure", "--organization", "acme", "--workspace", "w"], '--project is required (the exact project name of the workspaces, e.g. "Default Project": Entra matches the subject exactly).'],
            ["azure: no workspace", AZ, "--workspace is required (a workspace name; repeat the flag for several), or --project-scope for every workspace of the project."],
            ["azure: workspace and project scope", [...AZ, "--workspace", "w", "--project-scope"], "--workspace and --project-scope exclude each other: --project-scope trusts every workspace of the project."],
            ["azure: flexible on TFE", [...AZ, "--project-scope", "--hostname", "tfe.example.com"], '--hostname: hostname "tfe.example.com": Entra accepts a flexible federated identity credential from HCP Terraform only for the issuers https://app.terraform.io and https://app.eu.terraform.io, so project-wide federation is not possible for this host. Fix the hostname, or federate each workspace (one credential per workspace and run phase).'],
            ["azure: 11 workspaces", [...AZ, "--workspace", "a,b,c,d,e,f,g,h,i,j,k"], "--workspace: workspaces: 22 federated identity credentials on one Azure application (11 workspaces, one credential per run phase) exceed Entra's limit of 20 per application. Fix the workspace list: federate at most 10 workspaces per application (one federation per group of workspaces), set splitPhases (one credential per workspace on each of a plan and an apply application: up to 20 workspaces), or federate the whole project with a flexible credential (app.terraform.io and app.eu.terraform.io only)."],
            ["azure: wildcard workspace", [...AZ, "--workspace", "prod-*"], '--workspace: workspace "prod-*": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
            ["azure: bad subscription", [...AZ, "--workspace", "w", "--subscription-id", "sub"], '--subscription-id: subscription id "sub": an Azure subscription id is a GUID (e.g. "00000000-0000-0000-0000-000000000000"). Fix the subscription id.'],
            ["azure: bad tenant", [...AZ, "--workspace", "w", "--tenant-id", "t"], '--tenant-id: tenant id "t": an Azure tenant id is a GUID (e.g. "00000000-0000-0000-0000-000000000000"). Fix the tenant id.'],
            ["azure: a GCP flag", [...AZ, "--workspace-id", WS1], 'unknown flag --workspace-id for command "policies --cloud azure". Entra matches names only: give --workspace and --project.'],
            ["azure: bad tag", [...AZ, "--workspace", "w", "--tag", "TYPE"], '--tag: tag "TYPE": "TYPE" is reserved by HCP Terraform and cannot be a tag. Fix the tag.'],
            ["azure: upper-case host", [...AZ, "--workspace", "w", "--hostname", "TFE.example.com"], `--hostname: hostname "TFE.example.com": the issuer is compared exactly with the token's, which is lower case; use "tfe.example.com". Fix the hostname.`],
            ["azure: positional", [...AZ, "w"], 'unexpected argument "w"; every value follows its flag (e.g. --workspace prod).'],
            ["azure: value on a boolean", [...AZ, "--split-phases=yes"], "--split-phases takes no value."],
            ["azure: project twice", [...AZ, "--project", "x"], "--project was given twice; give it once."],
            ["gcp: a workspace name", [...GCP, "--workspace", "prod"], 'unknown flag --workspace for command "policies --cloud gcp". GCP binds workspaces by id: give --workspace-id ws-….'],
            ["gcp: a name for an id", [...GCP, "--workspace-id", "prod"], '--workspace-id: workspace id "prod": an HCP Terraform workspace id is "ws-" followed by 16 letters or digits (e.g. "ws-4j8p6jX1w33MiDC7"), not a name. Fix the workspace id.'],
            ["gcp: no workspace id", GCP, "--workspace-id is required (a workspace id, ws-…; repeat the flag for several), or --project-scope --project-id for every workspace of a project."],
            ["gcp: project id without scope", [...GCP, "--project-id", PRJ], "--project-id is used only with --project-scope (every workspace of the project)."],
            ["gcp: scope without project id", [...GCP, "--project-scope"], "--project-id is required with --project-scope (the project id, prj-…)."],
            ["gcp: scope and workspace ids", [...GCP, "--project-scope", "--workspace-id", WS1], "--workspace-id and --project-scope exclude each other: --project-scope trusts every workspace of the project."],
            ["gcp: no pool", ["policies", "--cloud", "gcp", "--organization", "acme", "--workspace-id", WS1, "--provider-id", "p-1234"], "--project-number and --pool-id are required (the GCP project number and the pool id), or --pool-name projects/<NUMBER>/locations/global/workloadIdentityPools/<POOL_ID>."],
            ["gcp: pool name and pool id", [...GCP, "--workspace-id", WS1, "--pool-name", POOL], "--pool-name and --project-number exclude each other: the pool name already holds the project number and pool id."],
            ["gcp: bad pool name", ["policies", "--cloud", "gcp", "--organization", "acme", "--workspace-id", WS1, "--pool-name", "hcp-terraform", "--provider-id", "p-1234"], '--pool-name: workload identity pool name "hcp-terraform": expected projects/<project number>/locations/global/workloadIdentityPools/<pool id>. Fix the pool name.'],
            ["gcp: no provider id", ["policies", "--cloud", "gcp", "--organization", "acme", "--workspace-id", WS1, "--pool-name", POOL], "--provider-id is required (the workload identity pool provider id)."],
            ["gcp: reserved pool id", ["policies", "--cloud", "gcp", "--organization", "acme", "--workspace-id", WS1, "--project-number", "1", "--pool-id", "gcp-x", "--provider-id", "p-1234"], '--pool-id: workload identity pool id "gcp-x": the prefix "gcp-" is reserved by Google. Fix the id.'],
            ["gcp: project id for number", ["policies", "--cloud", "gcp", "--organization", "acme", "--workspace-id", WS1, "--project-number", "my-project", "--pool-id", "pool", "--provider-id", "p-1234"], '--project-number: GCP project number "my-project": a GCP project number is digits only (e.g. "123456789012"), not the project id. Fix the project number.'],
            ["gcp: bad org id", [...GCP, "--workspace-id", WS1, "--organization-id", "acme"], '--organization-id: organization id "acme": an HCP Terraform organization id is "org-" followed by 16 letters or digits (e.g. "org-AbCdEfGh12345678"), not a name. Fix the organization id.'],
            ["gcp: bad GCP project", [...GCP, "--workspace-id", WS1, "--gcp-project", "1"], '--gcp-project: GCP project id "1": a GCP project id is 6 to 30 characters: a lower-case letter first, then lower-case letters, digits and "-", not ending with "-" (the id, not the display name or number). Fix the project id.'],
            ["vault: ids do not pair", [...VAULT, "--workspace", "a,b", "--workspace-id", WS1], "--workspace and --workspace-id pair up in order: 2 workspace name(s) but 1 workspace id(s). Give one --workspace-id (ws-…) per --workspace."],
            ["vault: no workspace", VAULT, "--workspace is required (a workspace name, with its --workspace-id; repeat both for several), or --project-scope --project-id for every workspace of a project."],
            ["vault: workspace with project scope", [...VAULT, "--project-scope", "--project-id", PRJ, "--workspace-id", WS1], "--workspace-id and --project-scope exclude each other: --project-scope trusts every workspace of the project."],
            ["vault: bad policy rule", [...VAULT, "--workspace", "a", "--workspace-id", WS1, "--policy-rule", "secret/*"], '--policy-rule "secret/*": expected PATH=CAPABILITIES, e.g. secret/data/app/*=read,list.'],
            ["vault: unknown capability", [...VAULT, "--workspace", "a", "--workspace-id", WS1, "--policy-rule", "secret/*=write"], '--policy-rule: policyRules[0] ("secret/*"): unknown capability "write"; Vault\'s are create, read, update, patch, delete, list, sudo, deny, subscribe. Fix the policy rules.'],
            ["vault: bad TTL", [...VAULT, "--workspace", "a", "--workspace-id", WS1, "--token-ttl", "1d"], '--token-ttl: token TTL "1d": a token TTL is a whole number of seconds more than 0, or a duration such as "20m" or "1h30m" (units h, m, s). Fix the token TTL.'],
            ["vault: bad role name", [...VAULT, "--workspace", "a", "--workspace-id", WS1, "--role-name", "-x"], '--role-name: Vault role name "-x": a Vault role name is letters, digits and "_", with "-" and "." allowed inside (not first or last), and must not be empty. Fix the role name.'],
            ["vault: bad auth path", [...VAULT, "--workspace", "a", "--workspace-id", WS1, "--auth-path", "auth/jwt/"], '--auth-path: Vault auth path "auth/jwt/": a Vault auth path has no leading or trailing "/"; use "auth/jwt". Fix the auth path.'],
            ["vault: bad namespace", [...VAULT, "--workspace", "a", "--workspace-id", WS1, "--namespace", "root"], '--namespace: Vault namespace "root": "root" is a reserved namespace name (root, sys, audit, auth, cubbyhole, identity). Fix the namespace.'],
            ["vault: two names for one id", [...VAULT, "--workspace", "a,b", "--workspace-id", `${WS1},${WS1}`], `--workspace: workspaces: "b" (${WS1}) and "a" (${WS1}) share a name or an id; each workspace has one name and one id. Fix the workspace list.`],
        ];
        for (const [name, argv, message] of ROWS) it(name, () => usageError(argv, message));
    });

    it("runs as a child process", function () {
        this.timeout(60000);
        const out = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "src/cli/main.ts"), ...VAULT, "--workspace", "a", "--workspace-id", WS1], { cwd: ROOT, encoding: "utf8" });
        assert.equal(out.status, 0, out.stderr);
        assert.equal(out.stdout, cli([...VAULT, "--workspace", "a", "--workspace-id", WS1]).stdout);
        const bad = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "src/cli/main.ts"), ...VAULT], { cwd: ROOT, encoding: "utf8" });
        assert.equal(bad.status, 2);
        assert.equal(bad.stdout, "");
    });
});
