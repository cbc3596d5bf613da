// Many Workspace look-ups through the real dynamic-provider host: they are served by the
// organization's list at one request per 100 workspaces of the organization, each page read once,
// however the host's calls arrive (issue 12: batched look-ups at the request floor).
import assert from "node:assert/strict";
import { Workspace } from "../../src/resources";
import { ORG, useHarness, type State } from "./harness";

const FLEET = Array.from({ length: 30 }, (_, i) => `fleet-${String(i + 1).padStart(3, "0")}`);
const OTHERS = 250;

describe("resources: Workspace look-ups of a fleet (real provider host, emulator)", function () {
    this.timeout(60_000);

    const h = useHarness(() => {
        for (const name of FLEET) new Workspace(name, { organization: ORG, name, lookupProjectName: false });
    });
    const ids = new Map<string, string>();
    let states: State[] = [];

    before(() => {
        // The fleet's workspaces come last: pages 3 of 3 (280 workspaces, 100 a page).
        for (let i = 1; i <= OTHERS; i++) h.emu.addWorkspace(ORG, `other-${String(i).padStart(3, "0")}`);
        for (const name of FLEET) ids.set(name, h.emu.addWorkspace(ORG, name).id);
    });

    const listPages = () => h.requests("GET", /^\/organizations\/acme\/workspaces$/).map((e) => e.query["page[number]"]);

    it("30 creates at once cost the three pages of the organization's list, each read once", async () => {
        h.emu.clearLog();
        states = await Promise.all(FLEET.map((name) => h.resource(name).up(h.resource(name).inputs())));
        assert.deepEqual(states.map((s) => s.id), FLEET.map((n) => ids.get(n)));
        assert.deepEqual(listPages().sort(), ["1", "2", "3"]);
        assert.equal(h.emu.log.length, 3);
    });

    it("reading them all again in the same process is served by the pages read: no request", async () => {
        h.emu.clearLog();
        const read = await Promise.all(FLEET.map((name, i) => h.resource(name).read(states[i])));
        assert.deepEqual(read.map((s) => s.outs.workspaceId), FLEET.map((n) => ids.get(n)));
        assert.deepEqual(h.calls(), []);
    });
});
