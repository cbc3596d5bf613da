// `hcp-oidc-federation verify` against the emulator and the AWS simulator: exit 0 when the probe
// planned, 1 when the credentials failed (reason + run URL), 2 for bad flags or when the check
// cannot run. In-process, and once through the real entry point (main.ts dispatch).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { CAUSE_RULES, POLL_ENV } from "../../src/checks";
import { VERIFY_USAGE, runVerify } from "../../src/cli/verify";
import { ACCOUNT, ORG, TOKEN, useAwsWorld } from "../checks/world";

const ROOT = path.resolve(__dirname, "../..");
const NOTE =
    "note: Only the plan phase was exercised: the run's token carried run_phase:plan, so this proves the plan-phase trust and " +
    "TFC_AWS_PLAN_ROLE_ARN (else TFC_AWS_RUN_ROLE_ARN); an apply-phase trust (run_phase:apply) or a separate apply identity was not tested.\n";
const HINT = 'Run "hcp-oidc-federation verify --help" for usage.\n';

describe("cli/verify", function () {
    this.timeout(30_000);
    const w = useAwsWorld();
    const env = () => ({ TFE_TOKEN: TOKEN, TFE_HOSTNAME: w.emu.hostname, [POLL_ENV]: "5,20" });
    async function verify(argv: string[], e: NodeJS.ProcessEnv = env()) {
        let stdout = "";
        let stderr = "";
        const code = await runVerify(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, e);
        return { code, stdout, stderr };
    }
    const base = (ws: string) => ["--organization", ORG, "--workspace", ws, "--cloud", "aws"];
    const lastRun = () => [...w.emu.runs.runs.values()].pop()!;
    const url = (ws: string, id: string) => `${w.emu.url}/app/${ORG}/workspaces/${ws}/runs/${id}`;

    it("exit 0: the probe planned; the identity, the subject, the run and the note are printed", async () => {
        w.federatedWorkspace("cli-ok");
        const out = await verify(base("cli-ok"));
        const run = lastRun();
        const identity = `arn:aws:sts::${ACCOUNT}:assumed-role/hcp-cli-ok/terraform-run-${run.id}`;
        assert.equal(out.code, 0, out.stderr);
        assert.equal(
            out.stdout,
            `PASSED: the AWS dynamic credentials of workspace acme/cli-ok work: the plan-only check run planned as ${identity}.\n` +
                `identity: ${identity}\n` +
                "subject: organization:acme:project:Default Project:workspace:cli-ok:run_phase:plan\n" +
                `run: ${url("cli-ok", run.id)}\n` +
                NOTE,
        );
        assert.equal(out.stderr, `configuration version ${run.cvId} created (speculative); uploading the probe\nrun ${run.id} queued: ${url("cli-ok", run.id)}\n`);
    });

    it("exit 1: the credentials failed; the reason, the first error and the run URL are printed", async () => {
        const wsId = w.federatedWorkspace("cli-bad");
        w.setVar(wsId, "TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE", "sts.amazonaws.com");
        const out = await verify([...base("cli-bad"), "--timeout", "60"]);
        const run = lastRun();
        const rule = CAUSE_RULES.find((r) => r.kind === "aws-audience")!;
        assert.equal(out.code, 1);
        const lines = out.stdout.split("\n");
        assert.equal(lines[0], `FAILED: the AWS dynamic credentials of workspace acme/cli-bad failed: ${rule.cause}. Fix: ${rule.fix}. Run: ${url("cli-bad", run.id)}`);
        assert.equal(lines[1], "error: No valid credential sources found");
        assert.equal(lines[2], "  Please see https://registry.terraform.io/providers/hashicorp/aws");
        assert.equal(lines[3], "  for more information about providing credentials.");
        assert.match(lines[4], /^ {2}Error: failed to refresh cached credentials, .* api error InvalidIdentityToken: Incorrect token audience$/);
        assert.deepEqual(lines.slice(5), ["subject: organization:acme:project:Default Project:workspace:cli-bad:run_phase:plan", `run: ${url("cli-bad", run.id)}`, NOTE.trimEnd(), ""]);
        assert.ok(!out.stdout.includes(TOKEN) && !out.stderr.includes(TOKEN));
    });

    describe("exit 2", () => {
        const usage = async (argv: string[], message: string) => {
            const out = await verify(argv);
            assert.deepEqual(out, { code: 2, stdout: "", stderr: `hcp-oidc-federation verify: ${message}\n${HINT}` });
        };

        it("bad flags, each with its fix, before any request", async () => {
            w.emu.clearLog();
            await usage(["--organization", ORG, "--workspace", "x"], "--cloud is required (aws, azure, gcp or vault).");
            await usage([...base("x").slice(0, 4), "--cloud", "aws-gov"], '--cloud must be one of aws, azure, gcp, vault, not "aws-gov".');
            await usage([...base("x"), "--tag", "a-b"], '--tag: tag "a-b" is not valid: use only letters, digits and "_" (and not "TYPE"), as in TFC_AWS_PROVIDER_AUTH_<TAG>.');
            await usage([...base("x"), "--timeout", "0"], '--timeout "0": give a whole number of seconds greater than 0 (default 600).');
            await usage([...base("x"), "--verbose", "yes"], 'unknown flag --verbose for command "verify".');
            await usage([...base("x"), "--cloud", "aws"], "--cloud was given twice; give it once.");
            await usage(["--workspace", "x", "--cloud", "aws", "--organization"], "--organization needs a value.");
            await usage(["--organization", "ac me", "--workspace", "x", "--cloud", "aws"], '--organization "ac me": use only letters, digits, "-" and "_".');
            assert.deepEqual(w.emu.log, []);
        });

        it("the check cannot run: local execution mode, no queue permission, unknown workspace, no token", async () => {
            const local = w.federatedWorkspace("cli-local");
            w.emu.store.workspaces.get(local)!.executionMode = "local";
            let out = await verify(base("cli-local"));
            assert.equal(out.code, 2);
            assert.equal(out.stdout, "");
            assert.match(out.stderr, /^hcp-oidc-federation verify: the AWS dynamic credentials of workspace acme\/cli-local cannot be checked: the workspace runs in local execution mode, /);
            const ro = w.federatedWorkspace("cli-ro");
            w.emu.setWorkspacePermissions(TOKEN, ro, { canQueueRun: false });
            out = await verify(base("cli-ro"));
            assert.equal(out.code, 2);
            assert.match(out.stderr, /the token may not queue plans in this workspace \(permissions\.can-queue-run is false\)/);
            out = await verify(base("nope"));
            assert.equal(out.code, 2);
            assert.match(out.stderr, /^hcp-oidc-federation verify: the check could not run: GET \/organizations\/acme\/workspaces\/nope on 127\.0\.0\.1:\d+ failed: 404 Not Found: /);
            out = await verify(base("nope"), { TFE_HOSTNAME: w.emu.hostname, HOME: "/nonexistent" });
            assert.equal(out.code, 2);
            assert.match(out.stderr, /^hcp-oidc-federation verify: the check could not run: No HCP Terraform API token found for 127\.0\.0\.1:\d+\. /);
        });

        it("a run stuck in the queue: the deadline, the cancel, the run URL", async () => {
            const wsId = w.federatedWorkspace("cli-stuck");
            w.emu.setRunBehavior(wsId, { holdAt: "plan_queued" });
            const out = await verify([...base("cli-stuck"), "--timeout", "1"]);
            const run = lastRun();
            assert.equal(out.code, 2);
            assert.ok(
                out.stderr.endsWith(
                    "hcp-oidc-federation verify: the AWS dynamic credentials of workspace acme/cli-stuck could not be checked: the run did not finish within 1 s " +
                        `(still plan_queued: waiting for the organization's run capacity (other runs are ahead)); it was cancelled. Run: ${url("cli-stuck", run.id)}\n`,
                ),
                out.stderr,
            );
        });
    });

    it("--help prints the usage, exit 0", async () => {
        assert.deepEqual(await verify(["--help"]), { code: 0, stdout: VERIFY_USAGE, stderr: "" });
    });

    it("the real entry point dispatches `verify` (exit codes 0, 1, 2 from a child process)", async () => {
        w.federatedWorkspace("cli-spawn");
        const bad = w.federatedWorkspace("cli-spawn-bad");
        w.setVar(bad, "TFC_AWS_PROVIDER_AUTH", "false");
        const node = (args: string[]) =>
            new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
                execFile(
                    process.execPath,
                    ["-r", "ts-node/register/transpile-only", path.join(ROOT, "src/cli/main.ts"), "verify", ...args],
                    { cwd: ROOT, env: { ...process.env, ...env() } },
                    (err, stdout, stderr) => resolve({ code: err ? Number((err as any).code) : 0, stdout, stderr }),
                );
            });
        const [passed, failed, usage] = await Promise.all([node(base("cli-spawn")), node(base("cli-spawn-bad")), node(["--cloud", "aws"])]);
        assert.equal(passed.code, 0, passed.stderr);
        assert.match(passed.stdout, /^PASSED: the AWS dynamic credentials of workspace acme\/cli-spawn work: /);
        assert.equal(failed.code, 1, failed.stderr);
        assert.match(failed.stdout, /^FAILED: the AWS dynamic credentials of workspace acme\/cli-spawn-bad failed: HCP Terraform gave the AWS provider no dynamic credentials\. /);
        assert.equal(usage.code, 2);
        assert.equal(usage.stderr, `hcp-oidc-federation verify: --organization is required (the HCP Terraform organization).\n${HINT}`);
    });
});
