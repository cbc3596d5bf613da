// The same lifecycle run from a scratch consumer that installed this package from its own
// `npm pack` tarball: there the providers are serialized BY REFERENCE (require("hcp-oidc-federation/…"))
// instead of by value, and the host requires the installed package.
import assert from "node:assert/strict";
import { dynamicType } from "../support/mocks";
import { CANARY, MODULE, ORG, useHarness, type State } from "./harness";

const PROGRAM = `"use strict";
const { WorkspaceVariable, WorkspaceVariableGroup, AwsOidcConfiguration } = require("hcp-oidc-federation");
module.exports = () => {
    new WorkspaceVariable("wv", { workspaceId: "ws-placeholder000000", key: "TFC_AWS_RUN_ROLE_ARN", value: "arn:aws:iam::123456789012:role/run", category: "env" });
    new WorkspaceVariable("wv-secret", { workspaceId: "ws-placeholder000000", key: "DB_PASSWORD", value: "hunter2", category: "env", sensitive: true });
    new WorkspaceVariableGroup("group", { organization: "${ORG}", workspaceName: "packed-group", variables: [
        { key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" },
        { key: "TFC_AWS_RUN_ROLE_ARN", value: "arn:aws:iam::123456789012:role/run", category: "env" },
    ] });
    new AwsOidcConfiguration("aws", { organization: "${ORG}", roleArn: "arn:aws:iam::123456789012:role/hyok" });
};
`;

describe("resources: packed install (npm pack -> consumer -> real provider host)", function () {
    this.timeout(30_000);

    const h = useHarness(() => undefined, { hyok: true, packedProgram: PROGRAM });

    it("serializes the providers by reference to the installed package, without the token", () => {
        const modules: Record<string, string> = {
            wv: "workspaceVariable",
            "wv-secret": "workspaceVariable",
            group: "workspaceVariableGroup",
            aws: "awsOidcConfiguration",
        };
        for (const [name, module] of Object.entries(modules)) {
            const text = h.resource(name).text;
            // The provider object is the export of its own module: the whole text is one require().
            assert.match(text, new RegExp(`const provider = require\\("hcp-oidc-federation/dist/resources/providers/${module}\\.js"\\);`), name);
            assert.equal(text.match(/require\(/g)?.length, 1, `${name}: nothing else is required`);
            assert.ok(!text.includes("already exists") && !text.includes("async function"), `${name}: the package's code is not embedded`);
            assert.ok(!text.includes(CANARY), `${name}: token captured`);
            assert.ok(text.length < 1_000, `${name}: ${text.length} characters`);
        }
        assert.equal(h.resource("wv").captured.type, dynamicType(MODULE, "WorkspaceVariable"));
        assert.equal(h.resource("group").captured.type, dynamicType(MODULE, "WorkspaceVariableGroup"));
        assert.equal(h.resource("aws").captured.type, dynamicType(MODULE, "AwsOidcConfiguration"));
        assert.deepEqual(h.resource("wv-secret").captured.secretInputs, ["value"]);
    });

    describe("WorkspaceVariable", () => {
        let ws: string;
        let state: State;
        const wv = () => h.resource("wv");
        const inputs = (o: Record<string, any> = {}) => wv().inputs({ workspaceId: ws, ...o });

        before(() => {
            ws = h.emu.addWorkspace(ORG, "packed").id;
        });

        it("check reports failures with the property and the fix", async () => {
            const r = await wv().check(inputs({ workspaceId: "nope" }));
            assert.deepEqual(r.failures, [
                { property: "workspaceId", reason: 'workspaceId "nope" is not valid: give the workspace id, e.g. "ws-123456789abcdefg".' },
            ]);
        });

        it("create -> read -> diff shows nothing", async () => {
            state = await wv().up(inputs());
            assert.match(state.id, /^var-/);
            assert.equal(h.emu.store.variables.get(state.id)!.value, "arn:aws:iam::123456789012:role/run");
            const refreshed = await wv().read(state);
            assert.deepEqual(refreshed.outs, state.outs);
            assert.equal((await wv().diff(refreshed, inputs())).changes, false);
            state = refreshed;
        });

        it("drift -> diff -> update sends only the value", async () => {
            h.emu.store.variables.get(state.id)!.value = "edited";
            const refreshed = await wv().read(state);
            assert.equal(refreshed.outs.value, "edited");
            assert.deepEqual(await wv().diff(refreshed, inputs()), { changes: true, replaces: [], deleteBeforeReplace: false, diffs: [] });
            h.emu.clearLog();
            state = await wv().update(refreshed, inputs());
            assert.deepEqual(
                h.requests("PATCH", /\/vars\//).map((e) => Object.keys((e.body as any).data.attributes)),
                [["value"]],
            );
            assert.deepEqual(await wv().diff(state, inputs({ category: "terraform" })), {
                changes: true, replaces: ["category"], deleteBeforeReplace: true, diffs: [],
            });
        });

        it("a sensitive variable keeps its value and a description change never sends it", async () => {
            const d = h.resource("wv-secret");
            let s = await d.up(d.inputs({ workspaceId: ws }));
            assert.equal(s.outs.value, "hunter2");
            h.emu.clearLog();
            s = await d.update(s, d.inputs({ workspaceId: ws, description: "x" }));
            assert.deepEqual(h.requests("PATCH", /\/vars\//).map((e) => Object.keys((e.body as any).data.attributes)), [["description"]]);
            await d.delete(s);
        });

        it("delete removes it; read then answers gone", async () => {
            await wv().delete(state);
            assert.equal(h.emu.store.variables.has(state.id), false);
            assert.equal((await wv().read(state)).id, "");
        });
    });

    describe("WorkspaceVariableGroup", () => {
        const group = () => h.resource("group");

        it("check names the index; create by name -> read -> diff shows nothing -> update -> delete in reverse order", async () => {
            const bad = await group().check(group().inputs({ variables: [{ key: "K", category: "env", sensitive: true }] }));
            assert.deepEqual(bad.failures, [
                {
                    property: "variables",
                    reason: "variables[0].sensitive: the variables of a group are not sensitive; declare a sensitive value as a WorkspaceVariable resource.",
                },
            ]);
            const ws = h.emu.addWorkspace(ORG, "packed-group").id;
            h.emu.clearLog();
            let state = await group().up(group().inputs());
            assert.equal(state.id, ws);
            assert.deepEqual(h.calls(), [
                `GET /organizations/${ORG}/workspaces/packed-group`,
                `GET /workspaces/${ws}/vars`,
                `POST /workspaces/${ws}/vars`,
                `POST /workspaces/${ws}/vars`,
            ]);
            const ids = state.outs.variables.map((v: any) => v.id);
            const refreshed = await group().read(state);
            assert.deepEqual(refreshed.outs, state.outs);
            assert.equal((await group().diff(refreshed, group().inputs())).changes, false);
            const news = group().inputs({ variables: [{ key: "TFC_AWS_PROVIDER_AUTH", value: "false", category: "env" }] });
            h.emu.clearLog();
            state = await group().update(refreshed, news);
            assert.deepEqual(h.calls(), [`PATCH /workspaces/${ws}/vars/${ids[0]}`, `DELETE /workspaces/${ws}/vars/${ids[1]}`]);
            assert.deepEqual(state.outs.variables, [{ key: "TFC_AWS_PROVIDER_AUTH", value: "false", category: "env", hcl: false, description: "", id: ids[0] }]);
            await group().delete(state);
            assert.deepEqual([...h.emu.store.variables.values()].filter((v) => v.workspaceId === ws), []);
        });

        it("a create that fails midway records its provider with what it made: refresh and destroy work before the next up", async () => {
            const ws = h.emu.addWorkspace(ORG, "packed-partial").id;
            // The second variable exists already and is not adopted: the first is written, then the create stops.
            h.emu.store.variables.set("var-userownedpacked1", {
                id: "var-userownedpacked1", key: "TFC_AWS_RUN_ROLE_ARN", value: "mine", description: "", category: "env", hcl: false,
                sensitive: false, versionId: "0".repeat(36), createdAt: new Date().toISOString(), workspaceId: ws,
            });
            const err = await group().fails(group().up(group().inputs({ workspaceName: "packed-partial" })));
            assert.ok(err.initFailed, "reported as a half-made resource");
            assert.equal(err.initFailed.id, ws);
            // The installed package's provider is a short require(): it travels with the recorded outputs.
            assert.equal(err.initFailed.properties.__provider, group().text);
            assert.deepEqual(err.initFailed.properties.variables.map((v: any) => v.key), ["TFC_AWS_PROVIDER_AUTH"]);
            const state: State = { id: err.initFailed.id, outs: err.initFailed.properties, inputs: {} };
            const refreshed = await group().read(state);
            assert.deepEqual(refreshed.outs.variables, err.initFailed.properties.variables);
            await group().delete(state);
            // Only the stack's variable is gone; the user's stays.
            assert.deepEqual([...h.emu.store.variables.values()].filter((v) => v.workspaceId === ws).map((v) => v.id), ["var-userownedpacked1"]);
        });
    });

    describe("AwsOidcConfiguration", () => {
        let state: State;
        const aws = () => h.resource("aws");

        it("create -> read -> drift -> update (only role-arn) -> delete", async () => {
            state = await aws().up(aws().inputs());
            assert.match(state.id, /^awsoidc-/);
            const refreshed = await aws().read(state);
            assert.deepEqual(refreshed.outs, state.outs);
            h.emu.store.oidcConfigurations.get(state.id)!.attributes["role-arn"] = "arn:aws:iam::123456789012:role/edited";
            const drifted = await aws().read(state);
            assert.equal((await aws().diff(drifted, aws().inputs())).changes, true);
            h.emu.clearLog();
            state = await aws().update(drifted, aws().inputs());
            assert.deepEqual(h.requests("PATCH", /^\/oidc-configurations\//).map((e) => (e.body as any).data.attributes), [
                { "role-arn": "arn:aws:iam::123456789012:role/hyok" },
            ]);
            await aws().delete(state);
            assert.equal(h.emu.store.oidcConfigurations.has(state.id), false);
        });

        it("an organization without HYOK gets the entitlement message (the installed client's errors keep their messages)", async () => {
            h.emu.addOrganization("plain-org");
            const err = await aws().fails(aws().up(aws().inputs({ organization: "plain-org" })));
            assert.ok(
                err.message.includes('organization "plain-org" not found, the token may not see it, or the organization lacks the HYOK entitlement'),
                err.message,
            );
            assert.match(err.message, /\(POST \/organizations\/plain-org\/oidc-configurations on 127\.0\.0\.1:\d+ failed: 404 Not Found: /);
        });
    });
});
