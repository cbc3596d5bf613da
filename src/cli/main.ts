#!/usr/bin/env node
/**
 * `hcp-oidc-federation`: print the IAM policies (or, with --cloud, the Azure, GCP or Vault trust
 * objects) for HCP Terraform workspaces, or check a trust policy against a token's claims. Pure: no
 * cloud or HCP calls; depends only on Node, src/policies and the pure src/clouds builders. Exit codes: 0 success (check: allowed), 1 check: denied, 2 bad flags or names.
 * The `verify` command (./verify, which calls HCP Terraform) is loaded only when the binary is run with it.
 */
import * as fs from "fs";
import {
    AWS_DEFAULT_AUDIENCE,
    HCP_DEFAULT_HOSTNAME,
    PolicyInputError,
    UnsupportedPolicyError,
    awsPhaseTrustPolicies,
    awsTrustPolicy,
    ec2MinimalPolicy,
    evaluateTrust,
    validateRunPhase,
    type AwsTrustPolicyArgs,
    type PolicyDocument,
    type PolicyInputField,
    type RunPhase,
} from "../policies";
import { CLOUD_POLICIES_USAGE, cloudPolicies } from "./cloudPolicies";
import { CliUsageError } from "./usageError";

/** Re-exported from ./usageError (the cloud commands throw it too). */
export { CliUsageError };

export const PROGRAM = "hcp-oidc-federation";

export interface CliIo {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Reads `--policy-file` ("-" = standard input). Default: fs.readFileSync. */
    readFile?(path: string): string;
}

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

interface FlagSpec {
    metavar?: string; // absent: a boolean flag
    repeatable?: boolean;
}

const FLAGS: Record<string, FlagSpec> = {
    organization: { metavar: "ORG" },
    workspace: { metavar: "WS", repeatable: true },
    "account-id": { metavar: "ACCOUNT_ID" },
    "oidc-provider-arn": { metavar: "ARN" },
    project: { metavar: "PROJECT" },
    hostname: { metavar: "HOST" },
    audience: { metavar: "AUDIENCE" },
    "run-phase": { metavar: "PHASE" },
    "split-phases": {},
    "policy-file": { metavar: "FILE" },
    sub: { metavar: "SUBJECT" },
    aud: { metavar: "AUDIENCE" },
    iss: { metavar: "ISSUER" },
};

const POLICY_FLAGS = ["organization", "workspace", "account-id", "oidc-provider-arn", "project", "hostname", "audience", "run-phase"];
const COMMANDS: Record<string, readonly string[]> = {
    policies: [...POLICY_FLAGS, "split-phases"],
    check: [...POLICY_FLAGS, "policy-file", "sub", "aud", "iss"],
};

/** Which flag carries each policy input (for error messages). */
const FIELD_FLAGS: Partial<Record<PolicyInputField, string>> = {
    organization: "--organization",
    workspace: "--workspace",
    workspaces: "--workspace",
    project: "--project",
    hostname: "--hostname",
    audience: "--audience",
    accountId: "--account-id",
    oidcProviderArn: "--oidc-provider-arn",
    runPhase: "--run-phase",
};

type ParsedFlags = Map<string, string[]>;

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
    const allowed = COMMANDS[command];
    if (!Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
        throw new CliUsageError(`unknown command ${JSON.stringify(command)}; expected "policies", "check" or "verify".`);
    }
    const flags: ParsedFlags = new Map();
    for (let i = 1; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("--") || arg === "--") {
            throw new CliUsageError(`unexpected argument ${JSON.stringify(arg)}; every value follows its flag (e.g. --workspace prod).`);
        }
        const eq = arg.indexOf("=");
        const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
        const spec = FLAGS[name];
        if (spec === undefined || !allowed.includes(name)) {
            throw new CliUsageError(`unknown flag --${name} for command ${JSON.stringify(command)}.`);
        }
        let value: string;
        if (spec.metavar === undefined) {
            if (eq !== -1) throw new CliUsageError(`--${name} takes no value.`);
            value = "true";
        } else if (eq !== -1) {
            value = arg.slice(eq + 1);
        } else {
            const next = argv[i + 1];
            if (next === undefined || next.startsWith("--")) {
                throw new CliUsageError(`--${name} needs a value: --${name} ${spec.metavar}.`);
            }
            value = next;
            i++;
        }
        const seen = flags.get(name);
        if (seen !== undefined && !spec.repeatable) throw new CliUsageError(`--${name} was given twice; give it once.`);
        flags.set(name, [...(seen ?? []), value]);
    }
    return { command, flags };
}

function one(flags: ParsedFlags, name: string): string | undefined {
    return flags.get(name)?.[0];
}

/** Runs a policy builder, turning an invalid input into a usage error naming its flag. */
function withFlag<T>(build: () => T): T {
    try {
        return build();
    } catch (err) {
        if (err instanceof PolicyInputError) {
            const flag = FIELD_FLAGS[err.field];
            throw new CliUsageError(flag ? `${flag}: ${err.message}` : err.message);
        }
        throw err;
    }
}

function trustArgs(flags: ParsedFlags): Omit<AwsTrustPolicyArgs, "runPhase"> {
    const organization = one(flags, "organization");
    if (organization === undefined) throw new CliUsageError("--organization is required (the HCP Terraform organization name).");
    const workspaces = (flags.get("workspace") ?? []).flatMap((w) => w.split(","));
    if (workspaces.length === 0) throw new CliUsageError("--workspace is required (a workspace name; repeat the flag for several).");
    const accountId = one(flags, "account-id");
    const oidcProviderArn = one(flags, "oidc-provider-arn");
    if (accountId === undefined && oidcProviderArn === undefined) {
        throw new CliUsageError("--account-id or --oidc-provider-arn is required (the AWS account holding the OIDC provider, or the provider's ARN).");
    }
    return {
        organization,
        workspaces,
        accountId,
        oidcProviderArn,
        project: one(flags, "project"),
        hostname: one(flags, "hostname"),
        audience: one(flags, "audience"),
    };
}

function runPhaseFlag(flags: ParsedFlags): RunPhase | undefined {
    const phase = one(flags, "run-phase");
    return phase === undefined ? undefined : withFlag(() => validateRunPhase(phase));
}

function policiesCommand(flags: ParsedFlags): unknown {
    const args = trustArgs(flags);
    const runPhase = runPhaseFlag(flags);
    if (flags.has("split-phases")) {
        if (runPhase !== undefined) {
            throw new CliUsageError("--run-phase and --split-phases exclude each other: --split-phases already prints one trust policy per phase.");
        }
        const trust = withFlag(() => awsPhaseTrustPolicies(args));
        return {
            plan: { trustPolicy: trust.plan, permissionsPolicy: ec2MinimalPolicy({ readOnly: true }) },
            apply: { trustPolicy: trust.apply, permissionsPolicy: ec2MinimalPolicy() },
        };
    }
    return {
        trustPolicy: withFlag(() => awsTrustPolicy({ ...args, runPhase })),
        permissionsPolicy: ec2MinimalPolicy(),
    };
}

function defaultReadFile(path: string): string {
    return fs.readFileSync(path === "-" ? 0 : path, "utf8");
}

/** The trust policy inside a file: a document, `policies` output, or `aws iam get-role` output. */
function policyFromFile(path: string, io: CliIo): PolicyDocument {
    let text: string;
    try {
        text = (io.readFile ?? defaultReadFile)(path);
    } catch (err) {
        throw new CliUsageError(`--policy-file: cannot read ${JSON.stringify(path)} (${(err as Error).message}). Fix the path.`);
    }
    let data: any;
    try {
        data = JSON.parse(text);
    } catch (err) {
        throw new CliUsageError(`--policy-file: ${JSON.stringify(path)} is not JSON (${(err as Error).message}). Fix the file.`);
    }
    const roleDoc = data?.Role?.AssumeRolePolicyDocument;
    if (typeof roleDoc === "string") {
        try {
            return JSON.parse(decodeURIComponent(roleDoc));
        } catch {
            throw new CliUsageError(`--policy-file: the AssumeRolePolicyDocument in ${JSON.stringify(path)} is not JSON. Fix the file.`);
        }
    }
    const doc = roleDoc ?? data?.trustPolicy ?? data;
    if (doc !== null && typeof doc === "object" && "Statement" in doc) return doc as PolicyDocument;
    if (data?.plan?.trustPolicy !== undefined || data?.apply?.trustPolicy !== undefined) {
        throw new CliUsageError(
            `--policy-file: ${JSON.stringify(path)} holds split plan and apply policies; give one trust policy (e.g. jq .plan.trustPolicy). Fix the file.`,
        );
    }
    throw new CliUsageError(
        `--policy-file: ${JSON.stringify(path)} holds no trust policy (expected a policy document, the output of "policies" or of "aws iam get-role"). Fix the file.`,
    );
}

function checkCommand(flags: ParsedFlags, io: CliIo): { result: unknown; allowed: boolean } {
    const sub = one(flags, "sub");
    if (sub === undefined) {
        throw new CliUsageError("--sub is required (the token subject, e.g. organization:acme:project:Default Project:workspace:prod:run_phase:plan).");
    }
    const file = one(flags, "policy-file");
    let policy: PolicyDocument;
    if (file !== undefined) {
        const conflict = POLICY_FLAGS.find((f) => flags.has(f));
        if (conflict !== undefined) {
            throw new CliUsageError(`--policy-file and --${conflict} exclude each other: check a policy file, or a policy built from the policy flags.`);
        }
        policy = policyFromFile(file, io);
    } else {
        const args = trustArgs(flags);
        const runPhase = runPhaseFlag(flags);
        policy = withFlag(() => awsTrustPolicy({ ...args, runPhase }));
    }
    const claims = {
        iss: one(flags, "iss") ?? one(flags, "hostname") ?? HCP_DEFAULT_HOSTNAME,
        aud: one(flags, "aud") ?? one(flags, "audience") ?? AWS_DEFAULT_AUDIENCE,
        sub,
    };
    try {
        const decision = evaluateTrust(policy, claims);
        return { result: { allowed: decision.allowed, reason: decision.reason, claims }, allowed: decision.allowed };
    } catch (err) {
        if (err instanceof UnsupportedPolicyError) throw new CliUsageError(`--policy-file: ${err.message}.`);
        throw err;
    }
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
