// verifyTrust: a WorkspaceTrustCheck per workspace, after every variable (and attachment) is in
// place, triggered by what decides the trust (the variables, the role ARN(s), the trust text, the
// audience). Through the real provider host and the engine model against the emulator, whose runs
// ask tests/support/awsSimulator.ts, fed with the IAM OIDC provider and roles the program made under
// mocks: a correct federation passes; a changed role ARN runs the check once more; an unchanged up
// makes no request; a broken trust fails the up with its one-line cause. (0.2 had no verifyTrust.)
import assert from "node:assert/strict";
import { CAUSE_RULES } from "../../src/checks";
import { WorkspaceOidcFederation, type WorkspaceOidcFederationArgs } from "../../src/components";
import { awsTrustPolicy } from "../../src/policies";
import { awsSimulator, type AwsSimulator } from "../support/awsSimulator";
import type { EngineProgram } from "../support/engine";
import { ACCOUNT, T, federationDescription, inputsOf, isolateHostEnv, run } from "./harness";
import { ORG, capture, changedSteps, failuresOf, requestsOf, startStackWorld, workspaceNamed, type StackWorld } from "./stackWorld";

const ISSUER = "app.terraform.io";
const HOST_ENV = { HCP_OIDC_FEDERATION_TRUST_CHECK_POLL_MS: "5,20" };

/** Registers in the simulator the IAM OIDC provider(s) and roles `program` made (under mocks). */
function registerAws(aws: AwsSimulator, program: EngineProgram, clientIds?: string[]): void {
    for (const r of program.registrations) {
        if (r.type === T.oidcProvider) aws.addOidcProvider({ url: r.inputs.url, clientIds: clientIds ?? r.inputs.clientIdLists, accountId: ACCOUNT });
        if (r.type === T.role) aws.addRole(r.mockOutputs.arn, r.inputs.assumeRolePolicy);
    }
}

/** How many check runs the last command started (configuration versions uploaded for a check). */
function checkRuns(w: StackWorld): number {
    return requestsOf(w.world).filter((r) => /^POST \/workspaces\/ws-[^/]+\/configuration-versions$/.test(r)).length;
}

function cause(kind: string): string {
    const rule = CAUSE_RULES.find((r) => r.kind === kind)!;
    return `${rule.cause}. Fix: ${rule.fix}`;
}

describe("verifyTrust: a plan-only check run per workspace once the variables are in place", function () {
    this.timeout(180_000);
    isolateHostEnv();
    let w: StackWorld;
    let aws: AwsSimulator;
    const federation = (name: string, args: Partial<WorkspaceOidcFederationArgs>) => () =>
        capture(() => new WorkspaceOidcFederation(name, { organization: ORG, verifyTrust: true, ...args } as WorkspaceOidcFederationArgs));

    before(async () => {
        w = await startStackWorld();
        w.world.emu.setIssuerHost(ISSUER);
        w.world.emu.setRunTiming({ stepMs: 1 });
        aws = awsSimulator();
        w.world.emu.addCloudSimulator(aws);
    });
    beforeEach(() => aws.clear());
    after(async () => w?.close());

    it("under mocks: one check per workspace, after the variables and the attachments, triggered by the variables, the trust text and the audience", async () => {
        const r = await run(() => [
            new WorkspaceOidcFederation("one", { organization: "acme", workspace: "a", verifyTrust: true }),
            new WorkspaceOidcFederation("many", { organization: "acme", workspaces: ["b", "c"], verifyTrust: true, splitPhases: true }),
        ]);
        const one = r.byName("one-trust-check", T.trustCheck);
        const trust = r.byName("one-role", T.role).inputs.assumeRolePolicy;
        assert.deepEqual(inputsOf(one), {
            workspaceId: r.byName("one-workspace", T.workspace).id,
            cloud: "aws",
            triggers: {
                variables: [
                    { key: "TFC_AWS_RUN_ROLE_ARN", value: `arn:aws:iam::${ACCOUNT}:role/tfc-a-oidc` },
                    { key: "TFC_AWS_PROVIDER_AUTH", value: "true" },
                ],
                trust: [trust],
                audience: "aws.workload.identity",
            },
        });
        // After the variables; and, through its inputs, the look-up, the role and the provider the trust names.
        assert.deepEqual(
            [...one.dependencies].sort(),
            [r.byName("one-variables", T.variableGroup).urn, r.byName("one-workspace", T.workspace).urn, r.byName("one-role", T.role).urn, r.byName("hcp-terraform-oidc-app.terraform.io", T.oidcProvider).urn].sort(),
        );
        for (const ws of ["b", "c"]) {
            const check = r.byName(`many-trust-check-${ws}`, T.trustCheck);
            assert.equal(check.inputs.workspaceId, r.byName(`many-workspace-${ws}`, T.workspace).id);
            assert.deepEqual(check.inputs.triggers.trust, [r.byName("many-apply-role", T.role).inputs.assumeRolePolicy, r.byName("many-plan-role", T.role).inputs.assumeRolePolicy]);
            for (const dep of ["many-varset-plan-role-arn", "many-varset-apply-role-arn", "many-varset-provider-auth", "many-varset-attachments"]) {
                assert.ok(check.dependencies.includes(r.byName(dep).urn), `${ws} waits for ${dep}`);
            }
        }
        assert.equal(r.ofType(T.trustCheck).length, 3);
    });

    it("a correct federation's check passes; an unchanged up makes 0 requests; a changed role ARN runs the check once more", async () => {
        const wsId = w.world.emu.addWorkspace(ORG, "verified").id;
        const first = await federation("app", { workspace: "verified" })();
        registerAws(aws, first);
        const stack = await w.stack(first, HOST_ENV);
        const rep = await stack.up();
        assert.deepEqual(failuresOf(rep, w.world), {});
        assert.equal(checkRuns(w), 1);
        const check = stack.engine.stateOf("app-trust-check");
        assert.equal(check.outs.status, "passed");
        assert.equal(check.outs.identity, `arn:aws:sts::${ACCOUNT}:assumed-role/tfc-verified-oidc/terraform-run-${check.outs.runId}`);
        assert.equal(check.outs.runUrl, `${w.world.emu.url}/app/${ORG}/workspaces/verified/runs/${check.outs.runId}`);
        // The check ran once every variable was there: its run saw both.
        const vars = [...w.world.emu.store.variables.values()].filter((v) => v.workspaceId === wsId).map((v) => `${v.key} ${v.description}`).sort();
        assert.deepEqual(vars, [`TFC_AWS_PROVIDER_AUTH ${federationDescription("app")}`, `TFC_AWS_RUN_ROLE_ARN ${federationDescription("app")}`]);

        const same = await stack.up();
        assert.deepEqual(changedSteps(same), {});
        assert.deepEqual(requestsOf(w.world), []);

        const renamed = await federation("app", { workspace: "verified", roleName: "tfc-verified-v2" })();
        registerAws(aws, renamed);
        const again = await stack.up(renamed);
        assert.deepEqual(failuresOf(again, w.world), {});
        assert.deepEqual(changedSteps(again), { "app-variables": "update", "app-trust-check": "update", "passive:app-role": "update", "passive:app-role-ec2": "update" });
        assert.equal(checkRuns(w), 1);
        assert.equal(stack.engine.stateOf("app-trust-check").outs.identity, `arn:aws:sts::${ACCOUNT}:assumed-role/tfc-verified-v2/terraform-run-${stack.engine.stateOf("app-trust-check").outs.runId}`);
        assert.deepEqual(changedSteps(await stack.up()), {});
        assert.deepEqual(requestsOf(w.world), []);
    });

    /** One broken federation: its check fails the up with `kind`'s cause; the variables stay written. */
    async function failsWith(workspace: string, kind: string, args: Partial<WorkspaceOidcFederationArgs>, setUp: (program: EngineProgram) => void): Promise<void> {
        const wsId = w.world.emu.addWorkspace(ORG, workspace).id;
        const program = await federation("broken", { workspace, ...args })();
        setUp(program);
        const stack = await w.stack(program, HOST_ENV);
        const rep = await stack.up();
        const runs = [...w.world.emu.runs.runs.values()].filter((x) => x.workspaceId === wsId);
        assert.equal(runs.length, 1);
        const message = failuresOf(rep, w.world)["broken-trust-check"];
        assert.deepEqual(Object.keys(failuresOf(rep, w.world)), ["broken-trust-check"]);
        assert.equal(
            message.split("\n")[0],
            `trust check failed: the AWS dynamic credentials of workspace ${ORG}/${workspace} failed: ${cause(kind)}. Run: http://<emulator>/app/${ORG}/workspaces/${workspace}/runs/${runs[0].id}`,
        );
        assert.match(message.split("\n")[1], /^First error: No valid credential sources found: /);
        assert.equal([...w.world.emu.store.variables.values()].filter((v) => v.workspaceId === wsId).length >= 2, true);
        assert.equal(workspaceNamed(w.world, workspace)!.id, wsId);
    }

    const BYO = `arn:aws:iam::${ACCOUNT}:role/byo-deployer`;
    const byoTrust = (extra: Partial<Parameters<typeof awsTrustPolicy>[0]>, workspace: string) =>
        awsTrustPolicy({ accountId: ACCOUNT, organization: ORG, workspaces: [workspace], hostname: ISSUER, ...extra });

    it("a role whose trust names the organization with another casing: aws-trust-denied", async () => {
        await failsWith("casing", "aws-trust-denied", { workspace: "casing", existingRoleArn: BYO }, () => {
            aws.addOidcProvider({ url: `https://${ISSUER}`, clientIds: ["aws.workload.identity"], accountId: ACCOUNT });
            aws.addRole(BYO, byoTrust({ organization: "ACME" }, "casing"));
        });
    });

    it("a role whose trust pins another project than the workspace's: aws-trust-denied", async () => {
        await failsWith("pinned-elsewhere", "aws-trust-denied", { existingRoleArn: BYO }, () => {
            aws.addOidcProvider({ url: `https://${ISSUER}`, clientIds: ["aws.workload.identity"], accountId: ACCOUNT });
            aws.addRole(BYO, byoTrust({ project: "Platform" }, "pinned-elsewhere"));
        });
    });

    it("a federation audience the role's trust does not expect: aws-trust-denied", async () => {
        await failsWith("audience", "aws-trust-denied", { existingRoleArn: BYO, audience: "custom.audience" }, () => {
            aws.addOidcProvider({ url: `https://${ISSUER}`, clientIds: ["aws.workload.identity", "custom.audience"], accountId: ACCOUNT });
            aws.addRole(BYO, byoTrust({}, "audience"));
        });
    });

    it("the federation's own organization casing is caught earlier, by the workspace look-up: no variable written, no check run", async () => {
        w.world.emu.addWorkspace(ORG, "upper");
        const program = await capture(() => new WorkspaceOidcFederation("upper", { organization: "ACME", workspace: "upper", verifyTrust: true }));
        registerAws(aws, program);
        const stack = await w.stack(program, HOST_ENV);
        const rep = await stack.up();
        assert.deepEqual(failuresOf(rep, w.world), {
            "upper-workspace":
                'organization "ACME" is stored as "acme" in HCP Terraform. Run tokens carry "acme", and trust conditions compare names case-sensitively ' +
                '(IAM StringLike, Entra subjects, Vault bound claims), so no run token would match. Fix: organization: "acme".',
        });
        assert.deepEqual(rep.skipped.sort(), ["upper-trust-check", "upper-variables"]);
        assert.deepEqual(requestsOf(w.world).filter((x) => !x.startsWith("GET ")), []);
    });

    it("an IAM OIDC provider without the audience among its client ids: aws-audience", async () => {
        await failsWith("no-audience", "aws-audience", {}, (program) => registerAws(aws, program, ["sts.amazonaws.com"]));
    });
});
