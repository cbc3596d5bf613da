// WorkspaceVariableGroup: `removeKeys` (static credentials deleted after the variables are written,
// from the same variable list) and how adoption spends requests. Through the real dynamic-provider
// host against the emulator; every request counted.
import assert from "node:assert/strict";
import { WorkspaceVariableGroup } from "../../src/resources";
import { IN_PLACE, NO_DIFF, ORG, addVariable, addWorkspace, useHarness, variablesOf } from "./harness";

const ROLE = "arn:aws:iam::123456789012:role/run";
const STATIC = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

describe("resources: WorkspaceVariableGroup removeKeys and adoption (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(() => {
        new WorkspaceVariableGroup("group", {
            workspaceId: "ws-placeholder000000",
            variables: [
                { key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" },
                { key: "TFC_AWS_RUN_ROLE_ARN", value: ROLE, category: "env" },
            ],
            removeKeys: STATIC,
        });
    });
    const group = () => h.resource("group");
    const inputs = (ws: string, o: Record<string, any> = {}) => group().inputs({ workspaceId: ws, ...o });
    const vars = (ws: string) => `/workspaces/${ws}/vars`;
    const keys = (ws: string) => variablesOf(h, ws).map((v) => `${v.category}:${v.key}`).sort();

    describe("removeKeys", () => {
        let ws: string;
        let access: string;
        let secret: string;
        let state: Awaited<ReturnType<ReturnType<typeof group>["up"]>>;

        before(() => {
            ws = addWorkspace(h);
            access = addVariable(h, ws, { key: "AWS_ACCESS_KEY_ID", value: "AKIA" }).id;
            secret = addVariable(h, ws, { key: "AWS_SECRET_ACCESS_KEY", value: "s3cr3t", sensitive: true }).id;
            addVariable(h, ws, { key: "AWS_ACCESS_KEY_ID", value: "kept", category: "terraform" });
        });

        it("create: one list, one POST per variable, then one DELETE per key present (env only)", async () => {
            h.emu.clearLog();
            state = await group().up(inputs(ws));
            assert.deepEqual(h.calls(), [
                `GET /workspaces/${ws}`,
                `GET ${vars(ws)}`,
                `POST ${vars(ws)}`,
                `POST ${vars(ws)}`,
                `DELETE ${vars(ws)}/${access}`,
                `DELETE ${vars(ws)}/${secret}`,
            ]);
            assert.deepEqual(keys(ws), ["env:TFC_AWS_PROVIDER_AUTH", "env:TFC_AWS_RUN_ROLE_ARN", "terraform:AWS_ACCESS_KEY_ID"]);
            // A key that was absent counts as removed.
            assert.deepEqual(state.outs.removedKeys, STATIC);
            assert.deepEqual(state.outs.presentKeys, []);
            assert.deepEqual(state.outs.removeKeys, STATIC);
        });

        it("refresh reports a key that came back (presentKeys); the diff is an update, which deletes it again", async () => {
            const back = addVariable(h, ws, { key: "AWS_SESSION_TOKEN", value: "tok" }).id;
            h.emu.clearLog();
            const refreshed = await group().read(state);
            assert.deepEqual(h.calls(), [`GET ${vars(ws)}`], "refresh is one list");
            assert.deepEqual(refreshed.outs.presentKeys, ["AWS_SESSION_TOKEN"]);
            assert.deepEqual(refreshed.returnedInputs!.removeKeys, STATIC);
            assert.deepEqual(await group().diff(refreshed, inputs(ws)), IN_PLACE);
            h.emu.clearLog();
            state = await group().update(refreshed, inputs(ws));
            assert.deepEqual(h.calls(), [`GET ${vars(ws)}`, `DELETE ${vars(ws)}/${back}`]);
            assert.deepEqual(state.outs.presentKeys, []);
            assert.deepEqual(state.outs.removedKeys, STATIC);
            assert.equal(h.emu.store.variables.has(back), false);
            const again = await group().read(state);
            assert.deepEqual(again.outs.presentKeys, []);
            assert.deepEqual(await group().diff(again, inputs(ws)), NO_DIFF);
        });

        it("delete removes only the group's variables (nothing is restored)", async () => {
            const ids = state.outs.variables.map((v: { id: string }) => v.id);
            h.emu.clearLog();
            await group().delete(state);
            assert.deepEqual(h.calls(), [`DELETE ${vars(ws)}/${ids[1]}`, `DELETE ${vars(ws)}/${ids[0]}`]);
            assert.deepEqual(keys(ws), ["terraform:AWS_ACCESS_KEY_ID"]);
        });

        it("check refuses a key both declared and removed, and a malformed list, naming removeKeys", async () => {
            const both = await group().check(inputs("ws-abc", { removeKeys: ["AWS_ACCESS_KEY_ID", "TFC_AWS_RUN_ROLE_ARN"] }));
            assert.deepEqual(both.failures, [
                {
                    property: "removeKeys",
                    reason: 'removeKeys lists ["TFC_AWS_RUN_ROLE_ARN"], which the group also declares: a key is either written or removed. Remove it from one of them.',
                },
            ]);
            const spaced = await group().check(inputs("ws-abc", { removeKeys: ["AWS KEY"] }));
            assert.deepEqual(spaced.failures, [{ property: "removeKeys", reason: "removeKeys must be a list of variable keys (strings without white space)." }]);
            const notList = await group().check(inputs("ws-abc", { removeKeys: "AWS_ACCESS_KEY_ID" }));
            assert.deepEqual(notList.failures, [{ property: "removeKeys", reason: 'removeKeys must be a list, not "AWS_ACCESS_KEY_ID".' }]);
        });
    });

    describe("adoptExisting: requests", () => {
        const adopting = (ws: string) => inputs(ws, { adoptExisting: true, removeKeys: undefined });

        it("a fresh workspace: one POST per variable and no variable list", async () => {
            const ws = addWorkspace(h);
            h.emu.clearLog();
            const state = await group().up(adopting(ws));
            assert.deepEqual(h.calls(), [`GET /workspaces/${ws}`, `POST ${vars(ws)}`, `POST ${vars(ws)}`]);
            assert.deepEqual(keys(ws), ["env:TFC_AWS_PROVIDER_AUTH", "env:TFC_AWS_RUN_ROLE_ARN"]);
            assert.equal(state.outs.removedKeys, undefined);
        });

        it("stale variables: the first POST is refused (422), ONE list, then PATCHes and no further POST", async () => {
            const ws = addWorkspace(h);
            const a = addVariable(h, ws, { key: "TFC_AWS_PROVIDER_AUTH", value: "false" });
            const b = addVariable(h, ws, { key: "TFC_AWS_RUN_ROLE_ARN", value: "arn:aws:iam::123456789012:role/old" });
            h.emu.clearLog();
            const state = await group().up(adopting(ws));
            assert.deepEqual(h.calls(), [`GET /workspaces/${ws}`, `POST ${vars(ws)}`, `GET ${vars(ws)}`, `PATCH ${vars(ws)}/${a.id}`, `PATCH ${vars(ws)}/${b.id}`]);
            assert.equal(h.emu.log[1].status, 422);
            assert.deepEqual(state.outs.variables.map((v: { id: string }) => v.id), [a.id, b.id]);
            assert.deepEqual([a.value, b.value], ["true", ROLE]);
        });
    });

    it("the organization is only read once per workspace and process", async () => {
        const ws = addWorkspace(h);
        await group().up(inputs(ws, { removeKeys: undefined }));
        h.emu.clearLog();
        const other = await group().up(inputs(ws, { adoptExisting: true, removeKeys: undefined, variables: [{ key: "X", value: "1", category: "env" }] }));
        assert.deepEqual(h.calls(), [`POST ${vars(ws)}`]);
        assert.equal(other.outs.organization, ORG);
    });
});
