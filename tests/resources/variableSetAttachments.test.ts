// WorkspaceVariableSet and ProjectVariableSet (one provider factory): attaching a variable set to one
// workspace or project, through the real dynamic-provider host against the emulator.
import assert from "node:assert/strict";
import { ProjectVariableSet, WorkspaceVariableSet } from "../../src/resources";
import type { VarsetRecord } from "../emulator";
import { dynamicType } from "../support/mocks";
import { CANARY, MODULE, NO_DIFF, ORG, UNKNOWN, addSet, outsOf, replaced, siteOf, useHarness, type Harness, type State } from "./harness";

let counter = 0;

describe("resources: WorkspaceVariableSet, ProjectVariableSet (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(() => {
        new WorkspaceVariableSet("wvs", { workspaceId: "ws-placeholder000000", variableSetId: "varset-placeholder00000" });
        new ProjectVariableSet("pvs", { projectId: "prj-placeholder00000", variableSetId: "varset-placeholder00000" });
    });

    it("register their type tokens and never capture the token", () => {
        assert.equal(h.resource("wvs").captured.type, dynamicType(MODULE, "WorkspaceVariableSet"));
        assert.equal(h.resource("pvs").captured.type, dynamicType(MODULE, "ProjectVariableSet"));
        for (const n of ["wvs", "pvs"]) assert.ok(!h.resource(n).text.includes(CANARY));
    });

    for (const kind of ["workspace", "project"] as const) {
        const name = kind === "workspace" ? "wvs" : "pvs";
        const property = kind === "workspace" ? "workspaceId" : "projectId";
        const example = kind === "workspace" ? "ws-123456789abcdefg" : "prj-123456789abcdefg";
        const title = kind === "workspace" ? "WorkspaceVariableSet" : "ProjectVariableSet";
        const attachedOf = (set: VarsetRecord) => (kind === "workspace" ? set.workspaceIds : set.projectIds);
        const makeOwner = (h: Harness) =>
            kind === "workspace" ? h.emu.addWorkspace(ORG, `attach-${++counter}`).id : h.emu.addProject(ORG, `Attach ${++counter}`).id;

        describe(title, () => {
            const d = () => h.resource(name);
            let set: VarsetRecord;
            let owner: string;
            const inputs = (o: Record<string, any> = {}) => d().inputs({ variableSetId: set.id, [property]: owner, ...o });
            const relPath = () => `/varsets/${set.id}/relationships/${kind}s`;

            before(() => {
                set = addSet(h);
                owner = makeOwner(h);
            });

            it("check: each failure names the property and the fix; unknowns are skipped", async () => {
                const r = await d().check({ variableSetId: "vs-1", [property]: "x-1", hostname: "-bad host-" });
                assert.deepEqual(r.failures, [
                    { property: "variableSetId", reason: 'variableSetId "vs-1" is not valid: give the variable set id, e.g. "varset-123456789abcdefg".' },
                    { property, reason: `${property} "x-1" is not valid: give the ${kind} id, e.g. "${example}".` },
                    {
                        property: "hostname",
                        reason:
                            'Invalid HCP Terraform hostname "-bad host-" from the hostname setting: expected a host name such as app.terraform.io or tfe.example.com:8443.',
                    },
                ]);
                assert.deepEqual((await d().check({ variableSetId: UNKNOWN, [property]: UNKNOWN })).failures, []);
            });

            describe("lifecycle", () => {
                let state: State;

                it("create attaches (id <varset>/<owner>) -> read -> diff shows nothing", async () => {
                    h.emu.clearLog();
                    state = await d().up(inputs());
                    assert.equal(state.id, `${set.id}/${owner}`);
                    assert.deepEqual(attachedOf(set), [owner]);
                    assert.deepEqual(h.calls(), [`POST ${relPath()}`]);
                    assert.deepEqual((h.emu.log[0].body as any).data, [{ type: `${kind}s`, id: owner }]);
                    assert.deepEqual(outsOf(state), { ...inputs(), site: siteOf(h), organization: ORG });
                    const refreshed = await d().read(state);
                    assert.equal(refreshed.id, state.id);
                    assert.deepEqual(refreshed.outs, state.outs);
                    const { organization: _o, ...declared } = state.outs;
                    assert.deepEqual(refreshed.returnedInputs, declared);
                    assert.deepEqual(await d().diff(refreshed, inputs()), NO_DIFF);
                });

                it("attaching again is harmless (the POST is safe to repeat)", async () => {
                    const again = await d().up(inputs());
                    assert.equal(again.id, state.id);
                    assert.deepEqual(attachedOf(set), [owner]);
                });

                it("replace rules: any change replaces; a new pair is attached before the old is detached, the same pair is not", async () => {
                    const other = makeOwner(h);
                    assert.deepEqual(await d().diff(state, inputs({ [property]: other })), replaced([property], false));
                    assert.deepEqual(await d().diff(state, inputs({ variableSetId: addSet(h).id })), replaced(["variableSetId"], false));
                    assert.deepEqual(await d().diff(state, inputs({ hostname: "tfe.example.com" })), replaced(["site"], true));
                });

                it("drift: detached in HCP means gone on refresh", async () => {
                    if (kind === "workspace") set.workspaceIds = [];
                    else set.projectIds = [];
                    assert.equal((await d().read(state)).id, "");
                });

                it("the owner deleted in HCP means gone; delete then succeeds", async () => {
                    state = await d().up(inputs());
                    // What deleting the owner does to the set's relationships.
                    if (kind === "workspace") h.emu.store.workspaces.delete(owner);
                    else h.emu.store.projects.delete(owner);
                    attachedOf(set).splice(attachedOf(set).indexOf(owner), 1);
                    assert.equal((await d().read(state)).id, "");
                    await d().delete(state);
                    owner = makeOwner(h);
                });

                it("the set deleted in HCP means gone (404); delete then succeeds", async () => {
                    state = await d().up(inputs());
                    h.emu.store.varsets.delete(set.id);
                    assert.equal((await d().read(state)).id, "");
                    await d().delete(state);
                    h.emu.store.varsets.set(set.id, set);
                });

                it("delete detaches (a workspace attachment reads the set first: see ownership.test.ts)", async () => {
                    state = await d().up(inputs());
                    h.emu.clearLog();
                    await d().delete(state);
                    assert.deepEqual(h.calls(), [...(kind === "workspace" ? [`GET /varsets/${set.id}`] : []), `DELETE ${relPath()}`]);
                    assert.deepEqual(attachedOf(set), []);
                });
            });

            it("a lost or failed attach answer is simply repeated (safe to repeat)", async () => {
                // First attempt: 503 (not acted on); second: acted on, answer lost; third: answered.
                let faulty = 2;
                h.emu.injectFaults({ lostResponseRate: 1, serverErrorBurst: 1, match: (m, p) => m === "POST" && p.endsWith(relPath()) && faulty-- > 0 });
                try {
                    h.emu.clearLog();
                    const s = await d().up(inputs());
                    assert.equal(s.id, `${set.id}/${owner}`);
                    assert.deepEqual(attachedOf(set), [owner]);
                    assert.equal(h.calls("POST").length, 3);
                } finally {
                    h.emu.clearFaults();
                }
                await d().delete({ id: `${set.id}/${owner}`, outs: inputs({ __provider: d().text }), inputs: inputs() });
            });

            it("an owner the token cannot see fails with a clear message", async () => {
                const hidden = makeOwner(h);
                h.emu.denyAccess(CANARY, hidden);
                const err = await d().fails(d().up(inputs({ [property]: hidden })));
                assert.match(
                    err.message,
                    new RegExp(
                        `^creating the attachment of variable set ${set.id} to ${kind} ${hidden} failed: the variable set or the ${kind} was not found, ` +
                            `or the token is not allowed to see it \\(HCP Terraform answers 404 for both\\)\\. POST /varsets/${set.id}/relationships/${kind}s`,
                    ),
                );
            });

            if (kind === "workspace") {
                it("a global set is refused with the server's detail", async () => {
                    const global = addSet(h, { global: true });
                    const err = await d().fails(d().up(inputs({ variableSetId: global.id })));
                    assert.match(
                        err.message,
                        new RegExp(`^HCP Terraform refused the attachment of variable set ${global.id} to workspace ${owner}: A global variable set cannot be applied to workspaces\\.`),
                    );
                });
            }
        });
    }
});
