// WorkspaceVariableGroup: lifecycle through the real dynamic-provider host against the emulator.
import assert from "node:assert/strict";
import { WorkspaceVariableGroup } from "../../src/resources";
import { MAX_RECORDED_PROVIDER } from "../../src/resources/lifecycle";
import { newId, now, type VariableRecord } from "../emulator";
import { dynamicType } from "../support/mocks";
import { CANARY, MODULE, ORG, UNKNOWN, assertNoCanary, siteOf, useHarness, type State } from "./harness";

const PLACEHOLDER = "ws-placeholder000000";
const ROLE = "arn:aws:iam::123456789012:role/run";
const SENSITIVE_FIX = "Declare it as a WorkspaceVariable resource with sensitive: true (and remove it from the group)";

let counter = 0;

describe("resources: WorkspaceVariableGroup (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(() => {
        new WorkspaceVariableGroup("group", {
            workspaceId: PLACEHOLDER,
            variables: [
                { key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" },
                { key: "TFC_AWS_RUN_ROLE_ARN", value: ROLE, category: "env" },
            ],
        });
        new WorkspaceVariableGroup("by-name", {
            organization: ORG,
            workspaceName: "named",
            variables: [{ key: "region", value: "eu-west-1", category: "terraform", description: "where" }],
            adoptExisting: false,
        });
    });
    const group = () => h.resource("group");
    const byName = () => h.resource("by-name");

    /** A fresh workspace; answers its id. */
    const workspace = (name = `ws-group-${++counter}`) => h.emu.addWorkspace(ORG, name).id;
    const vars = (ws: string): VariableRecord[] => [...h.emu.store.variables.values()].filter((v) => v.workspaceId === ws);
    const varOf = (ws: string, key: string, category = "env") => vars(ws).find((v) => v.key === key && v.category === category);
    const addVar = (ws: string, f: Partial<VariableRecord> & { key: string }): VariableRecord => {
        const rec: VariableRecord = {
            id: newId("var"), value: "", description: "", category: "env", hcl: false, sensitive: false,
            versionId: "0".repeat(36), createdAt: now(), workspaceId: ws, ...f,
        };
        h.emu.store.variables.set(rec.id, rec);
        return rec;
    };
    const path = (ws: string) => `/workspaces/${ws}/vars`;
    const entry = (key: string, value: string, o: Record<string, unknown> = {}) => ({ key, value, category: "env", hcl: false, description: "", ...o });
    const A = entry("TFC_AWS_PROVIDER_AUTH", "true");
    const B = entry("TFC_AWS_RUN_ROLE_ARN", ROLE);
    /** Inputs of "group" for a workspace, with overrides. */
    const inputs = (ws: string, o: Record<string, any> = {}) => group().inputs({ workspaceId: ws, ...o });
    /** The output variables with the ids of the store (in state order), for exact comparisons. */
    const withIds = (ws: string, ...entries: Record<string, unknown>[]) =>
        entries.map((e) => ({ ...e, id: varOf(ws, e.key as string, e.category as string)!.id }));
    /** Attribute names of each PATCH since the last clearLog(). */
    const patched = () => h.requests("PATCH", /\/vars\/var-/).map((e) => Object.keys((e.body as any).data.attributes).sort());
    const posted = () => h.requests("POST", /\/vars$/).map((e) => (e.body as any).data.attributes.key);
    const ALREADY = (ws: string, key: string, category = "env") =>
        `variable "${key}" (${category}) of workspace ${ws} already exists (Key has already been taken). ` +
        "Set adoptExisting: true to manage the existing variable, or delete it in HCP Terraform.";

    it("registers the type token with only the given properties, and never captures the token", () => {
        assert.equal(group().captured.type, dynamicType(MODULE, "WorkspaceVariableGroup"));
        assert.deepEqual(group().inputs(), {
            workspaceId: PLACEHOLDER,
            variables: [
                { key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" },
                { key: "TFC_AWS_RUN_ROLE_ARN", value: ROLE, category: "env" },
            ],
        });
        assert.deepEqual(byName().inputs(), {
            organization: ORG,
            workspaceName: "named",
            variables: [{ key: "region", value: "eu-west-1", category: "terraform", description: "where" }],
            adoptExisting: false,
        });
        assert.ok(!group().text.includes(CANARY));
        assert.ok(!byName().text.includes(CANARY));
    });

    describe("check", () => {
        const fails = async (news: Record<string, any>) => (await group().check(news)).failures;

        it("applies the defaults (adoptExisting false; value \"\", hcl false, description \"\" per variable)", async () => {
            h.emu.clearLog();
            const r = await group().check({ workspaceId: "ws-abc", variables: [{ key: "K", category: "terraform" }, { key: "L", category: "env", value: "v", description: null }] });
            assert.deepEqual(r.failures, []);
            const { __provider: _p, ...checked } = r.inputs;
            assert.deepEqual(checked, {
                workspaceId: "ws-abc",
                variables: [
                    { key: "K", value: "", category: "terraform", hcl: false, description: "" },
                    { key: "L", value: "v", category: "env", hcl: false, description: "" },
                ],
                adoptExisting: false,
                site: siteOf(h),
            });
            assert.deepEqual(h.emu.log, [], "check made requests");
        });

        it("the workspace: exactly one of workspaceId or organization + workspaceName, each well-formed", async () => {
            const vs = [A];
            assert.deepEqual(await fails({ workspaceId: "ws-abc", organization: ORG, workspaceName: "app", variables: vs }), [
                {
                    property: "workspaceId",
                    reason: "workspaceId and organization/workspaceName both name the workspace: give workspaceId, or organization and workspaceName, not both.",
                },
            ]);
            assert.deepEqual(await fails({ workspaceId: "ws-abc", workspaceName: "app", variables: vs }), [
                {
                    property: "workspaceId",
                    reason: "workspaceId and organization/workspaceName both name the workspace: give workspaceId, or organization and workspaceName, not both.",
                },
            ]);
            assert.deepEqual(await fails({ variables: vs }), [
                { property: "workspaceId", reason: 'workspaceId is required: give workspaceId (e.g. "ws-123456789abcdefg"), or organization and workspaceName.' },
            ]);
            assert.deepEqual(await fails({ workspaceId: "", variables: vs }), [
                { property: "workspaceId", reason: 'workspaceId is required: give workspaceId (e.g. "ws-123456789abcdefg"), or organization and workspaceName.' },
            ]);
            assert.deepEqual(await fails({ organization: ORG, variables: vs }), [
                { property: "workspaceName", reason: "workspaceName is required with organization: give both, or workspaceId instead." },
            ]);
            assert.deepEqual(await fails({ workspaceName: "app", variables: vs }), [
                { property: "organization", reason: "organization is required with workspaceName: give both, or workspaceId instead." },
            ]);
            assert.deepEqual(await fails({ workspaceId: "workspace-1", variables: vs }), [
                { property: "workspaceId", reason: 'workspaceId "workspace-1" is not valid: give the workspace id, e.g. "ws-123456789abcdefg".' },
            ]);
            assert.deepEqual(await fails({ workspaceId: 7, variables: vs }), [{ property: "workspaceId", reason: "workspaceId must be a string, not 7." }]);
            assert.deepEqual(await fails({ organization: "ac me", workspaceName: "app*", variables: vs }), [
                { property: "organization", reason: 'organization "ac me" is not valid: organization names may contain only letters, digits, "-" and "_".' },
                {
                    property: "workspaceName",
                    reason:
                        'workspaceName "app*" is not valid: workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here ' +
                        "would widen the trust policy to other workspaces.",
                },
            ]);
        });

        it("the variables list: required and non-empty", async () => {
            const reason = "variables is required: give a non-empty list of { key, category, value?, hcl?, description? }.";
            assert.deepEqual(await fails({ workspaceId: "ws-abc" }), [{ property: "variables", reason }]);
            assert.deepEqual(await fails({ workspaceId: "ws-abc", variables: [] }), [{ property: "variables", reason }]);
            assert.deepEqual(await fails({ workspaceId: "ws-abc", variables: "K=v" }), [{ property: "variables", reason: 'variables must be a list, not "K=v".' }]);
        });

        it("each variable: fields, key, category, types, hcl only for terraform, no sensitive, no duplicate (the reason names the index)", async () => {
            const r = await fails({
                workspaceId: "ws-abc",
                variables: [
                    "K=v",
                    { category: "env" },
                    { key: "MY KEY", category: "secret" },
                    { key: "K3" },
                    { key: "K4", category: "env", value: 4, description: false, hcl: "yes" },
                    { key: "K5", category: "env", hcl: true },
                    { key: "K6", category: "env", sensitive: true },
                    { key: "K7", category: "env", sensitive: false, id: "var-x" },
                    { key: "DUP", category: "env" },
                    { key: "DUP", category: "terraform" },
                    { key: "DUP", category: "env", value: "again" },
                ],
            });
            assert.deepEqual(
                r.map((f) => f.property),
                r.map(() => "variables"),
            );
            assert.deepEqual(
                r.map((f) => f.reason),
                [
                    'variables[0] must be an object { key, category, value?, hcl?, description? }, not "K=v".',
                    "variables[1].key is required: give a non-empty string.",
                    'variables[2].key "MY KEY" is not valid: variable keys cannot contain white space.',
                    'variables[2].category must be one of "env", "terraform", not "secret".',
                    'variables[3].category is required: give "env" or "terraform".',
                    "variables[4].value must be a string.",
                    "variables[4].description must be a string.",
                    'variables[4].hcl must be true or false, not "yes".',
                    'variables[5].hcl applies only to terraform variables: set category: "terraform" or drop hcl for an env variable.',
                    "variables[6].sensitive: the variables of a group are not sensitive; declare a sensitive value as a WorkspaceVariable resource.",
                    "variables[7].sensitive: the variables of a group are not sensitive; declare a sensitive value as a WorkspaceVariable resource.",
                    "variables[7].id is not a field of a group variable: give only key, category, value, hcl and description.",
                    'variables[8] and variables[10] are both the env variable "DUP": a key appears once per category in a group. Remove one of them.',
                ],
            );
        });

        it("adoptExisting and hostname", async () => {
            assert.deepEqual(await fails({ workspaceId: "ws-abc", variables: [A], adoptExisting: "yes", hostname: "not a host/x" }), [
                { property: "adoptExisting", reason: 'adoptExisting must be true or false, not "yes".' },
                {
                    property: "hostname",
                    reason:
                        'Invalid HCP Terraform hostname "not a host/x" from the hostname setting: expected a host name such as app.terraform.io or tfe.example.com:8443.',
                },
            ]);
        });

        it("skips unknown values during preview (workspace, list, entries, fields)", async () => {
            assert.deepEqual(await fails({ workspaceId: UNKNOWN, variables: UNKNOWN }), []);
            assert.deepEqual(await fails({ organization: UNKNOWN, workspaceName: UNKNOWN, variables: [UNKNOWN, A] }), []);
            assert.deepEqual(
                await fails({ workspaceId: "ws-abc", variables: [{ key: UNKNOWN, category: UNKNOWN, value: UNKNOWN, hcl: UNKNOWN, description: UNKNOWN }, { key: UNKNOWN, category: "env" }] }),
                [],
            );
            assert.deepEqual(await fails({ workspaceId: "ws-abc", variables: [A], adoptExisting: UNKNOWN, hostname: UNKNOWN }), []);
        });
    });

    describe("diff (no request)", () => {
        const ws = "ws-diffdiffdiff0000";
        const state = (o: Record<string, any> = {}): State => ({
            id: ws,
            outs: {
                workspaceId: ws,
                variables: [{ ...A, id: "var-a" }, { ...B, id: "var-b" }],
                adoptExisting: false,
                __provider: group().text,
                ...o,
            },
            inputs: {},
        });
        const news = (o: Record<string, any> = {}) => inputs(ws, o);
        const NONE = { changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] };
        const IN_PLACE = { changes: true, replaces: [], deleteBeforeReplace: false, diffs: [] };
        const replace = (...fields: string[]) => ({ changes: true, replaces: fields, deleteBeforeReplace: true, diffs: [] });

        it("no change (ids of the outputs ignored) -> changes: false", async () => {
            h.emu.clearLog();
            assert.deepEqual(await group().diff(state(), news()), NONE);
            assert.deepEqual(h.emu.log, [], "diff made requests");
        });

        it("any variable field, the order, an added or removed variable -> update in place", async () => {
            for (const variables of [
                [{ ...A, value: "false" }, B],
                [{ ...A, description: "d" }, B],
                [A, { ...B, category: "terraform" }],
                [{ ...A, category: "terraform", hcl: true }, B],
                [A, { ...B, key: "OTHER" }],
                [B, A],
                [A],
                [A, B, entry("NEW", "x")],
                [A, { ...B, value: UNKNOWN }],
            ]) {
                assert.deepEqual(await group().diff(state(), news({ variables })), IN_PLACE, JSON.stringify(variables));
            }
            assert.deepEqual(await group().diff(state(), news({ variables: UNKNOWN })), IN_PLACE);
        });

        it("adoptExisting -> in place", async () => {
            assert.deepEqual(await group().diff(state(), news({ adoptExisting: true })), IN_PLACE);
        });

        it("workspaceId (when given), organization, workspaceName, another site -> replace, old variables deleted first", async () => {
            assert.deepEqual(await group().diff(state(), news({ workspaceId: "ws-other000000000" })), replace("workspaceId"));
            assert.deepEqual(await group().diff(state(), news({ workspaceId: UNKNOWN })), replace("workspaceId"));
            assert.deepEqual(await group().diff(state(), news({ hostname: "tfe.example.com" })), replace("site"));
            assert.deepEqual(
                await group().diff(state(), news({ workspaceId: undefined, organization: ORG, workspaceName: "app" })),
                replace("organization", "workspaceName"),
            );
            const named = state({ organization: ORG, workspaceName: "app" });
            const byNameNews = news({ workspaceId: undefined, organization: "ACME", workspaceName: "app" });
            // The looked-up id is an output only; the organization compares case-insensitively.
            assert.deepEqual(await group().diff(named, byNameNews), NONE);
            assert.deepEqual(await group().diff(named, { ...byNameNews, workspaceName: "app2" }), replace("workspaceName"));
            assert.deepEqual(await group().diff(named, { ...byNameNews, organization: "other" }), replace("organization"));
            // The same workspace now given by id: it stays (the name fields leave the state in place).
            assert.deepEqual(await group().diff(named, news()), IN_PLACE);
            assert.deepEqual(await group().diff(named, news({ workspaceId: "ws-other000000000" })), replace("workspaceId"));
            // The same site spelled differently is no change.
            const hosted = state({ hostname: "app.terraform.io", site: "https://app.terraform.io" });
            assert.deepEqual(await group().diff(hosted, news({ hostname: "https://App.Terraform.io/" })), NONE);
            assert.deepEqual(
                await group().diff(state(), news({ hostname: "tfe.example.com", variables: [A] })),
                { changes: true, replaces: ["site"], deleteBeforeReplace: true, diffs: [] },
            );
        });
    });

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

    describe("read (one list request)", () => {
        let ws: string;
        let state: State;

        beforeEach(async () => {
            ws = workspace();
            state = await group().up(inputs(ws));
        });

        it("no drift: the same outputs; the inputs returned are the declared shape without ids", async () => {
            h.emu.clearLog();
            const r = await group().read(state);
            assert.deepEqual(h.calls(), [`GET ${path(ws)}`]);
            assert.equal(r.id, ws);
            assert.deepEqual(r.outs, state.outs);
            const { __provider: _p, ...returned } = r.returnedInputs!;
            assert.deepEqual(returned, { workspaceId: ws, variables: [A, B], adoptExisting: false, site: siteOf(h) });
            assert.equal((await group().diff(r, inputs(ws))).changes, false);
        });

        it("a value changed in HCP shows, and the next update sends it back (only value)", async () => {
            varOf(ws, B.key)!.value = "edited";
            const r = await group().read(state);
            assert.deepEqual(r.outs.variables, withIds(ws, A, { ...B, value: "edited" }));
            assert.equal((await group().diff(r, inputs(ws))).changes, true);
            h.emu.clearLog();
            const u = await group().update(r, inputs(ws));
            assert.deepEqual(h.calls(), [`PATCH ${path(ws)}/${varOf(ws, B.key)!.id}`]);
            assert.deepEqual(patched(), [["value"]]);
            assert.deepEqual(u.outs.variables, withIds(ws, A, B));
        });

        it("a variable deleted in HCP is dropped, and the next update creates it again", async () => {
            h.emu.store.variables.delete(varOf(ws, A.key)!.id);
            const r = await group().read(state);
            assert.deepEqual(r.outs.variables, withIds(ws, B));
            assert.deepEqual(r.returnedInputs!.variables, [B]);
            h.emu.clearLog();
            const u = await group().update(r, inputs(ws));
            assert.deepEqual(h.calls(), [`GET ${path(ws)}`, `POST ${path(ws)}`]);
            assert.deepEqual(u.outs.variables, withIds(ws, A, B));
        });

        it("a variable made sensitive in HCP: marked sensitive, and the next update re-creates it plain (delete, then create)", async () => {
            const old = varOf(ws, B.key)!;
            old.sensitive = true;
            const r = await group().read(state);
            assert.deepEqual(r.outs.variables, withIds(ws, A, { ...B, value: "", sensitive: true }));
            assert.deepEqual(r.returnedInputs!.variables, [A, { ...B, value: "" }]);
            assert.equal((await group().diff(r, inputs(ws))).changes, true);
            h.emu.clearLog();
            const u = await group().update(r, inputs(ws));
            // Listed first (a key to create must be refused before anything is written), then re-created.
            assert.deepEqual(h.calls(), [`GET ${path(ws)}`, `DELETE ${path(ws)}/${old.id}`, `POST ${path(ws)}`]);
            assert.equal(h.emu.store.variables.has(old.id), false);
            assert.deepEqual(u.outs.variables, withIds(ws, A, B));
            assert.equal(varOf(ws, B.key)!.sensitive, false);
            assert.equal((await group().diff(u, inputs(ws))).changes, false);
        });

        it("all variables deleted in HCP: gone (empty id)", async () => {
            for (const v of vars(ws)) h.emu.store.variables.delete(v.id);
            assert.equal((await group().read(state)).id, "");
        });

        it("the workspace deleted in HCP: gone (empty id)", async () => {
            h.emu.store.workspaces.delete(ws);
            assert.equal((await group().read(state)).id, "");
        });

        it("a group found by name keeps organization and workspaceName as its inputs", async () => {
            const named = workspace(`named-${counter}`);
            const s = await byName().up(byName().inputs({ workspaceName: `named-${counter}` }));
            const r = await byName().read(s);
            const { __provider: _p, ...returned } = r.returnedInputs!;
            assert.deepEqual(returned, {
                organization: ORG,
                workspaceName: `named-${counter}`,
                variables: [entry("region", "eu-west-1", { category: "terraform", description: "where" })],
                adoptExisting: false,
                site: siteOf(h),
            });
            assert.equal(r.outs.workspaceId, named);
            await byName().delete(s);
        });
    });

    describe("update", () => {
        let ws: string;
        let state: State;
        const C = entry("TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE", "aws.workload.identity");
        const D = entry("region", "eu-west-1", { category: "terraform" });

        beforeEach(async () => {
            ws = workspace();
            state = await group().up(inputs(ws, { variables: [A, B, D] }));
            h.emu.clearLog();
        });

        it("no change: 0 requests; an adoptExisting change: 0 requests, recorded", async () => {
            const same = await group().update(state, inputs(ws, { variables: [A, B, D] }));
            assert.deepEqual(same.outs, state.outs);
            const adopting = await group().update(state, inputs(ws, { variables: [A, B, D], adoptExisting: true }));
            assert.equal(adopting.outs.adoptExisting, true);
            assert.deepEqual(adopting.outs.variables, state.outs.variables);
            assert.deepEqual(h.emu.log, []);
        });

        it("patches only the changed fields of the changed variables", async () => {
            const u = await group().update(state, inputs(ws, { variables: [{ ...A, description: "on" }, B, { ...D, value: "[1]", hcl: true }] }));
            assert.deepEqual(h.calls(), [`PATCH ${path(ws)}/${varOf(ws, A.key)!.id}`, `PATCH ${path(ws)}/${varOf(ws, D.key, "terraform")!.id}`]);
            assert.deepEqual(patched(), [["description"], ["hcl", "value"]]);
            assert.deepEqual(u.outs.variables, withIds(ws, { ...A, description: "on" }, B, { ...D, value: "[1]", hcl: true }));
            assert.equal(varOf(ws, D.key, "terraform")!.hcl, true);
        });

        it("adds (one look-up, then POSTs in order) and removes (DELETE in reverse declared order); state in the new order", async () => {
            const E = entry("E", "e");
            const ids = state.outs.variables.map((v: any) => v.id);
            const u = await group().update(state, inputs(ws, { variables: [C, B, E] }));
            assert.deepEqual(h.calls(), [
                `GET ${path(ws)}`,
                `POST ${path(ws)}`,
                `POST ${path(ws)}`,
                `DELETE ${path(ws)}/${ids[2]}`,
                `DELETE ${path(ws)}/${ids[0]}`,
            ]);
            assert.deepEqual(posted(), [C.key, "E"]);
            assert.deepEqual(u.outs.variables, withIds(ws, C, B, E));
            assert.deepEqual(vars(ws).map((v) => v.key).sort(), [C.key, "E", B.key].sort());
        });

        it("a category change of a key: the new variable is created, then the old one deleted", async () => {
            const old = varOf(ws, D.key, "terraform")!;
            const u = await group().update(state, inputs(ws, { variables: [A, B, { ...D, category: "env" }] }));
            assert.deepEqual(h.calls(), [`GET ${path(ws)}`, `POST ${path(ws)}`, `DELETE ${path(ws)}/${old.id}`]);
            assert.deepEqual(u.outs.variables, withIds(ws, A, B, { ...D, category: "env" }));
            assert.equal(varOf(ws, D.key, "terraform"), undefined);
        });

        it("only a new order: no request, the state follows the order", async () => {
            const u = await group().update(state, inputs(ws, { variables: [D, B, A] }));
            assert.deepEqual(h.emu.log, []);
            assert.deepEqual(u.outs.variables, withIds(ws, D, B, A));
        });

        it("a variable deleted in HCP that must be patched: how to recover (nothing done: plain error)", async () => {
            const gone = varOf(ws, A.key)!;
            h.emu.store.variables.delete(gone.id);
            const err = await group().fails(group().update(state, inputs(ws, { variables: [{ ...A, value: "false" }, B, D] })));
            assert.equal(
                err.message,
                `variable "${A.key}" (env) of workspace ${ws} (${gone.id}) no longer exists or the token may not see it: ` +
                    "run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again.",
            );
            assert.equal(err.initFailed, undefined);
        });

        it("a failure midway: ObjectLeftBehind with the real state (done + untouched), and the next update finishes", async () => {
            const theirs = addVar(ws, { key: C.key, value: "the user's" });
            const ids = state.outs.variables.map((v: any) => v.id);
            const news = inputs(ws, { variables: [{ ...A, value: "false" }, C, { ...B, value: "changed" }] });
            const err = await group().fails(group().update(state, news));
            const message = `${ALREADY(ws, C.key)}; changes already made and kept in the stack: updated ${A.key}. Run \`pulumi up\` again to finish.`;
            assert.equal(err.message, message);
            // Listed first (C is to be created, not adopted), A patched, then C refused from that list.
            assert.deepEqual(h.calls(), [`GET ${path(ws)}`, `PATCH ${path(ws)}/${ids[0]}`]);
            assert.equal(err.initFailed?.id, ws);
            // A is updated; B is untouched (old value); D is still there (its delete comes last).
            assert.deepEqual(err.initFailed?.properties, {
                workspaceId: ws, organization: ORG, variables: withIds(ws, { ...A, value: "false" }, B, D), adoptExisting: false, site: siteOf(h),
            });
            assert.equal(theirs.value, "the user's");

            const recorded: State = { id: ws, outs: err.initFailed!.properties, inputs: state.inputs };
            h.emu.clearLog();
            const done = await group().update(recorded, { ...news, adoptExisting: true });
            assert.deepEqual(h.calls(), [
                `POST ${path(ws)}`,
                `GET ${path(ws)}`,
                `PATCH ${path(ws)}/${theirs.id}`,
                `PATCH ${path(ws)}/${ids[1]}`,
                `DELETE ${path(ws)}/${ids[2]}`,
            ]);
            assert.deepEqual(done.outs.variables, withIds(ws, { ...A, value: "false" }, C, { ...B, value: "changed" }));
        });

        it("a failure while deleting: the deleted ones are gone from the reported state", async () => {
            const ids = state.outs.variables.map((v: any) => v.id);
            h.emu.injectFaults({ serverErrorRate: 1, match: (m, p) => m === "DELETE" && p === `/api/v2${path(ws)}/${ids[0]}` });
            try {
                const err = await group().fails(group().update(state, inputs(ws, { variables: [B] })));
                assert.match(
                    err.message,
                    new RegExp(`^DELETE ${path(ws)}/${ids[0]} on 127\\.0\\.0\\.1:\\d+ failed: 50[023] .*; changes already made and kept in the stack: deleted region\\. Run \`pulumi up\` again to finish\\.$`),
                );
                assert.deepEqual(err.initFailed?.properties.variables, withIds(ws, B, A));
            } finally {
                h.emu.clearFaults();
            }
        });
    });

    describe("delete", () => {
        it("deletes the variables in the reverse of the declared order", async () => {
            const ws = workspace();
            const state = await group().up(inputs(ws));
            const ids = state.outs.variables.map((v: any) => v.id);
            h.emu.clearLog();
            await group().delete(state);
            assert.deepEqual(h.calls(), [`DELETE ${path(ws)}/${ids[1]}`, `DELETE ${path(ws)}/${ids[0]}`]);
            assert.deepEqual(vars(ws), []);
        });

        it("a variable already gone (404) is fine; the others are deleted", async () => {
            const ws = workspace();
            const state = await group().up(inputs(ws));
            h.emu.store.variables.delete(state.outs.variables[1].id);
            await group().delete(state);
            assert.deepEqual(vars(ws), []);
            // The workspace gone altogether: nothing left to delete.
            h.emu.store.workspaces.delete(ws);
            await group().delete(state);
        });
    });
});
