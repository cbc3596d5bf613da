// Workspace: lifecycle through the real dynamic-provider host against the emulator.
import assert from "node:assert/strict";
import { Workspace } from "../../src/resources";
import { dynamicType } from "../support/mocks";
import { CANARY, MODULE, ORG, UNKNOWN, useHarness, type State } from "./harness";

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
        assert.deepEqual(base(), { organization: ORG, name: "app", createIfMissing: true, lookupProjectName: true });
    });

    describe("check", () => {
        it("reports each invalid input with the property and the fix", async () => {
            const r = await ws().check({
                organization: "my org",
                name: "",
                projectId: "project-1",
                createIfMissing: "yes",
                hostname: "not a host/x",
            });
            assert.deepEqual(r.failures, [
                { property: "organization", reason: 'organization "my org" is not valid: use only letters, digits, "-" and "_".' },
                { property: "name", reason: "name is required: give a non-empty string." },
                { property: "projectId", reason: 'projectId "project-1" is not valid: give a project id such as "prj-123456789abcdefg".' },
                { property: "createIfMissing", reason: 'createIfMissing must be true or false, not "yes".' },
                {
                    property: "hostname",
                    reason: 'hostname "not a host/x" is not valid: give a host name such as "app.terraform.io" or "tfe.example.com".',
                },
            ]);
        });

        it("skips unknown values during preview and applies defaults", async () => {
            const r = await ws().check({ organization: UNKNOWN, name: UNKNOWN, projectId: UNKNOWN });
            assert.deepEqual(r.failures, []);
            assert.equal(r.inputs.createIfMissing, false);
            assert.equal(r.inputs.name, UNKNOWN);
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
                'workspace "nope" was not found in organization "acme", or the token is not allowed to see it (HCP Terraform answers 404 for both). ' +
                    "Check the names and the token's access, or set createIfMissing: true to create it.",
            );
        });

        it("refuses an existing workspace in another project than the declared one", async () => {
            const other = h.emu.addProject(ORG, "Other");
            const err = await ws().fails(ws().up(base({ name: "existing", projectId: other.id })));
            assert.match(err.message, new RegExp(`^workspace "existing" exists in project prj-\\w+, not in the declared projectId ${other.id}\\. `));
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
            const { __provider: _p, ...outs } = state.outs;
            assert.deepEqual(outs, {
                organization: ORG,
                name: "app",
                projectId: h.emu.store.organizations.get(ORG)!.defaultProjectId,
                createIfMissing: true,
                lookupProjectName: true,
                workspaceId: state.id,
                projectName: "Default Project",
                created: true,
            });
            const refreshed = await ws().read(state);
            assert.equal(refreshed.id, state.id);
            assert.deepEqual(refreshed.outs, state.outs);
            assert.ok(refreshed.returnedInputs, "read returns inputs");
            const d = await ws().diff(refreshed, base());
            assert.deepEqual(d, { changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
            state = refreshed;
        });

        it("diff at preview: an unknown replace-triggering input shows as a replacement", async () => {
            const d = await ws().diff(state, base({ name: UNKNOWN }));
            assert.deepEqual(d, { changes: true, replaces: ["name"], deleteBeforeReplace: true, diffs: [] });
        });

        it("diff ignores __provider and organization letter case", async () => {
            const d = await ws().diff(state, { ...base({ organization: "ACME" }), __provider: ws().text + "\n// newer version" });
            assert.equal(d.changes, false);
        });

        it("replace rules: organization, name, hostname and projectId replace (delete first); createIfMissing updates", async () => {
            const other = h.emu.addProject(ORG, "Elsewhere");
            for (const [field, value] of [
                ["organization", "other-org"],
                ["name", "renamed"],
                ["hostname", "tfe.example.com"],
                ["projectId", other.id],
            ]) {
                const d = await ws().diff(state, base({ [field]: value }));
                assert.deepEqual(d, { changes: true, replaces: [field], deleteBeforeReplace: true, diffs: [] }, field);
            }
            const d = await ws().diff(state, base({ createIfMissing: false }));
            assert.deepEqual(d, { changes: true, replaces: [], deleteBeforeReplace: false, diffs: [] });
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
            const d = await ws().diff(refreshed, base({ projectId: state.outs.projectId }));
            assert.deepEqual(d.replaces, ["projectId"]);
            // Without a declared projectId, any project is fine.
            assert.equal((await ws().diff(refreshed, base())).changes, false);
            state = refreshed;
        });

        it("delete refuses while the workspace manages resources, then safe-deletes it", async () => {
            h.emu.store.workspaces.get(state.id)!.managesResources = true;
            const err = await ws().fails(ws().delete(state));
            assert.equal(
                err.message,
                `workspace "app" (${state.id}) still manages resources, so HCP Terraform refused the safe delete. ` +
                    "Queue a destroy run in the workspace first, or remove it from the stack with `pulumi state delete` to keep it.",
            );
            h.emu.store.workspaces.get(state.id)!.managesResources = false;
            h.emu.clearLog();
            await ws().delete(state);
            assert.deepEqual(h.calls(), [`POST /workspaces/${state.id}/actions/safe-delete`]);
            assert.ok(!h.emu.store.workspaces.has(state.id));
        });

        it("read after the workspace is gone answers an empty id; delete of a gone workspace succeeds", async () => {
            const gone = await ws().read(state);
            assert.equal(gone.id, "");
            await ws().delete(state);
        });
    });

    it("a lost POST answer: the workspace is found by name, exactly one exists", async () => {
        h.emu.injectFaults({ lostResponseRate: 1, match: (m, p) => m === "POST" && p.endsWith("/workspaces") });
        try {
            const state = await ws().up(base({ name: "lost" }));
            const named = [...h.emu.store.workspaces.values()].filter((w) => w.name === "lost");
            assert.equal(named.length, 1);
            assert.equal(state.id, named[0].id);
            assert.equal(state.outs.created, true);
        } finally {
            h.emu.clearFaults();
        }
    });

    it("a 503 on POST (not acted on): looked up by name, sent again, exactly one workspace, recorded as created", async () => {
        h.emu.injectFaults({ serverErrorBurst: 1, match: (m, p) => m === "POST" && p.endsWith("/workspaces") });
        try {
            h.emu.clearLog();
            const state = await ws().up(base({ name: "after-503" }));
            const named = [...h.emu.store.workspaces.values()].filter((w) => w.name === "after-503");
            assert.equal(named.length, 1);
            assert.equal(state.id, named[0].id);
            assert.equal(state.outs.created, true);
            assert.deepEqual(
                h.calls().filter((c) => !c.startsWith("GET /projects/")),
                [
                    `GET /organizations/${ORG}/workspaces/after-503`,
                    `POST /organizations/${ORG}/workspaces`,
                    `GET /organizations/${ORG}/workspaces/after-503`,
                    `POST /organizations/${ORG}/workspaces`,
                ],
            );
        } finally {
            h.emu.clearFaults();
        }
    });

    it("the create is sent at most 3 times; then the error says so, and nothing was made", async () => {
        h.emu.injectFaults({ serverErrorBurst: 3, match: (m, p) => m === "POST" && p.endsWith("/workspaces") });
        try {
            h.emu.clearLog();
            const err = await ws().fails(ws().up(base({ name: "always-503" })));
            assert.ok(
                err.message.startsWith(
                    `creating workspace "always-503" in organization "acme" failed 3 times and no workspace with that name was found afterwards: ` +
                        `POST /organizations/${ORG}/workspaces on ${h.emu.hostname} failed: 503`,
                ),
                err.message,
            );
            assert.equal(h.calls("POST").length, 3);
            assert.equal([...h.emu.store.workspaces.values()].filter((w) => w.name === "always-503").length, 0);
        } finally {
            h.emu.clearFaults();
        }
    });

    it("the third create acts but its answer is lost: the look-up after it finds the workspace, recorded as created", async () => {
        // What the soak met: two answers that say nothing was done (503), then a 201 whose answer is lost.
        h.emu.injectFaults({ serverErrorBurst: 2, lostResponseRate: 1, match: (m, p) => m === "POST" && p.endsWith("/workspaces") });
        try {
            h.emu.clearLog();
            const state = await ws().up(base({ name: "third-lost" }));
            const named = [...h.emu.store.workspaces.values()].filter((w) => w.name === "third-lost");
            assert.equal(named.length, 1);
            assert.equal(state.id, named[0].id);
            assert.equal(state.outs.created, true);
            assert.deepEqual(
                h.calls().filter((c) => !c.startsWith("GET /projects/")),
                [
                    `GET /organizations/${ORG}/workspaces/third-lost`,
                    `POST /organizations/${ORG}/workspaces`,
                    `GET /organizations/${ORG}/workspaces/third-lost`,
                    `POST /organizations/${ORG}/workspaces`,
                    `GET /organizations/${ORG}/workspaces/third-lost`,
                    `POST /organizations/${ORG}/workspaces`,
                    `GET /organizations/${ORG}/workspaces/third-lost`,
                ],
            );
        } finally {
            h.emu.clearFaults();
        }
    });

    it("a create whose follow-up read fails reports the workspace it made (ErrorResourceInitFailed)", async () => {
        const project = h.emu.addProject(ORG, "Flaky");
        h.emu.injectFaults({ serverErrorBurst: 10, match: (m, p) => m === "GET" && p.endsWith(`/projects/${project.id}`) });
        try {
            const err = await ws().fails(ws().up(base({ name: "half", projectId: project.id })));
            const made = [...h.emu.store.workspaces.values()].find((w) => w.name === "half")!;
            assert.ok(made, "the workspace was created");
            assert.equal(err.initFailed?.id, made.id);
            assert.equal(err.initFailed?.properties.created, true);
            assert.match(err.message, new RegExp(`^workspace "half" was created \\(${made.id}\\) but reading its project failed: `));
        } finally {
            h.emu.clearFaults();
        }
    });
});
