import { strict as assert } from "node:assert";
import {
    NotFoundError,
    createVariable,
    deleteVariable,
    getClientStats,
    listVariables,
    readVariable,
    updateVariable,
} from "../../src/hcp";
import { ORG, rejection, useEmulator } from "./helpers";

describe("hcp/variables", () => {
    const fx = useEmulator();
    let wsId: string;
    beforeEach(() => {
        wsId = fx.emu.addWorkspace(ORG, `vars-${Math.random().toString(36).slice(2, 10)}`).id;
        fx.emu.clearLog();
    });
    const record = (id: string) => fx.emu.store.variables.get(id)!;

    it("createVariable: POST /workspaces/:ws/vars with every field given, mapped back to camelCase", async () => {
        const v = await createVariable(fx.client(), wsId, {
            key: "TFC_AWS_RUN_ROLE_ARN", value: "arn:aws:iam::123456789012:role/run", description: "run role",
            category: "env", hcl: false, sensitive: false,
        });
        assert.match(v.id, /^var-[A-Za-z0-9]{16}$/);
        assert.deepEqual(v, {
            id: v.id, key: "TFC_AWS_RUN_ROLE_ARN", value: "arn:aws:iam::123456789012:role/run", description: "run role",
            category: "env", hcl: false, sensitive: false, versionId: record(v.id).versionId, workspaceId: wsId,
        });
        assert.match(v.versionId, /^[0-9a-f]{36}$/);
        assert.deepEqual(fx.calls(), [`POST /workspaces/${wsId}/vars`]);
        assert.deepEqual(fx.emu.log[0].body, {
            data: {
                type: "vars",
                attributes: {
                    key: "TFC_AWS_RUN_ROLE_ARN", value: "arn:aws:iam::123456789012:role/run", description: "run role",
                    category: "env", hcl: false, sensitive: false,
                },
            },
        });
    });

    it("createVariable: sends only the fields given; server defaults come back", async () => {
        const v = await createVariable(fx.client(), wsId, { key: "region", category: "terraform" });
        assert.deepEqual(fx.emu.log[0].body, { data: { type: "vars", attributes: { key: "region", category: "terraform" } } });
        assert.deepEqual(v, {
            id: v.id, key: "region", value: "", description: "", category: "terraform", hcl: false, sensitive: false,
            versionId: record(v.id).versionId, workspaceId: wsId,
        });
    });

    it("a sensitive variable's value is null on every read (write-only)", async () => {
        const c = fx.client();
        const v = await createVariable(c, wsId, { key: "SECRET", value: "s3cr3t", category: "env", sensitive: true });
        assert.equal(v.value, null);
        assert.equal(v.sensitive, true);
        assert.equal(record(v.id).value, "s3cr3t");
        assert.equal((await readVariable(c, wsId, v.id)).value, null);
        assert.equal((await listVariables(c, wsId))[0].value, null);
    });

    it("readVariable: GET /workspaces/:ws/vars/:var", async () => {
        const c = fx.client();
        const v = await createVariable(c, wsId, { key: "hcl_map", value: "{ a = 1 }", category: "terraform", hcl: true, description: "d" });
        fx.emu.clearLog();
        assert.deepEqual(await readVariable(c, wsId, v.id), v);
        assert.deepEqual(fx.calls(), [`GET /workspaces/${wsId}/vars/${v.id}`]);
    });

    it("listVariables: GET /workspaces/:ws/vars, all of them, without pagination parameters", async () => {
        const c = fx.client();
        const created = [];
        for (let i = 0; i < 3; i++) {
            created.push(await createVariable(c, wsId, { key: `K${i}`, value: `v${i}`, category: i === 2 ? "terraform" : "env" }));
        }
        fx.emu.clearLog();
        assert.deepEqual(await listVariables(c, wsId), created);
        assert.deepEqual(fx.calls(), [`GET /workspaces/${wsId}/vars`]);
        assert.deepEqual(fx.emu.log[0].query, {});
    });

    it("updateVariable: PATCH with only the fields given (never the value unless given); version-id changes", async () => {
        const c = fx.client();
        const v = await createVariable(c, wsId, { key: "K", value: "keep-me", category: "env", sensitive: true });
        fx.emu.clearLog();
        const u = await updateVariable(c, wsId, v.id, { description: "now described" });
        assert.deepEqual(fx.calls(), [`PATCH /workspaces/${wsId}/vars/${v.id}`]);
        assert.deepEqual(fx.emu.log[0].body, { data: { type: "vars", id: v.id, attributes: { description: "now described" } } });
        assert.deepEqual(u, { ...v, description: "now described", versionId: record(v.id).versionId });
        assert.notEqual(u.versionId, v.versionId);
        assert.equal(record(v.id).value, "keep-me");
        const w = await updateVariable(c, wsId, v.id, { value: "changed", hcl: false });
        assert.deepEqual(fx.emu.log[1].body, { data: { type: "vars", id: v.id, attributes: { value: "changed", hcl: false } } });
        assert.equal(record(v.id).value, "changed");
        assert.equal(w.value, null);
    });

    it("deleteVariable: DELETE; a second delete is a NotFoundError (gone)", async () => {
        const c = fx.client();
        const v = await createVariable(c, wsId, { key: "K", category: "env" });
        fx.emu.clearLog();
        assert.equal(await deleteVariable(c, wsId, v.id), undefined);
        assert.equal(fx.emu.store.variables.has(v.id), false);
        const err = await rejection(deleteVariable(c, wsId, v.id));
        assert.ok(err instanceof NotFoundError);
        assert.deepEqual(fx.emu.log.map((e) => `${e.method} ${e.status}`), ["DELETE 204", "DELETE 404"]);
    });

    describe("coalescing of listVariables", () => {
        it("N concurrent lists of one workspace cost one request", async () => {
            const c = fx.client();
            await createVariable(c, wsId, { key: "A", value: "1", category: "env" });
            fx.emu.clearLog();
            fx.emu.injectFaults({ latencyMs: 30 });
            const lists = await Promise.all(Array.from({ length: 20 }, () => listVariables(fx.client(), wsId)));
            assert.deepEqual(fx.calls(), [`GET /workspaces/${wsId}/vars`]);
            for (const l of lists) {
                assert.deepEqual(l.map((v) => [v.key, v.value]), [["A", "1"]]);
            }
            assert.notEqual(lists[0], lists[1]);
            assert.notEqual(lists[0][0], lists[1][0]);
            assert.equal(getClientStats().coalesced, 19);
        });

        it("does not coalesce across workspaces, tokens, or calls made one after another", async () => {
            const other = fx.emu.addWorkspace(ORG, `vars-other-${Math.random().toString(36).slice(2, 8)}`).id;
            fx.emu.addToken("coalesce-other-token", "carol");
            fx.emu.clearLog();
            await Promise.all([listVariables(fx.client(), wsId), listVariables(fx.client(), other), listVariables(fx.client({}, "coalesce-other-token"), wsId)]);
            assert.equal(fx.emu.log.length, 3);
            await listVariables(fx.client(), wsId);
            await listVariables(fx.client(), wsId);
            assert.equal(fx.emu.log.length, 5);
        });

        it("a list made after a write never joins a list started before it", async () => {
            const c = fx.client();
            fx.emu.injectFaults({ latencyMs: 100, match: (method) => method === "GET" });
            const before = listVariables(c, wsId);
            await new Promise((resolve) => setTimeout(resolve, 10));
            await createVariable(c, wsId, { key: "NEW", value: "x", category: "env" });
            const after = await listVariables(c, wsId);
            await before; // (the emulator reads its store after the latency, so this one may see NEW too)
            assert.deepEqual(after.map((v) => v.key), ["NEW"]);
            assert.deepEqual(fx.emu.log.map((e) => e.method), ["GET", "POST", "GET"]);
        });

        it("shares a failure too, and forgets it afterwards", async () => {
            const c = fx.client();
            fx.emu.injectFaults({ latencyMs: 20 });
            const errors = await Promise.all(Array.from({ length: 3 }, () => rejection(listVariables(c, "ws-doesnotexist0001"))));
            assert.ok(errors.every((e) => e instanceof NotFoundError));
            assert.equal(fx.emu.log.length, 1);
            await rejection(listVariables(c, "ws-doesnotexist0001"));
            assert.equal(fx.emu.log.length, 2);
        });
    });
});
