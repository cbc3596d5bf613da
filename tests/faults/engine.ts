// The engine model of the fault and security suites: `captureProgram()` runs a program in THIS
// process under setMocks (tests/support/mocks.ts) with the shared mock answers
// (tests/support/mockAnswers.ts: realistic AWS ARNs, PLACEHOLDERS such as `ws-PH000001` for the
// dynamic outputs other resources consume), and `Engine` (tests/support/engine) plays the engine:
// up / refresh / destroy through the real dynamic-provider host, placeholders replaced by the real
// outputs of the state before a resource is checked.
import { runWithMocks, type CapturedResource, type MockRun, type MockRunOptions } from "../support/mocks";
import { createMockAnswers } from "../support/mockAnswers";
import { buildProgram, toRegistrations, type EngineProgram } from "../support/engine";
import { resetSharedOidcProviders } from "../../src/components";

export { ACCOUNT, DYNAMIC_PREFIX, shortType } from "../support/mockAnswers";
export {
    Engine,
    stepCounts,
    type EngineOptions,
    type EngineProgram,
    type PassReport,
    type ProgramResource,
    type ResourceState,
    type StepFailure,
    type StepKind,
} from "../support/engine";

/** A program captured in this process: the engine's program plus the mocked run. */
export interface Program extends EngineProgram {
    run: MockRun<unknown>;
}

/** Runs `program` under mocks and answers its dynamic resources, ready for an Engine. */
export async function captureProgram(program: () => unknown, opts: MockRunOptions = {}): Promise<Program> {
    const answers = createMockAnswers();
    resetSharedOidcProviders();
    const run = await runWithMocks(program, { newResource: answers.newResource, ...opts });
    const registered = run.resources.filter((r) => !r.read);
    const engineProgram = buildProgram(toRegistrations(registered), answers.placeholders);
    const capturedByUrn = new Map<string, CapturedResource>();
    engineProgram.registrations.forEach((reg, i) => capturedByUrn.set(reg.urn, registered[i]));
    for (const r of engineProgram.resources) r.captured = capturedByUrn.get(r.urn);
    return { ...engineProgram, run };
}
