// "Not visible is not gone", for every resource type, through the real dynamic-provider host: HCP
// answers 404 both for a deleted object and for one the token may not see. With the token denied
// the organization, refresh and delete fail naming the site, the organization and the token source,
// and nothing is dropped or removed; with the organization visible, a deleted object is gone.
import assert from "node:assert/strict";
import { ALL_TYPES_PROGRAM, DELETING, TYPES, createAll, makeWorld, whatOf, type TypeName, type World } from "./allTypes";
import { CANARY, ORG, TOKEN_SOURCE, siteOf, useHarness, visibilityMessage, without, type State } from "./harness";

/** The inputs of each type that a 0.2 state lacked: `site`, and `organization` where it is an output. */
const NEW_IN_03: Record<TypeName, string[]> = {
    workspace: ["site"], project: ["site"], varset: ["site"], aws: ["site"], azure: ["site"], gcp: ["site"], vault: ["site"],
    wvar: ["site", "organization"], svar: ["site", "organization"], vsw: ["site", "organization"], wvs: ["site", "organization"],
    pvs: ["site", "organization"], group: ["site", "organization"], removal: ["site", "organization"],
};

describe("resources: not visible is not gone, every type (real provider host, emulator)", function () {
    this.timeout(60_000);

    const h = useHarness(() => undefined, { hyok: true, packedProgram: ALL_TYPES_PROGRAM });
    const storeSize = () => Object.values(h.emu.store).reduce((n, m: Map<string, unknown>) => n + m.size, 0);
    const writes = () => h.calls().filter((c) => !c.startsWith("GET "));

    describe("the token is denied the organization", () => {
        let w: World;
        let states: Record<TypeName, State>;

        before(async () => {
            w = makeWorld(h);
            states = await createAll(h, w);
            h.emu.denyAccess(CANARY, w.org);
        });

        it("refresh of every type fails with the credentials message and answers no empty id", async () => {
            const before = storeSize();
            h.emu.clearLog();
            for (const name of TYPES) {
                const d = h.resource(name);
                const err = await d.fails(d.read(states[name]));
                assert.equal(err.message, visibilityMessage(h, whatOf(name, states[name], w, "read"), w.org), name);
            }
            assert.deepEqual(writes(), []);
            assert.equal(storeSize(), before);
        });

        it("delete of every type that removes something fails the same way instead of succeeding; nothing is removed", async () => {
            const before = storeSize();
            for (const name of DELETING) {
                const d = h.resource(name);
                const err = await d.fails(d.delete(states[name]));
                assert.equal(err.message, visibilityMessage(h, whatOf(name, states[name], w, "delete"), w.org), name);
            }
            assert.equal(storeSize(), before);
            assert.ok(h.emu.store.workspaces.has(states.workspace.id));
            assert.ok(h.emu.store.varsets.get(w.setId)!.workspaceIds.includes(w.workspaceId));
        });

        it("a project look-up and a variable removal delete nothing, so their delete sends nothing", async () => {
            h.emu.clearLog();
            await h.resource("project").delete(states.project);
            await h.resource("removal").delete(states.removal);
            assert.deepEqual(h.calls(), []);
        });

        it("a 0.2 state (no organization recorded): refresh cannot tell, and says so with the site and the token source", async () => {
            const d = h.resource("wvar");
            const err = await d.fails(d.read(without(states.wvar, ...NEW_IN_03.wvar)));
            assert.equal(
                err.message,
                `${whatOf("wvar", states.wvar, w, "read")} answered 404, and so does everything it belongs to, and its state (written by 0.2) does not ` +
                    `record its organization: this cannot tell a deletion from a token that cannot see it (token from ${TOKEN_SOURCE}, site ${siteOf(h)}). ` +
                    "If it was deleted, remove it from the stack with `pulumi state delete <urn>`; otherwise fix the token and run again.",
            );
        });
    });

    describe("the organization is visible and the objects were deleted out of band", () => {
        let w: World;
        let states: Record<TypeName, State>;

        before(async () => {
            w = makeWorld(h, ORG);
            states = await createAll(h, w);
            const s = h.emu.store;
            s.workspaces.delete(states.workspace.id);
            s.workspaces.delete(w.workspaceId);
            s.projects.delete(w.projectId);
            s.varsets.delete(states.varset.id);
            s.varsets.delete(w.otherSetId);
            s.varsetVariables.delete(states.svar.id);
            Object.assign(s.varsets.get(w.setId)!, { workspaceIds: [], projectIds: [] });
            for (const name of ["aws", "azure", "gcp", "vault"] as const) s.oidcConfigurations.delete(states[name].id);
        });

        it("refresh of every type answers an empty id", async () => {
            for (const name of TYPES) assert.equal((await h.resource(name).read(states[name])).id, "", name);
        });

        it("delete of every type succeeds", async () => {
            for (const name of TYPES) await h.resource(name).delete(states[name]);
            assert.ok(h.emu.store.varsets.has(w.setId), "the set the attachments used is not deleted");
        });
    });

    describe("a 0.2 state (no site, no recorded organization)", () => {
        let w: World;
        let states: Record<TypeName, State>;

        before(async () => {
            w = makeWorld(h, ORG);
            const made = await createAll(h, w);
            states = Object.fromEntries(TYPES.map((n) => [n, without(made[n], ...NEW_IN_03[n])])) as Record<TypeName, State>;
        });

        it("refresh of every type still reads it (on the site TFE_HOSTNAME names)", async () => {
            for (const name of TYPES) {
                const r = await h.resource(name).read(states[name]);
                assert.equal(r.id, states[name].id, name);
            }
        });

        it("delete of every type still deletes it", async () => {
            for (const name of TYPES) await h.resource(name).delete(states[name]);
            assert.equal(h.emu.store.workspaces.has(states.workspace.id), false);
            assert.equal(h.emu.store.varsets.has(states.varset.id), false);
            assert.equal(h.emu.store.variables.has(states.wvar.id), false);
            assert.equal(h.emu.store.varsetVariables.has(states.svar.id), false);
            assert.deepEqual(h.emu.store.varsets.get(w.setId)!.workspaceIds, []);
            assert.deepEqual(h.emu.store.varsets.get(w.otherSetId)!.workspaceIds, []);
            assert.deepEqual(h.emu.store.varsets.get(w.setId)!.projectIds, []);
            assert.deepEqual([...h.emu.store.variables.values()].filter((v) => v.workspaceId === w.workspaceId), []);
        });
    });
});
