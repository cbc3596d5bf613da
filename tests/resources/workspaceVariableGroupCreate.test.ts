// WorkspaceVariableGroup: create, through the real dynamic-provider host against the emulator.
import assert from "node:assert/strict";
import { MAX_RECORDED_PROVIDER } from "../../src/resources/lifecycle";
import { A, ALREADY, B, ROLE, SENSITIVE_FIX, entry, useGroupHarness } from "./groupHarness";
import { ORG, assertNoCanary, siteOf, type State } from "./harness";

describe("resources: WorkspaceVariableGroup create (real provider host, emulator)", function () {
    this.timeout(30_000);

    const { h, group, byName, workspace, vars, varOf, addVar, path, inputs, withIds, patched, posted } = useGroupHarness();

    describe("create", () => {
        it("by workspaceId: the workspace read (its organization recorded), one look-up, then one POST per variable in the declared order; id = the workspace", async () => {
            const ws = workspace();
            h.emu.clearLog();
            const state = await group().up(inputs(ws));
            assert.deepEqual(h.calls(), [`GET /workspaces/${ws}`, `GET ${path(ws)}`, `POST ${path(ws)}`, `POST ${path(ws)}`]);
            assert.deepEqual(posted(), ["TFC_AWS_PROVIDER_AUTH", "TFC_AWS_RUN_ROLE_ARN"]);
            assert.equal(state.id, ws);
            const { __provider: _p, ...outs } = state.outs;
            assert.deepEqual(outs, { workspaceId: ws, organization: ORG, variables: withIds(ws, A, B), adoptExisting: false, site: siteOf(h) });
            // The organization recorded for a group named by id is an output: no diff against the same inputs.
            assert.deepEqual(await group().diff(state, inputs(ws)), { changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
            assert.deepEqual(
                vars(ws).map((v) => [v.key, v.value, v.category, v.hcl, v.sensitive, v.description]),
                [["TFC_AWS_PROVIDER_AUTH", "true", "env", false, false, ""], ["TFC_AWS_RUN_ROLE_ARN", ROLE, "env", false, false, ""]],
            );
            assertNoCanary(state);
        });

        it("by organization and workspaceName: the workspace is looked up once (GET by name)", async () => {
            const ws = workspace("named");
            h.emu.clearLog();
            const state = await byName().up(byName().inputs());
            assert.deepEqual(h.calls(), [`GET /organizations/${ORG}/workspaces/named`, `GET ${path(ws)}`, `POST ${path(ws)}`]);
            assert.equal(state.id, ws);
            const { __provider: _p, ...outs } = state.outs;
            assert.deepEqual(outs, {
                workspaceId: ws,
                organization: ORG,
                workspaceName: "named",
                variables: withIds(ws, entry("region", "eu-west-1", { category: "terraform", description: "where" })),
                adoptExisting: false,
                site: siteOf(h),
            });
            await byName().delete(state);
            assert.deepEqual(vars(ws), []);
        });

        it("a workspace name that is not found (or hidden): exact message, nothing written", async () => {
            h.emu.clearLog();
            const err = await byName().fails(byName().up(byName().inputs({ workspaceName: "missing" })));
            assert.equal(
                err.message,
                `workspace "missing" of organization "${ORG}" was not found, or the token is not allowed to see it (HCP Terraform answers 404 for both). ` +
                    "Check the names and the token's access.",
            );
            assert.equal(err.initFailed, undefined);
            assert.deepEqual(h.calls(), [`GET /organizations/${ORG}/workspaces/missing`]);
        });

        it("a workspace id that is not found (or hidden): the first variable's message, nothing left behind", async () => {
            const missing = "ws-doesnotexist0000";
            const err = await group().fails(group().up(inputs(missing)));
            assert.equal(
                err.message,
                `creating variable "TFC_AWS_PROVIDER_AUTH" (env) of workspace ${missing} failed: the workspace was not found, ` +
                    `or the token is not allowed to see it (HCP Terraform answers 404 for both). POST ${path(missing)} on ${h.emu.hostname} failed: ` +
                    "404 Not Found: the object was not found, or the token is not allowed to see it",
            );
            assert.equal(err.initFailed, undefined);
        });

        it("an existing variable (first one) is refused without adoptExisting: plain error, nothing written", async () => {
            const ws = workspace();
            const theirs = addVar(ws, { key: A.key, value: "the user's" });
            h.emu.clearLog();
            const err = await group().fails(group().up(inputs(ws)));
            assert.equal(err.message, ALREADY(ws, A.key));
            assert.equal(err.initFailed, undefined);
            assert.deepEqual(h.calls(), [`GET /workspaces/${ws}`, `GET ${path(ws)}`]);
            assert.deepEqual(vars(ws), [theirs]);
            assert.equal(theirs.value, "the user's");
        });

        it("an existing variable after others were written: ObjectLeftBehind with the workspace id and what was written", async () => {
            const ws = workspace();
            const theirs = addVar(ws, { key: B.key, value: "the user's" });
            h.emu.clearLog();
            const err = await group().fails(group().up(inputs(ws)));
            const message = `${ALREADY(ws, B.key)}; variables already written and kept in the stack: TFC_AWS_PROVIDER_AUTH. Run \`pulumi up\` again to finish.`;
            assert.equal(err.message, message);
            assert.deepEqual(h.calls(), [`GET /workspaces/${ws}`, `GET ${path(ws)}`, `POST ${path(ws)}`]);
            assert.equal(err.initFailed?.id, ws);
            assert.deepEqual(err.initFailed?.reasons, [message]);
            // No __provider: this repository's provider text (serialized by value) is over the size a
            // gRPC trailer carries; an installed package's is recorded (tests/resources/packedInstall.test.ts).
            assert.ok(group().text.length > MAX_RECORDED_PROVIDER);
            assert.deepEqual(err.initFailed?.properties, { workspaceId: ws, organization: ORG, variables: withIds(ws, A), adoptExisting: false, site: siteOf(h) });
            assert.equal(theirs.value, "the user's");

            // The engine records that; the next `pulumi up` (diff, update) finishes, adopting now.
            const recorded: State = { id: ws, outs: err.initFailed!.properties, inputs: await group().checked(inputs(ws)) };
            assert.deepEqual(await group().diff(recorded, inputs(ws, { adoptExisting: true })), {
                changes: true, replaces: [], deleteBeforeReplace: false, diffs: [],
            });
            h.emu.clearLog();
            const done = await group().update(recorded, inputs(ws, { adoptExisting: true }));
            assert.deepEqual(h.calls(), [`POST ${path(ws)}`, `GET ${path(ws)}`, `PATCH ${path(ws)}/${theirs.id}`]);
            assert.deepEqual(done.outs.variables, withIds(ws, A, B));
            assert.equal(theirs.value, ROLE);
            await group().delete(done);
            assert.deepEqual(vars(ws), []);
        });

        it("adoptExisting: existing variables are taken over and brought to the declared values (only differing fields sent)", async () => {
            const ws = workspace();
            const theirs = addVar(ws, { key: B.key, value: "old", description: "" });
            h.emu.clearLog();
            const state = await group().up(inputs(ws, { adoptExisting: true }));
            assert.deepEqual(h.calls(), [`GET /workspaces/${ws}`, `POST ${path(ws)}`, `POST ${path(ws)}`, `GET ${path(ws)}`, `PATCH ${path(ws)}/${theirs.id}`]);
            assert.deepEqual(patched(), [["value"]]);
            assert.deepEqual(state.outs.variables, withIds(ws, A, B));
            assert.equal(state.outs.variables[1].id, theirs.id);
            assert.equal(state.outs.adoptExisting, true);
            assert.equal(vars(ws).length, 2);
        });

        it("adoptExisting: an existing SENSITIVE variable is deleted and made again, plain, with the declared value", async () => {
            // What the seed's oidc_setup.py leaves: TFC_AWS_RUN_ROLE_ARN sensitive.
            const ws = workspace();
            const old = addVar(ws, { key: B.key, value: "arn:aws:iam::123456789012:role/seed", sensitive: true });
            h.emu.clearLog();
            const state = await group().up(inputs(ws, { adoptExisting: true }));
            assert.deepEqual(h.calls(), [
                `GET /workspaces/${ws}`,
                `POST ${path(ws)}`,
                `POST ${path(ws)}`,
                `GET ${path(ws)}`,
                `DELETE ${path(ws)}/${old.id}`,
                `POST ${path(ws)}`,
            ]);
            assert.equal(h.emu.store.variables.has(old.id), false);
            assert.deepEqual(vars(ws).map((v) => [v.key, v.value, v.sensitive]), [
                [A.key, A.value, false],
                [B.key, ROLE, false],
            ]);
            assert.deepEqual(state.outs.variables, withIds(ws, A, B));
        });

        it("without adoptExisting, an existing sensitive variable is refused like any other (nothing written)", async () => {
            const ws = workspace();
            addVar(ws, { key: A.key, value: "x", sensitive: true });
            const err = await group().fails(group().up(inputs(ws)));
            assert.equal(err.message, ALREADY(ws, A.key));
            assert.equal(err.initFailed, undefined);
            assert.equal(vars(ws).length, 1);
        });

        it("lost POST answers: each variable is found by key, exactly one of each, no POST repeated", async () => {
            const ws = workspace();
            h.emu.injectFaults({ lostResponseRate: 1, match: (m, p) => m === "POST" && p === `/api/v2${path(ws)}` });
            try {
                h.emu.clearLog();
                const state = await group().up(inputs(ws));
                assert.deepEqual(h.calls(), [`GET /workspaces/${ws}`, `GET ${path(ws)}`, `POST ${path(ws)}`, `GET ${path(ws)}`, `POST ${path(ws)}`, `GET ${path(ws)}`]);
                assert.equal(vars(ws).length, 2);
                assert.deepEqual(state.outs.variables, withIds(ws, A, B));
            } finally {
                h.emu.clearFaults();
            }
        });

        it("a 503 on a POST (not acted on): looked up, sent again, exactly one variable", async () => {
            const ws = workspace();
            h.emu.injectFaults({ serverErrorBurst: 1, match: (m, p) => m === "POST" && p === `/api/v2${path(ws)}` });
            try {
                h.emu.clearLog();
                const state = await group().up(inputs(ws));
                assert.deepEqual(h.calls(), [`GET /workspaces/${ws}`, `GET ${path(ws)}`, `POST ${path(ws)}`, `GET ${path(ws)}`, `POST ${path(ws)}`, `POST ${path(ws)}`]);
                assert.deepEqual(state.outs.variables, withIds(ws, A, B));
            } finally {
                h.emu.clearFaults();
            }
        });

        it("the second variable's POST keeps failing: ObjectLeftBehind with the first", async () => {
            const ws = workspace();
            let count = 0;
            h.emu.injectFaults({ serverErrorRate: 1, match: (m, p) => m === "POST" && p === `/api/v2${path(ws)}` && ++count > 1 });
            try {
                const err = await group().fails(group().up(inputs(ws)));
                const posts = `POST ${path(ws)} on ${h.emu.hostname} failed: 50[023] .*`;
                assert.match(
                    err.message,
                    new RegExp(
                        `^creating variable "${B.key}" \\(env\\) of workspace ${ws} failed 3 times and no such variable was found afterwards: ${posts}` +
                            "; variables already written and kept in the stack: TFC_AWS_PROVIDER_AUTH\\. Run `pulumi up` again to finish\\.$",
                    ),
                );
                assert.equal(err.initFailed?.id, ws);
                assert.deepEqual(err.initFailed?.properties.variables, withIds(ws, A));
                assert.deepEqual(vars(ws).map((v) => v.key), [A.key]);
            } finally {
                h.emu.clearFaults();
            }
        });

        it("a variable its own lost POST made but that cannot be converged is reported with the others", async () => {
            const ws = workspace();
            let lost = false;
            h.emu.injectFaults({
                lostResponseRate: 1,
                match: (m, p) => {
                    if (m === "POST" && p === `/api/v2${path(ws)}`) {
                        lost = vars(ws).length === 1; // the second variable's POST
                        return lost;
                    }
                    if (m === "GET" && lost) {
                        // Someone makes it sensitive before the look-up: it cannot be adopted as plain.
                        varOf(ws, B.key)!.sensitive = true;
                    }
                    return false;
                },
            });
            try {
                const err = await group().fails(group().up(inputs(ws)));
                const made = varOf(ws, B.key)!;
                assert.equal(
                    err.message,
                    `variable "${B.key}" (env) of workspace ${ws} was created (${made.id}) but could not be brought to the declared values: ` +
                        `variable "${B.key}" (env) of workspace ${ws} already exists and is sensitive; HCP Terraform cannot make a sensitive variable non-sensitive. ` +
                        `${SENSITIVE_FIX}, or delete the variable in HCP Terraform and run again.` +
                        "; variables already written and kept in the stack: TFC_AWS_PROVIDER_AUTH, TFC_AWS_RUN_ROLE_ARN. Run `pulumi up` again to finish.",
                );
                assert.equal(err.initFailed?.id, ws);
                // Recorded as sensitive: the next update re-creates it plain.
                assert.deepEqual(err.initFailed?.properties.variables, [...withIds(ws, A), { ...B, value: "", id: made.id, sensitive: true }]);
                assert.equal(vars(ws).length, 2);
            } finally {
                h.emu.clearFaults();
            }
        });
    });

});
