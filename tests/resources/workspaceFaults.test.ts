// Workspace: creates that get no clear answer (5xx, lost answers), through the real dynamic-provider
// host against the emulator: looked up by name before any repeat, never made twice.
import assert from "node:assert/strict";
import { Workspace } from "../../src/resources";
import { ORG, siteOf, useHarness } from "./harness";

describe("resources: Workspace ambiguous creates (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(() => {
        new Workspace("ws", { organization: ORG, name: "app", createIfMissing: true });
    });
    const ws = () => h.resource("ws");
    const base = (o: Record<string, any> = {}) => ws().inputs(o);

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
                    `GET /organizations/${ORG}`,
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
            assert.equal(
                err.message,
                `creating workspace "always-503" of organization "acme" failed 3 times and no workspace with that name was found afterwards: ` +
                    `POST /organizations/${ORG}/workspaces on ${h.emu.hostname} failed: 503 server error: service unavailable; the request was not ` +
                    "repeated because it is not safe to repeat, and the server may have acted on it (an object may have been created): look it up " +
                    "by its natural key before creating it again",
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
                    `GET /organizations/${ORG}`,
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
            const { __provider: _p, ...recorded } = err.initFailed!.properties;
            assert.deepEqual(recorded, {
                organization: ORG,
                name: "half",
                projectId: project.id,
                createIfMissing: true,
                createArgument: "createIfMissing",
                deleteOnDestroy: false,
                lookupProjectName: true,
                site: siteOf(h),
                workspaceId: made.id,
                created: true,
            });
            assert.match(
                err.message,
                new RegExp(`^workspace "half" of organization "acme" was created \\(${made.id}\\) but GET /projects/${project.id} on ${h.emu.hostname} failed: 503 `),
            );
        } finally {
            h.emu.clearFaults();
        }
    });
});
