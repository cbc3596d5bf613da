// The AWS side of a run, for the emulator's CloudSimulator: the IAM OIDC providers of some accounts
// (URL -> client ids) and roles (ARN -> trust policy), and what STS AssumeRoleWithWebIdentity
// answers for the run's token, in the exact texts the AWS provider prints (runs-api.md §5.2).
// Registered from what the program under test made (e.g. captured under setMocks). The trust
// policy is judged by the package's own evaluator (src/policies/evaluate.ts).
import { randomUUID } from "node:crypto";
import { evaluateTrust } from "../../src/policies/evaluate";
import type { CloudSimulator, ProbeDiagnostic, ProbeInput, ProbeOutcome } from "../emulator";

export const AWS_PROVIDER_SOURCE = "registry.terraform.io/hashicorp/aws";
export const CREDENTIALS_HELP = "Please see https://registry.terraform.io/providers/hashicorp/aws\nfor more information about providing credentials.";

export interface AwsOidcProvider {
    /** https://<issuer host>, no trailing slash. */
    url: string;
    clientIds: string[];
    /** The account holding it; undefined: every account. */
    accountId?: string;
}

export interface AwsSimulator extends CloudSimulator {
    /** A role and its trust policy (JSON text or object), e.g. the assumeRolePolicy captured under mocks. */
    addRole(arn: string, trustPolicy: string | object): void;
    addOidcProvider(provider: AwsOidcProvider): void;
    /** Forgets every role and provider. */
    clear(): void;
    readonly roles: Map<string, string>;
    readonly oidcProviders: AwsOidcProvider[];
}

const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const DATA_SOURCE = /data\s+"(aws_caller_identity|aws_arn)"\s+"([A-Za-z0-9_-]+)"/g;

/** The STS error the AWS provider's credential chain wraps (aws-sdk-go-v2 shape). */
function stsFailure(status: number, code: string, message: string): string {
    return (
        "failed to refresh cached credentials, failed to retrieve credentials, operation error STS: AssumeRoleWithWebIdentity, " +
        `https response error StatusCode: ${status}, RequestID: ${randomUUID()}, api error ${code}: ${message}`
    );
}

function credentialsError(address: string, error: string): ProbeOutcome {
    const diagnostic: ProbeDiagnostic = {
        severity: "error",
        summary: "No valid credential sources found",
        detail: `${CREDENTIALS_HELP}\n\nError: ${error}`,
        address,
    };
    return { diagnostics: [diagnostic] };
}

function hostOf(url: string): string {
    return url.replace(/^https:\/\//, "").replace(/\/+$/, "").toLowerCase();
}

export function awsSimulator(): AwsSimulator {
    const roles = new Map<string, string>();
    const oidcProviders: AwsOidcProvider[] = [];

    function probe(input: ProbeInput): ProbeOutcome {
        const roleArn = input.settings.PLAN_ROLE_ARN || input.settings.RUN_ROLE_ARN;
        if (!input.dynamicCredentials || !input.token || !roleArn) {
            // HCP gave the provider nothing: the default chain ends at the instance metadata service.
            return credentialsError(
                input.providerAddress,
                "failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled, context deadline exceeded",
            );
        }
        const arn = ROLE_ARN.exec(roleArn);
        if (!arn) return credentialsError(input.providerAddress, stsFailure(400, "ValidationError", "Request ARN is invalid"));
        const [, partition, accountId, roleName] = arn;
        const issuer = input.token.iss;
        const provider = oidcProviders.find((p) => hostOf(p.url) === hostOf(issuer) && (p.accountId === undefined || p.accountId === accountId));
        if (!provider) {
            return credentialsError(input.providerAddress, stsFailure(400, "InvalidIdentityToken", `No OpenIDConnect provider found in your account for ${issuer}`));
        }
        if (!provider.clientIds.includes(input.token.aud)) {
            return credentialsError(input.providerAddress, stsFailure(400, "InvalidIdentityToken", "Incorrect token audience"));
        }
        const policy = roles.get(roleArn);
        if (policy === undefined || !evaluateTrust(policy, { iss: issuer, aud: input.token.aud, sub: input.token.sub }).allowed) {
            // AWS answers the same for a role that does not exist and a trust that does not admit the token.
            return credentialsError(input.providerAddress, stsFailure(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"));
        }
        const session = `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/terraform-run-${input.runId}`;
        const reads: Array<{ address: string; id: string }> = [];
        const text = Object.values(input.files).join("\n");
        for (const m of text.matchAll(DATA_SOURCE)) {
            reads.push({ address: `data.${m[1]}.${m[2]}`, id: m[1] === "aws_caller_identity" ? accountId : session });
        }
        return { reads };
    }

    return {
        provider: "aws",
        providerSource: AWS_PROVIDER_SOURCE,
        variablePrefix: "AWS",
        defaultAudience: () => "aws.workload.identity",
        probe,
        roles,
        oidcProviders,
        addRole(arn, trustPolicy) {
            roles.set(arn, typeof trustPolicy === "string" ? trustPolicy : JSON.stringify(trustPolicy));
        },
        addOidcProvider(p) {
            oidcProviders.push({ url: p.url, clientIds: [...p.clientIds], accountId: p.accountId });
        },
        clear() {
            roles.clear();
            oidcProviders.length = 0;
        },
    };
}
