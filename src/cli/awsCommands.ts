// The AWS commands of the CLI: `policies` (the trust and the verified EC2 policy) and `check` (a
// trust policy evaluated against a token's claims). Pure: Node, src/policies and the flag parser.
import * as fs from "fs";
import {
    AWS_DEFAULT_AUDIENCE,
    HCP_DEFAULT_HOSTNAME,
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
import { flagValue, withFlags, type FlagSpec, type ParsedFlags } from "./flags";
import { CliUsageError } from "./usageError";

/** Where the CLI writes and reads. */
export interface CliIo {
    stdout(text: string): void;
    stderr(text: string): void;
    /** Reads `--policy-file` ("-" = standard input). Default: fs.readFileSync. */
    readFile?(path: string): string;
}

/** The flags of `policies` and `check`. */
export const FLAGS: Record<string, FlagSpec> = {
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
/** Which flags each command takes. */
export const COMMANDS: Record<string, readonly string[]> = {
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

const one = flagValue;

/** Runs a policy builder, turning an invalid input into a usage error naming its flag. */
function withFlag<T>(build: () => T): T {
    return withFlags(FIELD_FLAGS, build);
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

/** `policies` (AWS): the trust policy (or one per phase) and the verified minimal EC2 policy. */
export function policiesCommand(flags: ParsedFlags): unknown {
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

/** `check`: one trust policy evaluated against a token's claims. */
export function checkCommand(flags: ParsedFlags, io: CliIo): { result: unknown; allowed: boolean } {
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

