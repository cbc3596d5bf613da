// Workspace: what the resource may change. One it created is renamed and moved in place (PATCH)
// and kept on delete unless deleteOnDestroy; one it only looked up is never changed (another name
// or project is another look-up). The organization's casing and a pinned project are checked
// before anything is written. Through the real dynamic-provider host against the emulator.
import assert from "node:assert/strict";
import { Workspace } from "../../src/resources";
import { IN_PLACE, ORG, addWorkspace, replaced, useHarness, type State } from "./harness";

const CASING =
    'organization "ACME" is stored as "acme" in HCP Terraform. Run tokens carry "acme", and trust conditions compare names ' +
    'case-sensitively (IAM StringLike, Entra subjects, Vault bound claims), so no run token would match. Fix: organization: "acme".';

function pinnedMessage(name: string, actual: string, pinned: string): string {
    return (
        `workspace "${name}" of organization "acme" is in project "${actual}", but the trust pins project "${pinned}": its runs could not get ` +
        `credentials, so nothing was written. Fix: move the workspace to project "${pinned}" in HCP Terraform, or pin project "${actual}".`
    );
}

describe("resources: Workspace renames, moves, deletes and checks (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(() => {
        new Workspace("ws", { organization: ORG, name: "app", createIfMissing: true });
    });
    const ws = () => h.resource("ws");
    const base = (o: Record<string, any> = {}) => ws().inputs(o);
    const record = (id: string) => h.emu.store.workspaces.get(id)!;
    const writes = () => h.calls().filter((c) => !c.startsWith("GET "));
    const defaultProject = () => h.emu.store.organizations.get(ORG)!.defaultProjectId;

    describe("a workspace the resource created", () => {
        let state: State;

        before(async () => {
            state = await ws().up(base({ name: "made" }));
            assert.equal(state.outs.created, true);
        });

        it("another name is an update: one PATCH of the name, the same workspace", async () => {
            assert.deepEqual(await ws().diff(state, base({ name: "made-renamed" })), IN_PLACE);
            h.emu.clearLog();
            state = await ws().update(state, base({ name: "made-renamed" }));
            assert.deepEqual(h.calls(), [`PATCH /workspaces/${state.id}`]);
            assert.deepEqual(h.emu.log[0].body, { data: { type: "workspaces", id: state.id, attributes: { name: "made-renamed" } } });
            assert.equal(record(state.id).name, "made-renamed");
            assert.equal(state.outs.name, "made-renamed");
            assert.equal(state.outs.workspaceId, state.id);
        });

        it("another projectId is an update: one PATCH of the project, then its name is read", async () => {
            const moves = h.emu.addProject(ORG, "Moves");
            const news = base({ name: "made-renamed", projectId: moves.id });
            assert.deepEqual(await ws().diff(state, news), IN_PLACE);
            h.emu.clearLog();
            state = await ws().update(state, news);
            assert.deepEqual(h.calls(), [`PATCH /workspaces/${state.id}`, `GET /projects/${moves.id}`]);
            assert.deepEqual(h.emu.log[0].body, {
                data: { type: "workspaces", id: state.id, attributes: {}, relationships: { project: { data: { type: "projects", id: moves.id } } } },
            });
            assert.equal(record(state.id).projectId, moves.id);
            assert.equal(state.outs.projectId, moves.id);
            assert.equal(state.outs.projectName, "Moves");
        });

        it("renamed out of band: refresh reports the new name, the diff is an update, and the update renames it back", async () => {
            const declared = base({ name: "made-renamed", projectId: state.outs.projectId });
            h.emu.renameWorkspace(state.id, "renamed-in-the-ui");
            const refreshed = await ws().read(state);
            assert.equal(refreshed.id, state.id);
            assert.equal(refreshed.outs.name, "renamed-in-the-ui");
            assert.equal(refreshed.returnedInputs!.name, "renamed-in-the-ui");
            assert.deepEqual(await ws().diff(refreshed, declared), IN_PLACE);
            h.emu.clearLog();
            state = await ws().update(refreshed, declared);
            assert.deepEqual(h.calls(), [`PATCH /workspaces/${state.id}`]);
            assert.equal(record(state.id).name, "made-renamed");
            assert.equal(state.outs.name, "made-renamed");
        });

        it("deleteOnDestroy false (the default): delete sends nothing and the workspace stays", async () => {
            h.emu.clearLog();
            await ws().delete(state);
            assert.deepEqual(h.calls(), []);
            assert.ok(h.emu.store.workspaces.has(state.id));
        });

        it("deleteOnDestroy true: one safe delete", async () => {
            state = await ws().update(state, base({ name: "made-renamed", projectId: state.outs.projectId, deleteOnDestroy: true }));
            h.emu.clearLog();
            await ws().delete(state);
            assert.deepEqual(h.calls(), [`POST /workspaces/${state.id}/actions/safe-delete`]);
            assert.equal(h.emu.store.workspaces.has(state.id), false);
        });
    });

    describe("a workspace the resource only looked up", () => {
        let state: State;
        let id: string;

        before(async () => {
            id = addWorkspace(h, "found");
            state = await ws().up(base({ name: "found", createIfMissing: false, deleteOnDestroy: true }));
            assert.equal(state.outs.created, false);
        });

        it("another name or project is another workspace: a replacement, the new one first", async () => {
            assert.deepEqual(await ws().diff(state, base({ name: "found-2", createIfMissing: false })), replaced(["name"], false));
            const other = h.emu.addProject(ORG, "Other Place");
            assert.deepEqual(await ws().diff(state, base({ name: "found", projectId: other.id, createIfMissing: false })), replaced(["projectId"], false));
        });

        it("delete never deletes it, even with deleteOnDestroy", async () => {
            h.emu.clearLog();
            await ws().delete(state);
            assert.deepEqual(h.calls(), []);
            assert.ok(h.emu.store.workspaces.has(id));
        });
    });

    describe("organization casing", () => {
        it("an existing workspace named with the wrong casing: the casing message, nothing written", async () => {
            addWorkspace(h, "cased");
            h.emu.clearLog();
            const err = await ws().fails(ws().up(base({ organization: "ACME", name: "cased", createIfMissing: false })));
            assert.equal(err.message, CASING);
            assert.deepEqual(h.calls(), ["GET /organizations/ACME/workspaces/cased"]);
        });

        it("a workspace to create: the organization is read and the casing message given before any POST", async () => {
            h.emu.clearLog();
            const err = await ws().fails(ws().up(base({ organization: "ACME", name: "not-made" })));
            assert.equal(err.message, CASING);
            assert.deepEqual(h.calls(), ["GET /organizations/ACME/workspaces/not-made", "GET /organizations/ACME"]);
            assert.equal([...h.emu.store.workspaces.values()].some((w) => w.name === "not-made"), false);
        });
    });

    describe("organization casing in a state", () => {
        let state: State;
        let wrong: State;

        before(async () => {
            addWorkspace(h, "cased-state");
            state = await ws().up(base({ name: "cased-state", createIfMissing: false }));
            // What 0.2 recorded when the program said "ACME": nothing checked the casing then.
            wrong = { id: state.id, outs: { ...state.outs, organization: "ACME" }, inputs: { ...state.inputs, organization: "ACME" } };
        });

        it("refresh records the casing HCP Terraform stores instead of failing", async () => {
            const r = await ws().read(wrong);
            assert.equal(r.id, state.id);
            assert.equal(r.outs.organization, ORG);
            assert.equal(r.returnedInputs!.organization, ORG);
        });

        it("an update reads the workspace when the casings differ: the stored one decides", async () => {
            h.emu.clearLog();
            const s = await ws().update(wrong, base({ name: "cased-state", createIfMissing: false, lookupProjectName: false }));
            assert.deepEqual(h.calls(), [`GET /workspaces/${state.id}`]);
            assert.equal(s.outs.organization, ORG);
            const err = await ws().fails(ws().update(state, base({ organization: "ACME", name: "cased-state", createIfMissing: false, lookupProjectName: false })));
            assert.equal(err.message, CASING);
        });
    });

    describe("expectedProjectName", () => {
        it("an existing workspace in another project: create fails naming both projects, nothing written", async () => {
            h.emu.addProject(ORG, "Payments");
            addWorkspace(h, "unpinned");
            h.emu.clearLog();
            const err = await ws().fails(ws().up(base({ name: "unpinned", createIfMissing: false, expectedProjectName: "Payments" })));
            assert.equal(err.message, pinnedMessage("unpinned", "Default Project", "Payments"));
            assert.deepEqual(writes(), []);
        });

        it("a workspace to create in another project than the pinned one: refused before the POST, naming both projects", async () => {
            const platform = h.emu.addProject(ORG, "Platform");
            h.emu.clearLog();
            const err = await ws().fails(ws().up(base({ name: "to-make", projectId: platform.id, expectedProjectName: "Payments" })));
            assert.equal(err.message, pinnedMessage("to-make", "Platform", "Payments"));
            assert.deepEqual(writes(), []);
            assert.equal([...h.emu.store.workspaces.values()].some((w) => w.name === "to-make"), false);
        });

        it("moved out of band: a change after refresh, and the update fails the same way (nothing written)", async () => {
            const payments = [...h.emu.store.projects.values()].find((p) => p.name === "Payments")!;
            const id = addWorkspace(h, "pinned", ORG, payments.id);
            const declared = base({ name: "pinned", createIfMissing: false, expectedProjectName: "Payments" });
            const state = await ws().up(declared);
            assert.equal(state.outs.projectName, "Payments");
            h.emu.moveWorkspace(id, defaultProject());
            const refreshed = await ws().read(state);
            assert.equal(refreshed.outs.projectName, "Default Project");
            assert.equal(refreshed.outs.expectedProjectName, "Payments");
            assert.deepEqual(await ws().diff(refreshed, declared), IN_PLACE);
            h.emu.clearLog();
            const err = await ws().fails(ws().update(refreshed, declared));
            assert.equal(err.message, pinnedMessage("pinned", "Default Project", "Payments"));
            assert.deepEqual(writes(), []);
        });
    });

    it("createArgument names the way to create the workspace in the not-found message", async () => {
        const err = await ws().fails(ws().up(base({ name: "absent", createIfMissing: false, createArgument: "createWorkspace" })));
        assert.equal(
            err.message,
            'workspace "absent" of organization "acme" was not found, or the token is not allowed to see it (HCP Terraform answers 404 for both). ' +
                "Check the names and the token's access, or set createWorkspace: true to create it.",
        );
    });
});
