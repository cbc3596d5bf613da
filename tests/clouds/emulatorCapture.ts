// A cloud component's program captured under setMocks for the engine model, as every cloud's
// emulator test needs it: workspaces and projects get their REAL emulator ids (so the trust names
// them), the cloud its harness's answers, the rest the shared answers (placeholders the engine
// replaces by the real outputs).
import type { Emulator } from "../emulator";
import { buildProgram, toRegistrations, type EngineProgram } from "../support/engine";
import { createMockAnswers } from "../support/mockAnswers";
import { dynamicType, type MockRun, type MockRunOptions } from "../support/mocks";

const WORKSPACE = dynamicType("hcp-oidc-federation", "Workspace");
const PROJECT = dynamicType("hcp-oidc-federation", "Project");

/** A cloud harness's `run`. */
export type HarnessRun = (program: () => unknown, opts: MockRunOptions) => Promise<MockRun<unknown>>;

/** `program` under `run` with the emulator's ids; its registrations as an engine program. */
export async function captureWithEmulatorIds(emu: Emulator, run: HarnessRun, program: () => unknown): Promise<{ program: EngineProgram; run: MockRun<unknown> }> {
    const answers = createMockAnswers();
    const r = await run(program, {
        newResource: (args) => {
            const i = args.inputs;
            if (args.type === WORKSPACE) {
                const ws = [...emu.store.workspaces.values()].find((w) => w.organization === i.organization && w.name === i.name)!;
                return { id: ws.id, state: { ...i, workspaceId: ws.id, projectId: ws.projectId, created: false } };
            }
            if (args.type === PROJECT) {
                const prj = [...emu.store.projects.values()].find((x) => x.organization === i.organization && x.name === i.name)!;
                return { id: prj.id, state: { ...i, projectId: prj.id } };
            }
            return answers.newResource(args as any);
        },
        call: (args) => answers.call(args as any),
    });
    return { program: buildProgram(toRegistrations(r.resources.filter((x) => !x.read)), answers.placeholders), run: r };
}
