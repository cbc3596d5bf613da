#!/usr/bin/env node
/**
 * `hcp-oidc-federation`: print the IAM policies (or, with --cloud, the Azure, GCP or Vault trust
 * objects) for HCP Terraform workspaces, or check a trust policy against a token's claims. Pure: no
 * cloud or HCP calls; depends only on Node, src/policies and the pure src/clouds builders. Exit codes: 0 success (check: allowed), 1 check: denied, 2 bad flags or names.
 * The `verify` command (./verify, which calls HCP Terraform) is loaded only when the binary is run with it.
 */
import { AWS_DEFAULT_AUDIENCE, HCP_DEFAULT_HOSTNAME } from "../policies";
import { COMMANDS, FLAGS, checkCommand, policiesCommand, type CliIo } from "./awsCommands";
import { CLOUD_POLICIES_USAGE, cloudPolicies } from "./cloudPolicies";
import { parseFlags, type ParsedFlags } from "./flags";
import { CliUsageError } from "./usageError";

/** Re-exported from ./usageError (the cloud commands throw it too). */
export { CliUsageError };
export type { CliIo };

export const PROGRAM = "hcp-oidc-federation";


export const USAGE = `Usage:
  ${PROGRAM} policies --organization ORG --workspace WS [--workspace WS2 ...]
                      (--account-id ACCOUNT_ID | --oidc-provider-arn ARN)
                      [--project PROJECT] [--hostname HOST] [--audience AUDIENCE]
                      [--run-phase plan|apply|* | --split-phases]
  ${PROGRAM} policies --cloud azure|gcp|vault ...   (see "Cloud policies" below)
  ${PROGRAM} check --sub SUBJECT [--aud AUDIENCE] [--iss ISSUER]
                   (--policy-file FILE | <the policies flags except --split-phases>)
  ${PROGRAM} verify --organization ORG --workspace WS --cloud aws|azure|gcp|vault ...
                    (see "${PROGRAM} verify --help")
  ${PROGRAM} --help

Commands:
  policies  Print {"trustPolicy": ..., "permissionsPolicy": ...} as JSON: the role trust policy
            for the workspaces' run tokens and the verified minimal EC2 policy.
            With --split-phases: {"plan": {"trustPolicy", "permissionsPolicy"},
            "apply": {"trustPolicy", "permissionsPolicy"}}, where the plan role trusts only
            run_phase:plan and gets only the EC2 Describe actions, and the apply role trusts only
            run_phase:apply and gets the full policy.
  check     Evaluate one trust policy against a token's claims and print
            {"allowed": ..., "reason": ..., "claims": ...}. Exit 0 if allowed, 1 if denied.
  verify    Prove a workspace's dynamic credentials with a speculative, plan-only run of a
            read-only probe (the one command that calls HCP Terraform; it needs an API token).
            Exit 0 the probe planned, 1 the credentials failed, 2 bad flags or no verdict.

Policy flags:
  --organization ORG         HCP Terraform organization name (exact API casing).
  --workspace WS             Workspace name; repeat the flag (or separate names with commas).
  --account-id ACCOUNT_ID    12-digit AWS account holding the OIDC provider (builds its ARN).
  --oidc-provider-arn ARN    The provider ARN itself (its host is the condition key prefix).
  --project PROJECT          Pin the project name (e.g. "Default Project"); default: any project.
  --hostname HOST            HCP Terraform / Terraform Enterprise host; default ${HCP_DEFAULT_HOSTNAME}.
  --audience AUDIENCE        Token audience; default ${AWS_DEFAULT_AUDIENCE}.
  --run-phase PHASE          plan, apply or * (default *).
  --split-phases             One plan role and one apply role.

Check flags:
  --sub SUBJECT              The token's sub claim, e.g.
                             organization:acme:project:Default Project:workspace:prod:run_phase:plan
  --aud AUDIENCE             The token's aud claim; default the --audience flag or ${AWS_DEFAULT_AUDIENCE}.
  --iss ISSUER               The token's issuer (https://host or host); default the --hostname
                             flag or ${HCP_DEFAULT_HOSTNAME}.
  --policy-file FILE         A trust policy document, the output of "policies", or the output of
                             "aws iam get-role" ("-" reads standard input).

${CLOUD_POLICIES_USAGE}
Exit codes: 0 success (check: allowed), 1 check: denied, 2 bad flags or invalid names.
`;

interface Parsed {
    command: string;
    flags: ParsedFlags;
}

function parseArgv(argv: readonly string[]): Parsed | "help" {
    if (argv.some((a) => a === "--help" || a === "-h") || argv[0] === "help") return "help";
    const command = argv[0];
    if (command === undefined || command.startsWith("-")) {
        throw new CliUsageError(`missing command; expected "policies", "check" or "verify".`);
    }
    if (command === "verify") {
        throw new CliUsageError(`"verify" runs asynchronously and is not handled by run(): call runVerify() from src/cli/verify (the ${PROGRAM} binary does).`);
    }
    if (!Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
        throw new CliUsageError(`unknown command ${JSON.stringify(command)}; expected "policies", "check" or "verify".`);
    }
    const specs = Object.fromEntries(COMMANDS[command].map((name) => [name, FLAGS[name]]));
    return { command, flags: parseFlags(argv.slice(1), specs, command) };
}

const processIo: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
};

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export function run(argv: readonly string[], io: CliIo = processIo): number {
    try {
        const routed = cloudPolicies(argv);
        if ("result" in routed) {
            io.stdout(JSON.stringify(routed.result, null, 2) + "\n");
            return 0;
        }
        const parsed = parseArgv(routed.argv);
        if (parsed === "help") {
            io.stdout(USAGE);
            return 0;
        }
        if (parsed.command === "policies") {
            io.stdout(JSON.stringify(policiesCommand(parsed.flags), null, 2) + "\n");
            return 0;
        }
        const { result, allowed } = checkCommand(parsed.flags, io);
        io.stdout(JSON.stringify(result, null, 2) + "\n");
        return allowed ? 0 : 1;
    } catch (err) {
        if (err instanceof CliUsageError) {
            io.stderr(`${PROGRAM}: ${err.message}\nRun "${PROGRAM} --help" for usage.\n`);
            return 2;
        }
        throw err;
    }
}

if (require.main === module) {
    const argv = process.argv.slice(2);
    if (argv[0] === "verify") {
        // Loaded only here: the other commands stay pure (no HCP client).
        void (require("./verify") as typeof import("./verify")).runVerify(argv.slice(1), processIo).then((code) => (process.exitCode = code));
    } else {
        process.exitCode = run(argv);
    }
}
