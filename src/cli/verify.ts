/**
 * `hcp-oidc-federation verify`: proves a workspace's dynamic credentials with a plan-only check
 * run (src/checks). Exit codes: 0 the probe planned, 1 the credentials failed (the reason and the
 * run URL are printed), 2 bad flags, or the check could not run or mean anything (why is printed).
 */
import * as checks from "../checks";
import * as hcp from "../hcp";
import type { CliIo } from "./main";

export const VERIFY_USAGE = `Usage:
  hcp-oidc-federation verify --organization ORG --workspace WS --cloud aws|azure|gcp|vault
                             [--tag TAG] [--timeout SECONDS] [--hostname HOST]

Starts a speculative, plan-only run of a tiny read-only probe in the workspace: the run makes the
same token exchange a real run makes, creates nothing and changes no state. Only the plan phase
is exercised. The token comes from TFE_TOKEN, TF_TOKEN_<host> or the Terraform CLI credentials
file; the host from --hostname, TFE_HOSTNAME or TFE_ADDRESS (default app.terraform.io).

Flags:
  --organization ORG   HCP Terraform organization.
  --workspace WS       Workspace name.
  --cloud CLOUD        aws, azure, gcp or vault.
  --tag TAG            Check the tagged configuration (TFC_<CLOUD>_…_<TAG>) through its alias.
  --timeout SECONDS    Give up (and cancel the run) after this long; default ${checks.DEFAULT_TIMEOUT_SECONDS}.
  --hostname HOST      HCP Terraform / Terraform Enterprise host.

Exit codes: 0 the probe planned (the credentials work), 1 the credentials failed,
2 bad flags, or the check could not run (local execution, no permission to queue plans,
the deadline passed, an API error).
`;

const FLAGS = ["organization", "workspace", "cloud", "tag", "timeout", "hostname"];

class UsageError extends Error {}

function parse(argv: readonly string[]): Map<string, string> | "help" {
    if (argv.some((a) => a === "--help" || a === "-h")) return "help";
    const flags = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("--")) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}; every value follows its flag (e.g. --workspace prod).`);
        const eq = arg.indexOf("=");
        const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
        if (!FLAGS.includes(name)) throw new UsageError(`unknown flag --${name} for command "verify".`);
        let value: string;
        if (eq !== -1) {
            value = arg.slice(eq + 1);
        } else {
            const next = argv[i + 1];
            if (next === undefined || next.startsWith("--")) throw new UsageError(`--${name} needs a value.`);
            value = next;
            i++;
        }
        if (flags.has(name)) throw new UsageError(`--${name} was given twice; give it once.`);
        flags.set(name, value);
    }
    return flags;
}

function options(flags: Map<string, string>): { settings: hcp.ConnectionSettings; check: checks.TrustCheckOptions } {
    const required = (name: string, what: string) => {
        const v = flags.get(name);
        if (v === undefined || v === "") throw new UsageError(`--${name} is required (${what}).`);
        return v;
    };
    const organization = required("organization", "the HCP Terraform organization");
    const workspaceName = required("workspace", "the workspace name");
    const cloud = required("cloud", "aws, azure, gcp or vault") as checks.TrustCheckCloud;
    if (!checks.TRUST_CHECK_CLOUDS.includes(cloud)) throw new UsageError(`--cloud must be one of aws, azure, gcp, vault, not ${JSON.stringify(cloud)}.`);
    for (const [flag, value] of [["organization", organization], ["workspace", workspaceName]]) {
        if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new UsageError(`--${flag} ${JSON.stringify(value)}: use only letters, digits, "-" and "_".`);
    }
    const tag = flags.get("tag");
    if (tag !== undefined) {
        try {
            checks.validateTag(tag);
        } catch (err) {
            throw new UsageError(`--tag: ${(err as Error).message}`);
        }
    }
    const timeout = flags.get("timeout");
    if (timeout !== undefined && !/^[1-9]\d*$/.test(timeout)) {
        throw new UsageError(`--timeout ${JSON.stringify(timeout)}: give a whole number of seconds greater than 0 (default ${checks.DEFAULT_TIMEOUT_SECONDS}).`);
    }
    return {
        settings: { hostname: flags.get("hostname") },
        check: { workspace: { organization, workspaceName }, cloud, tag, timeoutSeconds: timeout === undefined ? undefined : Number(timeout) },
    };
}

function report(result: checks.TrustCheckResult): string {
    const lines: string[] = [`${result.status === "passed" ? "PASSED" : "FAILED"}: ${result.summary}`];
    if (result.cause && result.cause.summary) {
        lines.push(`error: ${result.cause.summary}`);
        for (const l of result.cause.detail.split("\n")) if (l.trim() !== "") lines.push(`  ${l}`);
    }
    if (result.identity) lines.push(`identity: ${result.identity}`);
    if (result.subject) lines.push(`subject: ${result.subject}`);
    if (result.runUrl) lines.push(`run: ${result.runUrl}`);
    for (const w of result.warnings) lines.push(`warning: ${w}`);
    lines.push(`note: ${result.note}`);
    return lines.join("\n") + "\n";
}

/** Runs `verify` with `argv` (after the command) and answers the exit code. */
export async function runVerify(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
    const fail = (message: string, usage: boolean) => {
        io.stderr(`hcp-oidc-federation verify: ${message}\n${usage ? 'Run "hcp-oidc-federation verify --help" for usage.\n' : ""}`);
        return 2;
    };
    let parsed: ReturnType<typeof options>;
    let poll: checks.PollIntervals;
    try {
        const flags = parse(argv);
        if (flags === "help") {
            io.stdout(VERIFY_USAGE);
            return 0;
        }
        parsed = options(flags);
        poll = checks.pollFromEnv(env);
    } catch (err) {
        return fail((err as Error).message, err instanceof UsageError);
    }
    const client = hcp.clientFor(parsed.settings, { env });
    let result: checks.TrustCheckResult;
    try {
        result = await checks.runTrustCheck(client, { ...parsed.check, poll, onProgress: (line) => io.stderr(`${line}\n`) });
    } catch (err) {
        return fail(`the check could not run: ${(err as Error).message}`, false);
    }
    if (result.status === "inconclusive") {
        return fail(result.summary, false);
    }
    io.stdout(report(result));
    return result.status === "passed" ? 0 : 1;
}
