// AzureWorkspaceFederation end to end on the HCP side: the program captured under setMocks (Entra's
// realistic answers; the workspaces' REAL emulator ids and project names, so the subjects name
// them), its dynamic children played by the engine model through the REAL dynamic-provider host
// against the HCP emulator; the Azure simulator registers what the program made (each
// application's federated credentials), and verifyTrust's check runs through it.
import { strict as assert } from "node:assert";
import { WorkspaceOidcFederation } from "../../../src/clouds/aws";
import { AzureWorkspaceFederation } from "../../../src/clouds/azure/AzureWorkspaceFederation";
import type { AzureWorkspaceFederationArgs } from "../../../src/clouds/azure/args";
import { Engine } from "../../support/engine";
import type { MockRun } from "../../support/mocks";
import { azureSimulator, clientConfigId } from "../../support/azureSimulator";
import { cloudEmulator } from "../cloudEmulator";
import { A, applicationIdsByClientId, azureClientId, azureServicePrincipalObjectId, credentialsByApplication, isolateHostEnv, run } from "./harness";

const ORG = "acme";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
const STATIC = ["ARM_CLIENT_SECRET", "ARM_CLIENT_ID", "ARM_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PASSWORD", "ARM_USE_OIDC", "ARM_OIDC_TOKEN"];

describe("AzureWorkspaceFederation end to end: real provider host, HCP emulator, Azure simulator", function () {
    this.timeout(120000);
    isolateHostEnv();
    const azure = azureSimulator();
    /** What Entra would hold after the program's Azure resources are made. */
    function registerAzure(sim: typeof azure, r: MockRun<unknown>): void {
        const credentials = credentialsByApplication(r);
        for (const [clientId, appId] of applicationIdsByClientId(r)) {
            const sp = r.ofType(A.servicePrincipal).find((s) => s.inputs.clientId === clientId)!;
            sim.addApplication(clientId, { objectId: azureServicePrincipalObjectId(sp.name), credentials: credentials.get(appId) ?? [] });
        }
    }
    const world = cloudEmulator(ORG, () => azure, run, registerAzure);
    const capture = (program: () => unknown) => world.capture(program);
    const up = (program: () => unknown) => world.up(program);
    const vars = (workspaceId: string) => world.vars(workspaceId).map((v) => [v.key, v.value]);
    const staticVar = (workspaceId: string, key: string) => world.staticVar(workspaceId, key, "x");

    const fed = (name: string, args: Partial<AzureWorkspaceFederationArgs>) =>
        new AzureWorkspaceFederation(name, { organization: ORG, tenantId: TENANT, subscriptionId: SUB, hostname: world.emu.hostname, ...args } as AzureWorkspaceFederationArgs);

    it("one workspace in a project: the exact variables, PROVIDER_AUTH last, static credentials removed, the trust check passes through Entra", async () => {
        const prj = world.emu.addProject(ORG, "Team Apps");
        const ws = world.emu.addWorkspace(ORG, "app-prod", { projectId: prj.id });
        for (const key of [...STATIC, "KEEP_ME"]) staticVar(ws.id, key);
        const program = () => fed("app", { workspace: "app-prod", removeStaticCredentials: true, verifyTrust: true });
        world.emu.clearLog();
        const { engine, report, run: r } = await up(program);
        assert.deepEqual(report.failures, []);
        const clientId = azureClientId("app-app");
        assert.deepEqual(vars(ws.id), [
            ["ARM_SUBSCRIPTION_ID", SUB],
            ["ARM_TENANT_ID", TENANT],
            ["KEEP_ME", "x"],
            ["TFC_AZURE_PROVIDER_AUTH", "true"],
            ["TFC_AZURE_RUN_CLIENT_ID", clientId],
        ]);
        const created = world.emu.log.filter((e) => e.method === "POST" && e.path.endsWith(`/workspaces/${ws.id}/vars`)).map((e: any) => e.body.data.attributes.key);
        assert.deepEqual(created, ["TFC_AZURE_RUN_CLIENT_ID", "ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID", "TFC_AZURE_PROVIDER_AUTH"]);
        assert.deepEqual(r.ofType(A.credential).map((c) => c.inputs.subject).sort(), [
            `organization:${ORG}:project:Team Apps:workspace:app-prod:run_phase:apply`,
            `organization:${ORG}:project:Team Apps:workspace:app-prod:run_phase:plan`,
        ]);
        const check = [...engine.state.entries()].find(([urn]) => urn.endsWith("::app-trust-check"))![1];
        assert.deepEqual([check.outs.status, check.outs.identity], ["passed", clientConfigId(clientId, azureServicePrincipalObjectId("app-sp"), SUB, TENANT)]);
        assert.equal(check.outs.subject, `organization:${ORG}:project:Team Apps:workspace:app-prod:run_phase:plan`);
    });

    it("splitPhases: the check signs in as the plan application", async () => {
        world.emu.addWorkspace(ORG, "split-ws");
        const { engine, report } = await up(() => fed("split", { workspace: "split-ws", splitPhases: true, verifyTrust: true }));
        assert.deepEqual(report.failures, []);
        const check = [...engine.state.entries()].find(([urn]) => urn.endsWith("::split-trust-check"))![1];
        assert.equal(check.outs.status, "passed");
        assert.equal(check.outs.identity, clientConfigId(azureClientId("split-plan-app"), azureServicePrincipalObjectId("split-plan-sp"), SUB, TENANT));
    });

    it("a list: one variable set attached to each workspace, the check passes in each; Azure tagged next to AWS keep their own variables", async () => {
        const a = world.emu.addWorkspace(ORG, "svc-a");
        const b = world.emu.addWorkspace(ORG, "svc-b");
        const c = world.emu.addWorkspace(ORG, "svc-c");
        const { engine, report } = await up(() => [
            fed("svc", { workspaces: ["svc-a", "svc-b"], variableSetName: "azure-svc", verifyTrust: true }),
            fed("svc-tagged", { workspace: "svc-c", tag: "second", audience: "api://second", verifyTrust: true }),
            new WorkspaceOidcFederation("svc-aws", { organization: ORG, workspace: "svc-c", hostname: world.emu.hostname }),
        ]);
        assert.deepEqual(report.failures, []);
        const set = [...world.emu.store.varsets.values()].find((s) => s.name === "azure-svc")!;
        assert.deepEqual([...set.workspaceIds].sort(), [a.id, b.id].sort());
        assert.deepEqual(
            [...world.emu.store.varsetVariables.values()].filter((v) => v.varsetId === set.id).map((v) => v.key).sort(),
            ["ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID", "TFC_AZURE_PROVIDER_AUTH", "TFC_AZURE_RUN_CLIENT_ID"],
        );
        assert.deepEqual([vars(a.id), vars(b.id)], [[], []], "the set's variables only");
        assert.deepEqual(vars(c.id), [
            ["ARM_SUBSCRIPTION_ID", SUB],
            ["ARM_TENANT_ID", TENANT],
            ["TFC_AWS_PROVIDER_AUTH", "true"],
            ["TFC_AWS_RUN_ROLE_ARN", "arn:aws:iam::123456789012:role/tfc-svc-c-oidc"],
            ["TFC_AZURE_PROVIDER_AUTH_second", "true"],
            ["TFC_AZURE_RUN_CLIENT_ID_second", azureClientId("svc-tagged-app")],
            ["TFC_AZURE_WORKLOAD_IDENTITY_AUDIENCE_second", "api://second"],
        ]);
        const checks = [...engine.state.entries()].filter(([urn]) => urn.includes("trust-check")).map(([urn, s]) => [urn.split("::").pop(), s.outs.status]);
        assert.deepEqual(checks.sort(), [["svc-tagged-trust-check", "passed"], ["svc-trust-check-svc-a", "passed"], ["svc-trust-check-svc-b", "passed"]]);
    });

    it("a moved workspace: the old subject fails the check with Entra's cause; the next up reads the new project and passes", async () => {
        const ws = world.emu.addWorkspace(ORG, "mover");
        const program = () => fed("mover", { workspace: "mover", verifyTrust: true });
        const first = await up(program);
        assert.deepEqual(first.report.failures, []);
        world.emu.moveWorkspace(ws.id, world.emu.addProject(ORG, "Elsewhere").id);
        // Entra still holds the old subject; a change of the workspace's variables re-runs the check.
        const stale = await capture(() => fed("mover", { workspace: "mover", verifyTrust: true, audience: "api://AzureADTokenExchange" }));
        const broken = await new Engine(world.host, stale.program).up();
        assert.deepEqual(broken.failures.map((f) => f.name), ["mover-trust-check"]);
        assert.match(broken.failures[0].message, /^trust check failed: the Azure dynamic credentials of workspace acme\/mover failed: Entra ID found no federated identity credential matching the token's issuer, subject and audience\. Fix: check the credential's subject/);
        assert.match(broken.failures[0].message, /AADSTS700213: No matching federated identity record found for presented assertion subject 'organization:acme:project:Elsewhere:workspace:mover:run_phase:plan'/);
        // The next up registers the subjects with the new project.
        const again = await up(program);
        assert.deepEqual(again.report.failures, []);
        assert.equal(again.run.byName("mover-credential-mover-plan").inputs.subject, "organization:acme:project:Elsewhere:workspace:mover:run_phase:plan");
    });
});
