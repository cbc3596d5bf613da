// What every cloud's end-to-end test sets up: the HCP emulator (a token, organization "acme", the
// run tokens' issuer its own host), the cloud's simulator plugged in, the REAL dynamic-provider
// host; and the capture of a program under setMocks where workspaces and projects get their
// emulator ids (and project names), the cloud its realistic answers, the rest the shared answers.
import { randomBytes } from "node:crypto";
import { POLL_ENV } from "../../src/checks";
import { startEmulator, type CloudSimulator, type Emulator } from "../emulator";
import { dynamicType } from "../support/mocks";
import { buildProgram, toRegistrations, type EngineProgram } from "../support/engine";
import { createMockAnswers } from "../support/mockAnswers";
import type { MockRun, MockRunOptions } from "../support/mocks";
import { startProviderHost, type ProviderHost } from "../support/providerHost";

const WORKSPACE = dynamicType("hcp-oidc-federation", "Workspace");
const PROJECT = dynamicType("hcp-oidc-federation", "Project");

export interface CloudEmulator {
    readonly emu: Emulator;
    readonly host: ProviderHost;
    /** The program under mocks (through the cloud harness's `run`), and what the engine model plays. */
    capture(program: () => unknown): Promise<{ program: EngineProgram; run: MockRun<unknown> }>;
}

/** Starts (before) and stops (after) the emulator with `simulator` and the provider host, for the enclosing suite. */
export function useCloudEmulator(organization: string, simulator: CloudSimulator, run: (program: () => unknown, opts: MockRunOptions) => Promise<MockRun<unknown>>): CloudEmulator {
    const token = `t${randomBytes(8).toString("hex")}.atlasv1.${randomBytes(16).toString("hex")}`;
    let emu: Emulator | undefined;
    let host: ProviderHost | undefined;
    before(async () => {
        emu = await startEmulator({ rateLimit: null });
        emu.addToken(token);
        emu.addOrganization(organization);
        emu.setIssuerHost(emu.hostname);
        emu.addCloudSimulator(simulator);
        host = await startProviderHost({ env: { TFE_TOKEN: token, [POLL_ENV]: "5,20" }, cwd: process.cwd() });
    });
    after(async () => {
        await host?.stop();
        await emu?.close();
    });
    const world: CloudEmulator = {
        get emu() {
            return emu!;
        },
        get host() {
            return host!;
        },
        async capture(program) {
            const e = emu!;
            const answers = createMockAnswers();
            const r = await run(program, {
                newResource: (args) => {
                    const i = args.inputs;
                    if (args.type === WORKSPACE) {
                        const ws = [...e.store.workspaces.values()].find((w) => w.organization === i.organization && w.name === i.name)!;
                        const projectName = e.store.projects.get(ws.projectId)?.name ?? "Default Project";
                        return { id: ws.id, state: { ...i, workspaceId: ws.id, projectId: ws.projectId, projectName, created: false } };
                    }
                    if (args.type === PROJECT) {
                        const prj = [...e.store.projects.values()].find((x) => x.organization === i.organization && x.name === i.name)!;
                        return { id: prj.id, state: { ...i, projectId: prj.id } };
                    }
                    return answers.newResource(args as any);
                },
                call: (args) => answers.call(args as any),
            });
            return { program: buildProgram(toRegistrations(r.resources.filter((x) => !x.read)), answers.placeholders), run: r };
        },
    };
    return world;
}
