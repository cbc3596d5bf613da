// What the component suites that drive a stack need: the fault suites' world (one HCP emulator, a
// canary token, real provider hosts) and engine model, with ONE new provider host per command, as
// every `pulumi up` / `refresh` / `destroy` is a new process (the workspace look-ups of one process
// share a listing of the organization).
import { Engine, captureProgram, type EngineProgram, type PassReport, type Program } from "../faults/engine";
import { ORG, packageRequests, startWorld, type World, type WorldOptions } from "../faults/world";
import type { MockRunOptions } from "../support/mocks";
import { nameOf } from "../support/engine";

export { ORG };

export interface StackWorld {
    world: World;
    /** A stack (engine) of `program`, its first host started. */
    stack(program: EngineProgram, hostEnv?: Record<string, string>): Promise<Stack>;
    close(): Promise<void>;
}

export interface Stack {
    engine: Engine;
    /** One `pulumi up` (of `next` when given) in a new host; the emulator's log is cleared first. */
    up(next?: EngineProgram): Promise<PassReport>;
    refresh(): Promise<PassReport>;
    destroy(): Promise<PassReport>;
}

export async function startStackWorld(opts: WorldOptions = {}): Promise<StackWorld> {
    const world = await startWorld({ rateLimit: null, ...opts });
    return {
        world,
        async stack(program, hostEnv = {}) {
            const engine = new Engine(await world.startHost(hostEnv), program);
            const command = async <T>(run: () => Promise<T>, fresh: boolean): Promise<T> => {
                if (fresh) engine.host = await world.startHost(hostEnv);
                world.emu.clearLog();
                return run();
            };
            let first = true;
            const fresh = () => {
                const f = !first;
                first = false;
                return f;
            };
            return {
                engine,
                up: (next) => command(() => engine.up(next), fresh()),
                refresh: () => command(() => engine.refresh(), fresh()),
                destroy: () => command(() => engine.destroy(), fresh()),
            };
        },
        close: () => world.close(),
    };
}

/** Captures a program in this process under mocks (stack "project/stack" unless `opts.stack`). */
export function capture(program: () => unknown, opts: MockRunOptions = {}): Promise<Program> {
    return captureProgram(program, opts);
}

/** The package's requests of the last command, "METHOD /path" (relative to /api/v2). */
export function requestsOf(world: World): string[] {
    return packageRequests(world.emu.log);
}

/** The writes (non-GET requests) of the last command. */
export function writesOf(world: World): string[] {
    return packageRequests(world.emu.log).filter((r) => !r.startsWith("GET "));
}

/** name -> step of every step that is not `same` (dynamic resources, and AWS/components as "passive:<name>"). */
export function changedSteps(rep: PassReport): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [u, k] of rep.steps) if (k !== "same") out[nameOf(u)] = k;
    for (const [u, k] of rep.passive) if (k !== "same") out[`passive:${nameOf(u)}`] = k;
    return out;
}

/** name -> message of every failure of a pass (the emulator's address written `<emulator>`). */
export function failuresOf(rep: PassReport, world: World): Record<string, string> {
    return Object.fromEntries(rep.failures.map((f) => [f.name, f.message.split(world.emu.hostname).join("<emulator>")]));
}

/** The workspace of that name in the emulator's store. */
export function workspaceNamed(world: World, name: string) {
    return [...world.emu.store.workspaces.values()].find((w) => w.name === name);
}

/** `KEY=value "description"` of a workspace's variables, sorted. */
export function variablesOf(world: World, workspaceId: string): string[] {
    return [...world.emu.store.variables.values()]
        .filter((v) => v.workspaceId === workspaceId)
        .map((v) => `${v.key}=${v.value} ${JSON.stringify(v.description)}`)
        .sort();
}

/** The ownership mark of a federation's variables. */
export function mark(name: string, stack = "project/stack"): string {
    return `HCP Terraform AWS dynamic credentials (managed by Pulumi stack "${stack}", WorkspaceOidcFederation "${name}")`;
}
