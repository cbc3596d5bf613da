// runTrustCheck against the emulator and the AWS simulator: a working federation passes; each
// broken piece fails with its one-line cause and changes nothing; checks that cannot mean
// anything say so; a run stuck in the queue hits the deadline and is cancelled (or reported).
import assert from "node:assert/strict";
import { CAUSE_RULES, RUN_MESSAGE, TrustCheckResult, runTrustCheck, type TrustCheckOptions } from "../../src/checks";
import { awsPhaseTrustPolicies, awsTrustPolicy } from "../../src/policies";
import { clientFor } from "../../src/hcp";
import { ACCOUNT, FAST_POLL, ISSUER_HOST, ORG, TOKEN, roleTrust, useAwsWorld } from "./world";

const NOTE =
    "Only the plan phase was exercised: the run's token carried run_phase:plan, so this proves the plan-phase trust and " +
    "TFC_AWS_PLAN_ROLE_ARN (else TFC_AWS_RUN_ROLE_ARN); an apply-phase trust (run_phase:apply) or a separate apply identity was not tested.";

function rule(kind: string) {
    const r = CAUSE_RULES.find((x) => x.kind === kind);
    assert.ok(r, kind);
    return r;
}

describe("checks/runTrustCheck (emulator + AWS simulator)", function () {
    this.timeout(20_000);
    const w = useAwsWorld();
    const client = () => clientFor({ hostname: w.emu.hostname, token: TOKEN }, { env: {}, limiter: null, retryBaseMs: 5 });
    const check = (name: string, o: Partial<TrustCheckOptions> = {}) =>
        runTrustCheck(client(), { workspace: { organization: ORG, workspaceName: name }, cloud: "aws", poll: FAST_POLL, ...o });
    const url = (name: string, runId: string) => `${w.emu.url}/app/${ORG}/workspaces/${name}/runs/${runId}`;

    /** Runs the check and asserts it failed with `kind`, changing nothing in HCP. */
    async function failsWith(name: string, kind: string, o: Partial<TrustCheckOptions> = {}): Promise<TrustCheckResult> {
        const before = w.snapshot();
        const r = await check(name, o);
        assert.equal(r.status, "failed", r.summary);
        assert.equal(r.cause?.kind, kind);
        const { cause, fix } = rule(kind);
        assert.equal(r.summary, `the AWS dynamic credentials of workspace ${ORG}/${name}${o.tag ? ` (tag ${o.tag})` : ""} failed: ${cause}. Fix: ${fix}. Run: ${url(name, r.runId!)}`);
        assert.equal(r.runUrl, url(name, r.runId!));
        assert.equal(w.snapshot(), before, "the check changed nothing in HCP Terraform");
        assert.ok(!JSON.stringify(r).includes(TOKEN));
        return r;
    }

    it("a working federation passes: the probe planned as the assumed role; the exact request sequence", async () => {
        const wsId = w.federatedWorkspace("prod");
        w.emu.clearLog();
        const before = w.snapshot();
        const r = await check("prod");
        const run = w.emu.runs.runs.get(r.runId!)!;
        const session = `arn:aws:sts::${ACCOUNT}:assumed-role/hcp-prod/terraform-run-${run.id}`;
        assert.deepEqual({ ...r, checkedAt: "" }, {
            status: "passed",
            summary: `the AWS dynamic credentials of workspace ${ORG}/prod work: the plan-only check run planned as ${session}.`,
            cloud: "aws",
            workspaceId: wsId,
            organization: ORG,
            workspaceName: "prod",
            subject: `organization:${ORG}:project:Default Project:workspace:prod:run_phase:plan`,
            runId: run.id,
            runUrl: url("prod", run.id),
            runStatus: "planned_and_finished",
            planStatus: "finished",
            identity: session,
            warnings: [],
            note: NOTE,
            checkedAt: "",
        });
        assert.ok(!isNaN(Date.parse(r.checkedAt)));
        assert.equal(w.snapshot(), before);
        // The speculative version, no auto-queued run, a plan-only run targeting only the probe.
        const cv = w.emu.runs.configurationVersions.get(run.cvId)!;
        assert.deepEqual([cv.speculative, cv.autoQueueRuns, cv.status], [true, false, "uploaded"]);
        assert.deepEqual([run.planOnly, run.message, run.targetAddrs], [true, RUN_MESSAGE, ["data.aws_caller_identity.trust_check", "data.aws_arn.trust_check"]]);
        const calls = w.calls();
        const upload = `PUT /_archivist/v1/object/${cv.uploadObject}`;
        const log = `GET /_archivist/v1/object/${w.emu.runs.plans.get(run.planId)!.logObject}`;
        const head = [
            `GET /organizations/${ORG}/workspaces/prod`,
            `GET /projects/${w.emu.store.workspaces.get(wsId)!.projectId}`,
            `POST /workspaces/${wsId}/configuration-versions`,
            upload,
        ];
        assert.deepEqual(calls.slice(0, 4), head);
        const rest = calls.slice(4);
        const cvReads = rest.indexOf("POST /runs");
        assert.ok(cvReads >= 1 && rest.slice(0, cvReads).every((c) => c === `GET /configuration-versions/${cv.id}`), calls.join("\n"));
        const runReads = rest.slice(cvReads + 1, -1);
        assert.ok(runReads.length >= 1 && runReads.every((c) => c === `GET /runs/${run.id}`), calls.join("\n"));
        assert.equal(rest[rest.length - 1], log);
        // Every run read asks for the plan; the upload and the log read went without the token
        // (the emulator's archivist refuses an Authorization header: they answered 200).
        assert.ok(w.emu.log.filter((e) => e.path === `/api/v2/runs/${run.id}`).every((e) => e.query.include === "plan"));
        assert.deepEqual(w.emu.log.filter((e) => e.path.startsWith("/_archivist/")).map((e) => e.status), [200, 200]);
        assert.deepEqual(w.emu.log.find((e) => e.method === "POST" && e.path === `/api/v2/workspaces/${wsId}/configuration-versions`)!.body, {
            data: { type: "configuration-versions", attributes: { "auto-queue-runs": false, speculative: true } },
        });
        assert.deepEqual(w.emu.log.find((e) => e.method === "POST" && e.path === "/api/v2/runs")!.body, {
            data: {
                type: "runs",
                attributes: { "plan-only": true, message: RUN_MESSAGE, "target-addrs": ["data.aws_caller_identity.trust_check", "data.aws_arn.trust_check"] },
                relationships: {
                    workspace: { data: { type: "workspaces", id: wsId } },
                    "configuration-version": { data: { type: "configuration-versions", id: cv.id } },
                },
            },
        });
    });

    it("by workspace id: the same verdict", async () => {
        const wsId = w.federatedWorkspace("by-id");
        const r = await runTrustCheck(client(), { workspace: { workspaceId: wsId }, cloud: "aws", poll: FAST_POLL });
        assert.equal(r.status, "passed", r.summary);
        assert.equal(r.workspaceName, "by-id");
    });

    it("wrong organization casing in the trust: AccessDenied, the trust does not admit the token", async () => {
        w.federatedWorkspace("casing", { trust: { accountId: ACCOUNT, organization: "Acme", workspaces: ["casing"], hostname: ISSUER_HOST } });
        const r = await failsWith("casing", "aws-trust-denied");
        assert.equal(r.cause!.summary, "No valid credential sources found");
        assert.match(r.cause!.detail, /api error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity$/);
        assert.equal(r.subject, `organization:${ORG}:project:Default Project:workspace:casing:run_phase:plan`);
    });

    it("wrong project pin: AccessDenied", async () => {
        w.federatedWorkspace("pinned", { trust: { accountId: ACCOUNT, organization: ORG, workspaces: ["pinned"], project: "Platform", hostname: ISSUER_HOST } });
        await failsWith("pinned", "aws-trust-denied");
    });

    it("the role ARN variable edited to another role: AccessDenied", async () => {
        const wsId = w.federatedWorkspace("edited");
        w.federatedWorkspace("neighbour");
        w.setVar(wsId, "TFC_AWS_RUN_ROLE_ARN", `arn:aws:iam::${ACCOUNT}:role/hcp-neighbour`);
        await failsWith("edited", "aws-trust-denied");
    });

    it("an audience mismatch (the variable's audience is not the trust's): AccessDenied", async () => {
        const wsId = w.federatedWorkspace("aud");
        // The OIDC provider accepts both audiences; the trust's StringEquals on aud does not.
        w.aws.oidcProviders[0].clientIds.push("custom.audience");
        try {
            w.setVar(wsId, "TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE", "custom.audience");
            await failsWith("aud", "aws-trust-denied");
        } finally {
            w.aws.oidcProviders[0].clientIds.pop();
        }
    });

    it("an OIDC provider without the audience: Incorrect token audience", async () => {
        const wsId = w.federatedWorkspace("no-client-id");
        w.setVar(wsId, "TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE", "sts.amazonaws.com");
        const r = await failsWith("no-client-id", "aws-audience");
        assert.match(r.cause!.detail, /api error InvalidIdentityToken: Incorrect token audience$/);
    });

    it("no OIDC provider for the issuer in the role's account: No OpenIDConnect provider found", async () => {
        const wsId = w.federatedWorkspace("other-account");
        const arn = "arn:aws:iam::999999999999:role/hcp-other-account";
        w.aws.addRole(arn, roleTrust("other-account", { accountId: "999999999999" }));
        w.setVar(wsId, "TFC_AWS_RUN_ROLE_ARN", arn);
        const r = await failsWith("other-account", "aws-no-oidc-provider");
        assert.match(r.cause!.detail, /InvalidIdentityToken: No OpenIDConnect provider found in your account for https:\/\/app\.terraform\.io$/);
    });

    it("TFC_AWS_PROVIDER_AUTH missing: no credentials were given to the provider", async () => {
        const wsId = w.federatedWorkspace("no-auth");
        w.removeVar(wsId, "TFC_AWS_PROVIDER_AUTH");
        const r = await failsWith("no-auth", "aws-no-credentials");
        assert.match(r.cause!.detail, /no EC2 IMDS role found/);
    });

    it("a workspace variable shadowing the variable set's: the workspace's (wrong) role is used", async () => {
        const ws = w.emu.addWorkspace(ORG, "shadowed");
        w.aws.addRole(`arn:aws:iam::${ACCOUNT}:role/hcp-shadowed`, roleTrust("shadowed"));
        w.addVarset(ws.id, { TFC_AWS_PROVIDER_AUTH: "true", TFC_AWS_RUN_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/hcp-shadowed` });
        assert.equal((await check("shadowed")).status, "passed", "the set alone works");
        w.setVar(ws.id, "TFC_AWS_RUN_ROLE_ARN", `arn:aws:iam::${ACCOUNT}:role/old-role`);
        await failsWith("shadowed", "aws-trust-denied");
        // A priority set beats the workspace variable.
        w.addVarset(ws.id, { TFC_AWS_RUN_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/hcp-shadowed` }, { priority: true });
        assert.equal((await check("shadowed")).status, "passed");
    });

    it("a split federation: the plan role is the one proven, and the note says the apply side was not", async () => {
        const ws = w.emu.addWorkspace(ORG, "split");
        const trust = awsPhaseTrustPolicies({ accountId: ACCOUNT, organization: ORG, workspaces: ["split"], hostname: ISSUER_HOST });
        w.aws.addRole(`arn:aws:iam::${ACCOUNT}:role/split-plan`, trust.plan);
        w.aws.addRole(`arn:aws:iam::${ACCOUNT}:role/split-apply`, trust.apply);
        w.setVar(ws.id, "TFC_AWS_PROVIDER_AUTH", "true");
        w.setVar(ws.id, "TFC_AWS_PLAN_ROLE_ARN", `arn:aws:iam::${ACCOUNT}:role/split-plan`);
        w.setVar(ws.id, "TFC_AWS_APPLY_ROLE_ARN", `arn:aws:iam::${ACCOUNT}:role/split-apply`);
        const r = await check("split");
        assert.equal(r.status, "passed", r.summary);
        assert.match(r.identity!, /^arn:aws:sts::123456789012:assumed-role\/split-plan\/terraform-run-run-/);
        assert.equal(r.note, NOTE);
        // An apply-only trust on the plan role would fail: only run_phase:plan is presented.
        w.aws.addRole(`arn:aws:iam::${ACCOUNT}:role/split-plan`, trust.apply);
        await failsWith("split", "aws-trust-denied");
    });

    it("a tagged configuration is probed through its alias; a tag not enabled fails on the alias", async () => {
        const ws = w.emu.addWorkspace(ORG, "tagged");
        w.aws.addRole(`arn:aws:iam::${ACCOUNT}:role/tagged`, roleTrust("tagged"));
        w.setVar(ws.id, "TFC_AWS_PROVIDER_AUTH_prod", "true");
        w.setVar(ws.id, "TFC_AWS_RUN_ROLE_ARN_prod", `arn:aws:iam::${ACCOUNT}:role/tagged`);
        const r = await check("tagged", { tag: "prod" });
        assert.equal(r.status, "passed", r.summary);
        assert.equal(r.tag, "prod");
        assert.match(r.summary, /^the AWS dynamic credentials of workspace acme\/tagged \(tag prod\) work: /);
        assert.ok(r.note.includes("TFC_AWS_PLAN_ROLE_ARN_prod (else TFC_AWS_RUN_ROLE_ARN_prod)"));
        const files = w.emu.runs.configurationVersions.get(w.emu.runs.runs.get(r.runId!)!.cvId)!.files!;
        assert.match(files["main.tf"], /shared_config_files = \[var\.tfc_aws_dynamic_credentials\.aliases\["prod"\]\.shared_config_file\]/);
        assert.equal((await failsWith("tagged", "tag-not-configured", { tag: "staging" })).cause!.summary, "Invalid index");
        // No tag enabled at all: HCP does not even set the variable.
        w.federatedWorkspace("untagged");
        assert.equal((await failsWith("untagged", "tag-not-configured", { tag: "prod" })).cause!.summary, "No value for required variable");
    });

    it("a working directory: the probe is placed there", async () => {
        const wsId = w.federatedWorkspace("subdir");
        w.emu.store.workspaces.get(wsId)!.workingDirectory = "infra/aws";
        const r = await check("subdir");
        assert.equal(r.status, "passed", r.summary);
        assert.deepEqual(Object.keys(w.emu.runs.configurationVersions.get(w.emu.runs.runs.get(r.runId!)!.cvId)!.files!), ["infra/aws/main.tf"]);
    });

    it("a workspace that manages resources: the targeted plan destroys nothing", async () => {
        const wsId = w.federatedWorkspace("populated");
        w.emu.store.workspaces.get(wsId)!.managesResources = true;
        const r = await check("populated");
        assert.equal(r.status, "passed", r.summary);
        assert.deepEqual(r.warnings, []);
        assert.equal(w.emu.runs.plans.get(w.emu.runs.runs.get(r.runId!)!.planId)!.resourceDestructions, 0);
    });

    it("bad options fail before any request", async () => {
        w.emu.clearLog();
        await assert.rejects(check("prod", { cloud: "aws-gov" as any }), { message: 'cloud "aws-gov" is not supported: use one of "aws", "azure", "gcp", "vault".' });
        await assert.rejects(check("prod", { tag: "no-dash" }), /^Error: tag "no-dash" is not valid: use only letters, digits and "_" \(and not "TYPE"\)/);
        await assert.rejects(check("prod", { timeoutSeconds: 0 }), /^Error: timeoutSeconds 0 is not valid: give a number of seconds greater than 0 \(default 600\)\.$/);
        assert.deepEqual(w.calls(), []);
    });

    it("an unknown workspace: the API's 404 (not found, or hidden), without the token", async () => {
        const err = await check("nope").then(() => assert.fail("should fail"), (e) => e);
        assert.match(err.message, /^GET \/organizations\/acme\/workspaces\/nope on 127\.0\.0\.1:\d+ failed: 404 Not Found: the object was not found, or the token is not allowed to see it$/);
        assert.ok(!err.message.includes(TOKEN));
    });

    it("uses the trust policy the package builds (sanity: StringLike on project:*)", () => {
        const doc = awsTrustPolicy({ accountId: ACCOUNT, organization: ORG, workspaces: ["prod"], hostname: ISSUER_HOST });
        assert.deepEqual(doc.Statement[0].Condition, {
            StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
            StringLike: { "app.terraform.io:sub": "organization:acme:project:*:workspace:prod:run_phase:*" },
        });
    });
});
