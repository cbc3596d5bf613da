// The Vault evaluator itself (tests/support/clouds/vaultJwt.ts): go-glob semantics by hand-written
// cases and against an independent regex reference, and the login checks.
import { strict as assert } from "assert";
import { vaultGlob, vaultLogin } from "../../support/clouds/vaultJwt";
import { int, pick, seededRandom } from "../../support/random";

const regexGlob = (p: string, s: string): boolean => new RegExp("^" + p.split("*").map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s\\S]*") + "$").test(s);

const BACKEND = { boundIssuer: "https://app.terraform.io", oidcDiscoveryUrl: "https://app.terraform.io" };
const ROLE = {
    roleType: "jwt",
    boundAudiences: ["vault.workload.identity"],
    boundClaimsType: "glob" as const,
    boundClaims: { sub: "organization:acme:project:*:workspace:a:run_phase:*,organization:acme:project:*:workspace:b:run_phase:*", terraform_workspace_id: "ws-1,ws-2" },
    userClaim: "terraform_full_workspace",
};
const TOKEN = {
    iss: "https://app.terraform.io",
    aud: "vault.workload.identity",
    sub: "organization:acme:project:Default Project:workspace:b:run_phase:plan",
    terraform_workspace_id: "ws-2",
    terraform_full_workspace: "organization:acme:project:Default Project:workspace:b",
};

describe("support/clouds/vaultJwt (evaluator)", () => {
    it("go-glob: * is the only wildcard and crosses ':' and ','; ? and the rest are literal", () => {
        const rows: Array<[string, string, boolean]> = [
            ["", "", true],
            ["", "a", false],
            ["*", "", true],
            ["*", "a:b,c", true],
            ["a*", "a", true],
            ["*a", "ba", true],
            ["*a", "ab", false],
            ["a*b*c", "a:x:b:y:c", true],
            ["a*b*c", "acb", false],
            ["a?c", "abc", false],
            ["a?c", "a?c", true],
            ["ws:*:run", "ws:x:run", true],
            ["ws:a:run_phase:*", "ws:a-2:run_phase:plan", false],
            ["ws:a*", "ws:a-2:run_phase:plan", true],
            ["A*", "a", false],
            ["aa*aa", "aaa", false],
            ["aa*aa", "aaaa", true],
        ];
        for (const [p, s, want] of rows) assert.equal(vaultGlob(p, s), want, `${JSON.stringify(p)} ~ ${JSON.stringify(s)}`);
    });

    it("go-glob agrees with a regex reference on 5000 random small cases", () => {
        const r = seededRandom(7);
        for (let i = 0; i < 5000; i++) {
            const gen = (alphabet: string) => Array.from({ length: int(r, 0, 7) }, () => pick(r, alphabet)).join("");
            const p = gen("ab:*");
            const s = gen("ab:");
            assert.equal(vaultGlob(p, s), regexGlob(p, s), `${JSON.stringify(p)} ~ ${JSON.stringify(s)}`);
        }
    });

    it("login: issuer, audience, every bound claim (comma alternatives), the user claim", () => {
        assert.deepStrictEqual(vaultLogin(BACKEND, ROLE, TOKEN), { allowed: true, reason: "logged in" });
        assert.deepStrictEqual(vaultLogin(BACKEND, ROLE, { ...TOKEN, iss: "https://app.terraform.io/" }), { allowed: false, reason: "error validating token: invalid issuer (iss) claim" });
        assert.deepStrictEqual(vaultLogin(BACKEND, ROLE, { ...TOKEN, aud: "vault" }), { allowed: false, reason: "error validating token: invalid audience (aud) claim" });
        assert.equal(vaultLogin(BACKEND, ROLE, { ...TOKEN, aud: ["x", "vault.workload.identity"] }).allowed, true, "a list audience: any element");
        assert.deepStrictEqual(vaultLogin(BACKEND, ROLE, { ...TOKEN, terraform_workspace_id: "ws-3" }), { allowed: false, reason: 'claim "terraform_workspace_id" does not match any associated bound claim values' });
        assert.deepStrictEqual(vaultLogin(BACKEND, ROLE, { ...TOKEN, sub: TOKEN.sub.replace("workspace:b", "workspace:b-2") }), { allowed: false, reason: 'claim "sub" does not match any associated bound claim values' });
        const { terraform_workspace_id: _w, ...noId } = TOKEN;
        assert.deepStrictEqual(vaultLogin(BACKEND, ROLE, noId), { allowed: false, reason: 'claim "terraform_workspace_id" is missing' });
        const { terraform_full_workspace: _f, ...noUser } = TOKEN;
        assert.deepStrictEqual(vaultLogin(BACKEND, ROLE, noUser), { allowed: false, reason: 'claim "terraform_full_workspace" not found in token' });
        assert.equal(vaultLogin({}, { ...ROLE, boundAudiences: [] }, { ...TOKEN, iss: "x", aud: "y" }).allowed, true, "no bound issuer or audiences: not checked");
    });

    it("string type and disableBoundClaimsParsing", () => {
        const exact = { ...ROLE, boundClaimsType: "string" as const, boundClaims: { terraform_workspace_id: "ws-1,ws-2" } };
        assert.equal(vaultLogin(BACKEND, exact, TOKEN).allowed, true);
        assert.equal(vaultLogin(BACKEND, { ...exact, boundClaims: { sub: "organization:acme:*" } }, TOKEN).allowed, false, "string: * is literal");
        assert.equal(vaultLogin(BACKEND, { ...exact, disableBoundClaimsParsing: true }, TOKEN).allowed, false);
        assert.equal(vaultLogin(BACKEND, { ...exact, disableBoundClaimsParsing: true }, { ...TOKEN, terraform_workspace_id: "ws-1,ws-2" }).allowed, true);
    });

    it("throws on what it does not model", () => {
        assert.throws(() => vaultLogin(BACKEND, { ...ROLE, roleType: "oidc" }, TOKEN), /role_type oidc is not modelled/);
        assert.throws(() => vaultLogin(BACKEND, { ...ROLE, boundSubject: "x" }, TOKEN), /bound_subject is not modelled/);
    });
});
