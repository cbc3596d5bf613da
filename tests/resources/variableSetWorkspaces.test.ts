// VariableSetWorkspaces: one variable set attached to a list of workspaces as one resource, through
// the real dynamic-provider host against the emulator: one request per change of the list, workspaces
// attached before it never detached by it, and workspace variables that would shadow the set found.
import assert from "node:assert/strict";
import { VariableSetWorkspaces } from "../../src/resources";
import { IN_PLACE, NO_DIFF, addSet, addVariable, addWorkspace, outsOf, replaced, siteOf, useHarness, variablesOf, type State } from "./harness";
import type { VarsetRecord } from "../emulator";

const ws = (...ids: string[]) => ids.map((id) => ({ type: "workspaces", id }));

describe("resources: VariableSetWorkspaces (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(() => {
        new VariableSetWorkspaces("vsw", { variableSetId: "varset-placeholder00000", workspaceIds: ["ws-placeholder000000"] });
    });
    const d = () => h.resource("vsw");
    const inputs = (set: VarsetRecord, workspaceIds: string[], o: Record<string, unknown> = {}) => d().inputs({ variableSetId: set.id, workspaceIds, ...o });
    const rel = (set: VarsetRecord) => `/varsets/${set.id}/relationships/workspaces`;
    const bodies = () => h.emu.log.filter((e) => e.path.endsWith("/relationships/workspaces")).map((e) => [e.method, (e.body as any).data]);

    it("check: each failure names the property and the fix", async () => {
        const fails = async (news: Record<string, unknown>) => (await d().check(news)).failures;
        assert.deepEqual(await fails({ variableSetId: "vs-1", workspaceIds: [] }), [
            { property: "variableSetId", reason: 'variableSetId "vs-1" is not valid: give the variable set id, e.g. "varset-123456789abcdefg".' },
            { property: "workspaceIds", reason: "workspaceIds is required: give a non-empty list of workspace ids." },
        ]);
        assert.deepEqual(await fails({ variableSetId: "varset-abc", workspaceIds: ["ws-abc", "app"] }), [
            { property: "workspaceIds", reason: 'workspaceIds[1] "app" is not valid: give the workspace id, e.g. "ws-123456789abcdefg".' },
        ]);
        assert.deepEqual(await fails({ variableSetId: "varset-abc", workspaceIds: ["ws-abc", "ws-abc"] }), [
            { property: "workspaceIds", reason: 'workspaceIds lists "ws-abc" twice: give each workspace once.' },
        ]);
        assert.deepEqual(await fails({ variableSetId: "varset-abc", workspaceIds: ["ws-abc"], shadowKeys: ["A B"], removeShadowing: "yes" }), [
            { property: "shadowKeys", reason: "shadowKeys must be a list of variable keys." },
            { property: "removeShadowing", reason: 'removeShadowing must be true or false, not "yes".' },
        ]);
    });

    describe("lifecycle", () => {
        let set: VarsetRecord;
        let ids: string[];
        let state: State;

        before(() => {
            set = addSet(h);
            ids = [addWorkspace(h), addWorkspace(h), addWorkspace(h), addWorkspace(h)];
        });

        it("create: the set read once, then ONE POST attaches the whole list", async () => {
            h.emu.clearLog();
            state = await d().up(inputs(set, ids.slice(0, 3)));
            assert.equal(state.id, set.id);
            assert.deepEqual(h.calls(), [`GET /varsets/${set.id}`, `POST ${rel(set)}`]);
            assert.deepEqual(bodies(), [["POST", ws(...ids.slice(0, 3))]]);
            assert.deepEqual(set.workspaceIds, ids.slice(0, 3));
            assert.deepEqual(outsOf(state), {
                variableSetId: set.id, workspaceIds: ids.slice(0, 3), shadowKeys: [], removeShadowing: false, site: siteOf(h), preAttached: [], organization: "acme",
            });
        });

        it("refresh is ONE GET of the set; the same list in another order is no change", async () => {
            h.emu.clearLog();
            const refreshed = await d().read(state);
            assert.deepEqual(h.calls(), [`GET /varsets/${set.id}`]);
            assert.deepEqual(refreshed.outs, state.outs);
            assert.deepEqual(await d().diff(refreshed, inputs(set, [ids[2], ids[0], ids[1]])), NO_DIFF);
        });

        it("update attaches only the added and detaches only the removed (one request each)", async () => {
            const news = inputs(set, ids.slice(1, 4));
            assert.deepEqual(await d().diff(state, news), IN_PLACE);
            h.emu.clearLog();
            state = await d().update(state, news);
            assert.deepEqual(h.calls(), [`POST ${rel(set)}`, `DELETE ${rel(set)}`]);
            assert.deepEqual(bodies(), [["POST", ws(ids[3])], ["DELETE", ws(ids[0])]]);
            assert.deepEqual(set.workspaceIds, ids.slice(1, 4));
            assert.deepEqual(state.outs.workspaceIds, ids.slice(1, 4));
        });

        it("a workspace detached out of band shows in the diff, and the update attaches it again", async () => {
            set.workspaceIds = [ids[1], ids[3]];
            const refreshed = await d().read(state);
            assert.deepEqual(refreshed.outs.workspaceIds, [ids[1], ids[3]]);
            assert.deepEqual(await d().diff(refreshed, inputs(set, ids.slice(1, 4))), IN_PLACE);
            h.emu.clearLog();
            state = await d().update(refreshed, inputs(set, ids.slice(1, 4)));
            assert.deepEqual(bodies(), [["POST", ws(ids[2])]]);
            assert.deepEqual([...set.workspaceIds].sort(), ids.slice(1, 4).sort());
        });

        it("another set replaces (no delete first)", async () => {
            assert.deepEqual(await d().diff(state, inputs(addSet(h), ids.slice(1, 4))), replaced(["variableSetId"], false));
        });

        it("delete detaches what it attached, in one request; every workspace detached out of band means gone", async () => {
            h.emu.clearLog();
            await d().delete(state);
            assert.deepEqual(bodies(), [["DELETE", ws(...ids.slice(1, 4))]]);
            assert.deepEqual(set.workspaceIds, []);
            assert.equal((await d().read(state)).id, "");
        });
    });

    describe("workspaces attached before the resource attached them", () => {
        it("are recorded as preAttached and never detached (not by an update, not by delete)", async () => {
            const [before, mine, other] = [addWorkspace(h), addWorkspace(h), addWorkspace(h)];
            const set = addSet(h, { workspaceIds: [before] });
            h.emu.clearLog();
            let state = await d().up(inputs(set, [before, mine]));
            assert.deepEqual(bodies(), [["POST", ws(mine)]]);
            assert.deepEqual(state.outs.preAttached, [before]);
            h.emu.clearLog();
            state = await d().update(state, inputs(set, [mine, other]));
            assert.deepEqual(bodies(), [["POST", ws(other)]], "the pre-attached workspace left the list: not detached");
            assert.deepEqual(state.outs.preAttached, []);
            assert.deepEqual(set.workspaceIds, [before, mine, other]);
            h.emu.clearLog();
            await d().delete(state);
            assert.deepEqual(bodies(), [["DELETE", ws(mine, other)]]);
            assert.deepEqual(set.workspaceIds, [before]);
        });
    });

    describe("shadowKeys", () => {
        const KEYS = ["TFC_AWS_PROVIDER_AUTH", "TFC_AWS_RUN_ROLE_ARN"];

        it("a workspace with its own variable of a set key: create fails naming the workspace and the keys; nothing attached", async () => {
            const set = addSet(h);
            const [clean, shadowed] = [addWorkspace(h), addWorkspace(h)];
            addVariable(h, shadowed, { key: "TFC_AWS_RUN_ROLE_ARN", value: "arn:aws:iam::123456789012:role/old" });
            addVariable(h, shadowed, { key: "TFC_AWS_RUN_ROLE_ARN", value: "a terraform variable", category: "terraform" });
            addVariable(h, clean, { key: "OTHER", value: "x" });
            h.emu.clearLog();
            const err = await d().fails(d().up(inputs(set, [clean, shadowed], { shadowKeys: KEYS })));
            assert.equal(
                err.message,
                `workspace variables would shadow variable set ${set.id}: HCP Terraform gives a workspace's own variables precedence over its ` +
                    `variable sets, so these workspaces would keep their own values and not use the set's: ${shadowed} (TFC_AWS_RUN_ROLE_ARN). ` +
                    "Nothing was attached. Fix: delete those workspace variables, or set removeShadowingVariables: true (removeShadowing on the " +
                    "resource) to have them deleted once the set is attached.",
            );
            assert.deepEqual(h.calls("POST"), []);
            assert.deepEqual([...h.calls("GET")].sort(), [`GET /varsets/${set.id}`, `GET /workspaces/${clean}/vars`, `GET /workspaces/${shadowed}/vars`].sort());
            assert.deepEqual(set.workspaceIds, []);
            assert.equal(variablesOf(h, shadowed).length, 2);
        });

        it("removeShadowing: the set is attached, then those workspace variables (env only) are deleted", async () => {
            const set = addSet(h);
            const shadowed = addWorkspace(h);
            const own = addVariable(h, shadowed, { key: "TFC_AWS_PROVIDER_AUTH", value: "true" });
            addVariable(h, shadowed, { key: "TFC_AWS_RUN_ROLE_ARN", value: "kept", category: "terraform" });
            h.emu.clearLog();
            const state = await d().up(inputs(set, [shadowed], { shadowKeys: KEYS, removeShadowing: true }));
            assert.deepEqual(h.calls(), [
                `GET /varsets/${set.id}`,
                `GET /workspaces/${shadowed}/vars`,
                `POST ${rel(set)}`,
                `DELETE /workspaces/${shadowed}/vars/${own.id}`,
            ]);
            assert.deepEqual(set.workspaceIds, [shadowed]);
            assert.deepEqual(variablesOf(h, shadowed).map((v) => `${v.category}:${v.key}`), ["terraform:TFC_AWS_RUN_ROLE_ARN"]);
            assert.equal(state.outs.removeShadowing, true);
        });

        it("a workspace added by an update is checked too", async () => {
            const set = addSet(h);
            const [first, added] = [addWorkspace(h), addWorkspace(h)];
            const state = await d().up(inputs(set, [first], { shadowKeys: KEYS }));
            addVariable(h, added, { key: "TFC_AWS_PROVIDER_AUTH", value: "true" });
            h.emu.clearLog();
            const err = await d().fails(d().update(state, inputs(set, [first, added], { shadowKeys: KEYS })));
            assert.match(err.message, new RegExp(`^workspace variables would shadow variable set ${set.id}: .*: ${added} \\(TFC_AWS_PROVIDER_AUTH\\)\\. Nothing was attached\\.`));
            assert.deepEqual(h.calls(), [`GET /workspaces/${added}/vars`]);
            assert.deepEqual(set.workspaceIds, [first]);
        });
    });
});
