// Who owns what, through the real dynamic-provider host: a variable set is adopted only when named
// with adoptExisting (then kept as it is and never deleted) or when it carries this resource's own
// mark; an object another owner marked is never taken over; a federation's set keeps its
// attachments when a 0.2 per-workspace attachment leaves the program.
import assert from "node:assert/strict";
import { VariableSet, WorkspaceVariable, WorkspaceVariableGroup, WorkspaceVariableSet, markedDescription, type Owner } from "../../src/resources";
import { NO_DIFF, ORG, addSet, addVariable, addWorkspace, useHarness, variablesOf } from "./harness";

const MINE: Owner = { stack: "infra/prod", kind: "WorkspaceOidcFederation", name: "app" };
const THEIRS: Owner = { stack: "infra/staging", kind: "WorkspaceOidcFederation", name: "app" };
const LEGACY = "Managed by Pulumi (WorkspaceOidcFederation app)";

function refusal(what: string): string {
    return (
        `${what} is managed by Pulumi stack "infra/staging" (WorkspaceOidcFederation "app"), as its description says. Two owners would ` +
        "overwrite each other's values and delete each other's objects on destroy, so it is not taken over. Fix: remove it from that stack " +
        "first (or destroy that federation), or, for a federation, give this one another tag so that it writes other variables."
    );
}

describe("resources: ownership marks and adoption (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(() => {
        new VariableSet("vs", { organization: ORG, name: "placeholder" });
        new WorkspaceVariable("wv", { workspaceId: "ws-placeholder000000", key: "TFC_AWS_RUN_ROLE_ARN", value: "arn:aws:iam::123456789012:role/run", category: "env" });
        new WorkspaceVariableGroup("group", { workspaceId: "ws-placeholder000000", variables: [{ key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" }] });
        new WorkspaceVariableSet("wvs", { workspaceId: "ws-placeholder000000", variableSetId: "varset-placeholder00000" });
    });
    const writes = () => h.calls().filter((c) => !c.startsWith("GET "));

    describe("VariableSet", () => {
        const vs = () => h.resource("vs");
        const inputs = (o: Record<string, unknown>) => vs().inputs(o);

        it("an existing set of that name is refused without adoptExisting; nothing is written", async () => {
            const theirs = addSet(h, { name: "existing", description: "the user's", priority: true });
            h.emu.clearLog();
            const err = await vs().fails(vs().up(inputs({ name: "existing" })));
            assert.equal(
                err.message,
                'variable set "existing" of organization "acme" already exists (Name has already been taken). Set adoptExisting: true to manage ' +
                    "the existing variable set (it is then kept, not deleted, when the stack is destroyed), or choose another name.",
            );
            assert.deepEqual(h.calls(), ["GET /organizations/acme/varsets"]);
            assert.equal(theirs.description, "the user's");
        });

        it("adopted with adoptExisting: what is not declared is left as it is, and delete keeps the set (created: false)", async () => {
            const theirs = addSet(h, { name: "adopted", description: "the user's", global: true, priority: true });
            const before = JSON.stringify(theirs);
            h.emu.clearLog();
            const state = await vs().up(inputs({ name: "adopted", adoptExisting: true }));
            assert.deepEqual(writes(), [], "nothing sent: only the name is declared, and it is the same");
            assert.equal(state.id, theirs.id);
            assert.equal(state.outs.created, false);
            assert.deepEqual([state.outs.description, state.outs.global, state.outs.priority], ["the user's", true, true]);
            const refreshed = await vs().read(state);
            assert.deepEqual(await vs().diff(refreshed, inputs({ name: "adopted", adoptExisting: true })), NO_DIFF);
            h.emu.clearLog();
            await vs().delete(refreshed);
            assert.deepEqual(h.calls(), []);
            assert.equal(JSON.stringify(h.emu.store.varsets.get(theirs.id)), before);
        });

        it("a set carrying this resource's own mark is its own (created: true, no adoptExisting needed) and is deleted with it", async () => {
            const description = markedDescription("AWS dynamic credentials", MINE);
            const left = addSet(h, { name: "left-by-a-lost-answer", description });
            h.emu.clearLog();
            const state = await vs().up(inputs({ name: "left-by-a-lost-answer", description }));
            assert.deepEqual(writes(), []);
            assert.equal(state.id, left.id);
            assert.equal(state.outs.created, true);
            h.emu.clearLog();
            await vs().delete(state);
            assert.deepEqual(h.calls(), [`DELETE /varsets/${left.id}`]);
        });

        it("a set carrying another owner's mark is refused even with adoptExisting; nothing is written", async () => {
            const theirs = addSet(h, { name: "marked", description: markedDescription("AWS dynamic credentials", THEIRS) });
            const before = JSON.stringify(theirs);
            for (const description of [undefined, markedDescription("AWS dynamic credentials", MINE)]) {
                h.emu.clearLog();
                const err = await vs().fails(vs().up(inputs({ name: "marked", adoptExisting: true, description })));
                assert.equal(err.message, refusal(`variable set "marked" of organization "acme" (${theirs.id})`));
                assert.deepEqual(writes(), []);
            }
            assert.equal(JSON.stringify(theirs), before);
        });
    });

    describe("variables", () => {
        const wv = () => h.resource("wv");
        let ws: string;
        const inputs = (o: Record<string, unknown> = {}) => wv().inputs({ workspaceId: ws, adoptExisting: true, ...o });

        before(() => {
            ws = addWorkspace(h);
        });

        it("adoptExisting never takes over a variable another owner marked: the refusal, nothing written", async () => {
            const theirs = addVariable(h, ws, { key: "TFC_AWS_RUN_ROLE_ARN", value: "theirs", description: markedDescription("role", THEIRS) });
            const before = JSON.stringify(theirs);
            const err = await wv().fails(wv().up(inputs({ description: markedDescription("role", MINE) })));
            assert.equal(err.message, refusal(`variable "TFC_AWS_RUN_ROLE_ARN" (env) of workspace ${ws} (${theirs.id})`));
            assert.equal(JSON.stringify(theirs), before);
            assert.deepEqual(variablesOf(h, ws), [theirs]);
            h.emu.store.variables.delete(theirs.id);
        });

        for (const [title, description] of [
            ["this owner's mark", markedDescription("role", MINE)],
            ["no mark", "set up by hand"],
            ["the 0.2 mark", LEGACY],
        ] as const) {
            it(`a variable with ${title} is adopted and brought to the declared values`, async () => {
                const existing = addVariable(h, ws, { key: "TFC_AWS_RUN_ROLE_ARN", value: "old", description });
                const declared = markedDescription("role", MINE);
                const state = await wv().up(inputs({ description: declared }));
                assert.equal(state.id, existing.id);
                assert.deepEqual([existing.value, existing.description], ["arn:aws:iam::123456789012:role/run", declared]);
                await wv().delete(state);
            });
        }
    });

    describe("WorkspaceVariableGroup", () => {
        const group = () => h.resource("group");

        it("adoptExisting never takes over a variable another owner marked: the refusal, nothing written", async () => {
            const ws = addWorkspace(h);
            const theirs = addVariable(h, ws, { key: "TFC_AWS_PROVIDER_AUTH", value: "false", description: markedDescription("auth", THEIRS) });
            const before = JSON.stringify(theirs);
            h.emu.clearLog();
            const err = await group().fails(group().up(group().inputs({ workspaceId: ws, adoptExisting: true })));
            assert.equal(err.message, refusal(`variable "TFC_AWS_PROVIDER_AUTH" (env) of workspace ${ws} (${theirs.id})`));
            assert.equal(err.initFailed, undefined);
            assert.deepEqual(h.calls(), [`GET /workspaces/${ws}`, `POST /workspaces/${ws}/vars`, `GET /workspaces/${ws}/vars`]);
            assert.equal(JSON.stringify(theirs), before);
        });

        for (const [title, description] of [["this owner's mark", markedDescription("auth", MINE)], ["the 0.2 mark", LEGACY]] as const) {
            it(`a variable with ${title} is adopted`, async () => {
                const ws = addWorkspace(h);
                const existing = addVariable(h, ws, { key: "TFC_AWS_PROVIDER_AUTH", value: "false", description });
                const declared = markedDescription("auth", MINE);
                const variables = [{ key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env", description: declared }];
                const state = await group().up(group().inputs({ workspaceId: ws, adoptExisting: true, variables }));
                assert.equal(state.outs.variables[0].id, existing.id);
                assert.deepEqual([existing.value, existing.description], ["true", declared]);
            });
        }
    });

    describe("WorkspaceVariableSet delete", () => {
        const wvs = () => h.resource("wvs");

        it("a set carrying a federation's mark keeps its attachment (0.2 per-workspace attachments leaving the program)", async () => {
            const ws = addWorkspace(h);
            const set = addSet(h, { description: markedDescription("AWS dynamic credentials", MINE), workspaceIds: [ws] });
            const state = await wvs().up(wvs().inputs({ workspaceId: ws, variableSetId: set.id }));
            h.emu.clearLog();
            await wvs().delete(state);
            assert.deepEqual(h.calls(), [`GET /varsets/${set.id}`]);
            assert.deepEqual(set.workspaceIds, [ws]);
        });

        it("an unmarked set is detached", async () => {
            const ws = addWorkspace(h);
            const set = addSet(h, { description: "shared by hand" });
            const state = await wvs().up(wvs().inputs({ workspaceId: ws, variableSetId: set.id }));
            assert.deepEqual(set.workspaceIds, [ws]);
            h.emu.clearLog();
            await wvs().delete(state);
            assert.deepEqual(h.calls(), [`GET /varsets/${set.id}`, `DELETE /varsets/${set.id}/relationships/workspaces`]);
            assert.deepEqual(set.workspaceIds, []);
        });
    });
});
