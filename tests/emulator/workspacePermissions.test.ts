// Pins emu.setWorkspacePermissions: what attributes.permissions answers, per token, and what is refused.
import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "./index";
import { call, doc } from "./http";

const NOT_FOUND = { errors: [{ status: "404", title: "not found" }] };

describe("HCP API emulator: workspace permissions", function () {
    let emu: Emulator;
    let ws: string;

    beforeEach(async () => {
        emu = await startEmulator({ rateLimit: null });
        emu.addToken("token-alice", "alice");
        emu.addToken("token-bob", "bob");
        emu.addOrganization("Acme-Org");
        ws = emu.addWorkspace("Acme-Org", "app").id;
    });
    afterEach(async () => {
        await emu.close();
    });

    const permissionsOf = async (token: string) => (await call(emu, "GET", `/workspaces/${ws}`, { token })).json.data.attributes.permissions;

    it("answers the token's own permissions on show, show-by-name, list and PATCH documents; others keep all true", async () => {
        emu.setWorkspacePermissions("token-bob", ws, { canQueueRun: false, canQueueDestroy: false });
        emu.setWorkspacePermissions("token-bob", ws, { canLock: false });
        const bob = await permissionsOf("token-bob");
        assert.deepEqual(bob, {
            "can-update": true, "can-destroy": true, "can-queue-run": false, "can-read-variable": true, "can-update-variable": true,
            "can-read-state-versions": true, "can-read-state-outputs": true, "can-create-state-versions": true, "can-queue-apply": true,
            "can-lock": false, "can-unlock": true, "can-force-unlock": true, "can-read-settings": true, "can-manage-tags": true,
            "can-manage-run-tasks": true, "can-force-delete": true, "can-manage-assessments": true, "can-read-assessment-results": true,
            "can-queue-destroy": false,
        });
        assert.deepEqual(Object.values(await permissionsOf("token-alice")), Array(19).fill(true));
        const byName = await call(emu, "GET", "/organizations/acme-org/workspaces/app", { token: "token-bob" });
        assert.deepEqual(byName.json.data.attributes.permissions, bob);
        const list = await call(emu, "GET", "/organizations/acme-org/workspaces", { token: "token-bob" });
        assert.deepEqual(list.json.data[0].attributes.permissions, bob);
        const patched = await call(emu, "PATCH", `/workspaces/${ws}`, { token: "token-bob", body: doc("workspaces", { description: "d" }) });
        assert.deepEqual(patched.json.data.attributes.permissions, bob);
        emu.setWorkspacePermissions("token-bob", ws, { canQueueRun: true });
        assert.equal((await permissionsOf("token-bob"))["can-queue-run"], true);
    });

    it("without can-read-variable, reading variables is 404; without can-update-variable, changing them is 404", async () => {
        const v = await call(emu, "POST", `/workspaces/${ws}/vars`, { body: doc("vars", { key: "A", value: "1", category: "env" }) });
        const varId = v.json.data.id;
        emu.setWorkspacePermissions("token-bob", ws, { canUpdateVariable: false });
        assert.equal((await call(emu, "GET", `/workspaces/${ws}/vars`, { token: "token-bob" })).status, 200);
        const writes: Array<[string, string, unknown]> = [
            ["POST", `/workspaces/${ws}/vars`, doc("vars", { key: "B", category: "env" })],
            ["PATCH", `/workspaces/${ws}/vars/${varId}`, doc("vars", { value: "2" })],
            ["DELETE", `/workspaces/${ws}/vars/${varId}`, undefined],
        ];
        for (const [method, path, body] of writes) {
            const r = await call(emu, method, path, { token: "token-bob", body });
            assert.equal(r.status, 404, method);
            assert.deepEqual(r.json, NOT_FOUND);
        }
        assert.deepEqual([...emu.store.variables.values()].map((x) => [x.key, x.value]), [["A", "1"]]);
        emu.setWorkspacePermissions("token-bob", ws, { canReadVariable: false });
        for (const path of [`/workspaces/${ws}/vars`, `/workspaces/${ws}/vars/${varId}`, `/workspaces/${ws}/all-vars`]) {
            const r = await call(emu, "GET", path, { token: "token-bob" });
            assert.equal(r.status, 404, path);
            assert.deepEqual(r.json, NOT_FOUND);
            assert.equal((await call(emu, "GET", path)).status, 200, path);
        }
        assert.equal((await call(emu, "GET", `/workspaces/${ws}`, { token: "token-bob" })).status, 200);
    });

    it("without can-destroy, safe-delete is 404; without can-force-delete, DELETE is the documented 403", async () => {
        emu.setWorkspacePermissions("token-bob", ws, { canDestroy: false, canForceDelete: false });
        const safe = await call(emu, "POST", `/workspaces/${ws}/actions/safe-delete`, { token: "token-bob" });
        assert.equal(safe.status, 404);
        assert.deepEqual(safe.json, NOT_FOUND);
        const force = await call(emu, "DELETE", `/workspaces/${ws}`, { token: "token-bob" });
        assert.equal(force.status, 403);
        assert.deepEqual(force.json, { errors: [{ status: "403", title: "forbidden" }] });
        assert.ok(emu.store.workspaces.has(ws));
        assert.equal((await call(emu, "DELETE", `/workspaces/${ws}`)).status, 204);
    });

    it("refuses unknown option names, non-boolean values and unknown workspaces", () => {
        assert.throws(() => emu.setWorkspacePermissions("token-bob", ws, { canFly: false } as any), /unknown workspace permission canFly \(one of canUpdate, /);
        assert.throws(() => emu.setWorkspacePermissions("token-bob", ws, { canLock: "no" } as any), /workspace permission canLock must be true or false/);
        assert.throws(() => emu.setWorkspacePermissions("token-bob", "ws-AAAAAAAAAAAAAAAA", { canLock: false }), /unknown workspace ws-AAAAAAAAAAAAAAAA/);
    });
});
