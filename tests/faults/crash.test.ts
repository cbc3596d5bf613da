// The provider host is killed (SIGKILL) in the middle of an apply while creates are in flight: the
// server carries them out after the host is gone, so their answers are lost and the engine records
// nothing for them. A new host and the next `up`:
//  - the component's children adopt what the lost operations made (variables and variable sets
//    with adoptExisting, the workspace by name): no duplicate;
//  - standalone resources without adoptExisting fail with a message naming the object and the fix,
//    and write nothing; once the user sets adoptExisting they converge.
import assert from "node:assert/strict";
import { VariableSet, VariableSetVariable, WorkspaceVariable } from "../../src/resources";
import { WorkspaceOidcFederation } from "../../src/components";
import { Engine, captureProgram, stepCounts } from "./engine";
import { ORG, inventory, packageWrites, startWorld, variableLine, type World } from "./world";

const POST_LATENCY_MS = 1500;

async function until(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<void> {
    const t0 = Date.now();
    while (!cond()) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 5));
    }
}

describe("faults: provider host killed mid-apply", function () {
    this.timeout(120_000);
    let world: World;
    let engine: Engine;
    let standaloneWsId: string;
    const desc = (fed: string) => `HCP Terraform AWS dynamic credentials (managed by Pulumi stack "project/stack", WorkspaceOidcFederation "${fed}")`;
    const arn = (role: string) => `arn:aws:iam::123456789012:role/${role}`;
    /** Workspaces whose create POST was carried out after the kill. */
    let lostWorkspaceCreates: string[] = [];

    before(async () => {
        world = await startWorld({ seed: 5 });
        for (const ws of ["app-1", "app-2", "app-3", "shared-a", "shared-b", "standalone"]) world.emu.addWorkspace(ORG, ws);
        standaloneWsId = [...world.emu.store.workspaces.values()].find((w) => w.name === "standalone")!.id;
        const [host, program] = await Promise.all([
            world.startHost(),
            captureProgram(() => {
                // Standalone resources first: their creates are in the first wave.
                new WorkspaceVariable("standalone-var", { workspaceId: standaloneWsId, key: "APP_ENV", value: "prod", category: "env" });
                const set = new VariableSet("standalone-set", { organization: ORG, name: "shared-settings" });
                new VariableSetVariable("standalone-set-var", { variableSetId: set.variableSetId, key: "region", value: "eu-west-1", category: "terraform" });
                for (const ws of ["app-1", "app-2", "app-3"]) new WorkspaceOidcFederation(ws, { organization: ORG, workspace: ws });
                // deleteWorkspaceOnDestroy: a workspace the stack knows it made goes with it (kept by default).
                for (const ws of ["new-1", "new-2"]) new WorkspaceOidcFederation(ws, { organization: ORG, workspace: ws, createWorkspace: true, deleteWorkspaceOnDestroy: true });
                new WorkspaceOidcFederation("shared", { organization: ORG, workspaces: ["shared-a", "shared-b"] });
            }),
        ]);
        engine = new Engine(host, program, { parallel: 16 });
    });

    after(async () => world?.close());

    it("SIGKILL while creates are in flight: those operations are lost, the server still carries them out", async () => {
        world.emu.clearLog();
        world.emu.injectFaults({ latencyMs: POST_LATENCY_MS, match: (m) => m === "POST" });
        const inFlight = () => world.emu.log.filter((e) => e.method === "POST" && e.status === 0);
        const pass = engine.up();
        await until("creates of every kind in flight", () => {
            const f = inFlight();
            const body = (e: any) => JSON.stringify(e.body ?? "");
            return (
                f.some((e) => e.path.endsWith(`/workspaces/${standaloneWsId}/vars`)) &&
                f.some((e) => e.path.endsWith("/organizations/acme/varsets") && body(e).includes("shared-settings")) &&
                f.some((e) => e.path.endsWith("/organizations/acme/workspaces")) &&
                f.some((e) => /\/workspaces\/ws-[^/]+\/vars$/.test(e.path) && body(e).includes("TFC_AWS_"))
            );
        });
        const lost = inFlight().length;
        await engine.host.kill();
        const report = await pass;
        // Everything in flight or not yet started failed (host gone): nothing recorded for them.
        assert.ok(report.failures.length >= lost, `${report.failures.length} failures for ${lost} lost operations`);
        for (const f of report.failures) assert.equal(f.code, 14, `${f.name}: ${f.message}`); // UNAVAILABLE
        assert.equal(engine.state.has(engine.program.byName("standalone-var").urn), false);
        // The server acts on the delayed requests although nobody listens any more.
        await until("the server to act on every request", () => world.emu.log.every((e) => e.status !== 0));
        world.emu.clearFaults();
        assert.ok([...world.emu.store.variables.values()].some((v) => v.workspaceId === standaloneWsId && v.key === "APP_ENV"));
        assert.ok([...world.emu.store.varsets.values()].some((s) => s.name === "shared-settings"));
        const created = world.emu.log.filter((e) => e.method === "POST" && e.path.endsWith("/organizations/acme/workspaces") && e.status === 201);
        lostWorkspaceCreates = created
            .map((e) => (e.body as any).data.attributes.name as string)
            .filter((name) => !engine.state.has(engine.program.byName(`${name}-workspace`).urn));
        assert.ok(lostWorkspaceCreates.length > 0, "no workspace create was lost");
    });

    it("next up with a new host: the component adopts what the lost operations made; standalone resources name the object and the fix", async () => {
        engine.host = await world.startHost();
        const storeBefore = JSON.stringify(inventory(world.emu));
        world.emu.clearLog();
        const report = await engine.up();
        const failures = Object.fromEntries(report.failures.map((f) => [f.name, f.message]));
        assert.deepEqual(failures, {
            "standalone-var":
                `variable "APP_ENV" (env) of workspace ${standaloneWsId} already exists (Key has already been taken). ` +
                "Set adoptExisting: true to manage the existing variable, or delete it in HCP Terraform.",
            "standalone-set":
                'variable set "shared-settings" of organization "acme" already exists (Name has already been taken). ' +
                "Set adoptExisting: true to manage the existing variable set (it is then kept, not deleted, when the stack is destroyed), or choose another name.",
        });
        assert.deepEqual(report.skipped, ["standalone-set-var"]);
        // The refused creates wrote nothing: every write either was refused (422) or belongs to the component.
        for (const w of packageWrites(world.emu.log)) {
            const body = JSON.stringify(w.body ?? "");
            if (body.includes("APP_ENV") || body.includes("shared-settings")) assert.equal(w.status, 422, `${w.method} ${w.path}`);
        }
        assert.notEqual(JSON.stringify(inventory(world.emu)), storeBefore); // the component did converge
    });

    it("with adoptExisting set by the user, everything converges: exactly the declared objects, no duplicate", async () => {
        for (const name of ["standalone-var", "standalone-set", "standalone-set-var"]) {
            engine.overrides.set(engine.program.byName(name).urn, { adoptExisting: true });
        }
        const reports = await engine.converge(2);
        assert.equal(reports.length, 1);
        assert.equal(engine.state.size, engine.program.resources.length);

        const inv = inventory(world.emu);
        const single = (fed: string) => [
            variableLine({ category: "env", key: "TFC_AWS_PROVIDER_AUTH", value: "true", sensitive: false, hcl: false, description: desc(fed) }),
            variableLine({ category: "env", key: "TFC_AWS_RUN_ROLE_ARN", value: arn(`tfc-${fed}-oidc`), sensitive: false, hcl: false, description: desc(fed) }),
        ];
        assert.deepEqual(inv.workspaces, ["app-1", "app-2", "app-3", "new-1", "new-2", "shared-a", "shared-b", "standalone"]);
        assert.deepEqual(inv.variables, {
            "app-1": single("app-1"),
            "app-2": single("app-2"),
            "app-3": single("app-3"),
            "new-1": single("new-1"),
            "new-2": single("new-2"),
            "shared-a": [],
            "shared-b": [],
            standalone: [variableLine({ category: "env", key: "APP_ENV", value: "prod", sensitive: false, hcl: false, description: "" })],
        });
        assert.deepEqual(Object.keys(inv.varsets).sort(), ["shared-aws-oidc (project/stack)", "shared-settings"]);
        assert.deepEqual(inv.varsets["shared-aws-oidc (project/stack)"].workspaces, ["shared-a", "shared-b"]);
        assert.deepEqual(inv.varsets["shared-aws-oidc (project/stack)"].vars, single("shared"));
        assert.deepEqual(inv.varsets["shared-settings"].vars, [
            variableLine({ category: "terraform", key: "region", value: "eu-west-1", sensitive: false, hcl: false, description: "" }),
        ]);

        world.emu.clearLog();
        const again = await engine.up();
        assert.deepEqual(stepCounts(again), { same: engine.program.resources.length });
        assert.equal(world.emu.log.length, 0);
    });

    it("destroy removes what the stack knows it made; a workspace whose create answer died with the host is kept (recorded as adopted), and so is the adopted set", async () => {
        for (const name of lostWorkspaceCreates) {
            assert.equal(engine.stateOf(`${name}-workspace`).outs.created, false, `${name}`);
        }
        await engine.destroyAll(2);
        const inv = inventory(world.emu);
        assert.deepEqual(inv.workspaces, ["app-1", "app-2", "app-3", "shared-a", "shared-b", "standalone", ...lostWorkspaceCreates].sort());
        for (const ws of inv.workspaces) assert.deepEqual(inv.variables[ws], [], `${ws} still has variables`);
        // The user adopted "shared-settings" (adoptExisting): only its declared variable went.
        assert.deepEqual(inv.varsets, { "shared-settings": { global: false, priority: false, description: "", vars: [], workspaces: [], projects: [] } });
    });
});
