// WorkspaceTrustCheck through the real dynamic-provider host (this repo: serialized by value)
// against the emulator and the AWS simulator: create runs the check and fails the up when it
// fails; refresh and an unchanged update send nothing; a changed trigger runs it once more.
import assert from "node:assert/strict";
import { WorkspaceTrustCheck } from "../../src/resources";
import { dynamicType } from "../support/mocks";
import { CANARY, MODULE, ORG, UNKNOWN, useHarness, type State } from "./harness";
import { ACCOUNT, useFastPollsInHost, useTrustWorld } from "./trustCheckWorld";

const NOTE =
    "Only the plan phase was exercised: the run's token carried run_phase:plan, so this proves the plan-phase trust and " +
    "TFC_AWS_PLAN_ROLE_ARN (else TFC_AWS_RUN_ROLE_ARN); an apply-phase trust (run_phase:apply) or a separate apply identity was not tested.";

describe("resources: WorkspaceTrustCheck (real provider host, emulator, AWS simulator)", function () {
    this.timeout(30_000);
    useFastPollsInHost();
    const h = useHarness(() => {
        new WorkspaceTrustCheck("check", { organization: ORG, workspaceName: "prod", cloud: "aws", triggers: { roleArn: "placeholder" } });
    });
    const t = useTrustWorld(h);
    const d = () => h.resource("check");
    const runs = () => h.calls("POST").filter((c) => c === "POST /runs").length;

    it("registers its type token; the provider text embeds no token and requires tar by reference", () => {
        assert.equal(d().captured.type, dynamicType(MODULE, "WorkspaceTrustCheck"));
        assert.equal(d().captured.type, "pulumi-nodejs:dynamic/hcp-oidc-federation:WorkspaceTrustCheck");
        assert.ok(!d().text.includes(CANARY));
        assert.match(d().text, /require\("tar"\)/, "the closure serializer captured tar as require");
    });

    it("check: each failure names the property and the fix; unknowns are skipped", async () => {
        const r = await d().check({ workspaceId: "ws-x", organization: ORG, workspaceName: "prod", cloud: "azure-gov", tag: "no-dash", timeoutSeconds: 0, triggers: ["a"] });
        assert.deepEqual(r.failures, [
            { property: "workspaceId", reason: "workspaceId and organization/workspaceName both name the workspace: give workspaceId, or organization and workspaceName, not both." },
            { property: "cloud", reason: 'cloud must be one of "aws", "azure", "gcp", "vault", not "azure-gov".' },
            { property: "tag", reason: 'tag "no-dash" is not valid: use only letters, digits and "_", as in TFC_AWS_PROVIDER_AUTH_<TAG>.' },
            { property: "timeoutSeconds", reason: "timeoutSeconds must be a whole number of seconds from 1 to 86400, not 0 (default 600)." },
            { property: "triggers", reason: 'triggers must be an object, not ["a"].' },
        ]);
        assert.deepEqual((await d().check({ cloud: "aws" })).failures, [
            { property: "workspaceId", reason: 'workspaceId is required: give workspaceId (e.g. "ws-123456789abcdefg"), or organization and workspaceName.' },
        ]);
        assert.deepEqual((await d().check({ workspaceName: "prod", cloud: "aws" })).failures, [
            { property: "organization", reason: "organization is required with workspaceName: give both, or workspaceId instead." },
        ]);
        assert.deepEqual((await d().check({ organization: ORG, cloud: "aws" })).failures, [
            { property: "workspaceName", reason: "workspaceName is required with organization: give both, or workspaceId instead." },
        ]);
        assert.deepEqual((await d().check({ workspaceId: "prod", cloud: "aws", runId: "run-1", bogus: 1 })).failures, [
            { property: "bogus", reason: "bogus is not an input of WorkspaceTrustCheck: give only hostname, allowInsecureHttp, workspaceId, organization, workspaceName, cloud, tag, timeoutSeconds, triggers." },
            { property: "workspaceId", reason: 'workspaceId "prod" is not valid: give the workspace id, e.g. "ws-123456789abcdefg".' },
        ]);
        assert.deepEqual((await d().check({ workspaceId: "ws-ok", cloud: "aws", tag: "type" })).failures, [
            { property: "tag", reason: 'tag "TYPE" is reserved by HCP Terraform: choose another tag.' },
        ]);
        assert.deepEqual((await d().check({ organization: UNKNOWN, workspaceName: UNKNOWN, cloud: UNKNOWN, triggers: UNKNOWN })).failures, []);
        assert.equal((await d().checked({ organization: ORG, workspaceName: "prod", cloud: "aws" })).timeoutSeconds, 600);
    });

    describe("lifecycle", () => {
        let wsId: string;
        let state: State;
        let triggers = { roleArn: `arn:aws:iam::${ACCOUNT}:role/hcp-prod` };
        const inputs = (o: Record<string, any> = {}) => d().inputs({ triggers, ...o });

        before(() => {
            wsId = t.federated("prod");
        });

        it("create runs the check: outputs name the run, the identity, the note", async () => {
            h.emu.clearLog();
            state = await d().up(inputs());
            const run = [...h.emu.runs.runs.values()].pop()!;
            assert.equal(state.id, `${wsId}/trust-check/aws`);
            const { __provider: _p, checkedAt, triggersDigest, ...outs } = state.outs;
            assert.deepEqual(outs, {
                workspaceId: wsId,
                organization: ORG,
                workspaceName: "prod",
                cloud: "aws",
                timeoutSeconds: 600,
                runId: run.id,
                runUrl: `${h.emu.url}/app/${ORG}/workspaces/prod/runs/${run.id}`,
                site: h.emu.url,
                status: "passed",
                identity: `arn:aws:sts::${ACCOUNT}:assumed-role/hcp-prod/terraform-run-${run.id}`,
                subject: `organization:${ORG}:project:Default Project:workspace:prod:run_phase:plan`,
                warnings: [],
                note: NOTE,
            });
            assert.ok(!isNaN(Date.parse(checkedAt)));
            assert.match(triggersDigest, /^[0-9a-f]{64}$/);
            assert.ok(!JSON.stringify(state.outs).includes("hcp-prod\"}"), "the triggers themselves are not in the outputs");
            assert.equal(runs(), 1);
        });

        it("read (refresh) makes no run and no request", async () => {
            h.emu.clearLog();
            const refreshed = await d().read(state);
            assert.deepEqual(refreshed.outs, state.outs);
            assert.equal(refreshed.id, state.id);
            assert.deepEqual(h.emu.log, []);
        });

        it("nothing changed: diff says so, and an update sends nothing", async () => {
            h.emu.clearLog();
            assert.deepEqual(await d().diff(state, inputs()), { changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] });
            const same = await d().update(state, inputs({ timeoutSeconds: 60 }));
            assert.equal(same.outs.runId, state.outs.runId);
            assert.equal(same.outs.timeoutSeconds, 60);
            assert.deepEqual(h.emu.log, []);
        });

        it("a changed role ARN (a trigger) runs the check again, once", async () => {
            const newArn = `arn:aws:iam::${ACCOUNT}:role/hcp-prod-2`;
            t.aws.addRole(newArn, t.aws.roles.get(`arn:aws:iam::${ACCOUNT}:role/hcp-prod`)!);
            t.setVar(wsId, "TFC_AWS_RUN_ROLE_ARN", newArn);
            const news = inputs({ triggers: { roleArn: newArn } });
            assert.deepEqual(await d().diff(state, news), { changes: true, replaces: [], deleteBeforeReplace: false, diffs: [] });
            assert.equal((await d().diff(state, inputs({ triggers: UNKNOWN }))).changes, true, "an unknown trigger (preview) is a change");
            h.emu.clearLog();
            const next = await d().update(state, news);
            assert.equal(runs(), 1);
            assert.notEqual(next.outs.runId, state.outs.runId);
            assert.match(next.outs.identity, /assumed-role\/hcp-prod-2\//);
            assert.notEqual(next.outs.triggersDigest, state.outs.triggersDigest);
            state = next;
            triggers = { roleArn: newArn };
        });

        it("another workspace, cloud, tag or site replaces the check", async () => {
            for (const [field, value] of [["workspaceName", "other"], ["organization", "other-org"], ["cloud", "vault"], ["tag", "prod"]]) {
                const diff = await d().diff(state, inputs({ [field]: value }));
                assert.deepEqual(diff, { changes: true, replaces: [field], deleteBeforeReplace: false, diffs: [] }, field);
            }
            assert.deepEqual(await d().diff(state, inputs({ hostname: "tfe.example.com" })), { changes: true, replaces: ["site"], deleteBeforeReplace: false, diffs: [] });
            assert.deepEqual(await d().diff(state, inputs({ workspaceId: "ws-AAAAAAAAAAAAAAAA", organization: undefined, workspaceName: undefined })), {
                changes: true, replaces: ["workspaceId"], deleteBeforeReplace: false, diffs: [],
            });
            assert.equal((await d().diff(state, inputs({ workspaceId: state.outs.workspaceId, organization: undefined, workspaceName: undefined }))).changes, false, "the same workspace by id");
            assert.deepEqual(await d().diff(state, inputs({ hostname: h.emu.url })), { changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] }, "another spelling of the same site");
            assert.equal((await d().diff(state, inputs({ organization: "ACME" }))).changes, false, "organization compares case-insensitively");
        });

        it("delete sends nothing", async () => {
            h.emu.clearLog();
            await d().delete(state);
            assert.deepEqual(h.emu.log, []);
        });
    });

    it("a failing check fails the create with the cause, the fix, the run URL and the first error", async () => {
        const wsId = t.federated("broken");
        t.setVar(wsId, "TFC_AWS_RUN_ROLE_ARN", `arn:aws:iam::${ACCOUNT}:role/someone-else`);
        const err = await d().fails(d().up(d().inputs({ workspaceName: "broken" })));
        const run = [...h.emu.runs.runs.values()].pop()!;
        const expected =
            "trust check failed: the AWS dynamic credentials of workspace acme/broken failed: the role's trust policy does not admit this workspace's token " +
            "(or the role named by the workspace's role ARN variable is another role, or does not exist). Fix: check the trust policy against the token's " +
            "subject: the organization name's exact casing, the project pin, the workspace name, and the audience condition; and that the role ARN variable " +
            `names this role. Run: ${h.emu.url}/app/acme/workspaces/broken/runs/${run.id}\nFirst error: No valid credential sources found: Please see ` +
            "https://registry.terraform.io/providers/hashicorp/aws\nfor more information about providing credentials.\n\nError: failed to refresh cached " +
            "credentials, failed to retrieve credentials, operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: ";
        assert.ok(err.message.startsWith(expected), err.message);
        assert.match(err.message, /api error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity$/);
        assert.equal(err.initFailed, undefined, "nothing was made: no half-made resource");
    });

    it("a check that cannot mean anything (local execution) fails the create, saying why", async () => {
        const wsId = t.federated("local-mode");
        h.emu.store.workspaces.get(wsId)!.executionMode = "local";
        const err = await d().fails(d().up(d().inputs({ workspaceName: "local-mode" })));
        assert.equal(
            err.message,
            "trust check inconclusive: the AWS dynamic credentials of workspace acme/local-mode cannot be checked: the workspace runs in local execution mode, " +
                "where HCP Terraform runs no plan and does not use its variables, so its dynamic credentials are never used. Switch it (or its project's default) to remote or agent execution.",
        );
    });
});
