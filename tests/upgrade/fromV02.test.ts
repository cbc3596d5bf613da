// The upgrade promise: a stack made by 0.2 upgrades in place — no replacement, no
// `pulumi state delete`. For each 0.2 fixture (tests/fixtures/v0.2, made by generate.ts): restore its
// emulator and engine state, capture the SAME program again from the CURRENT package's packed
// install, and `up` through the real host: every resource must be `same` (unless EXPECT says
// otherwise), every AWS registration keeps its URN, inputs and options, and the emulator gets no
// request.
// And the module-path contract: a `refresh` then `destroy` from the 0.2 state, run with the 0.2
// provider texts (they `require("hcp-oidc-federation/dist/resources/providers/…")` of the installed
// package), succeeds and deletes exactly what 0.2 deleted.
import assert from "node:assert/strict";
import type { Emulator } from "../emulator";
import { captureInConsumer } from "../support/consumerCapture";
import { dumpStore, storeChanges } from "../support/emulatorSnapshot";
import { fixtureProgram, type StackFixture } from "../support/stackFixture";
import { nameOf, registrationChanges, type PassReport, type RegistrationChange, type StepKind } from "../support/engine";
import { packedInstall, type PackedInstall } from "../support/packedInstall";
import { loadV02Fixture, restoreStack, v02FixtureNames } from "../support/v02State";

/** What upgrading a 0.2 stack may change (everything else: `same`, no request, AWS registrations unchanged). */
interface UpgradeExpectation {
    /** Steps other than `same`: "<name>" of a dynamic resource, "passive:<name>" of a component or AWS resource. */
    steps?: Record<string, StepKind>;
    /** AWS resources (by name) whose registration differs from 0.2's (URN gone / new, inputs, options); say why in a comment. */
    awsChanges?: Record<string, RegistrationChange>;
    /** The requests of the up ("METHOD /api/v2/…"), in order. */
    requests?: string[];
}

/** One entry per fixture; an intended in-place update is stated here, with the release note that documents it. */
const EXPECT: Record<string, UpgradeExpectation> = {
    "a-single": {},
    "b-create-workspace": {},
    "c-list": {},
    "d-split-phases": {},
    "e-existing-role": {},
    "f-hyok": {},
    "g-standalone": {},
};

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
            const expected = EXPECT[name] ?? {};

            it("up with the current package: every resource same, AWS registrations unchanged, 0 requests", async () => {
                const stack = await restoreStack(fixture);
                const [captured, host] = await Promise.all([captureInConsumer(install, fixture.program), install.startHost({ env: stack.hostEnv })]);
                try {
                    assert.deepEqual(registrationChanges(fixtureProgram(fixture), captured.program), expected.awsChanges ?? {}, "AWS registrations that differ from 0.2's");
                    const engine = stack.engine(host);
                    stack.emu.clearLog();
                    const rep = await engine.up(captured.program);
                    assert.deepEqual(rep.failures, []);
                    assert.deepEqual(rep.deferredDeletes, []);
                    assert.deepEqual(changedSteps(rep), expected.steps ?? {});
                    assert.deepEqual(requests(stack.emu), expected.requests ?? []);
                    if (!expected.requests) assert.deepEqual(dumpStore(stack.emu), fixture.emulator.store);
                } finally {
                    await host.stop();
                    await stack.close();
                }
            });

            it("refresh then destroy from the 0.2 state, with the 0.2 provider texts: deletes exactly what 0.2 deleted", async () => {
                const stack = await restoreStack(fixture);
                const host = await install.startHost({ env: stack.hostEnv });
                try {
                    const engine = stack.engine(host);
                    const dynamic = fixture.state.filter((s) => s.dynamic);
                    const refresh = await engine.refresh();
                    assert.deepEqual(refresh.failures, []);
                    assert.deepEqual([...refresh.steps.values()], dynamic.map(() => "read"));
                    assert.deepEqual(requests(stack.emu).filter((r) => !r.startsWith("GET ")), [], "refresh wrote");
                    for (const s of dynamic) {
                        const now = engine.state.get(s.urn)!;
                        assert.deepEqual(now.outs, s.outs, `${nameOf(s.urn)}: refresh found drift (or changed the 0.2 provider text)`);
                    }
                    stack.emu.clearLog();
                    const destroy = await engine.destroy();
                    assert.deepEqual(destroy.failures, []);
                    assert.equal(engine.state.size, 0);
                    assert.deepEqual(requests(stack.emu).filter((r) => !r.startsWith("GET ")).sort(), fixture.destroy.writes);
                    assert.deepEqual(storeChanges(fixture.emulator.store, dumpStore(stack.emu)), fixture.destroy.store);
                } finally {
                    await host.stop();
                    await stack.close();
                }
            });
        });
    }
});
