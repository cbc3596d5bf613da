import { strict as assert } from "node:assert";
import { NotFoundError, getClientStats, readProject, resetClientState } from "../../src/hcp";
import { ORG, rejection, useEmulator } from "./helpers";

describe("hcp/projects", () => {
    const fx = useEmulator();

    it("readProject: GET /projects/:id mapped to { id, name, organization }", async () => {
        const prj = fx.emu.addProject(ORG, "Infrastructure Project");
        assert.deepEqual(await readProject(fx.client(), prj.id), { id: prj.id, name: "Infrastructure Project", organization: ORG });
        assert.deepEqual(fx.calls(), [`GET /projects/${prj.id}`]);
        const def = fx.emu.store.organizations.get(ORG)!.defaultProjectId;
        assert.deepEqual(await readProject(fx.client(), def), { id: def, name: "Default Project", organization: ORG });
    });

    it("caches per process per (site, token, id): later reads with that token send nothing; another token reads for itself", async () => {
        const prj = fx.emu.addProject(ORG, "Cached");
        fx.emu.addToken("another-token", "bob");
        const first = await readProject(fx.client(), prj.id);
        first.name = "mutated by the caller";
        assert.deepEqual(await readProject(fx.client(), prj.id), { id: prj.id, name: "Cached", organization: ORG });
        assert.equal(fx.emu.log.length, 1);
        assert.equal(getClientStats().cacheHits, 1);
        // A second token is never served what the first could see: it may not see the project at all.
        fx.emu.denyAccess("another-token", prj.id);
        assert.ok((await rejection(readProject(fx.client({}, "another-token"), prj.id))) instanceof NotFoundError);
        assert.deepEqual(fx.emu.log.map((e) => [e.user, e.status]), [["alice", 200], ["bob", 404]]);
        resetClientState();
        await readProject(fx.client(), prj.id);
        assert.equal(fx.emu.log.length, 3);
    });

    it("coalesces concurrent reads into one request", async () => {
        const prj = fx.emu.addProject(ORG, "Coalesced");
        fx.emu.injectFaults({ latencyMs: 50 });
        const all = await Promise.all(Array.from({ length: 8 }, () => readProject(fx.client(), prj.id)));
        assert.equal(fx.emu.log.length, 1);
        for (const p of all) {
            assert.deepEqual(p, { id: prj.id, name: "Coalesced", organization: ORG });
        }
        assert.equal(getClientStats().coalesced, 7);
    });

    it("does not cache errors", async () => {
        for (let i = 0; i < 2; i++) {
            assert.ok((await rejection(readProject(fx.client(), "prj-doesnotexist0001"))) instanceof NotFoundError);
        }
        assert.equal(fx.emu.log.length, 2);
    });
});
