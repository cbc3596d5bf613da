// Pins the emulator's documented HCP Terraform behaviour (hcp-api.md) with plain HTTP requests.
import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "./index";
import { call, doc } from "./http";

const NOT_FOUND = { errors: [{ status: "404", title: "not found" }] };
const JSONAPI = "application/vnd.api+json";
const ID = (prefix: string) => new RegExp(`^${prefix}-[A-Za-z0-9]{16}$`);
const VERSION_ID = /^[0-9a-f]{36}$/;

function invalid(detail: string, pointer: string) {
    return { status: "422", title: "invalid attribute", detail, source: { pointer } };
}

describe("HCP API emulator: documented behaviour", function () {
    let emu: Emulator;
    let org: { defaultProjectId: string };

    beforeEach(async () => {
        emu = await startEmulator({ rateLimit: null, seed: 1 });
        emu.addToken("token-alice", "alice");
        emu.addToken("token-bob", "bob");
        emu.addOrganization("Acme-Org");
        org = emu.store.organizations.get("acme-org")!;
    });
    afterEach(async () => {
        await emu.close();
    });

    async function createWs(name: string): Promise<string> {
        const r = await call(emu, "POST", "/organizations/acme-org/workspaces", { body: doc("workspaces", { name }) });
        assert.equal(r.status, 201, r.text);
        return r.json.data.id;
    }
    async function createVar(wsId: string, attrs: Record<string, unknown>) {
        const r = await call(emu, "POST", `/workspaces/${wsId}/vars`, { body: doc("vars", attrs) });
        assert.equal(r.status, 201, r.text);
        return r.json.data;
    }
    async function createSet(name: string, attrs: Record<string, unknown> = {}) {
        const r = await call(emu, "POST", "/organizations/acme-org/varsets", { body: doc("varsets", { name, ...attrs }) });
        assert.equal(r.status, 201, r.text);
        return r.json.data;
    }

    describe("transport", () => {
        it("listens on 127.0.0.1 and answers JSON:API documents", async () => {
            assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
            assert.equal(emu.hostname, emu.url.slice("http://".length));
            const r = await call(emu, "GET", `/projects/${org.defaultProjectId}`);
            assert.equal(r.status, 200);
            assert.equal(r.headers["content-type"], JSONAPI);
        });

        it("401 without an Authorization header and with an unknown bearer token, without acting", async () => {
            const missing = await call(emu, "POST", "/organizations/acme-org/workspaces", { token: null, body: doc("workspaces", { name: "w" }) });
            const unknown = await call(emu, "POST", "/organizations/acme-org/workspaces", { token: "nope", body: doc("workspaces", { name: "w" }) });
            for (const r of [missing, unknown]) {
                assert.equal(r.status, 401);
                assert.equal(r.headers["content-type"], JSONAPI);
                assert.deepEqual(r.json, { errors: [{ status: "401", title: "unauthorized" }] });
            }
            assert.equal(emu.store.workspaces.size, 0);
        });

        it("404 with the same body for unknown paths and unknown objects", async () => {
            for (const path of ["/nothing/here", "/workspaces/ws-AAAAAAAAAAAAAAAA", "/organizations/no-such-org/workspaces/w"]) {
                const r = await call(emu, "GET", path);
                assert.equal(r.status, 404, path);
                assert.deepEqual(r.json, NOT_FOUND);
            }
        });

        it("400 when the body is not JSON and 415 when it is not application/vnd.api+json, without acting", async () => {
            const bad = await call(emu, "POST", "/organizations/acme-org/workspaces", { rawBody: "{\"data\":" });
            assert.equal(bad.status, 400);
            assert.equal(bad.json.errors[0].status, "400");
            assert.equal(bad.json.errors[0].title, "bad request");
            assert.match(bad.json.errors[0].detail, /^Request body is not valid JSON: /);
            const type = await call(emu, "POST", "/organizations/acme-org/workspaces", {
                body: doc("workspaces", { name: "w" }), contentType: "text/plain",
            });
            assert.equal(type.status, 415);
            assert.deepEqual(type.json, {
                errors: [{ status: "415", title: "unsupported media type", detail: "Content-Type must be application/vnd.api+json" }],
            });
            const charset = await call(emu, "POST", "/organizations/acme-org/workspaces", {
                body: doc("workspaces", { name: "w" }), contentType: "application/vnd.api+json; charset=utf-8",
            });
            assert.equal(charset.status, 201);
            assert.equal(emu.store.workspaces.size, 1);
        });

        it("422 when data is missing", async () => {
            const r = await call(emu, "POST", "/organizations/acme-org/workspaces", { body: { nodata: true } });
            assert.equal(r.status, 422);
            assert.deepEqual(r.json.errors, [invalid("data must be a JSON:API resource object", "/data")]);
        });
    });

    describe("workspaces", () => {
        it("create answers 201 in the default project; read by name (any org casing) and by id answer 200", async () => {
            const created = await call(emu, "POST", "/organizations/ACME-ORG/workspaces", { body: doc("workspaces", { name: "app-prod" }) });
            assert.equal(created.status, 201);
            const data = created.json.data;
            assert.match(data.id, ID("ws"));
            assert.equal(data.type, "workspaces");
            assert.equal(data.attributes.name, "app-prod");
            assert.equal(data.attributes["resource-count"], 0);
            assert.deepEqual(data.relationships, {
                organization: { data: { id: "Acme-Org", type: "organizations" } },
                project: { data: { id: org.defaultProjectId, type: "projects" } },
            });
            assert.deepEqual(data.links, { self: "/api/v2/organizations/Acme-Org/workspaces/app-prod", "self-html": "/app/Acme-Org/workspaces/app-prod" });
            const byName = await call(emu, "GET", "/organizations/acme-ORG/workspaces/app-prod");
            assert.equal(byName.status, 200);
            assert.deepEqual(byName.json, created.json);
            const byId = await call(emu, "GET", `/workspaces/${data.id}`);
            assert.equal(byId.status, 200);
            assert.deepEqual(byId.json, created.json);
            assert.deepEqual(emu.store.workspaces.get(data.id)!.organization, "Acme-Org");
            assert.equal((await call(emu, "GET", "/organizations/acme-org/workspaces/APP-PROD")).status, 404);
        });

        it("create with relationships.project places it in that project; an unknown project is 404", async () => {
            const prj = emu.addProject("Acme-Org", "Platform Team");
            assert.match(prj.id, ID("prj"));
            const r = await call(emu, "POST", "/organizations/acme-org/workspaces", {
                body: doc("workspaces", { name: "in-project" }, { relationships: { project: { data: { type: "projects", id: prj.id } } } }),
            });
            assert.equal(r.status, 201);
            assert.equal(r.json.data.relationships.project.data.id, prj.id);
            const missing = await call(emu, "POST", "/organizations/acme-org/workspaces", {
                body: doc("workspaces", { name: "nowhere" }, { relationships: { project: { data: { type: "projects", id: "prj-AAAAAAAAAAAAAAAA" } } } }),
            });
            assert.equal(missing.status, 404);
            assert.equal(emu.store.workspaces.size, 1);
        });

        it("422 for a duplicate, blank or invalid name", async () => {
            await createWs("dup");
            const dup = await call(emu, "POST", "/organizations/acme-org/workspaces", { body: doc("workspaces", { name: "dup" }) });
            assert.equal(dup.status, 422);
            assert.equal(dup.headers["content-type"], JSONAPI);
            assert.deepEqual(dup.json, { errors: [invalid("Name has already been taken", "/data/attributes/name")] });
            const blank = await call(emu, "POST", "/organizations/acme-org/workspaces", { body: doc("workspaces", {}) });
            assert.deepEqual(blank.json, { errors: [invalid("Name can't be blank", "/data/attributes/name")] });
            for (const name of ["has space", "a*b", "org:ws", "x".repeat(91)]) {
                const r = await call(emu, "POST", "/organizations/acme-org/workspaces", { body: doc("workspaces", { name }) });
                assert.equal(r.status, 422, name);
                assert.deepEqual(r.json.errors, [
                    invalid("Name can only include letters, numbers, -, and _ (at most 90 characters).", "/data/attributes/name"),
                ]);
            }
            assert.equal(emu.store.workspaces.size, 1);
        });

        it("404 for an unknown organization", async () => {
            const r = await call(emu, "POST", "/organizations/other/workspaces", { body: doc("workspaces", { name: "w" }) });
            assert.equal(r.status, 404);
            assert.deepEqual(r.json, NOT_FOUND);
        });

        it("safe-delete answers 409 while the workspace manages resources, 204 otherwise; DELETE answers 204", async () => {
            const busy = emu.addWorkspace("acme-org", "busy", { managesResources: true });
            const idle = emu.addWorkspace("Acme-Org", "idle");
            await createVar(idle.id, { key: "A", value: "1", category: "env" });
            const refused = await call(emu, "POST", `/workspaces/${busy.id}/actions/safe-delete`);
            assert.equal(refused.status, 409);
            assert.deepEqual(refused.json, {
                errors: [{
                    status: "409", title: "conflict",
                    detail: "Workspace is currently managing resources and cannot be safe deleted; destroy its resources first, or force delete it.",
                }],
            });
            assert.ok(emu.store.workspaces.has(busy.id));
            const done = await call(emu, "POST", `/workspaces/${idle.id}/actions/safe-delete`);
            assert.equal(done.status, 204);
            assert.equal(done.text, "");
            assert.equal(emu.store.workspaces.has(idle.id), false);
            assert.equal(emu.store.variables.size, 0);
            assert.equal((await call(emu, "GET", `/workspaces/${idle.id}`)).status, 404);
            const forced = await call(emu, "DELETE", `/workspaces/${busy.id}`);
            assert.equal(forced.status, 204);
            assert.equal(emu.store.workspaces.size, 0);
        });
    });

    describe("projects", () => {
        it("GET /projects/:id answers the project with its organization; unknown is 404", async () => {
            const r = await call(emu, "GET", `/projects/${org.defaultProjectId}`);
            assert.equal(r.status, 200);
            assert.equal(r.json.data.id, org.defaultProjectId);
            assert.equal(r.json.data.type, "projects");
            assert.equal(r.json.data.attributes.name, "Default Project");
            assert.deepEqual(r.json.data.relationships.organization, {
                data: { id: "Acme-Org", type: "organizations" }, links: { related: "/api/v2/organizations/Acme-Org" },
            });
            assert.deepEqual(r.json.data.links, { self: `/api/v2/projects/${org.defaultProjectId}` });
            assert.equal((await call(emu, "GET", "/projects/prj-AAAAAAAAAAAAAAAA")).status, 404);
        });
    });

    describe("workspace variables", () => {
        let ws: string;
        beforeEach(async () => {
            ws = emu.addWorkspace("Acme-Org", "vars-ws").id;
        });

        it("create answers 201 with the documented document", async () => {
            const r = await call(emu, "POST", `/workspaces/${ws}/vars`, {
                body: doc("vars", { key: "some_key", value: "some_value", description: "some description", category: "terraform", hcl: false, sensitive: false }),
            });
            assert.equal(r.status, 201);
            const d = r.json.data;
            assert.match(d.id, ID("var"));
            assert.match(d.attributes["version-id"], VERSION_ID);
            assert.deepEqual(d, {
                id: d.id,
                type: "vars",
                attributes: {
                    key: "some_key", value: "some_value", description: "some description", sensitive: false, category: "terraform",
                    hcl: false, "created-at": d.attributes["created-at"], "version-id": d.attributes["version-id"],
                },
                relationships: {
                    configurable: {
                        data: { id: ws, type: "workspaces" },
                        links: { related: "/api/v2/organizations/Acme-Org/workspaces/vars-ws" },
                    },
                },
                links: { self: `/api/v2/workspaces/${ws}/vars/${d.id}` },
            });
            const defaults = await createVar(ws, { key: "B", category: "env" });
            assert.equal(defaults.attributes.value, "");
            assert.equal(defaults.attributes.description, "");
            assert.equal(defaults.attributes.hcl, false);
            assert.equal(defaults.attributes.sensitive, false);
        });

        it("list is not paginated: all variables, page parameters ignored, no meta", async () => {
            for (let i = 0; i < 25; i++) await createVar(ws, { key: `K${i}`, value: String(i), category: "env" });
            const r = await call(emu, "GET", `/workspaces/${ws}/vars?page%5Bsize%5D=5`);
            assert.equal(r.status, 200);
            assert.equal(r.json.data.length, 25);
            assert.deepEqual(r.json.data.map((v: any) => v.attributes.key), Array.from({ length: 25 }, (_, i) => `K${i}`));
            assert.deepEqual(Object.keys(r.json), ["data"]);
        });

        it("read answers 200; a variable of another workspace is 404", async () => {
            const v = await createVar(ws, { key: "A", value: "1", category: "env" });
            const r = await call(emu, "GET", `/workspaces/${ws}/vars/${v.id}`);
            assert.equal(r.status, 200);
            assert.deepEqual(r.json.data, v);
            const other = emu.addWorkspace("Acme-Org", "other").id;
            assert.equal((await call(emu, "GET", `/workspaces/${other}/vars/${v.id}`)).status, 404);
        });

        it("PATCH is partial and changes version-id every time, even when empty", async () => {
            const v = await createVar(ws, { key: "A", value: "1", description: "d", category: "env", hcl: false });
            const p1 = await call(emu, "PATCH", `/workspaces/${ws}/vars/${v.id}`, { body: { data: { id: v.id, type: "vars", attributes: { description: "new" } } } });
            assert.equal(p1.status, 200);
            assert.deepEqual(
                { ...p1.json.data.attributes, "version-id": null },
                { ...v.attributes, description: "new", "version-id": null },
            );
            assert.notEqual(p1.json.data.attributes["version-id"], v.attributes["version-id"]);
            assert.match(p1.json.data.attributes["version-id"], VERSION_ID);
            const p2 = await call(emu, "PATCH", `/workspaces/${ws}/vars/${v.id}`, { body: { data: { id: v.id, type: "vars", attributes: {} } } });
            assert.equal(p2.status, 200);
            assert.notEqual(p2.json.data.attributes["version-id"], p1.json.data.attributes["version-id"]);
            assert.deepEqual({ ...p2.json.data.attributes, "version-id": null }, { ...p1.json.data.attributes, "version-id": null });
            assert.equal(emu.store.variables.get(v.id)!.versionId, p2.json.data.attributes["version-id"]);
        });

        it("422 Key has already been taken for the same key and category (another category is fine)", async () => {
            await createVar(ws, { key: "A", value: "1", category: "env" });
            const dup = await call(emu, "POST", `/workspaces/${ws}/vars`, { body: doc("vars", { key: "A", value: "2", category: "env" }) });
            assert.equal(dup.status, 422);
            assert.deepEqual(dup.json, { errors: [invalid("Key has already been taken", "/data/attributes/key")] });
            const tf = await call(emu, "POST", `/workspaces/${ws}/vars`, { body: doc("vars", { key: "A", value: "2", category: "terraform" }) });
            assert.equal(tf.status, 201);
            const renamed = await call(emu, "PATCH", `/workspaces/${ws}/vars/${tf.json.data.id}`, { body: doc("vars", { category: "env" }) });
            assert.equal(renamed.status, 422);
            assert.deepEqual(renamed.json, { errors: [invalid("Key has already been taken", "/data/attributes/key")] });
            assert.equal(emu.store.variables.size, 2);
        });

        it("422 for missing key and category, and for an invalid category", async () => {
            const missing = await call(emu, "POST", `/workspaces/${ws}/vars`, { body: doc("vars", { value: "x" }) });
            assert.equal(missing.status, 422);
            assert.deepEqual(missing.json, {
                errors: [invalid("Key can't be blank", "/data/attributes/key"), invalid("Category can't be blank", "/data/attributes/category")],
            });
            const bad = await call(emu, "POST", `/workspaces/${ws}/vars`, { body: doc("vars", { key: "A", category: "shell" }) });
            assert.deepEqual(bad.json, { errors: [invalid("Category is not included in the list", "/data/attributes/category")] });
            const typed = await call(emu, "POST", `/workspaces/${ws}/vars`, { body: doc("vars", { key: "A", category: "env", sensitive: "yes" }) });
            assert.deepEqual(typed.json, { errors: [invalid("Sensitive must be true or false", "/data/attributes/sensitive")] });
            assert.equal(emu.store.variables.size, 0);
        });

        it("a sensitive value is write-only: null in create, read, list and PATCH answers", async () => {
            const v = await createVar(ws, { key: "SECRET", value: "s3cr3t", category: "env", sensitive: true });
            assert.equal(v.attributes.value, null);
            assert.equal(v.attributes.sensitive, true);
            assert.equal((await call(emu, "GET", `/workspaces/${ws}/vars/${v.id}`)).json.data.attributes.value, null);
            assert.equal((await call(emu, "GET", `/workspaces/${ws}/vars`)).json.data[0].attributes.value, null);
            const p = await call(emu, "PATCH", `/workspaces/${ws}/vars/${v.id}`, { body: doc("vars", { description: "rotated" }) });
            assert.equal(p.json.data.attributes.value, null);
            assert.equal(emu.store.variables.get(v.id)!.value, "s3cr3t");
            const p2 = await call(emu, "PATCH", `/workspaces/${ws}/vars/${v.id}`, { body: doc("vars", { value: "n3w" }) });
            assert.equal(p2.status, 200);
            assert.equal(p2.json.data.attributes.value, null);
            assert.equal(emu.store.variables.get(v.id)!.value, "n3w");
            assert.equal(JSON.stringify(emu.log.filter((e) => e.method === "GET")).includes("s3cr3t"), false);
        });

        it("false -> true is accepted in place; true -> false, key and hcl changes of a saved sensitive variable are 422", async () => {
            const v = await createVar(ws, { key: "ROLE", value: "arn", category: "env" });
            const up = await call(emu, "PATCH", `/workspaces/${ws}/vars/${v.id}`, { body: doc("vars", { sensitive: true }) });
            assert.equal(up.status, 200);
            assert.equal(up.json.data.attributes.sensitive, true);
            assert.equal(up.json.data.attributes.value, null);
            const versionId = up.json.data.attributes["version-id"];
            const cases: Array<[Record<string, unknown>, ReturnType<typeof invalid>]> = [
                [{ sensitive: false }, invalid("Sensitive cannot be changed from true to false on saved records", "/data/attributes/sensitive")],
                [{ key: "ROLE2" }, invalid("Key cannot be changed on saved sensitive records", "/data/attributes/key")],
                [{ hcl: true }, invalid("Hcl cannot be changed on saved sensitive records", "/data/attributes/hcl")],
            ];
            for (const [attrs, error] of cases) {
                const r = await call(emu, "PATCH", `/workspaces/${ws}/vars/${v.id}`, { body: doc("vars", { ...attrs, description: "x" }) });
                assert.equal(r.status, 422, JSON.stringify(attrs));
                assert.deepEqual(r.json, { errors: [error] });
            }
            const same = await call(emu, "PATCH", `/workspaces/${ws}/vars/${v.id}`, { body: doc("vars", { key: "ROLE", hcl: false, sensitive: true }) });
            assert.equal(same.status, 200);
            const stored = emu.store.variables.get(v.id)!;
            assert.deepEqual([stored.key, stored.hcl, stored.sensitive, stored.description], ["ROLE", false, true, ""]);
            assert.notEqual(stored.versionId, versionId);
        });

        it("delete answers 204, then the variable is 404", async () => {
            const v = await createVar(ws, { key: "A", value: "1", category: "env" });
            const r = await call(emu, "DELETE", `/workspaces/${ws}/vars/${v.id}`);
            assert.equal(r.status, 204);
            assert.equal(r.text, "");
            assert.equal((await call(emu, "GET", `/workspaces/${ws}/vars/${v.id}`)).status, 404);
            assert.equal((await call(emu, "DELETE", `/workspaces/${ws}/vars/${v.id}`)).status, 404);
        });

        it("all-vars applies the documented precedence", async () => {
            await createVar(ws, { key: "A", value: "workspace", category: "env" });
            const prio = await createSet("prio", { priority: true, global: true });
            await call(emu, "POST", `/varsets/${prio.id}/relationships/vars`, { body: doc("vars", { key: "A", value: "priority", category: "env" }) });
            const glob = await createSet("glob", { global: true });
            await call(emu, "POST", `/varsets/${glob.id}/relationships/vars`, { body: doc("vars", { key: "B", value: "global", category: "env" }) });
            await call(emu, "POST", `/varsets/${glob.id}/relationships/vars`, { body: doc("vars", { key: "C", value: "global", category: "env" }) });
            const onWs = await createSet("on-ws");
            await call(emu, "POST", `/varsets/${onWs.id}/relationships/workspaces`, { body: { data: [{ type: "workspaces", id: ws }] } });
            await call(emu, "POST", `/varsets/${onWs.id}/relationships/vars`, { body: doc("vars", { key: "B", value: "ws-set", category: "env" }) });
            const r = await call(emu, "GET", `/workspaces/${ws}/all-vars`);
            assert.equal(r.status, 200);
            const got = Object.fromEntries(r.json.data.map((v: any) => [v.attributes.key, v.attributes.value]));
            assert.deepEqual(got, { A: "priority", B: "ws-set", C: "global" });
        });
    });

    describe("variable sets", () => {
        it("create answers 201 with the documented document", async () => {
            const r = await call(emu, "POST", "/organizations/acme-org/varsets", {
                body: doc("varsets", { name: "MyVarset", description: "Full of vars", global: false, priority: false }),
            });
            assert.equal(r.status, 201);
            const d = r.json.data;
            assert.match(d.id, ID("varset"));
            assert.deepEqual(d, {
                id: d.id,
                type: "varsets",
                attributes: {
                    name: "MyVarset", description: "Full of vars", global: false, priority: false,
                    "updated-at": d.attributes["updated-at"], "var-count": 0, "workspace-count": 0, "project-count": 0,
                },
                relationships: {
                    organization: { data: { id: "Acme-Org", type: "organizations" } },
                    vars: { data: [] },
                    workspaces: { data: [] },
                    projects: { data: [] },
                    parent: { data: { id: "Acme-Org", type: "organizations" } },
                },
                links: { self: `/api/v2/varsets/${d.id}` },
            });
        });

        it("create accepts workspaces, projects and vars relationships as in the sample payload", async () => {
            const w = emu.addWorkspace("Acme-Org", "w1");
            const r = await call(emu, "POST", "/organizations/acme-org/varsets", {
                body: doc("varsets", { name: "with-rels" }, {
                    relationships: {
                        workspaces: { data: [{ id: w.id, type: "workspaces" }] },
                        projects: { data: [{ id: org.defaultProjectId, type: "projects" }] },
                        vars: { data: [{ type: "vars", attributes: { key: "k", value: "v", category: "terraform" } }] },
                    },
                }),
            });
            assert.equal(r.status, 201);
            assert.deepEqual(r.json.data.relationships.workspaces.data, [{ id: w.id, type: "workspaces" }]);
            assert.deepEqual(r.json.data.relationships.projects.data, [{ id: org.defaultProjectId, type: "projects" }]);
            assert.equal(r.json.data.attributes["var-count"], 1);
            assert.equal(emu.store.varsetVariables.size, 1);
        });

        it("422 Name has already been taken (case-insensitive) and Name can't be blank", async () => {
            await createSet("Shared");
            const dup = await call(emu, "POST", "/organizations/ACME-org/varsets", { body: doc("varsets", { name: "sHARED" }) });
            assert.equal(dup.status, 422);
            assert.deepEqual(dup.json, { errors: [invalid("Name has already been taken", "/data/attributes/name")] });
            const blank = await call(emu, "POST", "/organizations/acme-org/varsets", { body: doc("varsets", { name: "  " }) });
            assert.deepEqual(blank.json, { errors: [invalid("Name can't be blank", "/data/attributes/name")] });
            const other = await createSet("other");
            const rename = await call(emu, "PATCH", `/varsets/${other.id}`, { body: doc("varsets", { name: "SHARED" }) });
            assert.deepEqual(rename.json, { errors: [invalid("Name has already been taken", "/data/attributes/name")] });
            assert.equal(emu.store.varsets.size, 2);
        });

        it("list is paginated (default 20, max 100) with meta.pagination and links, and filtered by q", async () => {
            for (let i = 1; i <= 25; i++) await createSet(`set-${i}`);
            const base = `${emu.url}/api/v2/organizations/Acme-Org/varsets`;
            const p1 = await call(emu, "GET", "/organizations/acme-org/varsets");
            assert.equal(p1.status, 200);
            assert.equal(p1.json.data.length, 20);
            assert.equal(p1.json.data[0].attributes.name, "set-1");
            assert.deepEqual(p1.json.meta, {
                pagination: { "current-page": 1, "page-size": 20, "prev-page": null, "next-page": 2, "total-pages": 2, "total-count": 25 },
            });
            assert.deepEqual(p1.json.links, {
                self: `${base}?page%5Bnumber%5D=1&page%5Bsize%5D=20`,
                first: `${base}?page%5Bnumber%5D=1&page%5Bsize%5D=20`,
                prev: null,
                next: `${base}?page%5Bnumber%5D=2&page%5Bsize%5D=20`,
                last: `${base}?page%5Bnumber%5D=2&page%5Bsize%5D=20`,
            });
            const p2 = await call(emu, "GET", "/organizations/acme-org/varsets?page%5Bnumber%5D=2");
            assert.deepEqual(p2.json.data.map((s: any) => s.attributes.name), ["set-21", "set-22", "set-23", "set-24", "set-25"]);
            assert.deepEqual(p2.json.meta.pagination, { "current-page": 2, "page-size": 20, "prev-page": 1, "next-page": null, "total-pages": 2, "total-count": 25 });
            assert.equal(p2.json.links.next, null);
            assert.equal(p2.json.links.prev, `${base}?page%5Bnumber%5D=1&page%5Bsize%5D=20`);
            const big = await call(emu, "GET", "/organizations/acme-org/varsets?page[size]=500");
            assert.equal(big.json.data.length, 25);
            assert.equal(big.json.meta.pagination["page-size"], 100);
            const q = await call(emu, "GET", "/organizations/acme-org/varsets?q=SET-1&page%5Bsize%5D=5");
            assert.deepEqual(q.json.data.map((s: any) => s.attributes.name), ["set-1", "set-10", "set-11", "set-12", "set-13"]);
            assert.deepEqual(q.json.meta.pagination, { "current-page": 1, "page-size": 5, "prev-page": null, "next-page": 2, "total-pages": 3, "total-count": 11 });
            assert.equal(q.json.links.next, `${base}?page%5Bnumber%5D=2&page%5Bsize%5D=5&q=SET-1`);
            const none = await call(emu, "GET", "/organizations/acme-org/varsets?q=zzz");
            assert.deepEqual(none.json.data, []);
            assert.deepEqual(none.json.meta.pagination, { "current-page": 1, "page-size": 20, "prev-page": null, "next-page": null, "total-pages": 1, "total-count": 0 });
        });

        it("read 200, PATCH 200 (partial), DELETE 204 (with its variables), then 404", async () => {
            const s = await createSet("rw", { description: "before" });
            assert.deepEqual((await call(emu, "GET", `/varsets/${s.id}`)).json.data, s);
            const p = await call(emu, "PATCH", `/varsets/${s.id}`, { body: doc("varsets", { description: "after", priority: true }) });
            assert.equal(p.status, 200);
            assert.deepEqual(
                [p.json.data.attributes.name, p.json.data.attributes.description, p.json.data.attributes.priority, p.json.data.attributes.global],
                ["rw", "after", true, false],
            );
            await call(emu, "POST", `/varsets/${s.id}/relationships/vars`, { body: doc("vars", { key: "k", value: "v", category: "env" }) });
            const d = await call(emu, "DELETE", `/varsets/${s.id}`);
            assert.equal(d.status, 204);
            assert.equal(d.text, "");
            assert.equal((await call(emu, "GET", `/varsets/${s.id}`)).status, 404);
            assert.equal(emu.store.varsetVariables.size, 0);
        });

        it("variables of a set: list/create 201/read/PATCH/DELETE 204 with the workspace-variable rules", async () => {
            const s = await createSet("vars");
            const base = `/varsets/${s.id}/relationships/vars`;
            const c = await call(emu, "POST", base, { body: doc("vars", { key: "TOKEN", value: "t0k", category: "env", sensitive: true }) });
            assert.equal(c.status, 201);
            const v = c.json.data;
            assert.match(v.id, ID("var"));
            assert.deepEqual(v.relationships.configurable.data, { id: s.id, type: "varsets" });
            assert.deepEqual(v.links, { self: `/api/v2${base}/${v.id}` });
            assert.equal(v.attributes.value, null);
            const dup = await call(emu, "POST", base, { body: doc("vars", { key: "TOKEN", value: "x", category: "env" }) });
            assert.deepEqual(dup.json, { errors: [invalid("Key has already been taken", "/data/attributes/key")] });
            const list = await call(emu, "GET", base);
            assert.equal(list.status, 200);
            assert.deepEqual(list.json, { data: [v] });
            const read = await call(emu, "GET", `${base}/${v.id}`);
            assert.deepEqual(read.json.data, v);
            const empty = await call(emu, "PATCH", `${base}/${v.id}`, { body: doc("vars", {}) });
            assert.equal(empty.status, 200);
            assert.notEqual(empty.json.data.attributes["version-id"], v.attributes["version-id"]);
            const plain = await call(emu, "PATCH", `${base}/${v.id}`, { body: doc("vars", { sensitive: false }) });
            assert.deepEqual(plain.json, { errors: [invalid("Sensitive cannot be changed from true to false on saved records", "/data/attributes/sensitive")] });
            assert.equal((await call(emu, "GET", `/varsets/${s.id}`)).json.data.attributes["var-count"], 1);
            const del = await call(emu, "DELETE", `${base}/${v.id}`);
            assert.equal(del.status, 204);
            assert.equal((await call(emu, "GET", `${base}/${v.id}`)).status, 404);
        });

        it("attach / detach workspaces and projects answer 204 and are idempotent", async () => {
            const s = await createSet("attach");
            const w1 = emu.addWorkspace("Acme-Org", "w1");
            const w2 = emu.addWorkspace("Acme-Org", "w2");
            const prj = emu.addProject("Acme-Org", "Team");
            const wsBody = { data: [{ type: "workspaces", id: w1.id }, { type: "workspaces", id: w2.id }] };
            const a = await call(emu, "POST", `/varsets/${s.id}/relationships/workspaces`, { body: wsBody });
            assert.equal(a.status, 204);
            assert.equal(a.text, "");
            assert.equal((await call(emu, "POST", `/varsets/${s.id}/relationships/workspaces`, { body: wsBody })).status, 204);
            assert.deepEqual(emu.store.varsets.get(s.id)!.workspaceIds, [w1.id, w2.id]);
            assert.equal((await call(emu, "POST", `/varsets/${s.id}/relationships/projects`, { body: { data: [{ type: "projects", id: prj.id }] } })).status, 204);
            const read = await call(emu, "GET", `/varsets/${s.id}`);
            assert.deepEqual(read.json.data.relationships.workspaces.data, [{ id: w1.id, type: "workspaces" }, { id: w2.id, type: "workspaces" }]);
            assert.deepEqual(read.json.data.relationships.projects.data, [{ id: prj.id, type: "projects" }]);
            assert.deepEqual([read.json.data.attributes["workspace-count"], read.json.data.attributes["project-count"]], [2, 1]);
            const d = await call(emu, "DELETE", `/varsets/${s.id}/relationships/workspaces`, { body: { data: [{ type: "workspaces", id: w1.id }] } });
            assert.equal(d.status, 204);
            assert.deepEqual(emu.store.varsets.get(s.id)!.workspaceIds, [w2.id]);
            assert.equal((await call(emu, "DELETE", `/varsets/${s.id}/relationships/projects`, { body: { data: [{ type: "projects", id: prj.id }] } })).status, 204);
            assert.deepEqual(emu.store.varsets.get(s.id)!.projectIds, []);
        });

        it("a global set cannot be attached to workspaces (422); unknown workspaces are 404; bodies must be arrays", async () => {
            const g = await createSet("glob", { global: true });
            const w = emu.addWorkspace("Acme-Org", "w1");
            const r = await call(emu, "POST", `/varsets/${g.id}/relationships/workspaces`, { body: { data: [{ type: "workspaces", id: w.id }] } });
            assert.equal(r.status, 422);
            assert.deepEqual(r.json, { errors: [invalid("A global variable set cannot be applied to workspaces", "/data")] });
            const created = await call(emu, "POST", "/organizations/acme-org/varsets", {
                body: doc("varsets", { name: "g2", global: true }, { relationships: { workspaces: { data: [{ type: "workspaces", id: w.id }] } } }),
            });
            assert.deepEqual(created.json, { errors: [invalid("A global variable set cannot be applied to workspaces", "/data/relationships/workspaces")] });
            const s = await createSet("plain");
            await call(emu, "POST", `/varsets/${s.id}/relationships/workspaces`, { body: { data: [{ type: "workspaces", id: w.id }] } });
            const toGlobal = await call(emu, "PATCH", `/varsets/${s.id}`, { body: doc("varsets", { global: true }) });
            assert.deepEqual(toGlobal.json, { errors: [invalid("A global variable set cannot be applied to workspaces", "/data/attributes/global")] });
            const unknown = await call(emu, "POST", `/varsets/${s.id}/relationships/workspaces`, {
                body: { data: [{ type: "workspaces", id: "ws-AAAAAAAAAAAAAAAA" }] },
            });
            assert.equal(unknown.status, 404);
            const notArray = await call(emu, "POST", `/varsets/${s.id}/relationships/workspaces`, { body: { data: { type: "workspaces", id: w.id } } });
            assert.deepEqual(notArray.json, { errors: [invalid("data must be an array of workspaces", "/data")] });
            assert.deepEqual(emu.store.varsets.get(g.id)!.workspaceIds, []);
            assert.equal(emu.store.varsets.get(s.id)!.global, false);
        });
    });

    describe("HYOK OIDC configurations", () => {
        const samples: Array<[string, string, string, Record<string, unknown>, Record<string, unknown>]> = [
            ["aws-oidc-configurations", "awsoidc", "AwsOidcConfiguration",
                { "role-arn": "arn:aws:iam::533267421525:role/hyok-staging" },
                { type: "AwsOidcConfiguration", "role-arn": "arn:aws:iam::533267421525:role/hyok-staging" }],
            ["azure-oidc-configurations", "azoidc", "AzureOidcConfiguration",
                { "client-id": "application-id1", "subscription-id": "subscription-id1", "tenant-id": "tenant-id1" },
                { type: "AzureOidcConfiguration", "client-id": "application-id1", "subscription-id": "subscription-id1", "tenant-id": "tenant-id1" }],
            ["gcp-oidc-configurations", "gcpoidc", "GcpOidcConfiguration",
                { "service-account-email": "myemail@gmail.com", "workload-provider-name": "projects/1/locations/global/workloadIdentityPools/1/providers/1", "project-number": "11111111" },
                { type: "GcpOidcConfiguration", "service-account-email": "myemail@gmail.com", "workload-provider-name": "projects/1/locations/global/workloadIdentityPools/1/providers/1", "project-number": "11111111" }],
            ["vault-oidc-configurations", "voidc", "VaultOidcConfiguration",
                { address: "https://vault.example:8200", role: "vault-role-name", namespace: "admin", "auth-path": "jwt-auth-path", "encoded-cacert": null },
                { type: "VaultOidcConfiguration", address: "https://vault.example:8200", role: "vault-role-name", namespace: "admin", "auth-path": "jwt-auth-path", "encoded-cacert": null }],
        ];
        const orgRel = { data: { type: "organizations", id: "Acme-Org" } };

        it("every endpoint is 404 for an organization without the HYOK entitlement (default off)", async () => {
            const r = await call(emu, "POST", "/organizations/acme-org/oidc-configurations", { body: doc("aws-oidc-configurations", { "role-arn": "arn:aws:iam::1:role/x" }) });
            assert.equal(r.status, 404);
            assert.deepEqual(r.json, NOT_FOUND);
            assert.equal(emu.store.oidcConfigurations.size, 0);
            emu.setHyok("ACME-ORG", true);
            const c = await call(emu, "POST", "/organizations/acme-org/oidc-configurations", { body: doc("aws-oidc-configurations", { "role-arn": "arn:aws:iam::1:role/x" }) });
            assert.equal(c.status, 201);
            emu.setHyok("acme-org", false);
            const id = c.json.data.id;
            for (const [method, body] of [["GET", undefined], ["PATCH", doc("aws-oidc-configurations", { "role-arn": "y" })], ["DELETE", undefined]] as const) {
                const a = await call(emu, method, `/oidc-configurations/${id}`, { body });
                assert.equal(a.status, 404, method);
                assert.deepEqual(a.json, NOT_FOUND);
            }
            assert.equal(emu.store.oidcConfigurations.get(id)!.attributes["role-arn"], "arn:aws:iam::1:role/x");
            emu.setHyok("acme-org", true);
            assert.equal((await call(emu, "GET", `/oidc-configurations/${id}`)).status, 200);
        });

        it("create answers 201 per kind with the documented id prefix, type and organization; GET answers the same", async () => {
            emu.setHyok("acme-org", true);
            for (const [type, prefix, , attrs, answered] of samples) {
                const r = await call(emu, "POST", "/organizations/acme-org/oidc-configurations", { body: doc(type, attrs, { relationships: { organization: orgRel } }) });
                assert.equal(r.status, 201, type);
                const id = r.json.data.id;
                assert.match(id, ID(prefix));
                assert.deepEqual(r.json, {
                    data: {
                        id, type, attributes: answered,
                        relationships: { organization: { data: { id: "Acme-Org", type: "organizations" } } },
                        links: { self: `/api/v2/oidc-configurations/${id}` },
                    },
                });
                const g = await call(emu, "GET", `/oidc-configurations/${id}`);
                assert.equal(g.status, 200);
                assert.deepEqual(g.json, r.json);
            }
            assert.deepEqual([...emu.store.oidcConfigurations.values()].map((c) => c.kind), ["aws", "azure", "gcp", "vault"]);
        });

        it("vault: auth-path defaults to jwt, encoded-ca-cert is accepted and answered as encoded-cacert", async () => {
            emu.setHyok("acme-org", true);
            const r = await call(emu, "POST", "/organizations/acme-org/oidc-configurations", {
                body: doc("vault-oidc-configurations", { address: "https://v:8200", role: "r", "encoded-ca-cert": "LS0tLS1CRUdJTg==" }),
            });
            assert.equal(r.status, 201);
            assert.deepEqual(r.json.data.attributes, {
                type: "VaultOidcConfiguration", address: "https://v:8200", role: "r", namespace: null, "auth-path": "jwt", "encoded-cacert": "LS0tLS1CRUdJTg==",
            });
            const p = await call(emu, "PATCH", `/oidc-configurations/${r.json.data.id}`, { body: doc("vault-oidc-configurations", { "encoded-ca-cert": "QQ==", namespace: "admin" }) });
            assert.equal(p.status, 200);
            assert.deepEqual(p.json.data.attributes, {
                type: "VaultOidcConfiguration", address: "https://v:8200", role: "r", namespace: "admin", "auth-path": "jwt", "encoded-cacert": "QQ==",
            });
        });

        it("422 for missing required attributes, a malformed GCP provider name and an unknown type", async () => {
            emu.setHyok("acme-org", true);
            const az = await call(emu, "POST", "/organizations/acme-org/oidc-configurations", { body: doc("azure-oidc-configurations", { "client-id": "c" }) });
            assert.equal(az.status, 422);
            assert.deepEqual(az.json, {
                errors: [
                    invalid("Subscription id can't be blank", "/data/attributes/subscription-id"),
                    invalid("Tenant id can't be blank", "/data/attributes/tenant-id"),
                ],
            });
            const vault = await call(emu, "POST", "/organizations/acme-org/oidc-configurations", { body: doc("vault-oidc-configurations", { address: "https://v", role: "" }) });
            assert.deepEqual(vault.json, { errors: [invalid("Role can't be blank", "/data/attributes/role")] });
            const aws = await call(emu, "POST", "/organizations/acme-org/oidc-configurations", { body: doc("aws-oidc-configurations", {}) });
            assert.deepEqual(aws.json, { errors: [invalid("Role arn can't be blank", "/data/attributes/role-arn")] });
            const gcp = await call(emu, "POST", "/organizations/acme-org/oidc-configurations", {
                body: doc("gcp-oidc-configurations", { "service-account-email": "a@b.c", "project-number": "1", "workload-provider-name": "pools/x" }),
            });
            assert.deepEqual(gcp.json, {
                errors: [invalid(
                    "Workload provider name must look like projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>",
                    "/data/attributes/workload-provider-name",
                )],
            });
            const unknown = await call(emu, "POST", "/organizations/acme-org/oidc-configurations", { body: doc("oidc-configurations", { "role-arn": "x" }) });
            assert.deepEqual(unknown.json, {
                errors: [invalid("type must be one of aws-oidc-configurations, azure-oidc-configurations, gcp-oidc-configurations, vault-oidc-configurations", "/data/type")],
            });
            assert.equal(emu.store.oidcConfigurations.size, 0);
        });

        it("PATCH is partial (200) and refuses blanking a required attribute; DELETE answers 204", async () => {
            emu.setHyok("acme-org", true);
            const c = await call(emu, "POST", "/organizations/acme-org/oidc-configurations", {
                body: doc("azure-oidc-configurations", { "client-id": "c1", "subscription-id": "s1", "tenant-id": "t1" }),
            });
            const id = c.json.data.id;
            const p = await call(emu, "PATCH", `/oidc-configurations/${id}`, { body: doc("azure-oidc-configurations", { "client-id": "c2" }) });
            assert.equal(p.status, 200);
            assert.deepEqual(p.json.data.attributes, { type: "AzureOidcConfiguration", "client-id": "c2", "subscription-id": "s1", "tenant-id": "t1" });
            const blank = await call(emu, "PATCH", `/oidc-configurations/${id}`, { body: doc("azure-oidc-configurations", { "tenant-id": "" }) });
            assert.deepEqual(blank.json, { errors: [invalid("Tenant id can't be blank", "/data/attributes/tenant-id")] });
            const wrongType = await call(emu, "PATCH", `/oidc-configurations/${id}`, { body: doc("aws-oidc-configurations", { "role-arn": "x" }) });
            assert.deepEqual(wrongType.json, { errors: [invalid(`type must be azure-oidc-configurations for ${id}`, "/data/type")] });
            const d = await call(emu, "DELETE", `/oidc-configurations/${id}`);
            assert.equal(d.status, 204);
            assert.equal(d.text, "");
            assert.equal((await call(emu, "GET", `/oidc-configurations/${id}`)).status, 404);
        });
    });

    describe("denyAccess", () => {
        it("a denied object answers 404 to that token only, through every path that reaches it", async () => {
            const w = emu.addWorkspace("Acme-Org", "secret-ws");
            const v = await createVar(w.id, { key: "A", value: "1", category: "env" });
            emu.denyAccess("token-bob", w.id);
            for (const path of [`/workspaces/${w.id}`, "/organizations/acme-org/workspaces/secret-ws", `/workspaces/${w.id}/vars`, `/workspaces/${w.id}/vars/${v.id}`]) {
                const r = await call(emu, "GET", path, { token: "token-bob" });
                assert.equal(r.status, 404, path);
                assert.deepEqual(r.json, NOT_FOUND);
                assert.equal((await call(emu, "GET", path)).status, 200, path);
            }
            const post = await call(emu, "POST", `/workspaces/${w.id}/vars`, { token: "token-bob", body: doc("vars", { key: "B", category: "env" }) });
            assert.equal(post.status, 404);
            const s = await createSet("s");
            const attach = await call(emu, "POST", `/varsets/${s.id}/relationships/workspaces`, { token: "token-bob", body: { data: [{ type: "workspaces", id: w.id }] } });
            assert.equal(attach.status, 404);
            assert.equal(emu.store.variables.size, 1);
            assert.deepEqual(emu.store.varsets.get(s.id)!.workspaceIds, []);
        });

        it("denying an organization hides everything in it; a denied set is left out of lists", async () => {
            const s1 = await createSet("visible");
            const s2 = await createSet("hidden");
            emu.denyAccess("token-bob", s2.id);
            const list = await call(emu, "GET", "/organizations/acme-org/varsets", { token: "token-bob" });
            assert.deepEqual(list.json.data.map((s: any) => s.id), [s1.id]);
            assert.equal(list.json.meta.pagination["total-count"], 1);
            emu.denyAccess("token-bob", "ACME-ORG");
            assert.equal((await call(emu, "GET", `/varsets/${s1.id}`, { token: "token-bob" })).status, 404);
            assert.equal((await call(emu, "GET", `/projects/${org.defaultProjectId}`, { token: "token-bob" })).status, 404);
            assert.equal((await call(emu, "POST", "/organizations/acme-org/varsets", { token: "token-bob", body: doc("varsets", { name: "x" }) })).status, 404);
            assert.equal((await call(emu, "GET", `/varsets/${s1.id}`)).status, 200);
        });
    });
});
