import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { USAGE, run, type CliIo } from "../../src/cli/main";
import { awsPhaseTrustPolicies, awsTrustPolicy, ec2MinimalPolicy } from "../../src/policies";

const ROOT = path.resolve(__dirname, "../..");
const ACCOUNT = "123456789012";
const BASE = ["policies", "--organization", "acme", "--workspace", "prod", "--account-id", ACCOUNT];
const HELP_HINT = 'Run "hcp-oidc-federation --help" for usage.\n';

interface Outcome {
    code: number;
    stdout: string;
    stderr: string;
}

function cli(argv: string[], files: Record<string, string> = {}): Outcome {
    let stdout = "";
    let stderr = "";
    const io: CliIo = {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        readFile: (p) => {
            if (!(p in files)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
            return files[p];
        },
    };
    const code = run(argv, io);
    return { code, stdout, stderr };
}

/** This Node's own JSON.parse message (it differs between Node versions). */
function jsonError(text: string): string {
    try {
        JSON.parse(text);
    } catch (err) {
        return (err as Error).message;
    }
    throw new Error("expected invalid JSON");
}

function usageError(argv: string[], message: string, files: Record<string, string> = {}): void {
    const out = cli(argv, files);
    assert.deepStrictEqual(out, { code: 2, stdout: "", stderr: `hcp-oidc-federation: ${message}\n${HELP_HINT}` });
}

describe("cli/main", () => {
    describe("policies", () => {
        it("prints the verified trust policy and the EC2 policy as JSON", () => {
            const out = cli(BASE);
            assert.equal(out.code, 0);
            assert.equal(out.stderr, "");
            const expected = {
                trustPolicy: awsTrustPolicy({ accountId: ACCOUNT, organization: "acme", workspaces: ["prod"] }),
                permissionsPolicy: ec2MinimalPolicy(),
            };
            assert.equal(out.stdout, JSON.stringify(expected, null, 2) + "\n");
            const parsed = JSON.parse(out.stdout);
            assert.deepStrictEqual(parsed.trustPolicy.Statement[0].Condition, {
                StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
                StringLike: { "app.terraform.io:sub": "organization:acme:project:*:workspace:prod:run_phase:*" },
            });
            assert.equal(parsed.permissionsPolicy.Statement[0].Action.length, 24);
        });

        it("several workspaces (repeated or comma-separated), TFE host, audience, pinned project, run phase, --flag=value", () => {
            const out = cli([
                "policies",
                "--organization=acme",
                "--workspace",
                "a",
                "--workspace",
                "b,c",
                "--oidc-provider-arn",
                `arn:aws:iam::${ACCOUNT}:oidc-provider/tfe.example.com`,
                "--audience",
                "custom.aud",
                "--project",
                "Default Project",
                "--run-phase",
                "apply",
            ]);
            assert.equal(out.code, 0, out.stderr);
            assert.deepStrictEqual(JSON.parse(out.stdout).trustPolicy.Statement[0].Condition, {
                StringEquals: {
                    "tfe.example.com:aud": "custom.aud",
                    "tfe.example.com:sub": [
                        "organization:acme:project:Default Project:workspace:a:run_phase:apply",
                        "organization:acme:project:Default Project:workspace:b:run_phase:apply",
                        "organization:acme:project:Default Project:workspace:c:run_phase:apply",
                    ],
                },
            });
        });

        it("--split-phases prints a plan role (plan trust, Describe-only) and an apply role (apply trust, full policy)", () => {
            const out = cli([...BASE, "--split-phases", "--hostname", "tfe.example.com"]);
            assert.equal(out.code, 0, out.stderr);
            const trust = awsPhaseTrustPolicies({ accountId: ACCOUNT, hostname: "tfe.example.com", organization: "acme", workspaces: ["prod"] });
            assert.deepStrictEqual(JSON.parse(out.stdout), {
                plan: { trustPolicy: trust.plan, permissionsPolicy: ec2MinimalPolicy({ readOnly: true }) },
                apply: { trustPolicy: trust.apply, permissionsPolicy: ec2MinimalPolicy() },
            });
            assert.equal(JSON.parse(out.stdout).plan.trustPolicy.Statement[0].Condition.StringLike["tfe.example.com:sub"], "organization:acme:project:*:workspace:prod:run_phase:plan");
        });

        it("--help and help print the usage, exit 0", () => {
            for (const argv of [["--help"], ["-h"], ["help"], ["policies", "--help"], ["check", "--bogus", "-h"]]) {
                assert.deepStrictEqual(cli(argv), { code: 0, stdout: USAGE, stderr: "" });
            }
            assert.match(USAGE, /^Usage:\n {2}hcp-oidc-federation policies --organization ORG --workspace WS/);
        });
    });

    describe("bad flags and invalid names: stderr names the flag and the fix, exit 2", () => {
        const ROWS: Array<[string, string[], string]> = [
            ["no command", [], 'missing command; expected "policies", "check" or "verify".'],
            ["a flag instead of a command", ["--organization", "acme"], 'missing command; expected "policies", "check" or "verify".'],
            ["unknown command", ["deploy"], 'unknown command "deploy"; expected "policies", "check" or "verify".'],
            ["verify through run()", ["verify", "--organization", "acme"], '"verify" runs asynchronously and is not handled by run(): call runVerify() from src/cli/verify (the hcp-oidc-federation binary does).'],
            ["missing organization", ["policies", "--workspace", "prod", "--account-id", ACCOUNT], "--organization is required (the HCP Terraform organization name)."],
            ["missing workspace", ["policies", "--organization", "acme", "--account-id", ACCOUNT], "--workspace is required (a workspace name; repeat the flag for several)."],
            ["missing account", ["policies", "--organization", "acme", "--workspace", "prod"], "--account-id or --oidc-provider-arn is required (the AWS account holding the OIDC provider, or the provider's ARN)."],
            ["wildcard workspace", [...BASE, "--workspace", "prod-*"], '--workspace: workspace "prod-*": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
            ["empty name in a comma list", ["policies", "--organization", "acme", "--workspace", "a,", "--account-id", ACCOUNT], '--workspace: workspace "": workspace names must not be empty. Fix the name.'],
            ["organization with a colon", ["policies", "--organization", "acme:x", "--workspace", "prod", "--account-id", ACCOUNT], '--organization: organization "acme:x": organization names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name.'],
            ["short account id", ["policies", "--organization", "acme", "--workspace", "prod", "--account-id", "1234"], '--account-id: account id "1234": an AWS account id is exactly 12 digits. Fix the account id.'],
            ["hostname with scheme", [...BASE, "--hostname", "https://tfe.example.com/"], '--hostname: hostname "https://tfe.example.com/": a hostname has no scheme or path; use "tfe.example.com". Fix the hostname.'],
            ["wildcard audience", [...BASE, "--audience", "*"], '--audience: audience "*": an audience is matched exactly and may not contain "*", "?", "$" or whitespace. Fix the audience.'],
            ["short project", [...BASE, "--project", "ab"], '--project: project "ab": project names are 3 to 40 characters long (got 2). Fix the name.'],
            ["bad run phase", [...BASE, "--run-phase", "destroy"], '--run-phase: run phase "destroy": expected "plan", "apply" or "*". Fix the run phase.'],
            ["run phase with split phases", [...BASE, "--run-phase", "plan", "--split-phases"], "--run-phase and --split-phases exclude each other: --split-phases already prints one trust policy per phase."],
            ["bad provider ARN", ["policies", "--organization", "acme", "--workspace", "prod", "--oidc-provider-arn", "arn:aws:iam::123456789012:role/x"], '--oidc-provider-arn: OIDC provider ARN "arn:aws:iam::123456789012:role/x": expected arn:<partition>:iam::<12-digit account id>:oidc-provider/<host>. Fix the ARN.'],
            [
                "hostname disagreeing with the provider ARN",
                ["policies", "--organization", "acme", "--workspace", "prod", "--oidc-provider-arn", `arn:aws:iam::${ACCOUNT}:oidc-provider/app.terraform.io`, "--hostname", "tfe.example.com"],
                '--hostname: hostname "tfe.example.com" does not match the host "app.terraform.io" of OIDC provider ARN "arn:aws:iam::123456789012:oidc-provider/app.terraform.io". Fix the hostname or the ARN.',
            ],
            [
                "account id disagreeing with the provider ARN",
                [...BASE, "--oidc-provider-arn", "arn:aws:iam::111111111111:oidc-provider/app.terraform.io"],
                '--account-id: account id "123456789012" does not match the account "111111111111" of OIDC provider ARN "arn:aws:iam::111111111111:oidc-provider/app.terraform.io". Fix the account id or the ARN.',
            ],
            ["unknown flag", [...BASE, "--bogus"], 'unknown flag --bogus for command "policies".'],
            ["check-only flag on policies", [...BASE, "--sub", "x"], 'unknown flag --sub for command "policies".'],
            ["single-dash flag", [...BASE, "-w"], 'unexpected argument "-w"; every value follows its flag (e.g. --workspace prod).'],
            ["positional argument", [...BASE, "extra"], 'unexpected argument "extra"; every value follows its flag (e.g. --workspace prod).'],
            ["missing value at the end", [...BASE, "--project"], "--project needs a value: --project PROJECT."],
            ["a flag where a value belongs", ["policies", "--organization", "--workspace", "prod"], "--organization needs a value: --organization ORG."],
            ["repeated single flag", [...BASE, "--organization", "other"], "--organization was given twice; give it once."],
            ["value on a boolean flag", [...BASE, "--split-phases=yes"], "--split-phases takes no value."],
        ];
        for (const [name, argv, message] of ROWS) it(name, () => usageError(argv, message));
    });

    describe("check", () => {
        const SUB = "organization:acme:project:Default Project:workspace:prod:run_phase:plan";
        const POLICIES = cli(BASE).stdout;

        it("built from the policy flags: allowed -> exit 0 with the reason and claims", () => {
            const out = cli(["check", "--organization", "acme", "--workspace", "prod", "--account-id", ACCOUNT, "--sub", SUB]);
            assert.equal(out.code, 0, out.stderr);
            assert.deepStrictEqual(JSON.parse(out.stdout), {
                allowed: true,
                reason: "allowed by Statement[0]",
                claims: { iss: "app.terraform.io", aud: "aws.workload.identity", sub: SUB },
            });
        });

        it("denied -> exit 1, with the failing condition", () => {
            const sub = SUB.replace("workspace:prod", "workspace:prod-2");
            const out = cli(["check", "--organization", "acme", "--workspace", "prod", "--account-id", ACCOUNT, "--run-phase", "plan", "--sub", sub]);
            assert.equal(out.code, 1);
            assert.equal(out.stderr, "");
            assert.equal(
                JSON.parse(out.stdout).reason,
                `no statement allows the token: Statement[0]: StringLike app.terraform.io:sub does not admit ${JSON.stringify(sub)}`,
            );
        });

        it("the claims default to the --hostname and --audience flags; --iss and --aud override them", () => {
            const flags = ["check", "--organization", "acme", "--workspace", "prod", "--account-id", ACCOUNT, "--hostname", "tfe.example.com", "--audience", "a.b"];
            assert.equal(cli([...flags, "--sub", SUB]).code, 0);
            assert.equal(cli([...flags, "--sub", SUB, "--iss", "https://tfe.example.com/"]).code, 0);
            assert.equal(cli([...flags, "--sub", SUB, "--iss", "https://app.terraform.io"]).code, 1);
            assert.equal(cli([...flags, "--sub", SUB, "--aud", "aws.workload.identity"]).code, 1);
        });

        it("--policy-file: the output of policies, a bare document, or aws iam get-role output (URL-encoded or not)", () => {
            const trust = JSON.parse(POLICIES).trustPolicy;
            const files = {
                "policies.json": POLICIES,
                "trust.json": JSON.stringify(trust),
                "role.json": JSON.stringify({ Role: { RoleName: "r", AssumeRolePolicyDocument: trust } }),
                "role-encoded.json": JSON.stringify({ Role: { AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)) } }),
            };
            for (const file of Object.keys(files)) {
                assert.equal(cli(["check", "--policy-file", file, "--sub", SUB], files).code, 0, file);
                assert.equal(cli(["check", "--policy-file", file, "--sub", SUB.replace("acme", "acme2")], files).code, 1, file);
            }
        });

        const split = cli([...BASE, "--split-phases"]).stdout;
        const unsupported = JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }],
        });
        const FILE_ROWS: Array<[string, string[], string]> = [
            ["missing --sub", ["check", "--policy-file", "policies.json"], "--sub is required (the token subject, e.g. organization:acme:project:Default Project:workspace:prod:run_phase:plan)."],
            ["a policy file and policy flags together", ["check", "--policy-file", "policies.json", "--sub", SUB, "--workspace", "prod"], "--policy-file and --workspace exclude each other: check a policy file, or a policy built from the policy flags."],
            ["unreadable file", ["check", "--policy-file", "nope.json", "--sub", SUB], `--policy-file: cannot read "nope.json" (ENOENT: no such file or directory, open 'nope.json'). Fix the path.`],
            ["not JSON", ["check", "--policy-file", "bad.json", "--sub", SUB], `--policy-file: "bad.json" is not JSON (${jsonError("{nope")}). Fix the file.`],
            ["split output", ["check", "--policy-file", "split.json", "--sub", SUB], '--policy-file: "split.json" holds split plan and apply policies; give one trust policy (e.g. jq .plan.trustPolicy). Fix the file.'],
            ["no policy", ["check", "--policy-file", "empty.json", "--sub", SUB], '--policy-file: "empty.json" holds no trust policy (expected a policy document, the output of "policies" or of "aws iam get-role"). Fix the file.'],
            ["unsupported operator", ["check", "--policy-file", "bool.json", "--sub", SUB], '--policy-file: Statement[0]: condition operator "Bool" is not supported by this evaluator.'],
            ["--split-phases is not a check flag", ["check", "--policy-file", "policies.json", "--sub", SUB, "--split-phases"], 'unknown flag --split-phases for command "check".'],
        ];
        for (const [name, argv, message] of FILE_ROWS) {
            it(`usage error: ${name}`, () =>
                usageError(argv, message, { "policies.json": POLICIES, "bad.json": "{nope", "split.json": split, "empty.json": "{}", "bool.json": unsupported }));
        }
    });

    describe("as a program", function () {
        this.timeout(60000);
        const entry = path.join(ROOT, "src/cli/main.ts");

        it("starts with a node shebang", () => {
            assert.equal(fs.readFileSync(entry, "utf8").split("\n")[0], "#!/usr/bin/env node");
        });

        it("runs as a child process: JSON on stdout and exit 0; a bad name on stderr and exit 2", () => {
            const node = (args: string[]) =>
                spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", entry, ...args], { cwd: ROOT, encoding: "utf8" });
            const ok = node(BASE);
            assert.equal(ok.status, 0, ok.stderr);
            assert.equal(ok.stdout, cli(BASE).stdout);
            assert.equal(ok.stderr, "");
            const bad = node([...BASE, "--workspace", "prod-*"]);
            assert.equal(bad.status, 2);
            assert.equal(bad.stdout, "");
            assert.equal(
                bad.stderr,
                'hcp-oidc-federation: --workspace: workspace "prod-*": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.\n' +
                    HELP_HINT,
            );
            const denied = node(["check", "--organization", "acme", "--workspace", "prod", "--account-id", ACCOUNT, "--sub", "organization:acme:project:P:workspace:prod-2:run_phase:plan"]);
            assert.equal(denied.status, 1, denied.stderr);
            assert.equal(JSON.parse(denied.stdout).allowed, false);
        });

        it("the compiled bin (dist/cli/main.js), when built, answers --help", function () {
            const compiled = path.join(ROOT, "dist/cli/main.js");
            if (!fs.existsSync(compiled)) this.skip();
            assert.equal(fs.readFileSync(compiled, "utf8").split("\n")[0], "#!/usr/bin/env node");
            const out = spawnSync(process.execPath, [compiled, "--help"], { cwd: ROOT, encoding: "utf8" });
            assert.equal(out.status, 0, out.stderr);
            assert.match(out.stdout, /^Usage:/);
        });
    });
});
