// WorkspaceTrustCheck from a scratch consumer that installed this package from its `npm pack`
// tarball: the provider is serialized BY REFERENCE, and the host requires the installed package
// and its production dependency tar (the probe's archive) from the consumer's node_modules.
import assert from "node:assert/strict";
import { CANARY, ORG, useHarness, type State } from "./harness";
import { ACCOUNT, useFastPollsInHost, useTrustWorld } from "./trustCheckWorld";

const PROGRAM = `"use strict";
const { WorkspaceTrustCheck } = require("hcp-oidc-federation");
module.exports = () => {
    new WorkspaceTrustCheck("check", { organization: "${ORG}", workspaceName: "packed", cloud: "aws", triggers: { roleArn: "arn:aws:iam::${ACCOUNT}:role/hcp-packed" } });
};
`;

describe("resources: WorkspaceTrustCheck from the packed install (npm pack -> consumer -> real provider host)", function () {
    this.timeout(30_000);
    useFastPollsInHost();
    const h = useHarness(() => undefined, { packedProgram: PROGRAM });
    const t = useTrustWorld(h);
    const d = () => h.resource("check");

    it("serializes the provider as one require() of its installed module, without the token", () => {
        const text = d().text;
        assert.match(text, /const provider = require\("hcp-oidc-federation\/dist\/resources\/providers\/workspaceTrustCheck\.js"\);/);
        assert.equal(text.match(/require\(/g)?.length, 1);
        assert.ok(!text.includes(CANARY));
        assert.ok(text.length < 1_000, `${text.length} characters`);
    });

    it("create runs the check (archive made by the installed tar), read and an unchanged update send nothing, a changed trigger runs it once", async () => {
        const ws = t.federated("packed");
        h.emu.clearLog();
        let state: State = await d().up(d().inputs());
        assert.equal(state.id, `${ws}/trust-check/aws`);
        assert.equal(state.outs.status, "passed");
        const first = h.emu.runs.runs.get(state.outs.runId)!;
        assert.equal(state.outs.identity, `arn:aws:sts::${ACCOUNT}:assumed-role/hcp-packed/terraform-run-${first.id}`);
        assert.deepEqual(Object.keys(h.emu.runs.configurationVersions.get(first.cvId)!.files!), ["main.tf"]);
        h.emu.clearLog();
        state = { ...state, outs: (await d().read(state)).outs };
        assert.equal((await d().diff(state, d().inputs())).changes, false);
        state = await d().update(state, d().inputs());
        assert.deepEqual(h.emu.log, [], "refresh and an unchanged update make 0 requests");
        const news = d().inputs({ triggers: { roleArn: "changed" } });
        state = await d().update(state, news);
        assert.equal(h.calls("POST").filter((c) => c === "POST /runs").length, 1);
        assert.notEqual(state.outs.runId, first.id);
        await d().delete(state);
    });
});
