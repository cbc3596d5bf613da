// Pins GET /organizations/:org/projects (list projects: pagination, q, filter[names], visibility).
import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "./index";
import { call } from "./http";

const NOT_FOUND = { errors: [{ status: "404", title: "not found" }] };

describe("HCP API emulator: project list", function () {
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

    const names = (r: { json: any }) => r.json.data.map((p: any) => p.attributes.name);
    const list = (query = "", token = "token-alice") => call(emu, "GET", `/organizations/acme-org/projects${query}`, { token });

    it("lists the organization's projects in creation order, each the GET /projects/:id document, paginated", async () => {
        for (let i = 1; i <= 21; i++) emu.addProject("Acme-Org", `Team ${i}`);
        emu.addWorkspace("Acme-Org", "w");
        const base = `${emu.url}/api/v2/organizations/Acme-Org/projects`;
        const p1 = await call(emu, "GET", "/organizations/ACME-ORG/projects");
        assert.equal(p1.status, 200);
        assert.deepEqual(names(p1), ["Default Project", ...Array.from({ length: 19 }, (_, i) => `Team ${i + 1}`)]);
        assert.deepEqual(p1.json.data[0], (await call(emu, "GET", `/projects/${defaultProject}`)).json.data);
        assert.equal(p1.json.data[0].attributes["workspace-count"], 1);
        assert.deepEqual(p1.json.meta, {
            pagination: { "current-page": 1, "page-size": 20, "prev-page": null, "next-page": 2, "total-pages": 2, "total-count": 22 },
        });
        assert.deepEqual(p1.json.links, {
            self: `${base}?page%5Bnumber%5D=1&page%5Bsize%5D=20`,
            first: `${base}?page%5Bnumber%5D=1&page%5Bsize%5D=20`,
            prev: null,
            next: `${base}?page%5Bnumber%5D=2&page%5Bsize%5D=20`,
            last: `${base}?page%5Bnumber%5D=2&page%5Bsize%5D=20`,
        });
        const p2 = await list("?page%5Bnumber%5D=2");
        assert.deepEqual(names(p2), ["Team 20", "Team 21"]);
        for (const item of p2.json.data) assert.deepEqual(item, (await call(emu, "GET", `/projects/${item.id}`)).json.data);
        assert.equal((await list("?page%5Bsize%5D=1000")).json.meta.pagination["page-size"], 100);
    });

    it("q keeps names containing it, case-insensitively", async () => {
        emu.addProject("Acme-Org", "Platform");
        emu.addProject("Acme-Org", "Data Platform");
        emu.addProject("Acme-Org", "Apps");
        const r = await list("?q=PLATFORM&page%5Bsize%5D=1");
        assert.deepEqual(names(r), ["Platform"]);
        assert.equal(r.json.meta.pagination["total-count"], 2);
        assert.equal(r.json.links.next, `${emu.url}/api/v2/organizations/Acme-Org/projects?page%5Bnumber%5D=2&page%5Bsize%5D=1&q=PLATFORM`);
        assert.deepEqual(names(await list("?q=zzz")), []);
    });

    it("filter[names] keeps whole names (comma-separated, case-insensitive, as documented) and wins over q", async () => {
        emu.addProject("Acme-Org", "Platform");
        emu.addProject("Acme-Org", "Data Platform");
        emu.addProject("Acme-Org", "Apps");
        assert.deepEqual(names(await list("?filter%5Bnames%5D=platform")), ["Platform"]);
        assert.deepEqual(names(await list("?filter%5Bnames%5D=Apps,Data%20Platform,nope")), ["Data Platform", "Apps"]);
        const both = await list("?q=Apps&filter%5Bnames%5D=Platform");
        assert.deepEqual(names(both), ["Platform"]);
        assert.equal(both.json.links.self, `${emu.url}/api/v2/organizations/Acme-Org/projects?page%5Bnumber%5D=1&page%5Bsize%5D=20&q=Apps&filter%5Bnames%5D=Platform`);
        assert.deepEqual(names(await list("?filter%5Bnames%5D=")), []);
    });

    it("leaves out projects the token may not see; a denied or unknown organization is 404", async () => {
        const hidden = emu.addProject("Acme-Org", "Hidden");
        emu.addProject("other", "Elsewhere");
        emu.denyAccess("token-bob", hidden.id);
        assert.deepEqual(names(await list("", "token-bob")), ["Default Project"]);
        assert.deepEqual(names(await list()), ["Default Project", "Hidden"]);
        emu.denyAccess("token-bob", "Acme-Org");
        const denied = await list("", "token-bob");
        assert.equal(denied.status, 404);
        assert.deepEqual(denied.json, NOT_FOUND);
        assert.deepEqual((await call(emu, "GET", "/organizations/nope/projects")).json, NOT_FOUND);
    });
});
