// WorkspaceVariableRemoval: lifecycle through the real dynamic-provider host against the emulator.
import assert from "node:assert/strict";
import { WorkspaceVariableRemoval } from "../../src/resources";
import type { VariableRecord } from "../emulator";
import { dynamicType } from "../support/mocks";
import { CANARY, IN_PLACE, MODULE, NO_DIFF, ORG, UNKNOWN, addVariable, replaced, siteOf, useHarness, type Harness, type State } from "./harness";

const STATIC_KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

function addVar(h: Harness, workspaceId: string, key: string, category: "env" | "terraform" = "env", sensitive = false): VariableRecord {
    return addVariable(h, workspaceId, { key, value: `value-of-${key}`, category, sensitive });
}

function keysOf(h: Harness, workspaceId: string): string[] {
    return [...h.emu.store.variables.values()].filter((v) => v.workspaceId === workspaceId).map((v) => `${v.category}:${v.key}`).sort();
}

describe("resources: WorkspaceVariableRemoval (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(() => {
        new WorkspaceVariableRemoval("static-keys", { workspaceId: "ws-placeholder000000", keys: STATIC_KEYS });
    });
    const d = () => h.resource("static-keys");
    let ws: string;
    const inputs = (o: Record<string, any> = {}) => d().inputs({ workspaceId: ws, ...o });

    before(() => {
        ws = h.emu.addWorkspace(ORG, "with-static-keys").id;
    });

    it("registers its type token with only the given inputs (category defaults to env in check), and never captures the token", async () => {
        assert.equal(d().captured.type, dynamicType(MODULE, "WorkspaceVariableRemoval"));
        assert.deepEqual(d().inputs(), { workspaceId: "ws-placeholder000000", keys: STATIC_KEYS });
        const { __provider: _p, ...checked } = await d().checked(d().inputs());
        assert.deepEqual(checked, { workspaceId: "ws-placeholder000000", keys: STATIC_KEYS, category: "env", site: siteOf(h) });
        assert.ok(!d().text.includes(CANARY));
    });

    it("check: each failure names the property and the fix; unknowns are skipped", async () => {
        const r = await d().check({ workspaceId: "workspace-1", keys: ["OK", "has space", ""], category: "both", hostname: "x y" });
        assert.deepEqual(r.failures, [
            { property: "workspaceId", reason: 'workspaceId "workspace-1" is not valid: give the workspace id, e.g. "ws-123456789abcdefg".' },
            // The first bad key is named.
            { property: "keys", reason: 'keys[1] "has space" is not valid: variable keys cannot contain white space.' },
            { property: "category", reason: 'category must be one of "env", "terraform", not "both".' },
            {
                property: "hostname",
                reason: 'Invalid HCP Terraform hostname "x y" from the hostname setting: expected a host name such as app.terraform.io or tfe.example.com:8443.',
            },
        ]);
        assert.deepEqual((await d().check({ workspaceId: ws, keys: ["OK", ""] })).failures, [
            { property: "keys", reason: 'keys[1] must be a non-empty string, not "".' },
        ]);
        assert.deepEqual((await d().check({ workspaceId: ws, keys: [] })).failures, [
            { property: "keys", reason: "keys is required: give a non-empty list of strings." },
        ]);
        assert.deepEqual((await d().check({ workspaceId: UNKNOWN, keys: UNKNOWN })).failures, []);
        assert.deepEqual((await d().check({ workspaceId: ws, keys: ["A", UNKNOWN] })).failures, []);
    });

    describe("lifecycle", () => {
        let state: State;

        it("create deletes the matching env variables only, and reports them", async () => {
            addVar(h, ws, "AWS_ACCESS_KEY_ID");
            addVar(h, ws, "AWS_SECRET_ACCESS_KEY", "env", true);
            addVar(h, ws, "AWS_ACCESS_KEY_ID", "terraform"); // another category: kept
            addVar(h, ws, "TFC_AWS_PROVIDER_AUTH"); // not listed: kept
            h.emu.clearLog();
            state = await d().up(inputs());
            assert.equal(state.id, `${ws}/removal`);
            assert.deepEqual(keysOf(h, ws), ["env:TFC_AWS_PROVIDER_AUTH", "terraform:AWS_ACCESS_KEY_ID"]);
            assert.deepEqual(state.outs.removedKeys, ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
            assert.deepEqual(state.outs.presentKeys, []);
            assert.equal(state.outs.organization, ORG);
            // The workspace's organization is read after the deletes (recorded to tell "gone" from "hidden").
            assert.deepEqual(h.calls("GET"), [`GET /workspaces/${ws}/vars`, `GET /workspaces/${ws}`]);
            assert.equal(h.calls("DELETE").length, 2);
        });

        it("read finds none back: no diff", async () => {
            const refreshed = await d().read(state);
            assert.equal(refreshed.id, state.id);
            assert.deepEqual(refreshed.outs.presentKeys, []);
            assert.deepEqual(refreshed.returnedInputs, { ...inputs(), category: "env", site: siteOf(h), __provider: d().text });
            assert.deepEqual(await d().diff(refreshed, inputs()), NO_DIFF);
            state = refreshed;
        });

        it("drift: a key put back shows in presentKeys on refresh; the next up deletes it again", async () => {
            addVar(h, ws, "AWS_SESSION_TOKEN");
            const refreshed = await d().read(state);
            assert.deepEqual(refreshed.outs.presentKeys, ["AWS_SESSION_TOKEN"]);
            assert.deepEqual(refreshed.inputs, { ...inputs(), category: "env", site: siteOf(h), __provider: d().text }, "inputs unchanged, so the program's are not in conflict");
            assert.deepEqual(await d().diff(refreshed, inputs()), IN_PLACE);
            h.emu.clearLog();
            state = await d().update(refreshed, inputs());
            assert.deepEqual(state.outs.removedKeys, ["AWS_SESSION_TOKEN"]);
            assert.deepEqual(state.outs.presentKeys, []);
            assert.deepEqual(keysOf(h, ws), ["env:TFC_AWS_PROVIDER_AUTH", "terraform:AWS_ACCESS_KEY_ID"]);
            assert.equal(h.calls("DELETE").length, 1);
        });

        it("changing keys or category updates in place; workspace and another site replace (nothing to delete first)", async () => {
            assert.deepEqual(await d().diff(state, inputs({ keys: ["AWS_ACCESS_KEY_ID"] })), IN_PLACE);
            state = await d().update(state, inputs({ category: "terraform", keys: ["AWS_ACCESS_KEY_ID"] }));
            assert.deepEqual(state.outs.removedKeys, ["AWS_ACCESS_KEY_ID"]);
            assert.deepEqual(keysOf(h, ws), ["env:TFC_AWS_PROVIDER_AUTH"]);
            const other = h.emu.addWorkspace(ORG, "other-ws").id;
            const cur = inputs({ category: "terraform", keys: ["AWS_ACCESS_KEY_ID"] });
            assert.deepEqual(await d().diff(state, { ...cur, workspaceId: other }), replaced(["workspaceId"], false));
            assert.deepEqual(await d().diff(state, { ...cur, hostname: "tfe.example.com" }), replaced(["site"], false));
        });

        it("delete restores nothing and sends nothing", async () => {
            h.emu.clearLog();
            await d().delete(state);
            assert.deepEqual(h.calls(), []);
        });

        it("read: the workspace deleted means gone", async () => {
            h.emu.store.workspaces.delete(ws);
            assert.equal((await d().read(state)).id, "");
        });

        it("create on a workspace that is missing (or hidden) fails with a clear message", async () => {
            const err = await d().fails(d().up(inputs()));
            assert.match(
                err.message,
                new RegExp(
                    `^cannot remove env variables \\["AWS_ACCESS_KEY_ID","AWS_SECRET_ACCESS_KEY","AWS_SESSION_TOKEN"\\] of workspace ${ws}: ` +
                        `the workspace was not found, or the token is not allowed to see it \\(HCP Terraform answers 404 for both\\)\\. GET /workspaces/${ws}/vars`,
                ),
            );
        });
    });

    it("an explicit hostname is used instead of TFE_HOSTNAME; an unreachable one fails without showing the token", async () => {
        const other = h.emu.addWorkspace(ORG, "explicit-host").id;
        addVar(h, other, "AWS_ACCESS_KEY_ID");
        const s = await d().up(inputs({ workspaceId: other, hostname: `http://${h.emu.hostname}` }));
        assert.deepEqual(s.outs.removedKeys, ["AWS_ACCESS_KEY_ID"]);
        assert.equal(s.outs.hostname, `http://${h.emu.hostname}`);
        const err = await d().fails(d().up(inputs({ workspaceId: other, hostname: "127.0.0.1:1" })));
        assert.match(err.message, /^GET \/workspaces\/ws-\w+\/vars on 127\.0\.0\.1:1 failed: /);
        assert.ok(!err.message.includes(CANARY));
    });

    it("a workspace with none of the keys: nothing deleted, removedKeys empty", async () => {
        const clean = h.emu.addWorkspace(ORG, "clean").id;
        h.emu.clearLog();
        const s = await d().up(inputs({ workspaceId: clean }));
        assert.deepEqual(s.outs.removedKeys, []);
        assert.equal(h.calls("DELETE").length, 0);
    });
});
