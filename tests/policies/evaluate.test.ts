import { strict as assert } from "assert";
import {
    UnsupportedPolicyError,
    awsTrustPolicy,
    evaluateTrust,
    issuerHost,
    stringEquals,
    subjectMatches,
    type PolicyDocument,
} from "../../src/policies";

/** Independent reference for StringLike: a regex over code points (`*` -> any run, `?` -> one). */
function referenceLike(pattern: string, subject: string): boolean {
    const body = Array.from(pattern)
        .map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`, "u").test(subject);
}

const ARN = "arn:aws:iam::123456789012:oidc-provider/app.terraform.io";
const SUB_PLAN = "organization:acme:project:Default Project:workspace:prod:run_phase:plan";

function statement(condition: Record<string, Record<string, string | string[]>>, extra: object = {}): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Principal: { Federated: ARN }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition, ...extra },
        ],
    };
}

describe("policies/evaluate", () => {
    describe("subjectMatches: IAM StringLike glob semantics (hand-written cases)", () => {
        const CASES: Array<[string, string, boolean]> = [
            ["", "", true],
            ["", "a", false],
            ["*", "", true],
            ["*", "anything:at:all", true],
            ["**", "", true],
            ["?", "", false],
            ["?", "a", true],
            ["?", "ab", false],
            ["??", "a", false],
            ["*?", "", false],
            ["*?", "a", true],
            ["a*b", "ab", true],
            ["a*b", "axxb", true],
            ["a*b", "axxbc", false],
            ["a*b*c", "abbbc", true],
            ["a*a", "a", false],
            ["*a", "aaa", true],
            ["a*", "ba", false],
            ["prod", "Prod", false],
            ["prod", "prod-2", false],
            ["prod", "xprod", false],
            ["*prod", "xprod", true],
            ["prod*", "prod-2", true],
            ["a.b", "axb", false],
            ["[ab]", "a", false],
            ["[ab]", "[ab]", true],
            ["a+", "aa", false],
            ["^a$", "^a$", true],
            ["\\*", "\\anything", true],
            ["\\*", "*", false],
            ["é?", "éx", true],
            ["?", "😀", true],
            ["${*}", "*", true],
            ["${*}", "x", false],
            ["${?}", "?", true],
            ["${?}", "a", false],
            ["${$}", "$", true],
            ["a${*}*", "a*bc", true],
            ["a${*}*", "abc", false],
            ["organization:acme:project:*:workspace:prod:run_phase:*", SUB_PLAN, true],
            ["organization:acme:project:*:workspace:prod:run_phase:*", "organization:acme:project:Default Project:workspace:prod-2:run_phase:plan", false],
            ["organization:acme:project:*:workspace:prod:run_phase:*", "organization:acme:project:Default Project:workspace:xprod:run_phase:plan", false],
            ["organization:acme:project:*:workspace:prod:run_phase:*", "organization:acme-2:project:Default Project:workspace:prod:run_phase:plan", false],
            ["organization:acme:project:*:workspace:prod:run_phase:plan", "organization:acme:project:P:workspace:prod:run_phase:apply", false],
        ];
        for (const [pattern, subject, expected] of CASES) {
            it(`${JSON.stringify(pattern)} ${expected ? "matches" : "does not match"} ${JSON.stringify(subject)}`, () => {
                assert.equal(subjectMatches(pattern, subject), expected);
            });
        }

        it("documents the limit of the model: only names without ':' keep project:* inside its segment", () => {
            // A project "name" containing ":workspace:" cannot exist (validated, and refused by HCP), but
            // the glob itself would let `*` span it: this is why every name is validated first.
            assert.equal(
                subjectMatches(
                    "organization:acme:project:*:workspace:prod:run_phase:*",
                    "organization:acme:project:x:workspace:evil:workspace:prod:run_phase:plan",
                ),
                true,
            );
        });

        it("agrees with an independent regex reference on 3000 seeded random cases", () => {
            let state = 0x9e3779b9;
            const rnd = (n: number): number => {
                state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
                return state % n;
            };
            const word = (alphabet: string, max: number): string => {
                let s = "";
                for (let i = rnd(max + 1); i > 0; i--) s += alphabet[rnd(alphabet.length)];
                return s;
            };
            let matches = 0;
            for (let i = 0; i < 3000; i++) {
                const pattern = word("ab*?", 6);
                const subject = word("ab", 7);
                const expected = referenceLike(pattern, subject);
                if (expected) matches++;
                assert.equal(subjectMatches(pattern, subject), expected, `${pattern} vs ${subject}`);
            }
            assert.ok(matches > 300 && matches < 2700, `degenerate sample: ${matches} matches`);
        });

        it("refuses policy variables it does not model", () => {
            assert.throws(
                () => subjectMatches("organization:${aws:username}", "organization:x"),
                (err: unknown) =>
                    err instanceof UnsupportedPolicyError &&
                    err.message === 'the policy variable in "organization:${aws:username}" is not supported by this evaluator (only ${*}, ${?} and ${$} are)',
            );
        });

        it("StringEquals is exact and case-sensitive; * and ? are literal there", () => {
            assert.equal(stringEquals("a*", "a*"), true);
            assert.equal(stringEquals("a*", "ab"), false);
            assert.equal(stringEquals("a?", "ab"), false);
            assert.equal(stringEquals("Prod", "prod"), false);
            assert.equal(stringEquals("${*}", "*"), true);
            assert.equal(stringEquals("${*}", "${*}", false), true);
        });
    });

    describe("evaluateTrust", () => {
        const trust = awsTrustPolicy({ accountId: "123456789012", organization: "acme", workspaces: ["prod"] });

        it("admits the workspace's plan and apply tokens from any project", () => {
            for (const phase of ["plan", "apply"]) {
                for (const project of ["Default Project", "Platform"]) {
                    const sub = `organization:acme:project:${project}:workspace:prod:run_phase:${phase}`;
                    assert.deepStrictEqual(evaluateTrust(trust, { iss: "https://app.terraform.io", aud: "aws.workload.identity", sub }), {
                        allowed: true,
                        reason: "allowed by Statement[0]",
                    });
                }
            }
        });

        it("normalizes the issuer: https://host, host/, bare host, any case", () => {
            for (const iss of ["https://app.terraform.io", "https://app.terraform.io/", "app.terraform.io", "HTTPS://APP.Terraform.IO"]) {
                assert.equal(evaluateTrust(trust, { iss, aud: "aws.workload.identity", sub: SUB_PLAN }).allowed, true, iss);
            }
            assert.equal(issuerHost("https://tfe.example.com:8443/"), "tfe.example.com:8443");
        });

        const DENIED: Array<[string, { iss: string; aud: string; sub: string }, string]> = [
            [
                "another issuer",
                { iss: "https://tfe.example.com", aud: "aws.workload.identity", sub: SUB_PLAN },
                'no statement allows the token: Statement[0]: the principal is not the OIDC provider of issuer host "tfe.example.com"',
            ],
            [
                "another audience",
                { iss: "https://app.terraform.io", aud: "vault.workload.identity", sub: SUB_PLAN },
                'no statement allows the token: Statement[0]: StringEquals app.terraform.io:aud does not admit "vault.workload.identity"',
            ],
            [
                "a look-alike workspace",
                { iss: "https://app.terraform.io", aud: "aws.workload.identity", sub: SUB_PLAN.replace("workspace:prod", "workspace:prod-2") },
                'no statement allows the token: Statement[0]: StringLike app.terraform.io:sub does not admit "organization:acme:project:Default Project:workspace:prod-2:run_phase:plan"',
            ],
            [
                "an HYOK token of the same organization",
                { iss: "https://app.terraform.io", aud: "aws.workload.identity", sub: "organization:acme:hyok_config:prod" },
                'no statement allows the token: Statement[0]: StringLike app.terraform.io:sub does not admit "organization:acme:hyok_config:prod"',
            ],
        ];
        for (const [name, claims, reason] of DENIED) {
            it(`denies ${name} with a reason`, () => {
                assert.deepStrictEqual(evaluateTrust(trust, claims), { allowed: false, reason });
            });
        }

        it("accepts the policy as a JSON string and a single Statement object", () => {
            const claims = { iss: "app.terraform.io", aud: "aws.workload.identity", sub: SUB_PLAN };
            assert.equal(evaluateTrust(JSON.stringify(trust), claims).allowed, true);
            const single = { Version: "2012-10-17", Statement: trust.Statement[0] } as unknown as PolicyDocument;
            assert.equal(evaluateTrust(single, claims).allowed, true);
        });

        it("condition key names are case-insensitive, values are not", () => {
            const claims = { iss: "app.terraform.io", aud: "aws.workload.identity", sub: SUB_PLAN };
            assert.equal(evaluateTrust(statement({ StringEquals: { "APP.Terraform.io:AUD": "aws.workload.identity" } }), claims).allowed, true);
            assert.equal(evaluateTrust(statement({ StringEquals: { "app.terraform.io:aud": "AWS.workload.identity" } }), claims).allowed, false);
        });

        it("a condition on another host's key fails (the token has no such claim); IfExists and negated operators pass", () => {
            const claims = { iss: "app.terraform.io", aud: "aws.workload.identity", sub: SUB_PLAN };
            assert.deepStrictEqual(evaluateTrust(statement({ StringLike: { "tfe.example.com:sub": "*" } }), claims), {
                allowed: false,
                reason: "no statement allows the token: Statement[0]: StringLike tfe.example.com:sub: the token has no such claim",
            });
            assert.equal(evaluateTrust(statement({ StringLikeIfExists: { "tfe.example.com:sub": "x" } }), claims).allowed, true);
            assert.equal(evaluateTrust(statement({ StringNotEquals: { "tfe.example.com:sub": "x" } }), claims).allowed, true);
            assert.equal(evaluateTrust(statement({ StringNotLike: { "app.terraform.io:sub": "*:run_phase:apply" } }), claims).allowed, true);
            assert.equal(evaluateTrust(statement({ StringNotLike: { "app.terraform.io:sub": "*:run_phase:plan" } }), claims).allowed, false);
        });

        it("several values are ORed, several keys and operators ANDed", () => {
            const claims = { iss: "app.terraform.io", aud: "aws.workload.identity", sub: SUB_PLAN };
            assert.equal(evaluateTrust(statement({ StringLike: { "app.terraform.io:sub": ["nope", "*:workspace:prod:*"] } }), claims).allowed, true);
            assert.equal(
                evaluateTrust(
                    statement({
                        StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
                        StringLike: { "app.terraform.io:sub": "*:run_phase:apply" },
                    }),
                    claims,
                ).allowed,
                false,
            );
        });

        it("actions: sts:* and case variations cover it; another action does not", () => {
            const claims = { iss: "app.terraform.io", aud: "aws.workload.identity", sub: SUB_PLAN };
            assert.equal(evaluateTrust(statement({}, { Action: "sts:*" }), claims).allowed, true);
            assert.equal(evaluateTrust(statement({}, { Action: ["sts:assumerolewithwebidentity"] }), claims).allowed, true);
            assert.deepStrictEqual(evaluateTrust(statement({}, { Action: "sts:AssumeRole" }), claims), {
                allowed: false,
                reason: "no statement allows the token: Statement[0]: the action does not cover sts:AssumeRoleWithWebIdentity",
            });
        });

        it("an explicit Deny wins over an Allow", () => {
            const doc: PolicyDocument = {
                Version: "2012-10-17",
                Statement: [
                    ...trust.Statement,
                    {
                        Effect: "Deny",
                        Principal: { Federated: ARN },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: { StringLike: { "app.terraform.io:sub": "*:run_phase:apply" } },
                    },
                ],
            };
            const base = { iss: "app.terraform.io", aud: "aws.workload.identity" };
            assert.equal(evaluateTrust(doc, { ...base, sub: SUB_PLAN }).allowed, true);
            assert.deepStrictEqual(evaluateTrust(doc, { ...base, sub: SUB_PLAN.replace(":plan", ":apply") }), {
                allowed: false,
                reason: "denied by Statement[1] (explicit Deny)",
            });
        });

        it("refuses what it does not model instead of guessing", () => {
            const claims = { iss: "app.terraform.io", aud: "aws.workload.identity", sub: SUB_PLAN };
            const ROWS: Array<[PolicyDocument, string]> = [
                [statement({ StringEqualsIgnoreCase: { "app.terraform.io:aud": "x" } }), 'Statement[0]: condition operator "StringEqualsIgnoreCase" is not supported by this evaluator'],
                [statement({ "ForAnyValue:StringLike": { "app.terraform.io:sub": "x" } }), 'Statement[0]: condition operator "ForAnyValue:StringLike" is not supported by this evaluator'],
                [statement({}, { NotAction: "sts:AssumeRole" }), "Statement[0]: NotAction is not supported by this evaluator"],
                [{ Version: "2012-10-17", Statement: [{ Effect: "Maybe", Action: "*" }] } as unknown as PolicyDocument, 'Statement[0]: Effect must be "Allow" or "Deny"'],
            ];
            for (const [doc, message] of ROWS) {
                assert.throws(() => evaluateTrust(doc, claims), (err: unknown) => err instanceof UnsupportedPolicyError && err.message === message);
            }
        });
    });
});
