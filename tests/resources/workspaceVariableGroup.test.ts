// WorkspaceVariableGroup: registration, check and diff, through the real dynamic-provider host against the emulator.
import assert from "node:assert/strict";
import { dynamicType } from "../support/mocks";
import { A, B, PLACEHOLDER, ROLE, entry, useGroupHarness } from "./groupHarness";
import { CANARY, MODULE, ORG, UNKNOWN, siteOf, type State } from "./harness";

describe("resources: WorkspaceVariableGroup registration, check and diff (real provider host, emulator)", function () {
    this.timeout(30_000);

    const { h, group, byName, inputs } = useGroupHarness();

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

});
