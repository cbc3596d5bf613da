// runTrustCheck when the check cannot mean anything: it says so (inconclusive) instead of
// passing: local execution, no queue permission, a run stuck in the queue (deadline, then cancel,
// or a report when cancelling is not permitted), an agent pool with no free agent; and a policy or
// run task failing the run after a successful plan (the check judges the plan: a warning).
import assert from "node:assert/strict";
import { runTrustCheck, type TrustCheckOptions } from "../../src/checks";
import { clientFor } from "../../src/hcp";
import { FAST_POLL, ORG, TOKEN, useAwsWorld } from "./world";

describe("checks/runTrustCheck: checks that cannot mean anything say so", function () {
    this.timeout(20_000);
    const w = useAwsWorld();
    const client = () => clientFor({ hostname: w.emu.hostname, token: TOKEN }, { env: {}, limiter: null, retryBaseMs: 5 });
    const check = (name: string, o: Partial<TrustCheckOptions> = {}) =>
        runTrustCheck(client(), { workspace: { organization: ORG, workspaceName: name }, cloud: "aws", poll: FAST_POLL, ...o });
    const url = (name: string, runId: string) => `${w.emu.url}/app/${ORG}/workspaces/${name}/runs/${runId}`;

    it("local execution mode: inconclusive before anything is written", async () => {
        const wsId = w.federatedWorkspace("local");
        w.emu.store.workspaces.get(wsId)!.executionMode = "local";
        w.emu.clearLog();
        const r = await check("local");
        assert.equal(r.status, "inconclusive");
        assert.equal(
            r.summary,
            "the AWS dynamic credentials of workspace acme/local cannot be checked: the workspace runs in local execution mode, where HCP Terraform " +
                "runs no plan and does not use its variables, so its dynamic credentials are never used. Switch it (or its project's default) to remote or agent execution.",
        );
        assert.deepEqual(w.calls(), [`GET /organizations/${ORG}/workspaces/local`]);
    });

    it("a token without can-queue-run: inconclusive, naming the permission, before anything is written", async () => {
        const wsId = w.federatedWorkspace("read-only");
        w.emu.setWorkspacePermissions(TOKEN, wsId, { canQueueRun: false });
        w.emu.clearLog();
        const r = await check("read-only");
        assert.equal(r.status, "inconclusive");
        assert.equal(
            r.summary,
            "the AWS dynamic credentials of workspace acme/read-only cannot be checked: the token may not queue plans in this workspace " +
                '(permissions.can-queue-run is false). Use a user or team token with at least the "queue plans" permission on it (organization tokens cannot start runs).',
        );
        assert.deepEqual(w.calls(), [`GET /organizations/${ORG}/workspaces/read-only`]);
    });

    it("a run stuck in plan_queued: the deadline, then it is cancelled", async () => {
        const wsId = w.federatedWorkspace("stuck");
        w.emu.setRunBehavior(wsId, { holdAt: "plan_queued" });
        const r = await check("stuck", { timeoutSeconds: 0.3 });
        assert.equal(r.status, "inconclusive");
        assert.equal(
            r.summary,
            "the AWS dynamic credentials of workspace acme/stuck could not be checked: the run did not finish within 0.3 s " +
                `(still plan_queued: waiting for the organization's run capacity (other runs are ahead)); it was cancelled. Run: ${url("stuck", r.runId!)}`,
        );
        assert.equal(w.emu.runs.runs.get(r.runId!)!.status, "canceled");
        assert.equal(w.emu.log.filter((e) => e.path === `/api/v2/runs/${r.runId}/actions/cancel`).length, 1);
    });

    it("cancelling not permitted: it says so and gives the run URL", async () => {
        const wsId = w.federatedWorkspace("stuck-no-cancel");
        w.emu.setRunBehavior(wsId, { holdAt: "plan_queued", cancel: "forbidden" });
        w.emu.clearLog();
        const r = await check("stuck-no-cancel", { timeoutSeconds: 1 });
        assert.equal(
            r.summary,
            "the AWS dynamic credentials of workspace acme/stuck-no-cancel could not be checked: the run did not finish within 1 s " +
                "(still plan_queued: waiting for the organization's run capacity (other runs are ahead)); the token may not cancel it " +
                `(that needs the "apply runs" permission): cancel it in HCP Terraform. Run: ${url("stuck-no-cancel", r.runId!)}`,
        );
        assert.equal(w.emu.runs.runs.get(r.runId!)!.status, "plan_queued");
        assert.equal(w.emu.log.filter((e) => e.path.endsWith("/actions/cancel")).length, 0, "no cancel was sent");
    });

    it("an agent pool with no free agent: the deadline names the pool; a freed agent lets the next check pass", async () => {
        const wsId = w.federatedWorkspace("agents");
        w.emu.setAgentPool(wsId, { name: "busy-pool", freeAgents: 0 });
        const r = await check("agents", { timeoutSeconds: 0.2 });
        assert.match(r.summary, /\(still plan_queued: no agent of the workspace's agent pool was free\); it was cancelled\./);
        w.emu.setAgentPool(wsId, { name: "busy-pool", freeAgents: 1 });
        const ok = await check("agents");
        assert.equal(ok.status, "passed", ok.summary);
        assert.deepEqual(w.emu.runs.plans.get(w.emu.runs.runs.get(ok.runId!)!.planId)!.executionMode, "agent");
    });

    it("a policy or run task that fails the run after a successful plan: passed, with a warning", async () => {
        const wsId = w.federatedWorkspace("policed");
        const cases: Array<[Parameters<typeof w.emu.setRunBehavior>[1], string, string]> = [
            [{ policy: "hard-failed" }, "errored", "the plan succeeded, so the credentials work, but the run then errored: a mandatory policy check or run task failed it (the check judges the plan)."],
            [{ policy: "soft-failed" }, "policy_soft_failed", "the plan succeeded, so the credentials work, but a soft-mandatory policy failed the run (the check judges the plan)."],
            [{ runTask: "awaiting-decision" }, "post_plan_awaiting_decision", "the plan succeeded, so the credentials work, but the run waits in post_plan_awaiting_decision for a decision: discard it in HCP Terraform. Run: "],
        ];
        for (const [behavior, runStatus, warning] of cases) {
            w.emu.setRunBehavior(wsId, behavior);
            const r = await check("policed");
            assert.equal(r.status, "passed", r.summary);
            assert.equal(r.runStatus, runStatus);
            assert.deepEqual(r.warnings, [runStatus === "post_plan_awaiting_decision" ? `${warning}${url("policed", r.runId!)}` : warning]);
        }
    });
});
