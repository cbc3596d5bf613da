// WorkspaceVariable and VariableSetVariable: creates that meet an existing variable, and creates
// that get no clear answer (5xx, lost answers), through the real dynamic-provider host against the
// emulator, the same cases for both owners.
import assert from "node:assert/strict";
import { ORG } from "./harness";
import { CASES, patchedAttributes, useVariableHarness } from "./variableCases";

describe("resources: WorkspaceVariable and VariableSetVariable creates (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useVariableHarness();

    for (const oc of CASES) {
        describe(oc.title, () => {
            const plain = () => h.resource(oc.plain);
            let owner: string;
            const inputs = (o: Record<string, any> = {}) => plain().inputs({ [oc.property]: owner, ...o });
            const where = (key: string, category = plain().captured.inputs.category) => `variable "${key}" (${category}) of ${oc.noun} ${owner}`;

            before(() => {
                owner = oc.makeOwner(h);
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

