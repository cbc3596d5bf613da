// runTrustCheck(): proves a workspace's dynamic credentials end to end with a speculative,
// plan-only run of a tiny probe configuration (runs-api.md §8.2): read the workspace (preflight:
// execution mode, can-queue-run), create a speculative configuration version, upload the probe,
// wait until it is uploaded, create the plan-only run targeting only the probe, poll it with the
// CLI's backoff under a deadline (cancel it when the deadline passes), then judge the PLAN: its
// log says what the probe saw, or the cloud's exact error. Nothing is created, no state changes.

import * as hcp from "../hcp";
import { buildArchive } from "./archive";
import { explainFailure } from "./causes";
import { DEFAULT_POLL, PollIntervals, pollUntil } from "./poll";
import { probeConfiguration, ProbeConfiguration, TrustCheckCloud } from "./probes";
import { TrustCheckResult, cloudLabel, inconclusive, judgePlan, planPhaseNote, stuckReason } from "./verdict";

export interface TrustCheckOptions {
    /** The workspace, by id or by organization and name. */
    workspace: hcp.WorkspaceRef;
    cloud: TrustCheckCloud;
    /** Probe this tagged configuration (TFC_<CLOUD>_…_<TAG>) through its alias. */
    tag?: string;
    /** Overall deadline, seconds (default 600). */
    timeoutSeconds?: number;
    /** Poll backoff (default 1000 ms -> 3000 ms, as the Terraform CLI). */
    poll?: PollIntervals;
    /** The run's message (default RUN_MESSAGE). */
    message?: string;
    /** Receives one line per step (the CLI prints them). */
    onProgress?: (line: string) => void;
}

export const DEFAULT_TIMEOUT_SECONDS = 600;
export const RUN_MESSAGE = "OIDC trust check by hcp-oidc-federation (plan-only: creates nothing)";
/** How long the upload may take to be processed, at most (the Terraform CLI: 30 s). */
export const UPLOAD_TIMEOUT_MS = 60000;

const TERMINAL_RUN = ["planned_and_finished", "errored", "canceled", "force_canceled", "discarded", "policy_soft_failed"];
const AWAITING_DECISION = ["pre_plan_awaiting_decision", "post_plan_awaiting_decision", "policy_override"];
const STOPPED_PLAN = ["errored", "canceled", "unreachable"];

interface RunAndPlan {
    run: hcp.Run;
    plan?: hcp.Plan;
}

/** Nothing more will happen that changes the verdict. */
function settled({ run, plan }: RunAndPlan): boolean {
    if (TERMINAL_RUN.includes(run.status)) {
        return true;
    }
    if (plan && STOPPED_PLAN.includes(plan.status)) {
        return true;
    }
    return !!plan && plan.status === "finished" && AWAITING_DECISION.includes(run.status);
}

async function readRunAndPlan(c: hcp.HcpClient, runId: string): Promise<RunAndPlan> {
    const answer = await hcp.readRun(c, runId);
    if (!answer.plan && answer.run.planId && TERMINAL_RUN.includes(answer.run.status)) {
        return { run: answer.run, plan: await hcp.readPlan(c, answer.run.planId) };
    }
    return answer;
}

/** `https://<host>/app/<org>/workspaces/<ws>/runs/<run-id>` */
export function runUrlOf(conn: { scheme: string; host: string }, organization: string, workspaceName: string, runId: string): string {
    return `${conn.scheme}://${conn.host}/app/${encodeURIComponent(organization)}/workspaces/${encodeURIComponent(workspaceName)}/runs/${encodeURIComponent(runId)}`;
}

/** Cancels (or discards) a run left behind at the deadline; answers what happened, as a clause. */
async function stopRun(c: hcp.HcpClient, run: hcp.Run): Promise<string> {
    const comment = "Stopped by the hcp-oidc-federation trust check: its deadline passed.";
    for (const [can, allowed, verb, act] of [
        [run.actions.isCancelable, run.permissions.canCancel, "cancel", hcp.cancelRun],
        [run.actions.isDiscardable, run.permissions.canDiscard, "discard", hcp.discardRun],
    ] as const) {
        if (!can) {
            continue;
        }
        if (!allowed) {
            return `the token may not ${verb} it (that needs the "apply runs" permission): ${verb} it in HCP Terraform`;
        }
        try {
            await act(c, run.id, comment);
            return `it was ${verb === "cancel" ? "cancelled" : "discarded"}`;
        } catch (err) {
            return `${verb}ling it failed (${(err as Error).message}): ${verb} it in HCP Terraform`;
        }
    }
    return `it can be neither cancelled nor discarded while ${run.status}, and ends by itself`;
}

/** The subject the plan's token carries, or undefined when the project cannot be read. */
async function subjectOf(c: hcp.HcpClient, ws: hcp.WorkspaceRunSettings): Promise<string | undefined> {
    try {
        const project = await hcp.readProject(c, ws.projectId);
        return `organization:${ws.organization}:project:${project.name}:workspace:${ws.name}:run_phase:plan`;
    } catch {
        return undefined;
    }
}

function checkOptions(options: TrustCheckOptions): { timeoutMs: number; probe: ProbeConfiguration } {
    const timeoutSeconds = options.timeoutSeconds === undefined ? DEFAULT_TIMEOUT_SECONDS : options.timeoutSeconds;
    if (typeof timeoutSeconds !== "number" || !isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
        throw new Error(`timeoutSeconds ${JSON.stringify(timeoutSeconds)} is not valid: give a number of seconds greater than 0 (default ${DEFAULT_TIMEOUT_SECONDS}).`);
    }
    // Validates cloud and tag before any request.
    return { timeoutMs: timeoutSeconds * 1000, probe: probeConfiguration(options.cloud, { tag: options.tag }) };
}

/**
 * Runs the trust check. Answers "passed" (the probe planned), "failed" (the plan errored: `cause`
 * says why) or "inconclusive" (the check could not mean anything: local execution, no permission
 * to queue plans, the deadline, a cancelled run). Throws for bad options (before any request) and
 * for API errors (401, 404, …), with the run URL once there is a run.
 */
export async function runTrustCheck(c: hcp.HcpClient, options: TrustCheckOptions): Promise<TrustCheckResult> {
    const start = Date.now();
    const { timeoutMs, probe: declared } = checkOptions(options);
    const deadline = start + timeoutMs;
    const poll = options.poll || DEFAULT_POLL;
    const progress = options.onProgress || (() => undefined);
    const ws = await hcp.readWorkspaceRunSettings(c, options.workspace);
    const base = { cloud: options.cloud, tag: options.tag || undefined, workspaceId: ws.id, organization: ws.organization, workspaceName: ws.name, note: planPhaseNote(declared) };
    const label = `${cloudLabel(options.cloud)} dynamic credentials of workspace ${ws.organization}/${ws.name}${base.tag ? ` (tag ${base.tag})` : ""}`;

    if (ws.executionMode === "local") {
        return inconclusive(base, `the ${label} cannot be checked: the workspace runs in local execution mode, where HCP Terraform runs no plan and does not use its variables, so its dynamic credentials are never used. Switch it (or its project's default) to remote or agent execution.`);
    }
    if (ws.canQueueRun === false) {
        return inconclusive(base, `the ${label} cannot be checked: the token may not queue plans in this workspace (permissions.can-queue-run is false). Use a user or team token with at least the "queue plans" permission on it (organization tokens cannot start runs).`);
    }
    const probe = probeConfiguration(options.cloud, { tag: base.tag, workingDirectory: ws.workingDirectory });
    const subject = await subjectOf(c, ws);
    const archive = await buildArchive(probe.files);

    const cv = await hcp.createConfigurationVersion(c, ws.id, { speculative: true, autoQueueRuns: false });
    progress(`configuration version ${cv.id} created (speculative); uploading the probe`);
    await hcp.uploadConfiguration(c, cv.uploadUrl!, archive);
    const uploaded = await pollUntil(
        () => hcp.readConfigurationVersion(c, cv.id),
        (v) => v.status !== "pending" && v.status !== "fetching",
        Math.min(deadline, Date.now() + UPLOAD_TIMEOUT_MS),
        poll,
    );
    if (uploaded.value.status !== "uploaded") {
        const why = uploaded.done ? `it is ${uploaded.value.status}${uploaded.value.errorMessage ? `: ${uploaded.value.errorMessage}` : ""}` : "it was still pending at the deadline";
        return inconclusive({ ...base, subject }, `the ${label} could not be checked: HCP Terraform did not accept the probe configuration (${cv.id}): ${why}.`);
    }

    const created = await hcp.createRun(c, {
        workspaceId: ws.id,
        configurationVersionId: cv.id,
        planOnly: true,
        message: options.message || RUN_MESSAGE,
        targetAddrs: probe.targetAddrs,
    });
    const runUrl = runUrlOf(c.connection(), ws.organization, ws.name, created.id);
    progress(`run ${created.id} queued: ${runUrl}`);
    const withRun = { ...base, subject, runId: created.id, runUrl };
    let last: { value: RunAndPlan; done: boolean };
    try {
        last = await pollUntil(() => readRunAndPlan(c, created.id), settled, deadline, poll);
    } catch (err) {
        throw new Error(`${(err as Error).message} (while waiting for run ${runUrl})`);
    }
    const { run, plan } = last.value;
    const observed = { ...withRun, runStatus: run.status, planStatus: plan ? plan.status : undefined };
    if (!last.done) {
        const stopped = await stopRun(c, run);
        return inconclusive(
            observed,
            `the ${label} could not be checked: the run did not finish within ${timeoutMs / 1000} s (${stuckReason(run.status, ws.executionMode)}); ${stopped}. Run: ${runUrl}`,
        );
    }
    let log: hcp.ParsedPlanLog | undefined;
    let logError: string | undefined;
    if (plan && (plan.status === "finished" || plan.status === "errored")) {
        try {
            log = hcp.parsePlanLog(await hcp.readPlanLog(c, plan.logReadUrl));
        } catch (err) {
            logError = (err as Error).message;
        }
    }
    return judgePlan({ ...observed, label, probe, run, plan, log, logError, explain: (errors) => explainFailure(errors, [c.connection().token]) });
}
