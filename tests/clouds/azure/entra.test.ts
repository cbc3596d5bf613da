// The Entra evaluator itself (tests/support/clouds/entra.ts), against hand-written cases.
import { strict as assert } from "assert";
import { entraExchange, entraWildcardMatch, parseClaimsMatchingExpression } from "../../support/clouds/entra";

const SUB = "organization:acme:project:Default Project:workspace:prod:run_phase:plan";
const FIC = { issuer: "https://app.terraform.io", subject: SUB, audiences: ["api://AzureADTokenExchange"] };
const TOKEN = { iss: "https://app.terraform.io", sub: SUB, aud: "api://AzureADTokenExchange" };

describe("support/clouds/entra (evaluator)", () => {
    it("a standard credential: exact iss, sub and aud", () => {
        assert.deepStrictEqual(entraExchange([FIC], TOKEN), { allowed: true, reason: "credential[0] matches" });
        assert.equal(entraExchange([FIC], { ...TOKEN, sub: SUB.replace("Default Project", "default project") }).allowed, false, "case-sensitive (AADSTS7002138)");
        assert.equal(entraExchange([FIC], { ...TOKEN, sub: SUB.replace(":plan", ":apply") }).allowed, false);
        assert.equal(entraExchange([FIC], { ...TOKEN, iss: "https://app.terraform.io/" }).allowed, false);
        assert.equal(entraExchange([FIC], { ...TOKEN, aud: "api://azureadtokenexchange" }).allowed, false);
        assert.deepStrictEqual(entraExchange([FIC, { ...FIC, subject: "x" }], { ...TOKEN, sub: "y" }), {
            allowed: false,
            reason: "AADSTS70021: no matching federated identity record (credential[0]: subject differs; credential[1]: subject differs)",
        });
        assert.equal(entraExchange([], TOKEN).allowed, false);
    });

    it("a credential must have exactly one audience", () => {
        assert.throws(() => entraExchange([{ ...FIC, audiences: ["a", "b"] }], TOKEN), /exactly one audience \(got 2\)/);
    });

    it("matches: * any run (':' included, possibly empty), ? exactly one character, literal otherwise", () => {
        const rows: Array<[string, string, boolean]> = [
            ["a*c", "ac", true],
            ["a*c", "a:b:c", true],
            ["a?c", "abc", true],
            ["a?c", "ac", false],
            ["a?c", "abbc", false],
            ["a.c", "abc", false],
            ["a+", "aa", false],
            ["(x)", "(x)", true],
            ["*", "", true],
            ["A*", "a", false],
            ["org:a:*:run_phase:*", "org:a:p:q:run_phase:plan", true],
        ];
        for (const [p, v, want] of rows) assert.equal(entraWildcardMatch(p, v), want, `${p} ~ ${v}`);
    });

    it("parses clauses joined by and; a literal may contain ' and '", () => {
        assert.deepStrictEqual(parseClaimsMatchingExpression("claims['sub'] matches 'a and b*' and claims['sub'] eq 'x'"), [
            { claim: "sub", operator: "matches", value: "a and b*" },
            { claim: "sub", operator: "eq", value: "x" },
        ]);
        for (const bad of ["claims['sub'] like 'x'", "claims['sub'] matches 'x' or claims['sub'] eq 'y'", "claims[\"sub\"] eq 'x'", "claims['sub'] matches 'x' and"]) {
            assert.throws(() => parseClaimsMatchingExpression(bad), /unsupported claimsMatchingExpression/, bad);
        }
    });

    it("a flexible credential: issuer and audience exact, then the expression", () => {
        const flex = { issuer: "https://app.terraform.io", audience: "api://AzureADTokenExchange", claimsMatchingExpression: "claims['sub'] matches 'organization:acme:project:Default Project:workspace:*:run_phase:*'" };
        assert.equal(entraExchange([flex], TOKEN).allowed, true);
        assert.equal(entraExchange([flex], { ...TOKEN, sub: SUB.replace("acme", "acme2") }).allowed, false);
        assert.equal(entraExchange([flex], { ...TOKEN, aud: "x" }).allowed, false);
        assert.equal(entraExchange([flex], { ...TOKEN, iss: "https://app.eu.terraform.io" }).allowed, false);
        assert.equal(entraExchange([{ ...flex, claimsMatchingExpression: `claims['sub'] eq '${SUB}'` }], TOKEN).allowed, true);
        assert.throws(() => entraExchange([{ ...flex, issuer: "https://tfe.example.com" }], TOKEN), /refuses a flexible credential for issuer "https:\/\/tfe.example.com"/);
        assert.throws(() => entraExchange([{ ...flex, claimsMatchingExpression: "claims['aud'] eq 'x'" }], TOKEN), /only claims\['sub'\]/);
    });
});
