// GcpWorkspaceFederation end to end on the HCP side: the program captured under setMocks (GCP's
// realistic answers, the workspaces' REAL emulator ids, so the bindings name them), its dynamic
// children played by the engine model through the REAL dynamic-provider host against the HCP
// emulator; the GCP simulator registers what the program made (the provider's mapping, condition,
// issuer, audiences; each service account's members), and verifyTrust's check runs through it.
import { strict as assert } from "node:assert";
import { WorkspaceOidcFederation } from "../../../src/clouds/aws";
import { GcpWorkspaceFederation } from "../../../src/clouds/gcp/GcpWorkspaceFederation";
import type { GcpWorkspaceFederationArgs } from "../../../src/clouds/gcp/args";
import type { Emulator } from "../../emulator";
import { Engine } from "../../support/engine";
import type { MockRun } from "../../support/mocks";
import { cloudEmulator } from "../cloudEmulator";
import type { ProviderHost } from "../../support/providerHost";
import { gcpSimulator, type GcpSimulator } from "../../support/gcpSimulator";
import { shortHash } from "../../../src/clouds/gcp/defaultIds";
import { G, POOL_BASE, emailOf, isolateHostEnv, membersByAccount, providerConfig, providerName, run } from "./harness";

const ORG = "acme";
const GP = "acme-prod";

/** What GCP would hold after the program's GCP resources are made. */
function registerGcp(gcp: GcpSimulator, r: MockRun<unknown>): void {
    for (const p of r.ofType(G.provider)) gcp.addProvider(providerName(p), providerConfig(p));
    for (const [account, members] of membersByAccount(r)) gcp.addServiceAccount(emailOf(account), members);
}

describe("GcpWorkspaceFederation end to end: real provider host, HCP emulator, GCP simulator", function () {
    this.timeout(120000);
    isolateHostEnv();
    const e = cloudEmulator(ORG, gcpSimulator, run, registerGcp);
    let emu: Emulator;
    let host: ProviderHost;
    let gcp: GcpSimulator;
    before(() => ({ emu, host, sim: gcp } = e));
    const { capture, up, vars } = e;
    const staticVar = (workspaceId: string, key: string) => e.staticVar(workspaceId, key, "{}");

    const fed = (name: string, args: Partial<GcpWorkspaceFederationArgs>) =>
        new GcpWorkspaceFederation(name, { organization: ORG, gcpProject: GP, hostname: emu.hostname, ...args } as GcpWorkspaceFederationArgs);

    it("one workspace: the exact variables, PROVIDER_AUTH written last, static credentials removed, the trust check passes through GCP; a new stack adopts", async () => {
        const ws = emu.addWorkspace(ORG, "app-prod");
        for (const key of ["GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS", "KEEP_ME"]) staticVar(ws.id, key);
        const program = () => fed("app", { workspace: "app-prod", projectRoles: ["roles/editor"], removeStaticCredentials: true, verifyTrust: true });
        emu.clearLog();
        const { engine, report, run: r } = await up(program);
        assert.deepEqual(report.failures, []);
        const provider = providerName(r.ofType(G.provider)[0]);
        const email = `tfc-app-prod@${GP}.iam.gserviceaccount.com`;
        assert.deepEqual(vars(ws.id), [
            { key: "KEEP_ME", value: "{}", category: "env", sensitive: false },
            { key: "TFC_GCP_PROVIDER_AUTH", value: "true", category: "env", sensitive: false },
            { key: "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL", value: email, category: "env", sensitive: false },
            { key: "TFC_GCP_WORKLOAD_PROVIDER_NAME", value: provider, category: "env", sensitive: false },
        ]);
        const created = emu.log.filter((e) => e.method === "POST" && e.path.endsWith(`/workspaces/${ws.id}/vars`)).map((e: any) => e.body.data.attributes.key);
        assert.deepEqual(created, ["TFC_GCP_WORKLOAD_PROVIDER_NAME", "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL", "TFC_GCP_PROVIDER_AUTH"]);
        // The check ran after the variables, in the workspace, and saw the service account.
        const runs = [...emu.runs.runs.values()].filter((x) => x.workspaceId === ws.id);
        assert.equal(runs.length, 1);
        const [checkUrn, check] = [...engine.state.entries()].find(([urn]) => urn.endsWith("::app-trust-check"))!;
        assert.equal(report.steps.get(checkUrn), "create");
        assert.deepEqual([check.outs.status, check.outs.identity, check.outs.runId], ["passed", email, runs[0].id]);
        const idsBefore = [...emu.store.variables.values()].filter((v) => v.workspaceId === ws.id).map((v) => v.id).sort();
        // A fresh stack over the same workspace adopts the variables (same ids, nothing deleted).
        emu.clearLog();
        const again = await up(program);
        assert.deepEqual(again.report.failures, []);
        assert.deepEqual([...emu.store.variables.values()].filter((v) => v.workspaceId === ws.id).map((v) => v.id).sort(), idsBefore);
        assert.deepEqual(emu.log.filter((e) => e.method === "DELETE"), []);
    });

    it("the check's identity is the service account (the plan one with splitPhases), its subject the run's", async () => {
        emu.addWorkspace(ORG, "split-ws");
        const { engine, report } = await up(() => fed("split", { workspace: "split-ws", splitPhases: true, verifyTrust: true }));
        assert.deepEqual(report.failures, []);
        const check = [...engine.state.entries()].find(([urn]) => urn.endsWith("::split-trust-check"))![1];
        assert.equal(check.outs.status, "passed");
        assert.equal(check.outs.identity, `tfc-split-ws-plan@${GP}.iam.gserviceaccount.com`);
        assert.equal(check.outs.subject, `organization:${ORG}:project:Default Project:workspace:split-ws:run_phase:plan`);
    });

    it("a list: one variable set attached to each workspace, the check passes in each; GCP tagged and AWS on one of them keep their own variables", async () => {
        const a = emu.addWorkspace(ORG, "svc-a");
        const b = emu.addWorkspace(ORG, "svc-b");
        const { engine, report } = await up(() => [
            fed("svc", { workspaces: ["svc-a", "svc-b"], variableSetName: "gcp-svc", verifyTrust: true }),
            // Another audience needs another provider: here, of another GCP project.
            fed("svc-tagged", { workspace: "svc-a", tag: "second", audience: "gcp.second", gcpProject: "acme-other", verifyTrust: true }),
            new WorkspaceOidcFederation("svc-aws", { organization: ORG, workspace: "svc-a", hostname: emu.hostname }),
        ]);
        assert.deepEqual(report.failures, []);
        const set = [...emu.store.varsets.values()].find((s) => s.name === "gcp-svc")!;
        assert.deepEqual([...set.workspaceIds].sort(), [a.id, b.id].sort());
        assert.deepEqual(
            [...emu.store.varsetVariables.values()].filter((v) => v.varsetId === set.id).map((v) => v.key).sort(),
            ["TFC_GCP_PROVIDER_AUTH", "TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL", "TFC_GCP_WORKLOAD_PROVIDER_NAME"],
        );
        assert.deepEqual(vars(a.id).map((v) => [v.key, v.value]), [
            ["TFC_AWS_PROVIDER_AUTH", "true"],
            ["TFC_AWS_RUN_ROLE_ARN", "arn:aws:iam::123456789012:role/tfc-svc-a-oidc"],
            ["TFC_GCP_PROVIDER_AUTH_second", "true"],
            ["TFC_GCP_RUN_SERVICE_ACCOUNT_EMAIL_second", "tfc-svc-a@acme-other.iam.gserviceaccount.com"],
            ["TFC_GCP_WORKLOAD_IDENTITY_AUDIENCE_second", "gcp.second"],
            ["TFC_GCP_WORKLOAD_PROVIDER_NAME_second", `${POOL_BASE("acme-other")}/tfc-acme-${shortHash(`${emu.hostname}\nacme`)}/providers/tfc-${emu.hostname.replace(/[.:]/g, "-")}`],
        ]);
        const checks = [...engine.state.entries()].filter(([urn]) => urn.includes("trust-check")).map(([urn, s]) => [urn.split("::").pop(), s.outs.status, s.outs.identity]);
        assert.deepEqual(checks.sort(), [
            ["svc-tagged-trust-check", "passed", "tfc-svc-a@acme-other.iam.gserviceaccount.com"],
            ["svc-trust-check-svc-a", "passed", `tfc-svc@${GP}.iam.gserviceaccount.com`],
            ["svc-trust-check-svc-b", "passed", `tfc-svc@${GP}.iam.gserviceaccount.com`],
        ]);
    });

    it("a broken trust fails the up with the right cause: the condition rejects the token; no binding admits the workspace", async () => {
        emu.addWorkspace(ORG, "cond-ws");
        const c = await capture(() => fed("cond", { workspace: "cond-ws", verifyTrust: true }));
        registerGcp(gcp, c.run);
        const p = c.run.ofType(G.provider)[0];
        gcp.addProvider(providerName(p), { ...providerConfig(p), attributeCondition: 'assertion.terraform_organization_name == "someone-else"' });
        const report = await new Engine(host, c.program).up();
        assert.deepEqual(report.failures.map((f) => f.name), ["cond-trust-check"]);
        const message = report.failures[0].message;
        assert.match(message, /^trust check failed: the GCP dynamic credentials of workspace acme\/cond-ws failed: the GCP workload identity provider's attribute condition rejected the token\. Fix: make the attribute condition admit this workspace/);
        assert.match(message, /\nFirst error: error retrieving userinfo for your provider credentials\. .*"The given credential is rejected by the attribute condition\."/);
        // Restore the provider; the service account's members no longer admit the workspace.
        registerGcp(gcp, c.run);
        emu.addWorkspace(ORG, "bind-ws");
        const d = await capture(() => fed("bind", { workspace: "bind-ws", verifyTrust: true }));
        registerGcp(gcp, d.run);
        gcp.addServiceAccount(`tfc-bind-ws@${GP}.iam.gserviceaccount.com`, []);
        const denied = await new Engine(host, d.program).up();
        assert.deepEqual(denied.failures.map((f) => f.name), ["bind-trust-check"]);
        assert.match(denied.failures[0].message, /failed: the token's identity may not impersonate the service account\. Fix: grant roles\/iam\.workloadIdentityUser/);
        assert.match(denied.failures[0].message, /Permission 'iam\.serviceAccounts\.getAccessToken' denied on resource \(or it may not exist\)\./);
    });

    it("the shared pool and provider outlive the federation that made them: retained (never deleted) when the last one leaves the program", async () => {
        emu.addWorkspace(ORG, "keep-a");
        emu.addWorkspace(ORG, "keep-b");
        const first = await up(() => [fed("keep-a", { workspace: "keep-a" }), fed("keep-b", { workspace: "keep-b" })]);
        assert.deepEqual(first.report.failures, []);
        const urns = [...first.engine.passive.keys()];
        const pool = urns.find((u) => u.includes(G.pool))!;
        const provider = urns.find((u) => u.includes(G.provider))!;
        const accountA = urns.find((u) => u.endsWith("::keep-a-sa"))!;
        const second = await first.engine.up((await capture(() => fed("keep-b", { workspace: "keep-b" }))).program);
        assert.deepEqual([second.passive.get(pool), second.passive.get(provider)], ["same", "same"]);
        assert.equal(second.passive.get(accountA), "delete");
        const last = await first.engine.up((await capture(() => new WorkspaceOidcFederation("other", { organization: ORG, workspace: "keep-b", hostname: emu.hostname }))).program);
        assert.deepEqual([last.passive.get(pool), last.passive.get(provider)], ["retain", "retain"]);
    });
});

