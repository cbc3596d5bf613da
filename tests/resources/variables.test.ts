// WorkspaceVariable and VariableSetVariable (one provider factory): registration, check and the
// lifecycle of a plain and a sensitive variable through the real dynamic-provider host against the
// emulator, the same cases for both owners.
import assert from "node:assert/strict";
import { dynamicType, outputDetails } from "../support/mocks";
import { CANARY, IN_PLACE, MODULE, NO_DIFF, ORG, UNKNOWN, outsOf, replaced, siteOf, type State } from "./harness";
import { CASES, patchedAttributes, useVariableHarness } from "./variableCases";
import type { WorkspaceVariable } from "../../src/resources";

describe("resources: WorkspaceVariable and VariableSetVariable (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useVariableHarness();

    for (const oc of CASES) {
        describe(oc.title, () => {
            const plain = () => h.resource(oc.plain);
            const secret = () => h.resource(oc.secret);
            let owner: string;
            const inputs = (o: Record<string, any> = {}) => plain().inputs({ [oc.property]: owner, ...o });
            const secretInputs = (o: Record<string, any> = {}) => secret().inputs({ [oc.property]: owner, ...o });
            const where = (key: string, category = plain().captured.inputs.category) => `variable "${key}" (${category}) of ${oc.noun} ${owner}`;

            before(() => {
                owner = oc.makeOwner(h);
            });

            it("registers its type token; the sensitive value is a secret input and output; no token in __provider", async () => {
                assert.equal(plain().captured.type, dynamicType(MODULE, oc.type));
                assert.deepEqual(secret().captured.secretInputs, ["value"]);
                assert.deepEqual(plain().captured.secretInputs, []);
                const out = h.run.result[oc.plain === "wv" ? "wvSecret" : "svSecret"] as WorkspaceVariable;
                assert.equal((await outputDetails(out.value)).isSecret, true);
                assert.ok(!plain().text.includes(CANARY));
            });

            it("check: each failure names the property and the fix", async () => {
                const r = await plain().check({
                    [oc.property]: "wrong",
                    key: "has space",
                    category: "bogus",
                    value: 42,
                    sensitive: "yes",
                    hostname: "bad host",
                });
                assert.deepEqual(r.failures, [
                    { property: oc.property, reason: `${oc.property} "wrong" is not valid: give the ${oc.noun} id, e.g. "${oc.idExample}".` },
                    { property: "key", reason: 'key "has space" is not valid: variable keys cannot contain white space.' },
                    { property: "value", reason: "value must be a string, not 42." },
                    { property: "category", reason: 'category must be one of "env", "terraform", not "bogus".' },
                    { property: "sensitive", reason: 'sensitive must be true or false, not "yes".' },
                    {
                        property: "hostname",
                        reason:
                            'Invalid HCP Terraform hostname "bad host" from the hostname setting: expected a host name such as app.terraform.io or tfe.example.com:8443.',
                    },
                ]);
                const hcl = await plain().check(inputs({ category: "env", hcl: true }));
                assert.deepEqual(hcl.failures, [
                    { property: "hcl", reason: 'hcl applies only to terraform variables: set category: "terraform" or drop hcl for an env variable.' },
                ]);
                const missing = await plain().check({ category: "env" });
                assert.deepEqual(missing.failures.map((f) => f.reason), [
                    `${oc.property} is required: give a non-empty string.`,
                    "key is required: give a non-empty string.",
                ]);
            });

            it("check: unknown values at preview are skipped; defaults are applied", async () => {
                const r = await plain().check({ [oc.property]: UNKNOWN, key: UNKNOWN, category: UNKNOWN, value: UNKNOWN, hcl: UNKNOWN });
                assert.deepEqual(r.failures, []);
                const d = await plain().check({ [oc.property]: owner, key: "K", category: "env" });
                assert.deepEqual(
                    { ...d.inputs, __provider: undefined },
                    {
                        [oc.property]: owner, key: "K", category: "env", value: "", description: "", hcl: false, sensitive: false, adoptExisting: false,
                        site: siteOf(h), __provider: undefined,
                    },
                );
            });

            describe("plain variable lifecycle", () => {
                let state: State;

                it("create -> read -> diff shows nothing", async () => {
                    h.emu.clearLog();
                    state = await plain().up(inputs());
                    assert.match(state.id, /^var-/);
                    const rec = oc.vars(h, owner).find((v) => v.id === state.id)!;
                    assert.equal(rec.key, plain().captured.inputs.key);
                    assert.equal(rec.value, plain().captured.inputs.value);
                    assert.deepEqual(h.calls("POST"), [`POST ${oc.varsPath(owner)}`]);
                    assert.deepEqual(outsOf(state), {
                        ...inputs(), hcl: false, sensitive: false, description: "", adoptExisting: false, site: siteOf(h), organization: ORG,
                    });
                    const refreshed = await plain().read(state);
                    assert.deepEqual(refreshed.outs, state.outs);
                    // The organization is an output (recorded to tell "gone" from "hidden"), not an input.
                    const { organization: _o, ...declared } = state.outs;
                    assert.deepEqual(refreshed.returnedInputs, declared, "read returns inputs: no phantom diff after refresh");
                    assert.deepEqual(await plain().diff(refreshed, inputs()), NO_DIFF);
                    // A newer provider text alone is no change.
                    assert.equal((await plain().diff(refreshed, { ...inputs(), __provider: plain().text + "\n//v2" })).changes, false);
                });

                it("drift (value changed in HCP) shows after refresh and is corrected by an update sending only value", async () => {
                    oc.vars(h, owner).find((v) => v.id === state.id)!.value = "changed-in-ui";
                    const refreshed = await plain().read(state);
                    assert.equal(refreshed.outs.value, "changed-in-ui");
                    assert.deepEqual(await plain().diff(refreshed, inputs()), IN_PLACE);
                    h.emu.clearLog();
                    state = await plain().update(refreshed, inputs());
                    assert.deepEqual(patchedAttributes(h, oc.varsPath(owner)), [["value"]]);
                    assert.equal(oc.vars(h, owner).find((v) => v.id === state.id)!.value, plain().captured.inputs.value);
                });

                it("a description-only update never sends value; a key change is in place for a plain variable", async () => {
                    h.emu.clearLog();
                    state = await plain().update(state, inputs({ description: "managed by Pulumi" }));
                    assert.deepEqual(patchedAttributes(h, oc.varsPath(owner)), [["description"]]);
                    assert.equal(state.outs.description, "managed by Pulumi");
                    assert.deepEqual(await plain().diff(state, inputs({ description: "managed by Pulumi", key: "RENAMED" })), IN_PLACE);
                    h.emu.clearLog();
                    state = await plain().update(state, inputs({ description: "managed by Pulumi", key: "RENAMED" }));
                    assert.deepEqual(patchedAttributes(h, oc.varsPath(owner)), [["key"]]);
                    assert.equal(oc.vars(h, owner).find((v) => v.id === state.id)!.key, "RENAMED");
                });

                it("replace rules: owner, category, hostname, sensitive true->false, key/hcl of a sensitive one (delete first)", async () => {
                    const cur = inputs({ description: "managed by Pulumi", key: "RENAMED" });
                    const other = oc.makeOwner(h);
                    const expectReplace = async (news: Record<string, any>, field: string, olds = state) =>
                        assert.deepEqual(await plain().diff(olds, news), replaced([field], true), field);
                    await expectReplace({ ...cur, [oc.property]: other }, oc.property);
                    await expectReplace({ ...cur, category: cur.category === "env" ? "terraform" : "env" }, "category");
                    // Another site: the recorded site changes.
                    await expectReplace({ ...cur, hostname: "tfe.example.com" }, "site");
                    // The same site spelled differently is no change.
                    const spelled = { ...state, outs: { ...state.outs, hostname: "app.terraform.io", site: "https://app.terraform.io" } };
                    assert.equal((await plain().diff(spelled, { ...cur, hostname: "https://App.Terraform.io/" })).changes, false);
                    // false -> true is in place
                    assert.deepEqual((await plain().diff(state, { ...cur, sensitive: true })).replaces, []);
                    const sensitiveOlds = { ...state, outs: { ...state.outs, sensitive: true } };
                    await expectReplace({ ...cur, sensitive: false }, "sensitive", sensitiveOlds);
                    await expectReplace({ ...cur, sensitive: true, key: "OTHER" }, "key", sensitiveOlds);
                    const tfOlds = { ...sensitiveOlds, outs: { ...sensitiveOlds.outs, category: "terraform" } };
                    await expectReplace({ ...cur, sensitive: true, category: "terraform", hcl: true }, "hcl", tfOlds);
                    // hcl of a plain variable is in place
                    const plainTf = { ...state, outs: { ...state.outs, category: "terraform" } };
                    assert.deepEqual((await plain().diff(plainTf, { ...cur, category: "terraform", hcl: true })).replaces, []);
                });

                it("read: the variable deleted in HCP is gone (empty id)", async () => {
                    (oc.title === "WorkspaceVariable" ? h.emu.store.variables : h.emu.store.varsetVariables).delete(state.id);
                    assert.equal((await plain().read(state)).id, "");
                });

                it("update of a variable deleted in HCP says how to recover; delete of it succeeds", async () => {
                    const err = await plain().fails(plain().update(state, inputs({ description: "again", key: "RENAMED" })));
                    assert.equal(
                        err.message,
                        `${where("RENAMED")} (${state.id}) no longer exists or the token may not see it: ` +
                            "run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again.",
                    );
                    await plain().delete(state);
                });

                it("create under an owner that is missing (or hidden) fails with a clear message", async () => {
                    const missing = oc.property === "workspaceId" ? "ws-doesnotexist0000" : "varset-doesnotexist0000";
                    const err = await plain().fails(plain().up(inputs({ [oc.property]: missing })));
                    assert.ok(
                        err.message.startsWith(
                            `creating variable "${inputs().key}" (${inputs().category}) of ${oc.noun} ${missing} failed: the ${oc.noun} was not found, ` +
                                `or the token is not allowed to see it (HCP Terraform answers 404 for both). POST ${oc.varsPath(missing)} on ${h.emu.hostname} failed: 404`,
                        ),
                        err.message,
                    );
                });

                it("read: the owner deleted in HCP means the variable is gone", async () => {
                    const s = await plain().up(inputs({ key: "OWNED" }));
                    oc.removeOwner(h, owner);
                    assert.equal((await plain().read(s)).id, "");
                    owner = oc.makeOwner(h);
                });
            });

            describe("sensitive variable", () => {
                let state: State;

                it("create keeps the declared value (write-only in HCP) and read does not lose it", async () => {
                    state = await secret().up(secretInputs());
                    const declared = secret().captured.inputs.value;
                    assert.equal(state.outs.value, declared);
                    assert.equal(state.outs.sensitive, true);
                    assert.equal(oc.vars(h, owner).find((v) => v.id === state.id)!.value, declared);
                    const refreshed = await secret().read(state);
                    assert.equal(refreshed.outs.value, declared);
                    assert.equal((await secret().diff(refreshed, secretInputs())).changes, false);
                    state = refreshed;
                });

                it("a description change sends only description (never the value); a value change sends only value", async () => {
                    h.emu.clearLog();
                    state = await secret().update(state, secretInputs({ description: "rotated monthly" }));
                    assert.deepEqual(patchedAttributes(h, oc.varsPath(owner)), [["description"]]);
                    assert.equal(oc.vars(h, owner).find((v) => v.id === state.id)!.value, secret().captured.inputs.value);
                    h.emu.clearLog();
                    state = await secret().update(state, secretInputs({ description: "rotated monthly", value: "new-secret" }));
                    assert.deepEqual(patchedAttributes(h, oc.varsPath(owner)), [["value"]]);
                    assert.equal(state.outs.value, "new-secret");
                });

                it("delete removes it", async () => {
                    h.emu.clearLog();
                    await secret().delete(state);
                    assert.deepEqual(h.calls(), [`DELETE ${oc.varsPath(owner)}/${state.id}`]);
                    assert.equal(oc.vars(h, owner).length, 0);
                });
            });
        });
    }
});
