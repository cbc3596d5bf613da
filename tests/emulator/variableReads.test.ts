// Pins reading one variable: GET /workspaces/:ws/vars/:var and GET /varsets/:id/relationships/vars/:var.
import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "./index";
import { call, doc } from "./http";

const NOT_FOUND = { errors: [{ status: "404", title: "not found" }] };

describe("HCP API emulator: reading one variable", function () {
    let emu: Emulator;

    beforeEach(async () => {
        emu = await startEmulator({ rateLimit: null });
        emu.addToken("token-alice", "alice");
        emu.addToken("token-bob", "bob");
        emu.addOrganization("Acme-Org");
    });
    afterEach(async () => {
        await emu.close();
    });

    it("GET /workspaces/:ws/vars/:var answers the documented document; sensitive values are null", async () => {
        const ws = emu.addWorkspace("Acme-Org", "app").id;
        const c = await call(emu, "POST", `/workspaces/${ws}/vars`, { body: doc("vars", { key: "K", value: "hidden", category: "env", sensitive: true }) });
        const v = emu.store.variables.get(c.json.data.id)!;
        const r = await call(emu, "GET", `/workspaces/${ws}/vars/${v.id}`);
        assert.equal(r.status, 200);
        assert.deepEqual(r.json, {
            data: {
                id: v.id,
                type: "vars",
                attributes: {
                    key: "K", value: null, description: "", sensitive: true, category: "env", hcl: false,
                    "created-at": v.createdAt, "version-id": v.versionId,
                },
                relationships: {
                    configurable: { data: { id: ws, type: "workspaces" }, links: { related: "/api/v2/organizations/Acme-Org/workspaces/app" } },
                },
                links: { self: `/api/v2/workspaces/${ws}/vars/${v.id}` },
            },
        });
        emu.denyAccess("token-bob", v.id);
        assert.deepEqual((await call(emu, "GET", `/workspaces/${ws}/vars/${v.id}`, { token: "token-bob" })).json, NOT_FOUND);
        assert.deepEqual((await call(emu, "GET", `/workspaces/${ws}/vars/var-AAAAAAAAAAAAAAAA`)).json, NOT_FOUND);
    });

    it("GET /varsets/:id/relationships/vars/:var answers the set's variable; another set's variable is 404", async () => {
        const s1 = (await call(emu, "POST", "/organizations/acme-org/varsets", { body: doc("varsets", { name: "one" }) })).json.data.id;
        const s2 = (await call(emu, "POST", "/organizations/acme-org/varsets", { body: doc("varsets", { name: "two" }) })).json.data.id;
        const c = await call(emu, "POST", `/varsets/${s1}/relationships/vars`, { body: doc("vars", { key: "TF", value: "1", category: "terraform", hcl: true }) });
        const v = emu.store.varsetVariables.get(c.json.data.id)!;
        const r = await call(emu, "GET", `/varsets/${s1}/relationships/vars/${v.id}`);
        assert.equal(r.status, 200);
        assert.deepEqual(r.json, {
            data: {
                id: v.id,
                type: "vars",
                attributes: {
                    key: "TF", value: "1", description: "", sensitive: false, category: "terraform", hcl: true,
                    "created-at": v.createdAt, "version-id": v.versionId,
                },
                relationships: { configurable: { data: { id: s1, type: "varsets" }, links: { related: `/api/v2/varsets/${s1}` } } },
                links: { self: `/api/v2/varsets/${s1}/relationships/vars/${v.id}` },
            },
        });
        assert.deepEqual((await call(emu, "GET", `/varsets/${s2}/relationships/vars/${v.id}`)).json, NOT_FOUND);
        emu.denyAccess("token-bob", s1);
        assert.deepEqual((await call(emu, "GET", `/varsets/${s1}/relationships/vars/${v.id}`, { token: "token-bob" })).json, NOT_FOUND);
    });
});
