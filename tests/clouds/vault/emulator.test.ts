// VaultWorkspaceFederation end to end on the HCP side: the program captured under setMocks (Vault's
// answers, the workspaces' REAL emulator ids, so the roles' bound claims name them), its dynamic
// children played by the engine model through the REAL dynamic-provider host against the HCP
// emulator; the Vault simulator registers what the program made (the backend's issuer, each role's
// audiences, claims and policies, the policies' rules), and verifyTrust's check runs through it.
import { strict as assert } from "node:assert";
import { WorkspaceOidcFederation } from "../../../src/clouds/aws";
import { VaultWorkspaceFederation } from "../../../src/clouds/vault/VaultWorkspaceFederation";
import type { VaultWorkspaceFederationArgs } from "../../../src/clouds/vault/args";
import type { Emulator } from "../../emulator";
import { Engine } from "../../support/engine";
import type { MockRun } from "../../support/mocks";
import { cloudEmulator } from "../cloudEmulator";
import type { ProviderHost } from "../../support/providerHost";
import { policyRules, vaultSimulator, type VaultSimulator } from "../../support/vaultSimulator";
import { V, backendConfig, isolateHostEnv, roleConfig, run } from "./harness";

const ORG = "acme";
const ADDR = "https://vault.example.com:8200";
const RULES = [{ path: "secret/data/app/*", capabilities: ["read" as const] }];

/** What Vault would hold after the program's Vault resources are made. */
function registerVault(vault: VaultSimulator, r: MockRun<unknown>): void {
    for (const b of r.ofType(V.backend)) vault.addBackend(b.inputs.namespace ?? "", b.inputs.path, backendConfig(b));
    for (const p of r.ofType(V.policy)) vault.addPolicy(p.inputs.namespace ?? "", p.inputs.name, policyRules(p.inputs.policy));
    for (const x of r.ofType(V.role)) vault.addRole(x.inputs.namespace ?? "", x.inputs.backend, x.inputs.roleName, { ...roleConfig(x), tokenPolicies: x.inputs.tokenPolicies });
}

describe("VaultWorkspaceFederation end to end: real provider host, HCP emulator, Vault simulator", function () {
    this.timeout(120000);
    isolateHostEnv();
    const e = cloudEmulator(ORG, vaultSimulator, run, registerVault);
    let emu: Emulator;
    let host: ProviderHost;
    let vault: VaultSimulator;
    before(() => ({ emu, host, sim: vault } = e));
    const { capture, up, vars } = e;
    const staticVar = (workspaceId: string, key: string) => e.staticVar(workspaceId, key, "s.xxxx");

    const fed = (name: string, args: Partial<VaultWorkspaceFederationArgs>) =>
        new VaultWorkspaceFederation(name, { organization: ORG, vaultAddress: ADDR, policy: RULES, hostname: emu.hostname, ...args } as VaultWorkspaceFederationArgs);

    it("one workspace: the exact variables, PROVIDER_AUTH written last, VAULT_TOKEN removed, the trust check logs in through Vault; a new stack adopts", async () => {
        const ws = emu.addWorkspace(ORG, "app-prod");
        for (const key of ["VAULT_TOKEN", "KEEP_ME"]) staticVar(ws.id, key);
        const program = () => fed("app", { workspace: "app-prod", namespace: "admin", removeStaticCredentials: true, verifyTrust: true });
        emu.clearLog();
        const { engine, report } = await up(program);
        assert.deepEqual(report.failures, []);
        assert.deepEqual(vars(ws.id), [
            { key: "KEEP_ME", value: "s.xxxx", category: "env", sensitive: false },
            { key: "TFC_VAULT_ADDR", value: ADDR, category: "env", sensitive: false },
            { key: "TFC_VAULT_NAMESPACE", value: "admin", category: "env", sensitive: false },
            { key: "TFC_VAULT_PROVIDER_AUTH", value: "true", category: "env", sensitive: false },
            { key: "TFC_VAULT_RUN_ROLE", value: "tfc-app-prod", category: "env", sensitive: false },
        ]);
        const created = emu.log.filter((e) => e.method === "POST" && e.path.endsWith(`/workspaces/${ws.id}/vars`)).map((e: any) => e.body.data.attributes.key);
        assert.deepEqual(created, ["TFC_VAULT_ADDR", "TFC_VAULT_RUN_ROLE", "TFC_VAULT_NAMESPACE", "TFC_VAULT_PROVIDER_AUTH"]);
        // The role pins the workspace's REAL id.
        assert.equal(vault.roles.get("admin jwt tfc-app-prod")!.boundClaims!.terraform_workspace_id, ws.id);
        const runs = [...emu.runs.runs.values()].filter((x) => x.workspaceId === ws.id);
        assert.equal(runs.length, 1);
        const [checkUrn, check] = [...engine.state.entries()].find(([urn]) => urn.endsWith("::app-trust-check"))!;
        assert.equal(report.steps.get(checkUrn), "create");
        assert.deepEqual([check.outs.status, check.outs.runId, check.outs.cloud], ["passed", runs[0].id, "vault"]);
        const idsBefore = [...emu.store.variables.values()].filter((v) => v.workspaceId === ws.id).map((v) => v.id).sort();
        emu.clearLog();
        const again = await up(program);
        assert.deepEqual(again.report.failures, []);
        assert.deepEqual([...emu.store.variables.values()].filter((v) => v.workspaceId === ws.id).map((v) => v.id).sort(), idsBefore);
        assert.deepEqual(emu.log.filter((e) => e.method === "DELETE"), []);
    });

    it("splitPhases: the check logs in with the plan role; its subject is the run's plan subject", async () => {
        emu.addWorkspace(ORG, "split-ws");
        const { engine, report } = await up(() => fed("split", { workspace: "split-ws", splitPhases: true, authPath: "tfc", verifyTrust: true }));
        assert.deepEqual(report.failures, []);
        const check = [...engine.state.entries()].find(([urn]) => urn.endsWith("::split-trust-check"))![1];
        assert.equal(check.outs.status, "passed");
        assert.equal(check.outs.subject, `organization:${ORG}:project:Default Project:workspace:split-ws:run_phase:plan`);
    });

    it("a list: one variable set attached to each workspace, the check passes in each; Vault tagged and AWS on one of them keep their own variables", async () => {
        const a = emu.addWorkspace(ORG, "svc-a");
        const b = emu.addWorkspace(ORG, "svc-b");
        const { engine, report } = await up(() => [
            fed("svc", { workspaces: ["svc-a", "svc-b"], variableSetName: "vault-svc", verifyTrust: true }),
            fed("svc-tagged", { workspace: "svc-a", tag: "second", audience: "vault.second", authPath: "jwt-second", verifyTrust: true }),
            new WorkspaceOidcFederation("svc-aws", { organization: ORG, workspace: "svc-a", hostname: emu.hostname }),
        ]);
        assert.deepEqual(report.failures, []);
        const set = [...emu.store.varsets.values()].find((s) => s.name === "vault-svc")!;
        assert.deepEqual([...set.workspaceIds].sort(), [a.id, b.id].sort());
        assert.deepEqual(
            [...emu.store.varsetVariables.values()].filter((v) => v.varsetId === set.id).map((v) => v.key).sort(),
            ["TFC_VAULT_ADDR", "TFC_VAULT_PROVIDER_AUTH", "TFC_VAULT_RUN_ROLE"],
        );
        assert.deepEqual(vars(a.id).map((v) => [v.key, v.value]), [
            ["TFC_AWS_PROVIDER_AUTH", "true"],
            ["TFC_AWS_RUN_ROLE_ARN", "arn:aws:iam::123456789012:role/tfc-svc-a-oidc"],
            ["TFC_VAULT_ADDR_second", ADDR],
            ["TFC_VAULT_AUTH_PATH_second", "jwt-second"],
            ["TFC_VAULT_PROVIDER_AUTH_second", "true"],
            ["TFC_VAULT_RUN_ROLE_second", "tfc-svc-a"],
            ["TFC_VAULT_WORKLOAD_IDENTITY_AUDIENCE_second", "vault.second"],
        ]);
        const checks = [...engine.state.entries()].filter(([urn]) => urn.includes("trust-check")).map(([urn, s]) => [urn.split("::").pop(), s.outs.status]);
        assert.deepEqual(checks.sort(), [
            ["svc-tagged-trust-check", "passed"],
            ["svc-trust-check-svc-a", "passed"],
            ["svc-trust-check-svc-b", "passed"],
        ]);
    });

    it("a broken trust fails the up with the right cause: a re-created workspace (same name, new id) is refused; a wrong auth path names the route", async () => {
        emu.addWorkspace(ORG, "old-ws");
        const c = await capture(() => fed("old", { workspace: "old-ws", authPath: "jwt-old", verifyTrust: true }));
        registerVault(vault, c.run);
        // The workspace as Vault knows it was deleted and re-created: the role still pins the old id.
        const role = vault.roles.get(" jwt-old tfc-old-ws")!;
        vault.addRole("", "jwt-old", "tfc-old-ws", { ...role, boundClaims: { ...role.boundClaims!, terraform_workspace_id: "ws-0ldW0rksp4ce0000" } });
        const report = await new Engine(host, c.program).up();
        assert.deepEqual(report.failures.map((f) => f.name), ["old-trust-check"]);
        const message = report.failures[0].message;
        assert.match(message, /^trust check failed: the Vault dynamic credentials of workspace acme\/old-ws failed: HCP Terraform could not log in to Vault with the run's token\. Fix: check that the JWT role \(TFC_VAULT_RUN_ROLE\) exists/);
        assert.match(message, /claim \\?"terraform_workspace_id\\?" does not match any associated bound claim values/);

        emu.addWorkspace(ORG, "path-ws");
        const d = await capture(() => fed("path", { workspace: "path-ws", authPath: "jwt-path", verifyTrust: true }));
        // Nothing registered in Vault: no backend at auth/jwt-path.
        const denied = await new Engine(host, d.program).up();
        assert.deepEqual(denied.failures.map((f) => f.name), ["path-trust-check"]);
        assert.match(denied.failures[0].message, /no handler for route \\?"auth\/jwt-path\/login\\?"/);
    });
});
