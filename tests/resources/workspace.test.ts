// Workspace: lifecycle through the real dynamic-provider host against the emulator.
import assert from "node:assert/strict";
import { Workspace } from "../../src/resources";
import { dynamicType } from "../support/mocks";
import { CANARY, IN_PLACE, MODULE, NO_DIFF, ORG, UNKNOWN, outsOf, replaced, siteOf, useHarness, type State } from "./harness";

describe("resources: Workspace (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(() => {
        new Workspace("ws", { organization: ORG, name: "app", createIfMissing: true });
    });
    const ws = () => h.resource("ws");
    const base = (o: Record<string, any> = {}) => ws().inputs(o);

    it("registers the type token hcp-oidc-federation:Workspace and never captures the token", () => {
        assert.equal(ws().captured.type, dynamicType(MODULE, "Workspace"));
        assert.ok(!ws().text.includes(CANARY));
        // Only the arguments given travel; the defaults are the provider's (check).
        assert.deepEqual(base(), { organization: ORG, name: "app", createIfMissing: true });
    });

    describe("check", () => {
        it("reports each invalid input with the property and the fix", async () => {
            const r = await ws().check({
                organization: "my org",
                name: "",
                projectId: "project-1",
                createIfMissing: "yes",
                hostname: "not a host/x",
                createIfMisssing: true,
            });
            assert.deepEqual(r.failures, [
                {
                    property: "createIfMisssing",
                    reason:
                        "createIfMisssing is not an input of Workspace: give only hostname, allowInsecureHttp, organization, name, projectId, " +
                        "createIfMissing, createArgument, deleteOnDestroy, lookupProjectName, expectedProjectName.",
                },
                { property: "organization", reason: 'organization "my org" is not valid: organization names may contain only letters, digits, "-" and "_".' },
                { property: "name", reason: "name is required: give a non-empty string." },
                { property: "projectId", reason: 'projectId "project-1" is not valid: give a project id such as "prj-123456789abcdefg".' },
                { property: "createIfMissing", reason: 'createIfMissing must be true or false, not "yes".' },
                {
                    property: "hostname",
                    reason:
                        'Invalid HCP Terraform hostname "not a host/x" from the hostname setting: expected a host name such as app.terraform.io or tfe.example.com:8443.',
                },
            ]);
        });

        it("skips unknown values during preview and applies defaults", async () => {
            const r = await ws().check({ organization: UNKNOWN, name: UNKNOWN, projectId: UNKNOWN });
            assert.deepEqual(r.failures, []);
            const { __provider: _p, ...checked } = r.inputs;
            assert.deepEqual(checked, {
                organization: UNKNOWN,
                name: UNKNOWN,
                projectId: UNKNOWN,
                createIfMissing: false,
                createArgument: "createIfMissing",
                deleteOnDestroy: false,
                lookupProjectName: true,
                site: siteOf(h),
            });
            // An unknown __provider (a provider upgrade during preview): the host uses the old text.
            const upgraded = await ws().check({ ...base(), __provider: UNKNOWN }, { ...base(), __provider: ws().text });
            assert.deepEqual(upgraded.failures, []);
        });
    });

    describe("an existing workspace (looked up, never deleted)", () => {
        let state: State;
        let wsId: string;

        it("create finds it by name without creating anything", async () => {
            wsId = h.emu.addWorkspace(ORG, "existing").id;
            h.emu.clearLog();
            state = await ws().up(base({ name: "existing", createIfMissing: false }));
            assert.equal(state.id, wsId);
            assert.equal(state.outs.workspaceId, wsId);
            assert.equal(state.outs.projectName, "Default Project");
            assert.equal(state.outs.created, false);
            assert.equal(h.calls("POST").length, 0);
        });

        it("delete leaves it in place", async () => {
            h.emu.clearLog();
            await ws().delete(state);
            assert.deepEqual(h.calls(), []);
            assert.ok(h.emu.store.workspaces.has(wsId));
        });

        it("fails with a clear message when it is missing and createIfMissing is false", async () => {
            const err = await ws().fails(ws().up(base({ name: "nope", createIfMissing: false })));
            assert.equal(
                err.message,
                'workspace "nope" of organization "acme" was not found, or the token is not allowed to see it (HCP Terraform answers 404 for both). ' +
                    "Check the names and the token's access, or set createIfMissing: true to create it.",
            );
        });

        it("refuses an existing workspace in another project than the declared one", async () => {
            const other = h.emu.addProject(ORG, "Other");
            const err = await ws().fails(ws().up(base({ name: "existing", projectId: other.id })));
            const existing = [...h.emu.store.workspaces.values()].find((w) => w.name === "existing")!;
            assert.equal(
                err.message,
                `workspace "existing" of organization "acme" exists in project ${existing.projectId}, not in the declared projectId ${other.id}. ` +
                    "Move the workspace in HCP Terraform or fix projectId.",
            );
        });
    });

    describe("lookupProjectName", () => {
        it("false: no project read and no projectName; turning it on reads the name in place", async () => {
            const project = h.emu.addProject(ORG, "Payments");
            h.emu.addWorkspace(ORG, "quiet", { projectId: project.id });
            h.emu.clearLog();
            let state = await ws().up(base({ name: "quiet", createIfMissing: false, lookupProjectName: false }));
            assert.deepEqual(h.calls(), [`GET /organizations/${ORG}/workspaces/quiet`]);
            assert.equal(state.outs.projectName, undefined);
            assert.equal(state.outs.projectId, project.id);

            const on = base({ name: "quiet", createIfMissing: false, lookupProjectName: true });
            assert.deepEqual(await ws().diff(state, on), { changes: true, replaces: [], deleteBeforeReplace: false, diffs: [] });
            h.emu.clearLog();
            state = await ws().update(state, on);
            assert.deepEqual(h.calls(), [`GET /projects/${project.id}`]);
            assert.equal(state.outs.projectName, "Payments");
        });
    });

    describe("a workspace it creates", () => {
        let state: State;

        it("create -> read -> diff shows nothing", async () => {
            h.emu.clearLog();
            state = await ws().up(base());
            assert.match(state.id, /^ws-/);
            assert.deepEqual(h.calls("POST"), [`POST /organizations/${ORG}/workspaces`]);
            assert.deepEqual(outsOf(state), {
                organization: ORG,
                name: "app",
                projectId: h.emu.store.organizations.get(ORG)!.defaultProjectId,
                createIfMissing: true,
                createArgument: "createIfMissing",
                deleteOnDestroy: false,
                lookupProjectName: true,
                site: siteOf(h),
                workspaceId: state.id,
                projectName: "Default Project",
                created: true,
            });
            const refreshed = await ws().read(state);
            assert.equal(refreshed.id, state.id);
            assert.deepEqual(refreshed.outs, state.outs);
            assert.ok(refreshed.returnedInputs, "read returns inputs");
            const { __provider: _q, ...returned } = refreshed.returnedInputs!;
            assert.deepEqual(returned, {
                organization: ORG,
                name: "app",
                projectId: state.outs.projectId,
                createIfMissing: true,
                createArgument: "createIfMissing",
                deleteOnDestroy: false,
                lookupProjectName: true,
                site: siteOf(h),
            });
            assert.deepEqual(await ws().diff(refreshed, base()), NO_DIFF);
            state = refreshed;
        });

        it("diff at preview: an unknown replace-triggering input shows as a replacement; an unknown name of a workspace it made, as an update", async () => {
            assert.deepEqual(await ws().diff(state, base({ organization: UNKNOWN })), replaced(["organization"], false));
            assert.deepEqual(await ws().diff(state, base({ name: UNKNOWN })), IN_PLACE);
        });

        it("diff ignores __provider and organization letter case", async () => {
            const d = await ws().diff(state, { ...base({ organization: "ACME" }), __provider: ws().text + "\n// newer version" });
            assert.equal(d.changes, false);
        });

        it("replace rules: organization and another site replace (the new one first); name and projectId of a workspace it made update; createIfMissing is local", async () => {
            const other = h.emu.addProject(ORG, "Elsewhere");
            assert.deepEqual(await ws().diff(state, base({ organization: "other-org" })), replaced(["organization"], false));
            assert.deepEqual(await ws().diff(state, base({ hostname: "tfe.example.com" })), replaced(["site"], false));
            assert.deepEqual(await ws().diff(state, base({ name: "renamed" })), IN_PLACE);
            assert.deepEqual(await ws().diff(state, base({ projectId: other.id })), IN_PLACE);
            assert.deepEqual(await ws().diff(state, base({ createIfMissing: false })), IN_PLACE);
            h.emu.clearLog();
            const updated = await ws().update(state, base({ createIfMissing: false }));
            assert.equal(updated.outs.createIfMissing, false);
            assert.deepEqual(h.calls(), [], "update sends nothing");
        });

        it("drift: a workspace moved to another project shows in the next diff", async () => {
            const moved = h.emu.addProject(ORG, "Moved");
            h.emu.store.workspaces.get(state.id)!.projectId = moved.id;
            const refreshed = await ws().read(state);
            assert.equal(refreshed.outs.projectId, moved.id);
            assert.equal(refreshed.outs.projectName, "Moved");
            // A workspace it made is moved back in place; without a declared projectId, any project is fine.
            assert.deepEqual(await ws().diff(refreshed, base({ projectId: state.outs.projectId })), IN_PLACE);
            assert.deepEqual(await ws().diff(refreshed, base()), NO_DIFF);
            state = refreshed;
        });

        it("delete keeps it (deleteOnDestroy false: no request)", async () => {
            h.emu.clearLog();
            await ws().delete(state);
            assert.deepEqual(h.calls(), []);
            assert.ok(h.emu.store.workspaces.has(state.id));
        });

        it("deleteOnDestroy: delete refuses while the workspace manages resources, then safe-deletes it", async () => {
            assert.deepEqual(await ws().diff(state, base({ deleteOnDestroy: true })), IN_PLACE);
            h.emu.clearLog();
            state = await ws().update(state, base({ deleteOnDestroy: true }));
            assert.deepEqual(h.calls(), [], "deleteOnDestroy is recorded only");
            assert.equal(state.outs.deleteOnDestroy, true);
            h.emu.store.workspaces.get(state.id)!.managesResources = true;
            const err = await ws().fails(ws().delete(state));
            assert.equal(
                err.message,
                `workspace "app" (${state.id}) still manages resources, so HCP Terraform refused the safe delete. ` +
                    "Queue a destroy run in the workspace first, or set deleteOnDestroy: false (the component's deleteWorkspaceOnDestroy) to keep it.",
            );
            h.emu.store.workspaces.get(state.id)!.managesResources = false;
            h.emu.clearLog();
            await ws().delete(state);
            assert.deepEqual(h.calls(), [`POST /workspaces/${state.id}/actions/safe-delete`]);
            assert.ok(!h.emu.store.workspaces.has(state.id));
        });

        it("read after the workspace is gone answers an empty id; delete of a gone workspace succeeds", async () => {
            h.emu.clearLog();
            const gone = await ws().read(state);
            assert.equal(gone.id, "");
            // The organization answers: the workspace is gone, not hidden.
            assert.deepEqual(h.calls(), [`GET /workspaces/${state.id}`, `GET /organizations/${ORG}`]);
            await ws().delete(state);
        });
    });
});
