// VariableSet: lifecycle through the real dynamic-provider host against the emulator (its
// attachments: variableSetAttachments.test.ts, VariableSetWorkspaces: variableSetWorkspaces.test.ts).
import assert from "node:assert/strict";
import { VariableSet } from "../../src/resources";
import type { VarsetRecord } from "../emulator";
import { dynamicType } from "../support/mocks";
import { CANARY, IN_PLACE, MODULE, NO_DIFF, ORG, UNKNOWN, addSet, outsOf, replaced, siteOf, useHarness, type Harness, type State } from "./harness";

function setsNamed(h: Harness, name: string): VarsetRecord[] {
    return [...h.emu.store.varsets.values()].filter((s) => s.name === name);
}

/** Attribute names of each PATCH /varsets/:id since the last clearLog(). */
function patched(h: Harness): string[][] {
    return h.requests("PATCH", /^\/varsets\/varset-[^/]+$/).map((e) => Object.keys((e.body as any).data.attributes).sort());
}

describe("resources: VariableSet (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(() => {
        new VariableSet("vs", { organization: ORG, name: "shared", description: "AWS dynamic credentials" });
    });

    it("registers its type token and never captures the token", () => {
        assert.equal(h.resource("vs").captured.type, dynamicType(MODULE, "VariableSet"));
        assert.ok(!h.resource("vs").text.includes(CANARY));
    });

    describe("VariableSet", () => {
        const vs = () => h.resource("vs");
        const inputs = (o: Record<string, any> = {}) => vs().inputs(o);

        it("check: each failure names the property and the fix; unknowns are skipped", async () => {
            const r = await vs().check({ organization: "a:b", name: " padded", global: "no", priority: 1, adoptExisting: "x", hostname: "a b" });
            assert.deepEqual(r.failures, [
                {
                    property: "organization",
                    reason:
                        'organization "a:b" is not valid: organization names may contain only letters, digits, "-" and "_"; a wildcard or colon here ' +
                        "would widen the trust policy to other organizations.",
                },
                {
                    property: "name",
                    reason:
                        'name " padded" is not valid: a variable set name must not start or end with white space, contain control characters or exceed 128 characters.',
                },
                { property: "global", reason: 'global must be true or false, not "no".' },
                { property: "priority", reason: "priority must be true or false, not 1." },
                { property: "adoptExisting", reason: 'adoptExisting must be true or false, not "x".' },
                {
                    property: "hostname",
                    reason: 'Invalid HCP Terraform hostname "a b" from the hostname setting: expected a host name such as app.terraform.io or tfe.example.com:8443.',
                },
            ]);
            assert.deepEqual((await vs().check({ organization: "acme" })).failures, [{ property: "name", reason: "name is required: give a non-empty string." }]);
            const unknown = await vs().check({ organization: UNKNOWN, name: UNKNOWN, global: UNKNOWN });
            assert.deepEqual(unknown.failures, []);
            // Not declared: no default (an adopted set keeps its own; a new one gets the server's).
            const { __provider: _p, ...checked } = unknown.inputs;
            assert.deepEqual(checked, { organization: UNKNOWN, name: UNKNOWN, global: UNKNOWN, adoptExisting: false, adoptArgument: "adoptExisting", attached: false, site: siteOf(h) });
            // A name with inner spaces is fine.
            assert.deepEqual((await vs().check(inputs({ name: "AWS OIDC (prod)" }))).failures, []);
        });

        describe("lifecycle", () => {
            let state: State;

            it("create (description and global sent, an undeclared priority not) -> read -> diff shows nothing", async () => {
                h.emu.clearLog();
                state = await vs().up(inputs());
                assert.match(state.id, /^varset-/);
                const post = h.requests("POST", /^\/organizations\/acme\/varsets$/);
                assert.equal(post.length, 1);
                assert.deepEqual((post[0].body as any).data.attributes, {
                    name: "shared",
                    description: "AWS dynamic credentials",
                    global: false,
                });
                assert.deepEqual(outsOf(state), {
                    organization: ORG, name: "shared", description: "AWS dynamic credentials", global: false, priority: false,
                    adoptExisting: false, adoptArgument: "adoptExisting", attached: false, site: siteOf(h), variableSetId: state.id, created: true,
                });
                const refreshed = await vs().read(state);
                assert.deepEqual(refreshed.outs, state.outs);
                const { __provider: _q, ...returned } = refreshed.returnedInputs!;
                assert.deepEqual(returned, {
                    organization: ORG, name: "shared", description: "AWS dynamic credentials", global: false, priority: false,
                    adoptExisting: false, adoptArgument: "adoptExisting", attached: false, site: siteOf(h),
                }, "inputs returned by read hold only inputs");
                assert.deepEqual(await vs().diff(refreshed, inputs()), NO_DIFF);
                state = refreshed;
            });

            it("drift (description edited in HCP) shows in the next diff; the update sends only description", async () => {
                h.emu.store.varsets.get(state.id)!.description = "edited in the UI";
                const refreshed = await vs().read(state);
                assert.equal(refreshed.outs.description, "edited in the UI");
                assert.deepEqual(await vs().diff(refreshed, inputs()), IN_PLACE);
                h.emu.clearLog();
                state = await vs().update(refreshed, inputs());
                assert.deepEqual(patched(h), [["description"]]);
                assert.equal(h.emu.store.varsets.get(state.id)!.description, "AWS dynamic credentials");
            });

            it("rename and priority change in place, sending only those", async () => {
                const news = inputs({ name: "shared-renamed", priority: true });
                assert.deepEqual(await vs().diff(state, news), IN_PLACE);
                h.emu.clearLog();
                state = await vs().update(state, news);
                assert.deepEqual(patched(h), [["name", "priority"]]);
                assert.equal(state.outs.name, "shared-renamed");
                assert.equal(state.outs.priority, true);
                // adoptExisting alone changes nothing remotely
                h.emu.clearLog();
                state = await vs().update(state, { ...news, adoptExisting: true });
                assert.deepEqual(h.calls(), []);
                assert.equal(state.outs.adoptExisting, true);
            });

            it("a state written before the local inputs adoptArgument and attached existed: absent is their default, no change", async () => {
                const cur = inputs({ name: "shared-renamed", priority: true, adoptExisting: true });
                const { adoptArgument: _a, attached: _b, ...older } = state.outs;
                const oldState = { ...state, outs: older };
                assert.deepEqual(await vs().diff(oldState, cur), NO_DIFF);
                assert.deepEqual(await vs().diff(oldState, { ...cur, attached: true }), IN_PLACE);
            });

            it("replace rules: organization and another site replace, deleting first (the name is unique); org letter case is no change", async () => {
                const cur = inputs({ name: "shared-renamed", priority: true, adoptExisting: true });
                assert.deepEqual(await vs().diff(state, { ...cur, organization: "other" }), replaced(["organization"], true));
                assert.deepEqual(await vs().diff(state, { ...cur, hostname: "tfe.example.com" }), replaced(["site"], true));
                assert.equal((await vs().diff(state, { ...cur, organization: "ACME" })).changes, false);
            });

            it("read: deleted in HCP means gone; update then says how to recover; delete of a gone set succeeds", async () => {
                h.emu.store.varsets.delete(state.id);
                assert.equal((await vs().read(state)).id, "");
                const err = await vs().fails(vs().update(state, inputs({ name: "shared-renamed", priority: true, description: "x" })));
                assert.equal(
                    err.message,
                    `variable set "shared-renamed" of organization "acme" (${state.id}) was not found, or the token is not allowed to see it ` +
                        "(HCP Terraform answers 404 for both): run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again.",
                );
                await vs().delete(state);
            });

            it("delete removes the set", async () => {
                const s = await vs().up(inputs({ name: "to-delete" }));
                h.emu.clearLog();
                await vs().delete(s);
                assert.deepEqual(h.calls(), [`DELETE /varsets/${s.id}`]);
                assert.equal(h.emu.store.varsets.has(s.id), false);
            });
        });

        describe("a set with the same name already exists", () => {
            it("is refused without adoptExisting, with the server's detail and how to adopt", async () => {
                addSet(h, { name: "taken", description: "theirs" });
                const err = await vs().fails(vs().up(inputs({ name: "taken" })));
                assert.equal(
                    err.message,
                    'variable set "taken" of organization "acme" already exists (Name has already been taken). ' +
                        "Set adoptExisting: true to manage the existing variable set (it is then kept, not deleted, when the stack is destroyed), or choose another name.",
                );
                assert.equal(setsNamed(h, "taken").length, 1);
            });

            it("is taken over with adoptExisting and brought to the declared values (only differing fields sent); recorded as not created", async () => {
                const existing = setsNamed(h, "taken")[0];
                h.emu.clearLog();
                const s = await vs().up(inputs({ name: "taken", adoptExisting: true }));
                assert.equal(s.id, existing.id);
                assert.deepEqual(patched(h), [["description"]]);
                assert.equal(existing.description, "AWS dynamic credentials");
                assert.equal(s.outs.created, false);
            });

            it("adopts a set whose name differs only in letter case, and renames it", async () => {
                const existing = addSet(h, { name: "MixedCase", description: "AWS dynamic credentials" });
                h.emu.clearLog();
                const s = await vs().up(inputs({ name: "mixedcase", adoptExisting: true }));
                assert.equal(s.id, existing.id);
                assert.deepEqual(patched(h), [["name"]]);
                assert.equal(existing.name, "mixedcase");
            });
        });

        describe("ambiguous creates", () => {
            afterEach(() => h.emu.clearFaults());

            it("a lost POST answer: looked up by name, not created twice", async () => {
                h.emu.injectFaults({ lostResponseRate: 1, match: (m, p) => m === "POST" && p.endsWith("/varsets") });
                h.emu.clearLog();
                const s = await vs().up(inputs({ name: "lost-answer" }));
                assert.equal(setsNamed(h, "lost-answer").length, 1);
                assert.equal(s.id, setsNamed(h, "lost-answer")[0].id);
                assert.equal(h.calls("POST").length, 1);
                assert.equal(s.outs.variableSetId, s.id);
            });

            it("a 503 on POST (not acted on): looked up by name first, then created once", async () => {
                h.emu.injectFaults({ serverErrorBurst: 1, match: (m, p) => m === "POST" && p.endsWith("/varsets") });
                h.emu.clearLog();
                const s = await vs().up(inputs({ name: "after-503" }));
                assert.equal(setsNamed(h, "after-503").length, 1);
                assert.equal(s.id, setsNamed(h, "after-503")[0].id);
                // Not adopting: the name is checked once before the first POST, and again after the 503.
                assert.deepEqual(
                    h.calls().map((c) => c.replace(/\?.*$/, "")),
                    ["GET /organizations/acme/varsets", "POST /organizations/acme/varsets", "GET /organizations/acme/varsets", "POST /organizations/acme/varsets"],
                );
            });

            it("with adoptExisting too, the name is looked up before the first POST (a set may carry this resource's mark), and again after a 503", async () => {
                h.emu.injectFaults({ serverErrorBurst: 1, match: (m, p) => m === "POST" && p.endsWith("/varsets") });
                h.emu.clearLog();
                const s = await vs().up(inputs({ name: "after-503-adopting", adoptExisting: true }));
                assert.equal(setsNamed(h, "after-503-adopting").length, 1);
                assert.equal(s.id, setsNamed(h, "after-503-adopting")[0].id);
                assert.equal(s.outs.created, true, "made by this create");
                assert.deepEqual(
                    h.calls().map((c) => c.replace(/\?.*$/, "")),
                    ["GET /organizations/acme/varsets", "POST /organizations/acme/varsets", "GET /organizations/acme/varsets", "POST /organizations/acme/varsets"],
                );
            });

            it("a 503 on the first POST never takes over the user's set of that name (adoptExisting not set)", async () => {
                const theirs = addSet(h, { name: "theirs-503", description: "the user's", priority: true });
                const before = JSON.stringify(theirs);
                h.emu.injectFaults({ serverErrorBurst: 1, match: (m, p) => m === "POST" && p.endsWith("/varsets") });
                h.emu.clearLog();
                const err = await vs().fails(vs().up(inputs({ name: "theirs-503" })));
                assert.equal(
                    err.message,
                    'variable set "theirs-503" of organization "acme" already exists (Name has already been taken). ' +
                        "Set adoptExisting: true to manage the existing variable set (it is then kept, not deleted, when the stack is destroyed), or choose another name.",
                );
                assert.equal(JSON.stringify(theirs), before, "the user's set was changed");
                assert.deepEqual(setsNamed(h, "theirs-503"), [theirs]);
                assert.deepEqual(h.calls().map((c) => c.replace(/\?.*$/, "")), ["GET /organizations/acme/varsets"], "nothing was written");
                // The same name in another letter case is the same name to the server: refused as well.
                const err2 = await vs().fails(vs().up(inputs({ name: "THEIRS-503" })));
                assert.match(err2.message, /^variable set "THEIRS-503" of organization "acme" already exists \(Name has already been taken\)\. Set adoptExisting: true/);
                assert.equal(JSON.stringify(theirs), before, "the user's set was changed");
            });

            it("a set made by a lost POST that cannot be converged is reported (ErrorResourceInitFailed)", async () => {
                // The POST acts but its answer is lost; the set is edited before the look-up sees it, and
                // every PATCH that would bring it back answers 503. (priority is declared: only declared
                // fields are brought back.)
                const name = "half-made";
                let posted = false; // the look-up before the POST is not the one to disturb
                h.emu.injectFaults({
                    lostResponseRate: 1,
                    match: (m, p) => {
                        if (m === "POST" && p.endsWith("/varsets")) return (posted = true);
                        if (m === "GET" && p.endsWith("/varsets") && posted) {
                            const made = setsNamed(h, name)[0];
                            if (made) made.priority = true;
                            h.emu.injectFaults({ lostResponseRate: 0, serverErrorBurst: 100 });
                            return false;
                        }
                        return m === "PATCH";
                    },
                });
                const err = await vs().fails(vs().up(inputs({ name, priority: false })));
                const made = setsNamed(h, name);
                assert.equal(made.length, 1);
                assert.equal(err.initFailed?.id, made[0].id);
                assert.equal(err.initFailed?.properties.variableSetId, made[0].id);
                assert.match(
                    err.message,
                    new RegExp(`^variable set "half-made" of organization "acme" was created \\(${made[0].id}\\) but could not be brought to the declared values: PATCH /varsets/${made[0].id}`),
                );
            });
        });
    });
});
