import { strict as assert } from "node:assert";
import { NotFoundError, ValidationError, createWorkspace, readWorkspace, readWorkspaceByName, safeDeleteWorkspace } from "../../src/hcp";
import { ORG, rejection, useEmulator } from "./helpers";

describe("hcp/workspaces", () => {
    const fx = useEmulator();
    const defaultProject = () => fx.emu.store.organizations.get(ORG)!.defaultProjectId;

    it("readWorkspaceByName: GET /organizations/:org/workspaces/:name", async () => {
        const ws = fx.emu.addWorkspace(ORG, "by-name");
        assert.deepEqual(await readWorkspaceByName(fx.client(), ORG, "by-name"), {
            id: ws.id, name: "by-name", organization: ORG, projectId: defaultProject(), executionMode: "remote",
        });
        assert.deepEqual(fx.calls(), ["GET /organizations/acme/workspaces/by-name"]);
        assert.deepEqual(fx.emu.log[0].query, {});
    });

    it("returns the organization with the casing the API answers", async () => {
        fx.emu.addOrganization("MixedCase");
        const prj = fx.emu.addProject("MixedCase", "Team Project");
        const ws = fx.emu.addWorkspace("MixedCase", "casing", { projectId: prj.id });
        assert.deepEqual(await readWorkspaceByName(fx.client(), "mixedcase", "casing"), {
            id: ws.id, name: "casing", organization: "MixedCase", projectId: prj.id, executionMode: "remote",
        });
    });

    it("readWorkspace: GET /workspaces/:id", async () => {
        const ws = fx.emu.addWorkspace(ORG, "by-id");
        assert.deepEqual(await readWorkspace(fx.client(), ws.id), { id: ws.id, name: "by-id", organization: ORG, projectId: defaultProject(), executionMode: "remote" });
        assert.deepEqual(fx.calls(), [`GET /workspaces/${ws.id}`]);
    });

    it("createWorkspace: POST with only the name (default project)", async () => {
        const ws = await createWorkspace(fx.client(), ORG, { name: "created" });
        assert.match(ws.id, /^ws-[A-Za-z0-9]{16}$/);
        assert.deepEqual(ws, { id: ws.id, name: "created", organization: ORG, projectId: defaultProject(), executionMode: "remote" });
        assert.deepEqual(fx.calls(), ["POST /organizations/acme/workspaces"]);
        assert.deepEqual(fx.emu.log[0].body, { data: { type: "workspaces", attributes: { name: "created" } } });
        assert.equal(fx.emu.log[0].status, 201);
        assert.equal(fx.emu.store.workspaces.get(ws.id)!.name, "created");
    });

    it("createWorkspace: POST with the project relationship", async () => {
        const prj = fx.emu.addProject(ORG, "Platform");
        const ws = await createWorkspace(fx.client(), ORG, { name: "in-project", projectId: prj.id });
        assert.deepEqual(ws, { id: ws.id, name: "in-project", organization: ORG, projectId: prj.id, executionMode: "remote" });
        assert.deepEqual(fx.emu.log[0].body, {
            data: {
                type: "workspaces",
                attributes: { name: "in-project" },
                relationships: { project: { data: { type: "projects", id: prj.id } } },
            },
        });
    });

    it("createWorkspace: a taken name is a ValidationError with alreadyExists", async () => {
        fx.emu.addWorkspace(ORG, "taken");
        const err = await rejection(createWorkspace(fx.client(), ORG, { name: "taken" }));
        assert.ok(err instanceof ValidationError);
        assert.equal(err.alreadyExists, true);
        assert.equal(err.detail, "Name has already been taken");
    });

    it("safeDeleteWorkspace: POST /workspaces/:id/actions/safe-delete without a body; retried (harmless to repeat)", async () => {
        const ws = fx.emu.addWorkspace(ORG, "doomed");
        fx.emu.injectFaults({ serverErrorBurst: 1 });
        assert.equal(await safeDeleteWorkspace(fx.client(), ws.id), undefined);
        assert.deepEqual(fx.emu.log.map((e) => [e.method, e.path, e.status, e.body]), [
            ["POST", `/api/v2/workspaces/${ws.id}/actions/safe-delete`, 503, undefined],
            ["POST", `/api/v2/workspaces/${ws.id}/actions/safe-delete`, 204, undefined],
        ]);
        assert.equal(fx.emu.store.workspaces.has(ws.id), false);
        const again = await rejection(safeDeleteWorkspace(fx.client(), ws.id));
        assert.ok(again instanceof NotFoundError);
    });
});
