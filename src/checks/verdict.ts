// The trust check's verdict, from the final run and plan: the check judges the PLAN (a policy or
// run task failing the run afterwards is a warning), the log names the identity or the error.

import * as hcp from "../hcp";
import type { FailureCause } from "./causes";
import type { ProbeConfiguration, TrustCheckCloud } from "./probes";

export type TrustCheckStatus = "passed" | "failed" | "inconclusive";

export interface TrustCheckResult {
    /** passed: the probe planned; failed: the plan errored (see cause); inconclusive: the check could not mean anything. */
    status: TrustCheckStatus;
    /** One line saying what the check found, with the fix and the run URL when it did not pass. */
    summary: string;
    cloud: TrustCheckCloud;
    tag?: string;
    workspaceId: string;
    /** With the casing the API answers. */
    organization: string;
    workspaceName: string;
    /** The `sub` claim of the plan's token, when the project could be read. */
    subject?: string;
    runId?: string;
    /** https://<host>/app/<org>/workspaces/<ws>/runs/<run-id> */
    runUrl?: string;
    runStatus?: string;
    planStatus?: string;
    /** What the probe saw (AWS: the assumed role's session ARN), when the log shows it. */
    identity?: string;
    cause?: FailureCause;
    warnings: string[];
    /** Only the plan phase is exercised: what that does and does not prove. */
    note: string;
    /** When the verdict was reached (RFC 3339). */
    checkedAt: string;
}

export type VerdictBase = Pick<TrustCheckResult, "cloud" | "tag" | "workspaceId" | "organization" | "workspaceName"> &
    Partial<Pick<TrustCheckResult, "subject" | "runId" | "runUrl" | "runStatus" | "planStatus" | "note">>;

const LABELS: Record<TrustCheckCloud, string> = { aws: "AWS", azure: "Azure", gcp: "GCP", vault: "Vault" };

/** "aws" -> "AWS", as messages name the cloud. */
export function cloudLabel(cloud: TrustCheckCloud): string {
    return LABELS[cloud] || cloud;
}

/** What a check of the plan phase proves and what it does not. */
export function planPhaseNote(probe: Pick<ProbeConfiguration, "planIdentityVariable" | "runIdentityVariable">): string {
    return (
        "Only the plan phase was exercised: the run's token carried run_phase:plan, so this proves the plan-phase trust " +
        `and ${probe.planIdentityVariable} (else ${probe.runIdentityVariable}); ` +
        "an apply-phase trust (run_phase:apply) or a separate apply identity was not tested."
    );
}

/** Why a run may still be waiting in `status`. */
export function stuckReason(status: string, executionMode: string): string {
    if (["pending", "plan_queued", "queuing", "fetching", "fetching_completed"].includes(status)) {
        return executionMode === "agent"
            ? `still ${status}: no agent of the workspace's agent pool was free`
            : `still ${status}: waiting for the organization's run capacity (other runs are ahead)`;
    }
    if (status.endsWith("_awaiting_decision") || status === "policy_override") {
        return `still ${status}: a run task or policy waits for a person's decision`;
    }
    return `still ${status}`;
}

function finish(base: VerdictBase, fields: Omit<TrustCheckResult, keyof VerdictBase | "checkedAt" | "note">): TrustCheckResult {
    const all: Record<string, unknown> = { ...base, ...fields, note: base.note || "", checkedAt: new Date().toISOString() };
    for (const key of Object.keys(all)) {
        if (all[key] === undefined) {
            delete all[key];
        }
    }
    return all as unknown as TrustCheckResult;
}

/** The verdict of a check that could not mean anything: `summary` says why. */
export function inconclusive(base: VerdictBase, summary: string): TrustCheckResult {
    return finish(base, { status: "inconclusive", summary, warnings: [] });
}

export interface PlanFacts extends VerdictBase {
    label: string;
    probe: ProbeConfiguration;
    run: hcp.Run;
    plan?: hcp.Plan;
    log?: hcp.ParsedPlanLog;
    logError?: string;
    explain(errors: hcp.LogDiagnostic[]): FailureCause;
}

/** The verdict once the run settled (see runTrustCheck). */
export function judgePlan(facts: PlanFacts): TrustCheckResult {
    const { label, probe, run, plan, log, logError, explain } = facts;
    const base: VerdictBase = {
        cloud: facts.cloud, tag: facts.tag, workspaceId: facts.workspaceId, organization: facts.organization,
        workspaceName: facts.workspaceName, subject: facts.subject, runId: facts.runId, runUrl: facts.runUrl,
        runStatus: facts.runStatus, planStatus: facts.planStatus, note: facts.note,
    };
    const at = facts.runUrl ? ` Run: ${facts.runUrl}` : "";
    if (plan && plan.status === "finished") {
        const warnings: string[] = [];
        if (run.status === "errored") {
            warnings.push("the plan succeeded, so the credentials work, but the run then errored: a mandatory policy check or run task failed it (the check judges the plan).");
        } else if (run.status === "policy_soft_failed") {
            warnings.push("the plan succeeded, so the credentials work, but a soft-mandatory policy failed the run (the check judges the plan).");
        } else if (run.status !== "planned_and_finished") {
            warnings.push(`the plan succeeded, so the credentials work, but the run waits in ${run.status} for a decision: discard it in HCP Terraform.${at}`);
        }
        if (plan.resourceDestructions > 0) {
            warnings.push(`the check's plan lists ${plan.resourceDestructions} resource(s) of the workspace's state for destruction; it cannot be applied, but targeting did not hold.`);
        }
        if (logError) {
            warnings.push(`the plan's log could not be read (${logError}), so the identity is unknown.`);
        }
        const read = log && probe.identityAddress ? log.reads.find((r) => r.address === probe.identityAddress) : undefined;
        const identity = read && read.id !== "" ? read.id : undefined;
        const summary = `the ${label} work: the plan-only check run planned${identity ? ` as ${identity}` : ""}.`;
        return finish(base, { status: "passed", summary, identity, warnings });
    }
    if (plan && plan.status === "errored") {
        const cause: FailureCause = log
            ? explain(hcp.logErrors(log))
            : {
                  kind: "unknown",
                  summary: "",
                  detail: "",
                  cause: `the plan errored and its log could not be read (${logError || "no log"})`,
                  fix: "read the run's log in HCP Terraform",
              };
        return finish(base, { status: "failed", summary: `the ${label} failed: ${cause.cause}. Fix: ${cause.fix}.${at}`, cause, warnings: [] });
    }
    const planned = plan ? `plan ${plan.status}` : "no plan";
    return inconclusive(base, `the ${label} could not be checked: the run ended ${run.status} (${planned}) before its plan finished.${at}`);
}
