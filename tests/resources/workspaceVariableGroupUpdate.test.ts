// WorkspaceVariableGroup: read, update and delete, through the real dynamic-provider host against the emulator.
import assert from "node:assert/strict";
import { A, ALREADY, B, entry, useGroupHarness } from "./groupHarness";
import { ORG, siteOf, type State } from "./harness";

describe("resources: WorkspaceVariableGroup read, update and delete (real provider host, emulator)", function () {
    this.timeout(30_000);

    const { h, group, byName, workspace, vars, varOf, addVar, path, inputs, withIds, patched, posted } = useGroupHarness();

    describe("read (one list request)", () => {
        let ws: string;
        let state: State;

        beforeEach(async () => {
            ws = workspace();
            state = await group().up(inputs(ws));
        });

        it("no drift: the same outputs; the inputs returned are the declared shape without ids", async () => {
            h.emu.clearLog();
            const r = await group().read(state);
            assert.deepEqual(h.calls(), [`GET ${path(ws)}`]);
            assert.equal(r.id, ws);
            assert.deepEqual(r.outs, state.outs);
            const { __provider: _p, ...returned } = r.returnedInputs!;
            assert.deepEqual(returned, { workspaceId: ws, variables: [A, B], adoptExisting: false, site: siteOf(h) });
            assert.equal((await group().diff(r, inputs(ws))).changes, false);
        });

        it("a value changed in HCP shows, and the next update sends it back (only value)", async () => {
            varOf(ws, B.key)!.value = "edited";
            const r = await group().read(state);
            assert.deepEqual(r.outs.variables, withIds(ws, A, { ...B, value: "edited" }));
            assert.equal((await group().diff(r, inputs(ws))).changes, true);
            h.emu.clearLog();
            const u = await group().update(r, inputs(ws));
            assert.deepEqual(h.calls(), [`PATCH ${path(ws)}/${varOf(ws, B.key)!.id}`]);
            assert.deepEqual(patched(), [["value"]]);
            assert.deepEqual(u.outs.variables, withIds(ws, A, B));
        });

        it("a variable deleted in HCP is dropped, and the next update creates it again", async () => {
            h.emu.store.variables.delete(varOf(ws, A.key)!.id);
            const r = await group().read(state);
            assert.deepEqual(r.outs.variables, withIds(ws, B));
            assert.deepEqual(r.returnedInputs!.variables, [B]);
            h.emu.clearLog();
            const u = await group().update(r, inputs(ws));
            assert.deepEqual(h.calls(), [`GET ${path(ws)}`, `POST ${path(ws)}`]);
            assert.deepEqual(u.outs.variables, withIds(ws, A, B));
        });

        it("a variable made sensitive in HCP: marked sensitive, and the next update re-creates it plain (delete, then create)", async () => {
            const old = varOf(ws, B.key)!;
            old.sensitive = true;
            const r = await group().read(state);
            assert.deepEqual(r.outs.variables, withIds(ws, A, { ...B, value: "", sensitive: true }));
            assert.deepEqual(r.returnedInputs!.variables, [A, { ...B, value: "" }]);
            assert.equal((await group().diff(r, inputs(ws))).changes, true);
            h.emu.clearLog();
            const u = await group().update(r, inputs(ws));
            // Listed first (a key to create must be refused before anything is written), then re-created.
            assert.deepEqual(h.calls(), [`GET ${path(ws)}`, `DELETE ${path(ws)}/${old.id}`, `POST ${path(ws)}`]);
            assert.equal(h.emu.store.variables.has(old.id), false);
            assert.deepEqual(u.outs.variables, withIds(ws, A, B));
            assert.equal(varOf(ws, B.key)!.sensitive, false);
            assert.equal((await group().diff(u, inputs(ws))).changes, false);
        });

        it("all variables deleted in HCP: gone (empty id)", async () => {
            for (const v of vars(ws)) h.emu.store.variables.delete(v.id);
            assert.equal((await group().read(state)).id, "");
        });

        it("the workspace deleted in HCP: gone (empty id)", async () => {
            h.emu.store.workspaces.delete(ws);
            assert.equal((await group().read(state)).id, "");
        });

        it("a group found by name keeps organization and workspaceName as its inputs", async () => {
            const named = workspace("named-for-read");
            const s = await byName().up(byName().inputs({ workspaceName: "named-for-read" }));
            const r = await byName().read(s);
            const { __provider: _p, ...returned } = r.returnedInputs!;
            assert.deepEqual(returned, {
                organization: ORG,
                workspaceName: "named-for-read",
                variables: [entry("region", "eu-west-1", { category: "terraform", description: "where" })],
                adoptExisting: false,
                site: siteOf(h),
            });
            assert.equal(r.outs.workspaceId, named);
            await byName().delete(s);
        });
    });

    describe("update", () => {
        let ws: string;
        let state: State;
        const C = entry("TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE", "aws.workload.identity");
        const D = entry("region", "eu-west-1", { category: "terraform" });

        beforeEach(async () => {
            ws = workspace();
            state = await group().up(inputs(ws, { variables: [A, B, D] }));
            h.emu.clearLog();
        });

        it("no change: 0 requests; an adoptExisting change: 0 requests, recorded", async () => {
            const same = await group().update(state, inputs(ws, { variables: [A, B, D] }));
            assert.deepEqual(same.outs, state.outs);
            const adopting = await group().update(state, inputs(ws, { variables: [A, B, D], adoptExisting: true }));
            assert.equal(adopting.outs.adoptExisting, true);
            assert.deepEqual(adopting.outs.variables, state.outs.variables);
            assert.deepEqual(h.emu.log, []);
        });

        it("patches only the changed fields of the changed variables", async () => {
            const u = await group().update(state, inputs(ws, { variables: [{ ...A, description: "on" }, B, { ...D, value: "[1]", hcl: true }] }));
            assert.deepEqual(h.calls(), [`PATCH ${path(ws)}/${varOf(ws, A.key)!.id}`, `PATCH ${path(ws)}/${varOf(ws, D.key, "terraform")!.id}`]);
            assert.deepEqual(patched(), [["description"], ["hcl", "value"]]);
            assert.deepEqual(u.outs.variables, withIds(ws, { ...A, description: "on" }, B, { ...D, value: "[1]", hcl: true }));
            assert.equal(varOf(ws, D.key, "terraform")!.hcl, true);
        });

        it("adds (one look-up, then POSTs in order) and removes (DELETE in reverse declared order); state in the new order", async () => {
            const E = entry("E", "e");
            const ids = state.outs.variables.map((v: any) => v.id);
            const u = await group().update(state, inputs(ws, { variables: [C, B, E] }));
            assert.deepEqual(h.calls(), [
                `GET ${path(ws)}`,
                `POST ${path(ws)}`,
                `POST ${path(ws)}`,
                `DELETE ${path(ws)}/${ids[2]}`,
                `DELETE ${path(ws)}/${ids[0]}`,
            ]);
            assert.deepEqual(posted(), [C.key, "E"]);
            assert.deepEqual(u.outs.variables, withIds(ws, C, B, E));
            assert.deepEqual(vars(ws).map((v) => v.key).sort(), [C.key, "E", B.key].sort());
        });

        it("a category change of a key: the new variable is created, then the old one deleted", async () => {
            const old = varOf(ws, D.key, "terraform")!;
            const u = await group().update(state, inputs(ws, { variables: [A, B, { ...D, category: "env" }] }));
            assert.deepEqual(h.calls(), [`GET ${path(ws)}`, `POST ${path(ws)}`, `DELETE ${path(ws)}/${old.id}`]);
            assert.deepEqual(u.outs.variables, withIds(ws, A, B, { ...D, category: "env" }));
            assert.equal(varOf(ws, D.key, "terraform"), undefined);
        });

        it("only a new order: no request, the state follows the order", async () => {
            const u = await group().update(state, inputs(ws, { variables: [D, B, A] }));
            assert.deepEqual(h.emu.log, []);
            assert.deepEqual(u.outs.variables, withIds(ws, D, B, A));
        });

        it("a variable deleted in HCP that must be patched: how to recover (nothing done: plain error)", async () => {
            const gone = varOf(ws, A.key)!;
            h.emu.store.variables.delete(gone.id);
            const err = await group().fails(group().update(state, inputs(ws, { variables: [{ ...A, value: "false" }, B, D] })));
            assert.equal(
                err.message,
                `variable "${A.key}" (env) of workspace ${ws} (${gone.id}) no longer exists or the token may not see it: ` +
                    "run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again.",
            );
            assert.equal(err.initFailed, undefined);
        });

        it("a failure midway: ObjectLeftBehind with the real state (done + untouched), and the next update finishes", async () => {
            const theirs = addVar(ws, { key: C.key, value: "the user's" });
            const ids = state.outs.variables.map((v: any) => v.id);
            const news = inputs(ws, { variables: [{ ...A, value: "false" }, C, { ...B, value: "changed" }] });
            const err = await group().fails(group().update(state, news));
            const message = `${ALREADY(ws, C.key)}; changes already made and kept in the stack: updated ${A.key}. Run \`pulumi up\` again to finish.`;
            assert.equal(err.message, message);
            // Listed first (C is to be created, not adopted), A patched, then C refused from that list.
            assert.deepEqual(h.calls(), [`GET ${path(ws)}`, `PATCH ${path(ws)}/${ids[0]}`]);
            assert.equal(err.initFailed?.id, ws);
            // A is updated; B is untouched (old value); D is still there (its delete comes last).
            assert.deepEqual(err.initFailed?.properties, {
                workspaceId: ws, organization: ORG, variables: withIds(ws, { ...A, value: "false" }, B, D), adoptExisting: false, site: siteOf(h),
            });
            assert.equal(theirs.value, "the user's");

            const recorded: State = { id: ws, outs: err.initFailed!.properties, inputs: state.inputs };
            h.emu.clearLog();
            const done = await group().update(recorded, { ...news, adoptExisting: true });
            assert.deepEqual(h.calls(), [
                `POST ${path(ws)}`,
                `GET ${path(ws)}`,
                `PATCH ${path(ws)}/${theirs.id}`,
                `PATCH ${path(ws)}/${ids[1]}`,
                `DELETE ${path(ws)}/${ids[2]}`,
            ]);
            assert.deepEqual(done.outs.variables, withIds(ws, { ...A, value: "false" }, C, { ...B, value: "changed" }));
        });

        it("a failure while deleting: the deleted ones are gone from the reported state", async () => {
            const ids = state.outs.variables.map((v: any) => v.id);
            h.emu.injectFaults({ serverErrorRate: 1, match: (m, p) => m === "DELETE" && p === `/api/v2${path(ws)}/${ids[0]}` });
            try {
                const err = await group().fails(group().update(state, inputs(ws, { variables: [B] })));
                assert.match(
                    err.message,
                    new RegExp(`^DELETE ${path(ws)}/${ids[0]} on 127\\.0\\.0\\.1:\\d+ failed: 50[023] .*; changes already made and kept in the stack: deleted region\\. Run \`pulumi up\` again to finish\\.$`),
                );
                assert.deepEqual(err.initFailed?.properties.variables, withIds(ws, B, A));
            } finally {
                h.emu.clearFaults();
            }
        });
    });

    describe("delete", () => {
        it("deletes the variables in the reverse of the declared order", async () => {
            const ws = workspace();
            const state = await group().up(inputs(ws));
            const ids = state.outs.variables.map((v: any) => v.id);
            h.emu.clearLog();
            await group().delete(state);
            assert.deepEqual(h.calls(), [`DELETE ${path(ws)}/${ids[1]}`, `DELETE ${path(ws)}/${ids[0]}`]);
            assert.deepEqual(vars(ws), []);
        });

        it("a variable already gone (404) is fine; the others are deleted", async () => {
            const ws = workspace();
            const state = await group().up(inputs(ws));
            h.emu.store.variables.delete(state.outs.variables[1].id);
            await group().delete(state);
            assert.deepEqual(vars(ws), []);
            // The workspace gone altogether: nothing left to delete.
            h.emu.store.workspaces.delete(ws);
            await group().delete(state);
        });
    });
});
