// Test controls of the runs API (configuration versions, runs, plans, the cloud side of a run): part of the
// Emulator interface (index.ts). Each checks its input and throws on a test bug.
import type { CloudSimulator } from "./cloudSimulator";
import { RunBehavior, RunWorld } from "./runWorld";
import { EmulatorStore, newId } from "./store";

export interface RunControls {
    /** Configuration versions, runs, plans, archivist objects and the run controls below. */
    readonly runs: RunWorld;
    /** Plays the cloud side of runs whose configuration declares `simulator.provider`. */
    addCloudSimulator(simulator: CloudSimulator): void;
    /** Host in the run tokens' `iss` (https://<host>); null = the emulator's own host (default). */
    setIssuerHost(host: string | null): void;
    /** Time of each run / plan / upload status change, ms (default 10). */
    setRunTiming(timing: { stepMs: number }): void;
    /** How the runs created from now on in this workspace behave (hold, policy, run task, cancel permission). */
    setRunBehavior(workspaceId: string, behavior: RunBehavior): void;
    /** Puts the workspace in agent execution mode with a pool of `freeAgents` free agents (0: runs wait in plan_queued). */
    setAgentPool(workspaceId: string, pool: { name?: string; freeAgents: number }): void;
}

/** The run controls over `runs`, the run world of `store`. */
export function runControls(store: EmulatorStore, runs: RunWorld): RunControls {
    return {
        runs,
        addCloudSimulator(simulator) {
            runs.simulators.push(simulator);
        },
        setIssuerHost(host) {
            runs.issuerHost = host;
        },
        setRunTiming(timing) {
            if (!(timing.stepMs >= 0)) throw new Error(`emulator: stepMs must be >= 0, got ${timing.stepMs}`);
            runs.stepMs = timing.stepMs;
        },
        setRunBehavior(workspaceId, behavior) {
            runs.behaviors.set(workspaceId, { ...behavior });
        },
        setAgentPool(workspaceId, pool) {
            const ws = store.workspaces.get(workspaceId);
            if (!ws) throw new Error(`emulator: unknown workspace ${workspaceId}`);
            ws.executionMode = "agent";
            const existing = runs.agentPools.get(workspaceId);
            runs.agentPools.set(workspaceId, { id: existing?.id ?? newId("apool"), name: pool.name ?? "default-pool", freeAgents: pool.freeAgents });
        },
    };
}
