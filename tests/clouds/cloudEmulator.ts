// What every cloud's emulator test needs: the HCP emulator with the cloud's simulator and a token,
// the REAL dynamic-provider host, and the program captured under setMocks for the engine model
// (workspaces and projects get their REAL emulator ids, so the trust names them; the cloud its
// harness's answers; the rest the shared answers, placeholders the engine replaces by the real
// outputs), what the cloud would hold registered in its simulator, and the workspace variables read back.
import { randomBytes } from "node:crypto";
import { POLL_ENV } from "../../src/checks";
import { newId, now, startEmulator, type CloudSimulator, type Emulator } from "../emulator";
import { Engine, buildProgram, toRegistrations, type EngineProgram, type PassReport } from "../support/engine";
import { startProviderHost, type ProviderHost } from "../support/providerHost";
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
                const projectName = emu.store.projects.get(ws.projectId)?.name ?? "Default Project";
                return { id: ws.id, state: { ...i, workspaceId: ws.id, projectId: ws.projectId, projectName, created: false } };
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

/** The fixture of {@link cloudEmulator}; its fields are set by its `before` hook. */
export interface CloudEmulator<S extends CloudSimulator> {
    emu: Emulator;
    host: ProviderHost;
    sim: S;
    /** The program captured with the emulator's ids. */
    capture(program: () => unknown): Promise<{ program: EngineProgram; run: MockRun<unknown> }>;
    /** Captures the program, registers what it made in the simulator (unless `register` is false), and runs `up` through the real host. */
    up(program: () => unknown, register?: boolean): Promise<{ engine: Engine; report: PassReport; run: MockRun<unknown> }>;
    /** The workspace's variables, sorted by key. */
    vars(workspaceId: string): { key: string; value: string; category: string; sensitive: boolean }[];
    /** A static credential variable in the workspace (sensitive, except KEEP_ME). */
    staticVar(workspaceId: string, key: string, value: string): void;
}

/**
 * Registers before/after hooks that start (and stop) the emulator with organization `organization`
 * and the simulator, and the provider host; `register` records in the simulator what a captured
 * program made in the cloud.
 */
export function cloudEmulator<S extends CloudSimulator>(organization: string, simulator: () => S, run: HarnessRun, register: (sim: S, r: MockRun<unknown>) => void): CloudEmulator<S> {
    const token = `emu${randomBytes(8).toString("hex")}.atlasv1.${randomBytes(16).toString("hex")}`;
    const e = {
        capture: (program: () => unknown) => captureWithEmulatorIds(e.emu, run, program),
        async up(program: () => unknown, doRegister = true) {
            const c = await e.capture(program);
            if (doRegister) register(e.sim, c.run);
            const engine = new Engine(e.host, c.program);
            return { engine, report: await engine.up(), run: c.run };
        },
        vars: (workspaceId: string) =>
            [...e.emu.store.variables.values()]
                .filter((v) => v.workspaceId === workspaceId)
                .map((v) => ({ key: v.key, value: v.value, category: v.category, sensitive: v.sensitive }))
                .sort((a, b) => a.key.localeCompare(b.key)),
        staticVar(workspaceId: string, key: string, value: string) {
            const id = newId("var");
            e.emu.store.variables.set(id, { id, key, value, description: "", category: "env", hcl: false, sensitive: key !== "KEEP_ME", versionId: "0".repeat(36), createdAt: now(), workspaceId });
        },
    } as CloudEmulator<S>;
    before(async () => {
        e.emu = await startEmulator({ rateLimit: null });
        e.emu.addToken(token);
        e.emu.addOrganization(organization);
        e.emu.setIssuerHost(e.emu.hostname);
        e.sim = simulator();
        e.emu.addCloudSimulator(e.sim);
        e.host = await startProviderHost({ env: { TFE_TOKEN: token, [POLL_ENV]: "5,20" }, cwd: process.cwd() });
    });
    after(async () => {
        await e.host?.stop();
        await e.emu?.close();
    });
    return e;
}
