// Batched workspace look-ups (src/hcp/workspaceDirectory.ts): the requests they cost, pinned.
import assert from "node:assert/strict";
import { lookUpWorkspaceById, lookUpWorkspaceByName, resetWorkspaceDirectory } from "../../src/hcp";
import { ORG, useEmulator } from "./helpers";

const LIST = "GET /organizations/acme/workspaces";
const names = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `w-${String(from + i).padStart(3, "0")}`);

describe("hcp/workspaceDirectory (batched look-ups)", () => {
    const fx = useEmulator();
    const ids = new Map<string, string>();

    before(() => {
        // 250 workspaces: three pages of 100, in creation order.
        for (const name of names(1, 250)) ids.set(name, fx.emu.addWorkspace(ORG, name).id);
    });
    beforeEach(() => resetWorkspaceDirectory());

    /** The list pages requested, in order ("1", "2" …). */
    const pages = () => fx.emu.log.filter((e) => `${e.method} ${e.path.replace(/^\/api\/v2/, "")}` === LIST).map((e) => e.query["page[number]"]);

    it("a lone look-up is one GET by name", async () => {
        const c = fx.client();
        const ws = await lookUpWorkspaceByName(c, ORG, "w-200");
        assert.equal(ws?.id, ids.get("w-200"));
        assert.deepEqual(fx.calls(), ["GET /organizations/acme/workspaces/w-200"]);
    });

    it("batches found on the first page read it once, however many batches follow", async () => {
        const c = fx.client();
        for (const batch of [names(1, 16), names(17, 32), names(33, 48)]) {
            const found = await Promise.all(batch.map((n) => lookUpWorkspaceByName(c, ORG, n)));
            assert.deepEqual(found.map((w) => w?.id), batch.map((n) => ids.get(n)));
        }
        assert.deepEqual(fx.calls(), [LIST]);
        assert.deepEqual(pages(), ["1"]);
    });

    it("refresh-like batches by id, one after another, read each page once: one request per 100 workspaces", async () => {
        const c = fx.client();
        const all = names(1, 250);
        for (let i = 0; i < all.length; i += 16) {
            const batch = all.slice(i, i + 16);
            const found = await Promise.all(batch.map((n) => lookUpWorkspaceById(c, ORG, ids.get(n)!)));
            assert.deepEqual(found.map((w) => w?.name), batch);
        }
        assert.deepEqual(pages(), ["1", "2", "3"]);
        assert.equal(fx.emu.log.length, 3);
    });

    it("a batch that arrives while another reads the list waits for those pages instead of reading them again", async () => {
        const c = fx.client();
        fx.emu.injectFaults({ latencyMs: 30 });
        const first = Promise.all(names(201, 220).map((n) => lookUpWorkspaceByName(c, ORG, n)));
        await new Promise((r) => setTimeout(r, 40)); // the first batch is reading page 1
        const second = Promise.all(names(221, 240).map((n) => lookUpWorkspaceByName(c, ORG, n)));
        const found = [...(await first), ...(await second)];
        assert.deepEqual(found.map((w) => w?.id), names(201, 240).map((n) => ids.get(n)));
        assert.deepEqual(pages(), ["1", "2", "3"]);
        assert.equal(fx.emu.log.length, 3);
    });

    it("a few look-ups past the first page are GETs (cheaper than the pages left), later ones reuse page 1", async () => {
        const c = fx.client();
        const found = await Promise.all(["w-005", "w-150", "w-250"].map((n) => lookUpWorkspaceByName(c, ORG, n)));
        assert.deepEqual(found.map((w) => w?.name), ["w-005", "w-150", "w-250"]);
        assert.deepEqual(fx.calls().sort(), [LIST, "GET /organizations/acme/workspaces/w-150", "GET /organizations/acme/workspaces/w-250"].sort());
        fx.emu.clearLog();
        assert.equal((await lookUpWorkspaceByName(c, ORG, "w-099"))?.id, ids.get("w-099"));
        assert.deepEqual(fx.calls(), []);
    });

    it("a workspace the pages do not show is asked for by name before it is reported missing", async () => {
        const c = fx.client();
        const found = await Promise.all([...names(1, 250), "nope"].map((n) => lookUpWorkspaceByName(c, ORG, n)));
        assert.equal(found[250], undefined);
        assert.deepEqual(pages(), ["1", "2", "3"]);
        assert.deepEqual(fx.calls().filter((c) => c !== LIST), ["GET /organizations/acme/workspaces/nope"]);
    });
});
