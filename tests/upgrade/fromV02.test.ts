// The upgrade promise: a stack made by 0.2 upgrades in place — no replacement, no
// `pulumi state delete`, nothing removed from HCP Terraform. For each 0.2 fixture
// (tests/fixtures/v0.2, made by generate.ts): restore its emulator and engine state, capture the
// SAME program again from the CURRENT package's packed install, and `up` through the real host. The
// steps and requests that are not `same` are the ones expectV02.ts states (each with its reason):
// descriptions marked with their owner, the list's set renamed to its unique name, the new
// Workspace look-ups, children 0.2 had and the new code folds away deleted WITHOUT a request. A
// second `up` is then all `same` with 0 requests, and a refresh + destroy of the upgraded state
// deletes exactly what the stack made.
// And the module-path contract: a `refresh` then `destroy` from the 0.2 state, run with the 0.2
// provider texts (they `require("hcp-oidc-federation/dist/resources/providers/…")` of the installed
// package), succeeds, changes no output 0.2 recorded (new output keys aside) and deletes what 0.2
// deleted, save what the new semantics keep (expectV02.ts).
import assert from "node:assert/strict";
import type { Emulator } from "../emulator";
import { captureInConsumer } from "../support/consumerCapture";
import { dumpStore, storeChanges, type StoreDump } from "../support/emulatorSnapshot";
import { fixtureProgram, type StackFixture } from "../support/stackFixture";
import { nameOf, registrationChanges, type Engine, type PassReport, type StepKind } from "../support/engine";
import { packedInstall, type PackedInstall } from "../support/packedInstall";
import type { ProviderHost } from "../support/providerHost";
import { loadV02Fixture, restoreStack, v02FixtureNames, type RestoredStack } from "../support/v02State";
import { EXPECT, type DestroyExpectation } from "./expectV02";

const DISCOVER = process.env.UPGRADE_DISCOVER === "1";

/** Every step of a pass that is not `same`, keyed as in UpgradeExpectation.steps. */
function changedSteps(rep: PassReport): Record<string, StepKind> {
    const out: Record<string, StepKind> = {};
    for (const [u, k] of rep.steps) if (k !== "same") out[nameOf(u)] = k;
    for (const [u, k] of rep.passive) if (k !== "same") out[`passive:${nameOf(u)}`] = k;
    return out;
}

function requests(emu: Emulator): string[] {
    return emu.log.map((e) => `${e.method} ${e.path}`);
}

/** "<map>/<id>" -> the fields that differ, for every record changed between two dumps (none may be added or removed). */
function changedFields(before: StoreDump, after: StoreDump): Record<string, string[]> {
    const changes = storeChanges(before, after);
    assert.deepEqual([changes.removed, changes.added], [{}, {}], "the up added or removed objects");
    const out: Record<string, string[]> = {};
    for (const [map, records] of Object.entries(changes.changed)) {
        const old = new Map(before[map]);
        for (const r of records) {
            const o = old.get(r.id)!;
            out[`${map}/${r.id}`] = Object.keys(r).filter((k) => JSON.stringify(o[k]) !== JSON.stringify(r[k])).sort();
        }
    }
    return out;
}

/** Refresh then destroy: no failure, no write by the refresh; answers the destroy's writes (sorted) and store changes. */
async function refreshThenDestroy(stack: RestoredStack, engine: Engine): Promise<{ refresh: PassReport; writes: string[]; removed: Record<string, string[]> }> {
    stack.emu.clearLog();
    const refresh = await engine.refresh();
    assert.deepEqual(refresh.failures, []);
    assert.deepEqual(requests(stack.emu).filter((r) => !r.startsWith("GET ")), [], "refresh wrote");
    const before = dumpStore(stack.emu);
    stack.emu.clearLog();
    const destroy = await engine.destroy();
    assert.deepEqual(destroy.failures, []);
    assert.equal(engine.state.size, 0);
    const writes = requests(stack.emu).filter((r) => !r.startsWith("GET ")).sort();
    const changes = storeChanges(before, dumpStore(stack.emu));
    assert.deepEqual([changes.added, changes.changed], [{}, {}], "destroy added or changed objects");
    return { refresh, writes, removed: changes.removed };
}

/** The destroy writes and removals expected: the fixture's (0.2's), or what expectV02.ts says instead. */
function expectedDestroy(fixture: StackFixture, override: DestroyExpectation | undefined): { writes: string[]; removed: Record<string, string[]> } {
    return { writes: override?.writes ?? fixture.destroy.writes, removed: override?.removed ?? fixture.destroy.store.removed };
}

function sortedRemoved(removed: Record<string, string[]>): Record<string, string[]> {
    return Object.fromEntries(Object.entries(removed).map(([k, v]) => [k, [...v].sort()]));
}

describe("upgrade: stacks made by 0.2 upgrade in place (no replacement, no state surgery)", function () {
    this.timeout(300_000);
    let install: PackedInstall;
    const names = v02FixtureNames();

    before(async () => {
        install = await packedInstall();
    });

    it("every 0.2 fixture has an expectation, and every expectation a fixture", () => {
        assert.deepEqual(names, Object.keys(EXPECT).sort());
    });

    for (const name of names) {
        describe(name, () => {
            const fixture: StackFixture = loadV02Fixture(name);
            const expected = EXPECT[name];
            let stack: RestoredStack;
            let engine: Engine;
            const hosts: ProviderHost[] = [];
            const newHost = async () => {
                const h = await install.startHost({ env: stack.hostEnv });
                hosts.push(h);
                return h;
            };
            after(async () => {
                await Promise.all(hosts.splice(0).map((h) => h.stop()));
                await stack?.close();
            });

            it("up with the current package: only the in-place updates stated, no replacement, nothing removed, AWS registrations unchanged", async () => {
                stack = await restoreStack(fixture);
                const [captured, host] = await Promise.all([captureInConsumer(install, fixture.program), newHost()]);
                assert.deepEqual(registrationChanges(fixtureProgram(fixture), captured.program), expected.awsChanges ?? {}, "AWS registrations that differ from 0.2's");
                engine = stack.engine(host);
                engine.setProgram(captured.program);
                stack.emu.clearLog();
                const rep = await engine.up();
                const changed = changedFields(fixture.emulator.store, dumpStore(stack.emu));
                if (DISCOVER) console.log(name, JSON.stringify({ steps: changedSteps(rep), requests: requests(stack.emu), changed }, null, 1));
                assert.deepEqual(rep.failures, []);
                assert.deepEqual(rep.deferredDeletes, []);
                assert.deepEqual(changedSteps(rep), expected.steps);
                assert.equal([...rep.steps.values()].includes("replace"), false);
                assert.deepEqual(requests(stack.emu), expected.requests);
                assert.equal(requests(stack.emu).some((r) => r.startsWith("DELETE ")), false, "the up deleted something in HCP Terraform");
                assert.deepEqual(changed, expected.changed);
                for (const [setId, workspaceIds] of Object.entries(expected.attached ?? {})) {
                    assert.deepEqual([...stack.emu.store.varsets.get(setId)!.workspaceIds].sort(), [...workspaceIds].sort(), `${setId} is no longer attached to every workspace`);
                }
            });

            it("a second up (a new host, as a new `pulumi up`): every step same, 0 requests", async () => {
                engine.host = await newHost();
                stack.emu.clearLog();
                const rep = await engine.up();
                assert.deepEqual(rep.failures, []);
                assert.deepEqual(changedSteps(rep), {});
                assert.deepEqual(requests(stack.emu), []);
            });

            if (expected.afterUpgrade) {
                const next = expected.afterUpgrade;
                it(next.what, async () => {
                    const [captured, host] = await Promise.all([captureInConsumer(install, next.program(fixture.program)), newHost()]);
                    engine.host = host;
                    stack.emu.clearLog();
                    const rep = await engine.up(captured.program);
                    if (DISCOVER) console.log(name, JSON.stringify({ steps: changedSteps(rep), requests: requests(stack.emu) }, null, 1));
                    assert.deepEqual(rep.failures, []);
                    assert.deepEqual(changedSteps(rep), next.steps);
                    assert.deepEqual(requests(stack.emu).filter((r) => !r.startsWith("GET ")), next.writes);
                    for (const [setId, workspaceIds] of Object.entries(next.attached)) {
                        assert.deepEqual([...stack.emu.store.varsets.get(setId)!.workspaceIds].sort(), [...workspaceIds].sort());
                    }
                });
            }

            it("refresh then destroy of the upgraded state: deletes exactly what the stack made", async () => {
                engine.host = await newHost();
                const { refresh, writes, removed } = await refreshThenDestroy(stack, engine);
                if (DISCOVER) console.log(name, "upgraded destroy", JSON.stringify({ writes, removed }, null, 1));
                assert.deepEqual(refresh.steps.size, engine.program.resources.length);
                const want = expectedDestroy(fixture, expected.upgradedDestroy ?? expected.destroy);
                assert.deepEqual(writes, want.writes);
                assert.deepEqual(sortedRemoved(removed), sortedRemoved(want.removed));
            });

            it("refresh then destroy from the 0.2 state, with the 0.2 provider texts: no recorded output changes, deletes what 0.2 deleted (save what is now kept)", async () => {
                const old = await restoreStack(fixture);
                const host = await install.startHost({ env: old.hostEnv });
                try {
                    const oldEngine = old.engine(host);
                    const dynamic = fixture.state.filter((s) => s.dynamic);
                    const snapshot = new Map(dynamic.map((s) => [s.urn, s.outs]));
                    old.emu.clearLog();
                    const refresh = await oldEngine.refresh();
                    assert.deepEqual(refresh.failures, []);
                    assert.deepEqual([...refresh.steps.values()], dynamic.map(() => "read"));
                    // Every output 0.2 recorded keeps its value (the 0.2 provider text included); only new output keys may appear.
                    const added: Record<string, string[]> = {};
                    for (const [urn, outs] of snapshot) {
                        const now = oldEngine.state.get(urn)!.outs;
                        for (const [k, v] of Object.entries(outs)) assert.deepEqual(now[k], v, `${nameOf(urn)}.${k}: refresh changed a value 0.2 recorded`);
                        const extra = Object.keys(now).filter((k) => !(k in outs)).sort();
                        if (extra.length > 0) added[nameOf(urn)] = extra;
                    }
                    if (DISCOVER) console.log(name, "new output keys", JSON.stringify(added));
                    assert.deepEqual(added, expected.newOutputs ?? {});
                    const { writes, removed } = await refreshThenDestroy(old, oldEngine);
                    if (DISCOVER) console.log(name, "0.2 destroy", JSON.stringify({ writes, removed }, null, 1));
                    const want = expectedDestroy(fixture, expected.destroy);
                    assert.deepEqual(writes, want.writes);
                    assert.deepEqual(sortedRemoved(removed), sortedRemoved(want.removed));
                } finally {
                    await host.stop();
                    await old.close();
                }
            });
        });
    }
});
