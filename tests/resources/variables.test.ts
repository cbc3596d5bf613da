// WorkspaceVariable and VariableSetVariable (one provider factory): lifecycle through the real
// dynamic-provider host against the emulator, the same cases for both owners.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { VariableSetVariable, WorkspaceVariable } from "../../src/resources";
import { newId, now, type VariableFieldsRecord } from "../emulator";
import { dynamicType, outputDetails } from "../support/mocks";
import { CANARY, IN_PLACE, MODULE, NO_DIFF, ORG, UNKNOWN, outsOf, replaced, siteOf, useHarness, type Harness, type State } from "./harness";

interface OwnerCase {
    title: string;
    type: string;
    /** Resource names registered by the program: plain and sensitive. */
    plain: string;
    secret: string;
    property: "workspaceId" | "variableSetId";
    idExample: string;
    noun: string;
    /** Makes a fresh owner in the emulator; answers its id. */
    makeOwner(h: Harness): string;
    removeOwner(h: Harness, id: string): void;
    /** The owner's variables in the emulator store. */
    vars(h: Harness, ownerId: string): VariableFieldsRecord[];
    /** Puts a variable in the store directly (out of band). */
    addVar(h: Harness, ownerId: string, fields: Partial<VariableFieldsRecord> & { key: string }): VariableFieldsRecord;
    /** API path of the owner's variables (relative to /api/v2). */
    varsPath(ownerId: string): string;
}

let counter = 0;

const CASES: OwnerCase[] = [
    {
        title: "WorkspaceVariable",
        type: "WorkspaceVariable",
        plain: "wv",
        secret: "wv-secret",
        property: "workspaceId",
        idExample: "ws-123456789abcdefg",
        noun: "workspace",
        makeOwner: (h) => h.emu.addWorkspace(ORG, `ws-owner-${++counter}`).id,
        removeOwner: (h, id) => h.emu.store.workspaces.delete(id),
        vars: (h, id) => [...h.emu.store.variables.values()].filter((v) => v.workspaceId === id),
        addVar: (h, id, f) => {
            const rec = { ...record(f), workspaceId: id };
            h.emu.store.variables.set(rec.id, rec);
            return rec;
        },
        varsPath: (id) => `/workspaces/${id}/vars`,
    },
    {
        title: "VariableSetVariable",
        type: "VariableSetVariable",
        plain: "sv",
        secret: "sv-secret",
        property: "variableSetId",
        idExample: "varset-123456789abcdefg",
        noun: "variable set",
        makeOwner: (h) => {
            const id = newId("varset");
            const at = now();
            h.emu.store.varsets.set(id, {
                id, name: `set-${++counter}`, description: "", global: false, priority: false, organization: ORG,
                parentProjectId: null, workspaceIds: [], projectIds: [], createdAt: at, updatedAt: at,
            });
            return id;
        },
        removeOwner: (h, id) => h.emu.store.varsets.delete(id),
        vars: (h, id) => [...h.emu.store.varsetVariables.values()].filter((v) => v.varsetId === id),
        addVar: (h, id, f) => {
            const rec = { ...record(f), varsetId: id };
            h.emu.store.varsetVariables.set(rec.id, rec);
            return rec;
        },
        varsPath: (id) => `/varsets/${id}/relationships/vars`,
    },
];

function record(f: Partial<VariableFieldsRecord> & { key: string }): VariableFieldsRecord {
    return {
        id: newId("var"), value: "", description: "", category: "env", hcl: false, sensitive: false,
        versionId: "0".repeat(36), createdAt: now(), ...f,
    };
}

/** Attribute names sent by each PATCH to a path (relative to /api/v2) since the last clearLog(). */
function patchedAttributes(h: Harness, path: string): string[][] {
    return h.requests("PATCH", new RegExp(`^${path.replace(/\//g, "\\/")}/var-`)).map((e) => Object.keys((e.body as any).data.attributes).sort());
}

describe("resources: WorkspaceVariable and VariableSetVariable (real provider host, emulator)", function () {
    this.timeout(30_000);

    const PLACEHOLDER = { workspaceId: "ws-placeholder000000", variableSetId: "varset-placeholder000000" };
    const h = useHarness(() => ({
        wv: new WorkspaceVariable("wv", { workspaceId: PLACEHOLDER.workspaceId, key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" }),
        wvSecret: new WorkspaceVariable("wv-secret", {
            workspaceId: PLACEHOLDER.workspaceId, key: "DB_PASSWORD", value: "hunter2", category: "env", sensitive: true,
        }),
        sv: new VariableSetVariable("sv", { variableSetId: PLACEHOLDER.variableSetId, key: "region", value: "eu-west-1", category: "terraform" }),
        svSecret: new VariableSetVariable("sv-secret", {
            variableSetId: PLACEHOLDER.variableSetId, key: "api_key", value: pulumi.secret("k-123"), category: "terraform", sensitive: true,
        }),
    }));

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

            describe("an existing variable with the same key and category", () => {
                it("is refused without adoptExisting, with the server's detail and how to adopt", async () => {
                    const existing = oc.addVar(h, owner, { key: "ADOPT_ME", category: "env", value: "old" });
                    const err = await plain().fails(plain().up(inputs({ key: "ADOPT_ME", category: "env" })));
                    assert.equal(
                        err.message,
                        `${where("ADOPT_ME", "env")} already exists (Key has already been taken). ` +
                            "Set adoptExisting: true to manage the existing variable, or delete it in HCP Terraform.",
                    );
                    assert.equal(oc.vars(h, owner).filter((v) => v.key === "ADOPT_ME").length, 1);
                    assert.equal(existing.value, "old");
                });

                it("is taken over with adoptExisting and brought to the declared values (only differing fields sent)", async () => {
                    const existing = oc.vars(h, owner).find((v) => v.key === "ADOPT_ME")!;
                    h.emu.clearLog();
                    const state = await plain().up(inputs({ key: "ADOPT_ME", category: "env", adoptExisting: true }));
                    assert.equal(state.id, existing.id);
                    assert.equal(existing.value, plain().captured.inputs.value);
                    assert.deepEqual(patchedAttributes(h, oc.varsPath(owner)), [["value"]]);
                    assert.equal(state.outs.adoptExisting, true);
                    await plain().delete(state);
                });

                it("an existing SENSITIVE variable cannot be adopted as a plain one", async () => {
                    oc.addVar(h, owner, { key: "SECRET_ONE", category: "env", value: "x", sensitive: true });
                    const err = await plain().fails(plain().up(inputs({ key: "SECRET_ONE", category: "env", adoptExisting: true })));
                    assert.equal(
                        err.message,
                        `${where("SECRET_ONE", "env")} already exists and is sensitive; HCP Terraform cannot make a sensitive variable non-sensitive. ` +
                            "Declare sensitive: true, or delete the variable in HCP Terraform and run again.",
                    );
                });
            });

            it("requests of a create: one look-up before the POST without adoptExisting, none with it; the owner read once per process", async () => {
                h.emu.clearLog();
                const own = await plain().up(inputs({ key: "COUNTED" }));
                // The first create under this owner reads it (its organization is recorded).
                const ownerPath = oc.varsPath(owner).replace(/\/(vars|relationships\/vars)$/, "");
                assert.deepEqual(h.calls(), [`GET ${ownerPath}`, `GET ${oc.varsPath(owner)}`, `POST ${oc.varsPath(owner)}`]);
                assert.equal(own.outs.organization, ORG);
                h.emu.clearLog();
                const adopting = await plain().up(inputs({ key: "COUNTED_ADOPTING", adoptExisting: true }));
                assert.deepEqual(h.calls(), [`POST ${oc.varsPath(owner)}`]);
                await plain().delete(own);
                await plain().delete(adopting);
            });

            it("a 503 on the first POST never takes over the user's variable with that key (adoptExisting not set)", async () => {
                const theirs = oc.addVar(h, owner, { key: "THEIRS", category: "env", value: "the user's", description: "the user's" });
                const before = JSON.stringify(theirs);
                h.emu.injectFaults({ serverErrorBurst: 1, match: (m, p) => m === "POST" && p.endsWith(oc.varsPath(owner)) });
                try {
                    h.emu.clearLog();
                    const err = await plain().fails(plain().up(inputs({ key: "THEIRS", category: "env" })));
                    assert.equal(
                        err.message,
                        `${where("THEIRS", "env")} already exists (Key has already been taken). ` +
                            "Set adoptExisting: true to manage the existing variable, or delete it in HCP Terraform.",
                    );
                    assert.equal(JSON.stringify(theirs), before, "the user's variable was changed");
                    assert.deepEqual(oc.vars(h, owner).filter((v) => v.key === "THEIRS"), [theirs]);
                    assert.deepEqual(h.calls(), [`GET ${oc.varsPath(owner)}`], "nothing was written");
                } finally {
                    h.emu.clearFaults();
                }
            });

            it("a 503 on the first POST (not acted on): looked up, sent again, exactly one variable", async () => {
                h.emu.injectFaults({ serverErrorBurst: 1, match: (m, p) => m === "POST" && p.endsWith(oc.varsPath(owner)) });
                try {
                    h.emu.clearLog();
                    const state = await plain().up(inputs({ key: "AFTER_503" }));
                    const made = oc.vars(h, owner).filter((v) => v.key === "AFTER_503");
                    assert.equal(made.length, 1);
                    assert.equal(state.id, made[0].id);
                    assert.deepEqual(h.calls(), [
                        `GET ${oc.varsPath(owner)}`,
                        `POST ${oc.varsPath(owner)}`,
                        `GET ${oc.varsPath(owner)}`,
                        `POST ${oc.varsPath(owner)}`,
                    ]);
                } finally {
                    h.emu.clearFaults();
                }
            });

            it("a lost POST answer: the variable is found by key, exactly one exists", async () => {
                h.emu.injectFaults({ lostResponseRate: 1, match: (m, p) => m === "POST" && p.endsWith(oc.varsPath(owner)) });
                try {
                    h.emu.clearLog();
                    const state = await plain().up(inputs({ key: "LOST_ANSWER" }));
                    const made = oc.vars(h, owner).filter((v) => v.key === "LOST_ANSWER");
                    assert.equal(made.length, 1);
                    assert.equal(state.id, made[0].id);
                    assert.equal(h.calls("POST").length, 1, "the create was not repeated");
                    assert.deepEqual(patchedAttributes(h, oc.varsPath(owner)), [], "nothing to converge");
                } finally {
                    h.emu.clearFaults();
                }
            });
        });
    }

    it("a lost POST whose follow-up PATCH fails reports the variable it made (ErrorResourceInitFailed)", async () => {
        const owner = CASES[0].makeOwner(h);
        const vars = `/api/v2/workspaces/${owner}/vars`;
        // The POST acts but its answer is lost; from then on every PATCH answers 503 (the sensitive
        // value is always sent again to a variable found after a lost answer, so a PATCH follows).
        h.emu.injectFaults({
            lostResponseRate: 1,
            match: (m, p) => {
                if (m === "POST" && p === vars) {
                    h.emu.injectFaults({ lostResponseRate: 0, serverErrorBurst: 100 }); // for the requests that follow
                    return true;
                }
                return m === "PATCH" && p.startsWith(`${vars}/`);
            },
        });
        const driver = h.resource("wv-secret");
        try {
            const err = await driver.fails(driver.up(driver.inputs({ workspaceId: owner, key: "HALF_MADE" })));
            const made = CASES[0].vars(h, owner).filter((v) => v.key === "HALF_MADE");
            assert.equal(made.length, 1);
            assert.equal(err.initFailed?.id, made[0].id);
            assert.equal(err.initFailed?.properties.key, "HALF_MADE");
            assert.equal(err.initFailed?.properties.workspaceId, owner);
            assert.match(
                err.message,
                new RegExp(`^variable "HALF_MADE" \\(env\\) of workspace ${owner} was created \\(${made[0].id}\\) but could not be brought to the declared values: PATCH ${vars.slice(7)}/${made[0].id}`),
            );
        } finally {
            h.emu.clearFaults();
        }
    });
});
