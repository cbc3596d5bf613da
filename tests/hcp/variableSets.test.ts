import { strict as assert } from "node:assert";
import {
    NotFoundError,
    attachVariableSetToProjects,
    attachVariableSetToWorkspaces,
    createVariableSet,
    createVariableSetVariable,
    deleteVariableSet,
    deleteVariableSetVariable,
    detachVariableSetFromProjects,
    detachVariableSetFromWorkspaces,
    findVariableSetByName,
    listVariableSetVariables,
    listVariableSets,
    readVariableSet,
    updateVariableSet,
    updateVariableSetVariable,
} from "../../src/hcp";
import { ORG, rejection, useEmulator } from "./helpers";

describe("hcp/variableSets", () => {
    const fx = useEmulator();

    function seedSets(org: string, names: string[]): string[] {
        return names.map((name, i) => {
            const id = `varset-bulk${String(i).padStart(12, "0")}`;
            const at = new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString();
            fx.emu.store.varsets.set(id, {
                id, name, description: "", global: false, priority: false, organization: org, parentProjectId: null,
                workspaceIds: [], projectIds: [], createdAt: at, updatedAt: at,
            });
            return id;
        });
    }

    describe("pagination", () => {
        const org = "paged";
        let ids: string[];
        before(() => {
            fx.emu.addOrganization(org);
            ids = seedSets(org, Array.from({ length: 250 }, (_, i) => `bulk-${String(i).padStart(3, "0")}`));
        });

        it("listVariableSets follows meta.pagination next-page with page[size]=100 across >100 sets", async () => {
            const sets = await listVariableSets(fx.client(), org);
            assert.equal(sets.length, 250);
            assert.deepEqual(sets.map((s) => s.id), ids);
            assert.deepEqual(sets[0], {
                id: ids[0], name: "bulk-000", description: "", global: false, priority: false, organization: org, workspaceIds: [], projectIds: [],
            });
            assert.deepEqual(fx.emu.log.map((e) => [e.path, e.query]), [
                [`/api/v2/organizations/${org}/varsets`, { "page[number]": "1", "page[size]": "100" }],
                [`/api/v2/organizations/${org}/varsets`, { "page[number]": "2", "page[size]": "100" }],
                [`/api/v2/organizations/${org}/varsets`, { "page[number]": "3", "page[size]": "100" }],
            ]);
        });

        it("findVariableSetByName filters with q, then matches exactly", async () => {
            const found = await findVariableSetByName(fx.client(), org, "bulk-01");
            assert.equal(found, undefined); // q matches bulk-010..bulk-019 only, none is exactly "bulk-01"
            assert.deepEqual(fx.emu.log[0].query, { q: "bulk-01", "page[number]": "1", "page[size]": "100" });
            const exact = await findVariableSetByName(fx.client(), org, "bulk-123");
            assert.equal(exact!.id, ids[123]);
            assert.equal(exact!.name, "bulk-123");
        });

        it("listVariableSets passes q through", async () => {
            const sets = await listVariableSets(fx.client(), org, { q: "bulk-2" });
            assert.deepEqual(sets.map((s) => s.name), Array.from({ length: 50 }, (_, i) => `bulk-${200 + i}`));
        });
    });

    describe("sets", () => {
        it("createVariableSet: POST /organizations/:org/varsets, global always sent", async () => {
            const set = await createVariableSet(fx.client(), ORG, { name: "aws-dynamic-credentials" });
            assert.match(set.id, /^varset-[A-Za-z0-9]{16}$/);
            assert.deepEqual(set, {
                id: set.id, name: "aws-dynamic-credentials", description: "", global: false, priority: false, organization: ORG,
                workspaceIds: [], projectIds: [],
            });
            assert.deepEqual(fx.calls(), [`POST /organizations/${ORG}/varsets`]);
            assert.deepEqual(fx.emu.log[0].body, { data: { type: "varsets", attributes: { name: "aws-dynamic-credentials", global: false } } });

            const full = await createVariableSet(fx.client(), ORG, { name: "full", description: "all of it", global: true, priority: true });
            assert.deepEqual(fx.emu.log[1].body, {
                data: { type: "varsets", attributes: { name: "full", description: "all of it", global: true, priority: true } },
            });
            assert.deepEqual(full, {
                id: full.id, name: "full", description: "all of it", global: true, priority: true, organization: ORG, workspaceIds: [], projectIds: [],
            });
        });

        it("readVariableSet, updateVariableSet (partial PATCH), deleteVariableSet", async () => {
            const c = fx.client();
            const set = await createVariableSet(c, ORG, { name: "lifecycle", description: "before" });
            fx.emu.clearLog();
            assert.deepEqual(await readVariableSet(c, set.id), set);
            const updated = await updateVariableSet(c, set.id, { description: "after", priority: true });
            assert.deepEqual(updated, { ...set, description: "after", priority: true });
            await deleteVariableSet(c, set.id);
            assert.ok((await rejection(deleteVariableSet(c, set.id))) instanceof NotFoundError);
            assert.deepEqual(fx.calls(), [`GET /varsets/${set.id}`, `PATCH /varsets/${set.id}`, `DELETE /varsets/${set.id}`, `DELETE /varsets/${set.id}`]);
            assert.deepEqual(fx.emu.log[1].body, { data: { type: "varsets", id: set.id, attributes: { description: "after", priority: true } } });
            assert.equal(fx.emu.store.varsets.has(set.id), false);
        });

        it("a taken name is a ValidationError with alreadyExists", async () => {
            await createVariableSet(fx.client(), ORG, { name: "twice" });
            const err = await rejection(createVariableSet(fx.client(), ORG, { name: "twice" }));
            assert.equal(err.alreadyExists, true);
            assert.equal(err.detail, "Name has already been taken");
        });
    });

    describe("variables of a set", () => {
        it("create, list, update, delete under /varsets/:id/relationships/vars", async () => {
            const c = fx.client();
            const set = await createVariableSet(c, ORG, { name: "with-vars" });
            fx.emu.clearLog();
            const v = await createVariableSetVariable(c, set.id, { key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" });
            const rec = () => fx.emu.store.varsetVariables.get(v.id)!;
            assert.deepEqual(v, {
                id: v.id, key: "TFC_AWS_PROVIDER_AUTH", value: "true", description: "", category: "env", hcl: false, sensitive: false,
                versionId: rec().versionId, workspaceId: "", variableSetId: set.id,
            });
            assert.deepEqual(fx.emu.log[0].body, { data: { type: "vars", attributes: { key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" } } });

            assert.deepEqual(await listVariableSetVariables(c, set.id), [v]);
            const u = await updateVariableSetVariable(c, set.id, v.id, { description: "enables dynamic credentials" });
            assert.deepEqual(u, { ...v, description: "enables dynamic credentials", versionId: rec().versionId });
            assert.deepEqual(fx.emu.log[2].body, { data: { type: "vars", id: v.id, attributes: { description: "enables dynamic credentials" } } });
            await deleteVariableSetVariable(c, set.id, v.id);
            assert.equal(fx.emu.store.varsetVariables.has(v.id), false);
            assert.deepEqual(fx.calls(), [
                `POST /varsets/${set.id}/relationships/vars`,
                `GET /varsets/${set.id}/relationships/vars`,
                `PATCH /varsets/${set.id}/relationships/vars/${v.id}`,
                `DELETE /varsets/${set.id}/relationships/vars/${v.id}`,
            ]);
            assert.deepEqual(fx.emu.log[1].query, { "page[number]": "1", "page[size]": "100" });
        });
    });

    describe("attachments", () => {
        it("attach and detach workspaces and projects with relationship documents", async () => {
            const c = fx.client();
            const set = await createVariableSet(c, ORG, { name: "attached" });
            const ws1 = fx.emu.addWorkspace(ORG, "attach-1").id;
            const ws2 = fx.emu.addWorkspace(ORG, "attach-2").id;
            const prj = fx.emu.addProject(ORG, "Attached Project").id;
            fx.emu.clearLog();

            await attachVariableSetToWorkspaces(c, set.id, [ws1, ws2]);
            await attachVariableSetToProjects(c, set.id, [prj]);
            assert.deepEqual(await readVariableSet(c, set.id), { ...set, workspaceIds: [ws1, ws2], projectIds: [prj] });
            await detachVariableSetFromWorkspaces(c, set.id, [ws1]);
            await detachVariableSetFromProjects(c, set.id, [prj]);
            const stored = fx.emu.store.varsets.get(set.id)!;
            assert.deepEqual([stored.workspaceIds, stored.projectIds], [[ws2], []]);

            assert.deepEqual(fx.emu.log.map((e) => [e.method, e.path.replace("/api/v2", ""), e.status, e.body]), [
                ["POST", `/varsets/${set.id}/relationships/workspaces`, 204, { data: [{ type: "workspaces", id: ws1 }, { type: "workspaces", id: ws2 }] }],
                ["POST", `/varsets/${set.id}/relationships/projects`, 204, { data: [{ type: "projects", id: prj }] }],
                ["GET", `/varsets/${set.id}`, 200, undefined],
                ["DELETE", `/varsets/${set.id}/relationships/workspaces`, 204, { data: [{ type: "workspaces", id: ws1 }] }],
                ["DELETE", `/varsets/${set.id}/relationships/projects`, 204, { data: [{ type: "projects", id: prj }] }],
            ]);
        });

        it("sends nothing for an empty list", async () => {
            const c = fx.client();
            await attachVariableSetToWorkspaces(c, "varset-whatever000001", []);
            await detachVariableSetFromProjects(c, "varset-whatever000001", []);
            assert.equal(fx.emu.log.length, 0);
        });
    });
});
