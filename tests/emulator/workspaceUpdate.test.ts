// Pins PATCH /workspaces/:id and PATCH /organizations/:org/workspaces/:name (update a workspace).
import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "./index";
import { call } from "./http";

const NOT_FOUND = { errors: [{ status: "404", title: "not found" }] };

function invalid(detail: string, pointer: string) {
    return { status: "422", title: "invalid attribute", detail, source: { pointer } };
}

function patchDoc(attributes: Record<string, unknown>, projectId?: string) {
    const data: Record<string, unknown> = { type: "workspaces", attributes };
    if (projectId !== undefined) data.relationships = { project: { data: { type: "projects", id: projectId } } };
    return { data };
}

function sleep(ms: number) {
    return new Promise((r) => setTimeout(r, ms));
}

describe("HCP API emulator: workspace update", function () {
    let emu: Emulator;
    let ws: { id: string; name: string; projectId: string };

    beforeEach(async () => {
        emu = await startEmulator({ rateLimit: null });
        emu.addToken("token-alice", "alice");
        emu.addToken("token-bob", "bob");
        emu.addOrganization("Acme-Org");
        emu.addOrganization("other");
        ws = emu.addWorkspace("Acme-Org", "app");
    });
    afterEach(async () => {
        await emu.close();
    });

    const stored = () => emu.store.workspaces.get(ws.id)!;

    it("PATCH /workspaces/:id is partial: 200 with the full document; updated-at changes", async () => {
        const before = stored().updatedAt;
        await sleep(2);
        const r = await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: patchDoc({ description: "the app", "execution-mode": "local" }) });
        assert.equal(r.status, 200);
        assert.equal(r.headers["content-type"], "application/vnd.api+json");
        assert.ok(stored().updatedAt > before);
        assert.deepEqual([stored().name, stored().description, stored().executionMode], ["app", "the app", "local"]);
        assert.deepEqual(r.json, (await call(emu, "GET", `/workspaces/${ws.id}`)).json);
        assert.equal(r.json.data.attributes["updated-at"], stored().updatedAt);
        const agent = await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: patchDoc({ "execution-mode": "agent", description: null }) });
        assert.deepEqual([agent.json.data.attributes["execution-mode"], agent.json.data.attributes.description], ["agent", null]);
    });

    it("renaming answers the new name and links; the old name is 404; PATCH by name works the same (any org casing)", async () => {
        const r = await call(emu, "PATCH", "/organizations/ACME-ORG/workspaces/app", { body: patchDoc({ name: "app-2" }) });
        assert.equal(r.status, 200);
        assert.equal(r.json.data.id, ws.id);
        assert.equal(r.json.data.attributes.name, "app-2");
        assert.deepEqual(r.json.data.links, { self: "/api/v2/organizations/Acme-Org/workspaces/app-2", "self-html": "/app/Acme-Org/workspaces/app-2" });
        assert.equal((await call(emu, "GET", "/organizations/acme-org/workspaces/app")).status, 404);
        assert.equal((await call(emu, "PATCH", "/organizations/acme-org/workspaces/app", { body: patchDoc({ description: "x" }) })).status, 404);
        const same = await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: patchDoc({ name: "app-2" }) });
        assert.equal(same.status, 200, "its own name is not taken");
    });

    it("a PATCH that changes nothing answers 200 and keeps updated-at (as Rails does)", async () => {
        const before = stored().updatedAt;
        await sleep(2);
        const r = await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: patchDoc({ name: "app", "execution-mode": "remote" }, ws.projectId) });
        assert.equal(r.status, 200);
        assert.equal(stored().updatedAt, before);
        assert.equal((await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: patchDoc({}) })).status, 200);
        assert.equal(stored().updatedAt, before);
    });

    it("relationships.project moves the workspace to another project of its organization", async () => {
        const team = emu.addProject("Acme-Org", "Team");
        const r = await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: patchDoc({}, team.id) });
        assert.equal(r.status, 200);
        assert.deepEqual(r.json.data.relationships.project, { data: { id: team.id, type: "projects" } });
        assert.equal(stored().projectId, team.id);
        const team2 = await call(emu, "GET", `/projects/${team.id}`);
        assert.equal(team2.json.data.attributes["workspace-count"], 1);
    });

    it("an unknown, foreign or invisible project is 404 and nothing changes", async () => {
        const foreign = emu.store.organizations.get("other")!.defaultProjectId;
        const hidden = emu.addProject("Acme-Org", "Hidden");
        emu.denyAccess("token-bob", hidden.id);
        const cases: Array<[string, string]> = [["prj-AAAAAAAAAAAAAAAA", "token-alice"], [foreign, "token-alice"], [hidden.id, "token-bob"]];
        for (const [projectId, token] of cases) {
            const r = await call(emu, "PATCH", `/workspaces/${ws.id}`, { token, body: patchDoc({ description: "moved" }, projectId) });
            assert.equal(r.status, 404, projectId);
            assert.deepEqual(r.json, NOT_FOUND);
        }
        assert.deepEqual([stored().projectId, stored().description], [ws.projectId, null]);
        const malformed = await call(emu, "PATCH", `/workspaces/${ws.id}`, {
            body: { data: { type: "workspaces", relationships: { project: { data: { type: "projects", id: 7 } } } } },
        });
        assert.deepEqual(malformed.json, { errors: [invalid("project must be {\"type\":\"projects\",\"id\":…}", "/data/relationships/project/data")] });
    });

    it("422 for a taken, blank or invalid name and an unknown execution mode, all in one document; nothing changes", async () => {
        emu.addWorkspace("Acme-Org", "taken");
        const before = { ...stored() };
        const dup = await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: patchDoc({ name: "taken", description: "d" }) });
        assert.equal(dup.status, 422);
        assert.deepEqual(dup.json, { errors: [invalid("Name has already been taken", "/data/attributes/name")] });
        const blank = await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: patchDoc({ name: "" }) });
        assert.deepEqual(blank.json, { errors: [invalid("Name can't be blank", "/data/attributes/name")] });
        const nul = await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: patchDoc({ name: null }) });
        assert.deepEqual(nul.json, { errors: [invalid("Name can't be blank", "/data/attributes/name")] });
        const many = await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: patchDoc({ name: "a:b", description: 3, "execution-mode": "cloud" }) });
        assert.deepEqual(many.json, {
            errors: [
                invalid("Name can only include letters, numbers, -, and _ (at most 90 characters).", "/data/attributes/name"),
                invalid("Description must be a string", "/data/attributes/description"),
                invalid("Execution mode is not included in the list", "/data/attributes/execution-mode"),
            ],
        });
        assert.deepEqual(stored(), before);
        const noData = await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: { nodata: true } });
        assert.deepEqual(noData.json, { errors: [invalid("data must be a JSON:API resource object", "/data")] });
    });

    it("404 for an unknown or invisible workspace (by id and by name), and for a token without can-update", async () => {
        for (const path of ["/workspaces/ws-AAAAAAAAAAAAAAAA", "/organizations/acme-org/workspaces/nope", "/organizations/nope/workspaces/app"]) {
            const r = await call(emu, "PATCH", path, { body: patchDoc({ description: "x" }) });
            assert.equal(r.status, 404, path);
            assert.deepEqual(r.json, NOT_FOUND);
        }
        emu.denyAccess("token-bob", ws.id);
        assert.equal((await call(emu, "PATCH", `/workspaces/${ws.id}`, { token: "token-bob", body: patchDoc({ description: "x" }) })).status, 404);
        emu.addToken("token-carol", "carol");
        emu.setWorkspacePermissions("token-carol", ws.id, { canUpdate: false });
        const refused = await call(emu, "PATCH", "/organizations/acme-org/workspaces/app", { token: "token-carol", body: patchDoc({ description: "x" }) });
        assert.equal(refused.status, 404);
        assert.deepEqual(refused.json, NOT_FOUND);
        assert.equal(stored().description, null);
        assert.equal((await call(emu, "GET", `/workspaces/${ws.id}`, { token: "token-carol" })).status, 200);
    });
});
