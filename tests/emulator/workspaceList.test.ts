// Pins the workspace document (execution-mode, permissions), GET /organizations/:org/workspaces and the
// out-of-band renameWorkspace / moveWorkspace controls.
import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "./index";
import { call } from "./http";

const NOT_FOUND = { errors: [{ status: "404", title: "not found" }] };
const ALL_PERMISSIONS = {
    "can-update": true, "can-destroy": true, "can-queue-run": true, "can-read-variable": true, "can-update-variable": true,
    "can-read-state-versions": true, "can-read-state-outputs": true, "can-create-state-versions": true, "can-queue-apply": true,
    "can-lock": true, "can-unlock": true, "can-force-unlock": true, "can-read-settings": true, "can-manage-tags": true,
    "can-manage-run-tasks": true, "can-force-delete": true, "can-manage-assessments": true, "can-read-assessment-results": true,
    "can-queue-destroy": true,
};

describe("HCP API emulator: workspace document and list", function () {
    let emu: Emulator;
    let defaultProject: string;

    beforeEach(async () => {
        emu = await startEmulator({ rateLimit: null });
        emu.addToken("token-alice", "alice");
        emu.addToken("token-bob", "bob");
        emu.addOrganization("Acme-Org");
        emu.addOrganization("other");
        defaultProject = emu.store.organizations.get("acme-org")!.defaultProjectId;
    });
    afterEach(async () => {
        await emu.close();
    });

    const names = (r: { json: any }) => r.json.data.map((w: any) => w.attributes.name);

    it("the show document carries execution-mode (default remote) and the caller's permissions (all true)", async () => {
        const w = emu.addWorkspace("acme-org", "app");
        const stored = emu.store.workspaces.get(w.id)!;
        const r = await call(emu, "GET", `/workspaces/${w.id}`);
        assert.equal(r.status, 200);
        assert.deepEqual(r.json, {
            data: {
                id: w.id,
                type: "workspaces",
                attributes: {
                    name: "app", description: null, environment: "default", "execution-mode": "remote", "auto-apply": false,
                    locked: false, "resource-count": 0, "working-directory": null, "created-at": stored.createdAt,
                    "updated-at": stored.updatedAt, permissions: ALL_PERMISSIONS,
                },
                relationships: {
                    organization: { data: { id: "Acme-Org", type: "organizations" } },
                    project: { data: { id: defaultProject, type: "projects" } },
                },
                links: { self: "/api/v2/organizations/Acme-Org/workspaces/app", "self-html": "/app/Acme-Org/workspaces/app" },
            },
        });
        const local = emu.addWorkspace("Acme-Org", "local-ws", { executionMode: "local" });
        assert.equal((await call(emu, "GET", `/workspaces/${local.id}`)).json.data.attributes["execution-mode"], "local");
        assert.throws(() => emu.addWorkspace("Acme-Org", "bad", { executionMode: "cloud" as any }), /invalid execution mode "cloud"/);
    });

    it("create accepts execution-mode (remote, local, agent); anything else is 422", async () => {
        const create = (attrs: Record<string, unknown>) =>
            call(emu, "POST", "/organizations/acme-org/workspaces", { body: { data: { type: "workspaces", attributes: attrs } } });
        const r = await create({ name: "agent-ws", "execution-mode": "agent" });
        assert.equal(r.status, 201);
        assert.equal(r.json.data.attributes["execution-mode"], "agent");
        assert.equal(emu.store.workspaces.get(r.json.data.id)!.executionMode, "agent");
        const bad = await create({ name: "x", "execution-mode": "cloud" });
        assert.equal(bad.status, 422);
        assert.deepEqual(bad.json, {
            errors: [{ status: "422", title: "invalid attribute", detail: "Execution mode is not included in the list", source: { pointer: "/data/attributes/execution-mode" } }],
        });
        const both = await create({ name: "has space", "execution-mode": 1 });
        assert.deepEqual(both.json.errors.map((e: any) => e.source.pointer), ["/data/attributes/name", "/data/attributes/execution-mode"]);
        assert.equal(emu.store.workspaces.size, 1);
    });

    it("list is paginated (default 20, max 100) like the variable-set list; each item is the show document", async () => {
        for (let i = 1; i <= 23; i++) emu.addWorkspace("Acme-Org", `ws-${i}`);
        emu.addWorkspace("other", "elsewhere");
        const base = `${emu.url}/api/v2/organizations/Acme-Org/workspaces`;
        const p1 = await call(emu, "GET", "/organizations/ACME-org/workspaces");
        assert.equal(p1.status, 200);
        assert.deepEqual(names(p1), Array.from({ length: 20 }, (_, i) => `ws-${i + 1}`));
        assert.deepEqual(p1.json.meta, {
            pagination: { "current-page": 1, "page-size": 20, "prev-page": null, "next-page": 2, "total-pages": 2, "total-count": 23 },
        });
        assert.deepEqual(p1.json.links, {
            self: `${base}?page%5Bnumber%5D=1&page%5Bsize%5D=20`,
            first: `${base}?page%5Bnumber%5D=1&page%5Bsize%5D=20`,
            prev: null,
            next: `${base}?page%5Bnumber%5D=2&page%5Bsize%5D=20`,
            last: `${base}?page%5Bnumber%5D=2&page%5Bsize%5D=20`,
        });
        const p2 = await call(emu, "GET", "/organizations/acme-org/workspaces?page%5Bnumber%5D=2");
        assert.deepEqual(names(p2), ["ws-21", "ws-22", "ws-23"]);
        assert.deepEqual(p2.json.meta.pagination, { "current-page": 2, "page-size": 20, "prev-page": 1, "next-page": null, "total-pages": 2, "total-count": 23 });
        for (const item of p2.json.data) assert.deepEqual(item, (await call(emu, "GET", `/workspaces/${item.id}`)).json.data);
        const big = await call(emu, "GET", "/organizations/acme-org/workspaces?page[size]=500");
        assert.equal(big.json.data.length, 23);
        assert.equal(big.json.meta.pagination["page-size"], 100);
        assert.deepEqual(Object.keys(big.json), ["data", "links", "meta"]);
    });

    it("search[name] keeps names containing it (case-insensitive); filter[project][id] keeps one project; both combine", async () => {
        const team = emu.addProject("Acme-Org", "Team");
        emu.addWorkspace("Acme-Org", "app-prod");
        emu.addWorkspace("Acme-Org", "App-Staging", { projectId: team.id });
        emu.addWorkspace("Acme-Org", "db-prod", { projectId: team.id });
        const base = `${emu.url}/api/v2/organizations/Acme-Org/workspaces`;
        const search = await call(emu, "GET", "/organizations/acme-org/workspaces?search%5Bname%5D=APP&page%5Bsize%5D=1");
        assert.deepEqual(names(search), ["app-prod"]);
        assert.equal(search.json.meta.pagination["total-count"], 2);
        assert.equal(search.json.links.next, `${base}?page%5Bnumber%5D=2&page%5Bsize%5D=1&search%5Bname%5D=APP`);
        const inTeam = await call(emu, "GET", `/organizations/acme-org/workspaces?filter%5Bproject%5D%5Bid%5D=${team.id}`);
        assert.deepEqual(names(inTeam), ["App-Staging", "db-prod"]);
        assert.equal(inTeam.json.links.self, `${base}?page%5Bnumber%5D=1&page%5Bsize%5D=20&filter%5Bproject%5D%5Bid%5D=${team.id}`);
        const both = await call(emu, "GET", `/organizations/acme-org/workspaces?search%5Bname%5D=prod&filter%5Bproject%5D%5Bid%5D=${team.id}`);
        assert.deepEqual(names(both), ["db-prod"]);
        const none = await call(emu, "GET", "/organizations/acme-org/workspaces?filter%5Bproject%5D%5Bid%5D=prj-AAAAAAAAAAAAAAAA");
        assert.deepEqual(none.json.data, []);
        assert.deepEqual(none.json.meta.pagination, { "current-page": 1, "page-size": 20, "prev-page": null, "next-page": null, "total-pages": 1, "total-count": 0 });
    });

    it("lists only what the token may see: denied workspaces and projects are left out; a denied org is 404", async () => {
        const team = emu.addProject("Acme-Org", "Team");
        const a = emu.addWorkspace("Acme-Org", "a");
        const b = emu.addWorkspace("Acme-Org", "b");
        emu.addWorkspace("Acme-Org", "c", { projectId: team.id });
        emu.denyAccess("token-bob", b.id);
        emu.denyAccess("token-bob", team.id);
        const bob = await call(emu, "GET", "/organizations/acme-org/workspaces", { token: "token-bob" });
        assert.deepEqual(bob.json.data.map((w: any) => w.id), [a.id]);
        assert.equal(bob.json.meta.pagination["total-count"], 1);
        assert.deepEqual(names(await call(emu, "GET", "/organizations/acme-org/workspaces")), ["a", "b", "c"]);
        emu.denyAccess("token-bob", "acme-org");
        const denied = await call(emu, "GET", "/organizations/acme-org/workspaces", { token: "token-bob" });
        assert.equal(denied.status, 404);
        assert.deepEqual(denied.json, NOT_FOUND);
        assert.deepEqual((await call(emu, "GET", "/organizations/nope/workspaces")).json, NOT_FOUND);
    });

    it("renameWorkspace / moveWorkspace edit the store out of band with a new updated-at, and check their input", async () => {
        const team = emu.addProject("Acme-Org", "Team");
        const w = emu.addWorkspace("Acme-Org", "old-name");
        emu.addWorkspace("Acme-Org", "taken");
        const before = emu.store.workspaces.get(w.id)!.updatedAt;
        emu.renameWorkspace(w.id, "new-name");
        const renamed = emu.store.workspaces.get(w.id)!;
        assert.equal(renamed.name, "new-name");
        assert.ok(renamed.updatedAt > before, `${renamed.updatedAt} > ${before}`);
        assert.equal((await call(emu, "GET", "/organizations/acme-org/workspaces/old-name")).status, 404);
        assert.equal((await call(emu, "GET", "/organizations/acme-org/workspaces/new-name")).json.data.id, w.id);
        const afterRename = renamed.updatedAt;
        emu.moveWorkspace(w.id, team.id);
        assert.equal(renamed.projectId, team.id);
        assert.ok(renamed.updatedAt > afterRename);
        assert.equal((await call(emu, "GET", `/workspaces/${w.id}`)).json.data.relationships.project.data.id, team.id);
        assert.throws(() => emu.renameWorkspace(w.id, "taken"), /workspace taken already exists/);
        assert.throws(() => emu.renameWorkspace(w.id, "bad name"), /invalid workspace name "bad name"/);
        assert.throws(() => emu.renameWorkspace("ws-AAAAAAAAAAAAAAAA", "x"), /unknown workspace ws-AAAAAAAAAAAAAAAA/);
        const foreign = emu.store.organizations.get("other")!.defaultProjectId;
        assert.throws(() => emu.moveWorkspace(w.id, foreign), new RegExp(`project ${foreign} is not in Acme-Org`));
        assert.equal(emu.log.length, 3, "controls send no requests");
    });
});
