// Odd but legal answers, through the real dynamic-provider host against the emulator: a POST
// answered 2xx without a resource object may have created the object (it is looked up by its
// natural key: exactly one exists, recorded as created); a PATCH answered 204 is a success (the
// object is read back); a list that shrinks between pages does not drop what the state holds.
import assert from "node:assert/strict";
import { AwsOidcConfiguration, VariableSet, VariableSetVariable, Workspace, WorkspaceVariable } from "../../src/resources";
import { ODD_ANSWER_KINDS } from "../emulator";
import { ORG, addSet, addSetVariable, addWorkspace, useHarness, variablesOf } from "./harness";

describe("resources: odd but legal answers (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(
        () => {
            new Workspace("ws", { organization: ORG, name: "placeholder", createIfMissing: true });
            new WorkspaceVariable("wv", { workspaceId: "ws-placeholder000000", key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" });
            new VariableSet("vs", { organization: ORG, name: "placeholder", description: "made by the stack" });
            new VariableSetVariable("sv", { variableSetId: "varset-placeholder00000", key: "TFC_AWS_RUN_ROLE_ARN", value: "arn:aws:iam::123456789012:role/run", category: "env" });
            new AwsOidcConfiguration("aws", { organization: ORG, roleArn: "arn:aws:iam::123456789012:role/hyok" });
        },
        { hyok: true },
    );
    let n = 0;
    const calls = () => h.calls().map((c) => c.replace(/\?.*$/, "")).filter((c) => !c.startsWith("GET /projects/"));
    const oddOnce = (method: string, path: string, kind: (typeof ODD_ANSWER_KINDS)[number]) =>
        h.emu.injectOddAnswers({ kind, times: 1, match: (m, p) => m === method && p === `/api/v2${path}` });

    afterEach(() => h.emu.clearFaults());

    describe("a POST answered 2xx without a resource object: looked up by natural key, exactly one made, recorded", () => {
        for (const kind of ODD_ANSWER_KINDS) {
            it(`${kind}: Workspace`, async () => {
                const name = `odd-${++n}`;
                oddOnce("POST", `/organizations/${ORG}/workspaces`, kind);
                h.emu.clearLog();
                const state = await h.resource("ws").up(h.resource("ws").inputs({ name }));
                const made = [...h.emu.store.workspaces.values()].filter((w) => w.name === name);
                assert.equal(made.length, 1);
                assert.equal(state.id, made[0].id);
                assert.equal(state.outs.created, true);
                const byName = `GET /organizations/${ORG}/workspaces/${name}`;
                assert.deepEqual(calls(), [byName, `GET /organizations/${ORG}`, `POST /organizations/${ORG}/workspaces`, byName]);
            });

            it(`${kind}: WorkspaceVariable`, async () => {
                const ws = addWorkspace(h);
                const vars = `/workspaces/${ws}/vars`;
                oddOnce("POST", vars, kind);
                h.emu.clearLog();
                const state = await h.resource("wv").up(h.resource("wv").inputs({ workspaceId: ws }));
                assert.deepEqual(variablesOf(h, ws).map((v) => v.id), [state.id]);
                assert.deepEqual(calls(), [`GET /workspaces/${ws}`, `GET ${vars}`, `POST ${vars}`, `GET ${vars}`]);
                assert.equal(state.outs.value, "true");
            });

            it(`${kind}: VariableSet`, async () => {
                const name = `odd-set-${++n}`;
                oddOnce("POST", `/organizations/${ORG}/varsets`, kind);
                h.emu.clearLog();
                const state = await h.resource("vs").up(h.resource("vs").inputs({ name }));
                const made = [...h.emu.store.varsets.values()].filter((s) => s.name === name);
                assert.deepEqual(made.map((s) => s.id), [state.id]);
                assert.equal(state.outs.created, true);
                const list = `GET /organizations/${ORG}/varsets`;
                assert.deepEqual(calls(), [list, `POST /organizations/${ORG}/varsets`, list]);
            });

            it(`${kind}: VariableSetVariable`, async () => {
                const set = addSet(h);
                const vars = `/varsets/${set.id}/relationships/vars`;
                oddOnce("POST", vars, kind);
                h.emu.clearLog();
                const state = await h.resource("sv").up(h.resource("sv").inputs({ variableSetId: set.id }));
                assert.deepEqual([...h.emu.store.varsetVariables.values()].filter((v) => v.varsetId === set.id).map((v) => v.id), [state.id]);
                assert.deepEqual(calls(), [`GET /varsets/${set.id}`, `GET ${vars}`, `POST ${vars}`, `GET ${vars}`]);
            });
        }
    });

    describe("a PATCH answered 204 is a success: the object is read back", () => {
        it("Workspace rename", async () => {
            const d = h.resource("ws");
            const state = await d.up(d.inputs({ name: `patched-${++n}` }));
            oddOnce("PATCH", `/workspaces/${state.id}`, "no-content");
            h.emu.clearLog();
            const s = await d.update(state, d.inputs({ name: `patched-${n}-renamed` }));
            assert.deepEqual(calls(), [`PATCH /workspaces/${state.id}`, `GET /workspaces/${state.id}`]);
            assert.equal(h.emu.log[0].status, 204);
            assert.equal(s.outs.name, `patched-${n}-renamed`);
        });

        it("WorkspaceVariable and VariableSetVariable value", async () => {
            const ws = addWorkspace(h);
            const set = addSet(h);
            for (const [name, owner, path] of [
                ["wv", { workspaceId: ws }, `/workspaces/${ws}/vars`],
                ["sv", { variableSetId: set.id }, `/varsets/${set.id}/relationships/vars`],
            ] as const) {
                const d = h.resource(name);
                const state = await d.up(d.inputs(owner));
                oddOnce("PATCH", `${path}/${state.id}`, "no-content");
                h.emu.clearLog();
                const s = await d.update(state, d.inputs({ ...owner, value: "changed" }));
                assert.deepEqual(calls(), [`PATCH ${path}/${state.id}`, `GET ${path}/${state.id}`], name);
                assert.equal(s.outs.value, "changed", name);
            }
        });

        it("VariableSet description and AwsOidcConfiguration role", async () => {
            const vs = h.resource("vs");
            const set = await vs.up(vs.inputs({ name: `patched-set-${++n}` }));
            oddOnce("PATCH", `/varsets/${set.id}`, "no-content");
            h.emu.clearLog();
            const s = await vs.update(set, vs.inputs({ name: `patched-set-${n}`, description: "changed" }));
            assert.deepEqual(calls(), [`PATCH /varsets/${set.id}`, `GET /varsets/${set.id}`]);
            assert.equal(s.outs.description, "changed");

            const aws = h.resource("aws");
            const conf = await aws.up(aws.inputs());
            oddOnce("PATCH", `/oidc-configurations/${conf.id}`, "no-content");
            h.emu.clearLog();
            const c = await aws.update(conf, aws.inputs({ roleArn: "arn:aws:iam::123456789012:role/other" }));
            assert.deepEqual(calls(), [`PATCH /oidc-configurations/${conf.id}`, `GET /oidc-configurations/${conf.id}`]);
            assert.equal(c.outs.roleArn, "arn:aws:iam::123456789012:role/other");
        });
    });

    it("a variable set's variable list that shrinks between pages: the variable is read by id, not dropped", async () => {
        const set = addSet(h);
        const fillers = Array.from({ length: 100 }, (_, i) => addSetVariable(h, set.id, { key: `FILLER_${i}`, value: "x" }));
        const d = h.resource("sv");
        const state = await d.up(d.inputs({ variableSetId: set.id })); // the 101st: on page 2
        const vars = `/varsets/${set.id}/relationships/vars`;
        h.emu.onListPage({
            afterPage: 1,
            match: (m, p) => m === "GET" && p === `/api/v2${vars}`,
            // Someone deletes a variable of page 1: ours moves to page 1, which was already served.
            run: (store) => store.varsetVariables.delete(fillers[0].id),
        });
        h.emu.clearLog();
        const r = await d.read(state);
        assert.equal(r.id, state.id);
        assert.deepEqual(r.outs, state.outs);
        // Two pages (ours was on neither), then ours read by id.
        assert.deepEqual(h.calls(), [`GET ${vars}`, `GET ${vars}`, `GET ${vars}/${state.id}`]);
        assert.deepEqual(h.emu.log.slice(0, 2).map((e) => e.query), [
            { "page[number]": "1", "page[size]": "100" },
            { "page[number]": "2", "page[size]": "100" },
        ]);
    });
});
