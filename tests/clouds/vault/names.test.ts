import { strict as assert } from "assert";
import { validateVaultAuthPath, validateVaultNamespace, validateVaultPolicyName, validateVaultRoleName, validateVaultTokenTtl } from "../../../src/clouds/vault/names";
import { expectInputError, validatorTable } from "../expectInputError";

describe("clouds/vault/names", () => {
    const ROLE = 'a Vault role name is letters, digits and "_", with "-" and "." allowed inside (not first or last), and must not be empty';
    describe("validateVaultRoleName", () =>
        validatorTable(validateVaultRoleName, "roleName", ["tfc-role", "tfc_role.v2", "A", "_x_", "Role-1"], [
            ["", `Vault role name "": ${ROLE}. Fix the role name.`],
            ["-role", `Vault role name "-role": ${ROLE}. Fix the role name.`],
            ["role.", `Vault role name "role.": ${ROLE}. Fix the role name.`],
            ["tfc role", `Vault role name "tfc role": ${ROLE}. Fix the role name.`],
            ["role/x", `Vault role name "role/x": ${ROLE}. Fix the role name.`],
            ["tfc-*", `Vault role name "tfc-*": ${ROLE}. Fix the role name.`],
            [null, "Vault role name null: expected a string (got null). Fix the role name."],
        ]));

    const PATH = 'a Vault auth path is "/"-separated segments of letters, digits, "_", "-" and "." (e.g. "jwt")';
    describe("validateVaultAuthPath", () =>
        validatorTable(validateVaultAuthPath, "authPath", ["jwt", "hcp-terraform", "team/jwt", "jwt.v2"], [
            ["", 'Vault auth path "": a Vault auth path must not be empty. Fix the auth path.'],
            ["/jwt/", 'Vault auth path "/jwt/": a Vault auth path has no leading or trailing "/"; use "jwt". Fix the auth path.'],
            ["auth/jwt/", 'Vault auth path "auth/jwt/": a Vault auth path has no leading or trailing "/"; use "auth/jwt". Fix the auth path.'],
            ["/", 'Vault auth path "/": a Vault auth path has no leading or trailing "/". Fix the auth path.'],
            ["a//b", `Vault auth path "a//b": ${PATH}. Fix the auth path.`],
            ["a/../b", `Vault auth path "a/../b": ${PATH}. Fix the auth path.`],
            ["j wt", `Vault auth path "j wt": ${PATH}. Fix the auth path.`],
            ["jwt*", `Vault auth path "jwt*": ${PATH}. Fix the auth path.`],
            ["token", 'Vault auth path "token": "token" is the mount of Vault\'s token auth method. Fix the auth path.'],
        ]));

    const NS = 'a Vault namespace is "/"-separated segments of letters, digits, "_", "-" and "." (e.g. "admin/team-a")';
    describe("validateVaultNamespace", () =>
        validatorTable(validateVaultNamespace, "namespace", ["admin", "admin/team-a", "team_1.x"], [
            ["", 'Vault namespace "": the root namespace is no namespace; leave the namespace out. Fix the namespace.'],
            ["admin/", 'Vault namespace "admin/": a Vault namespace has no leading or trailing "/"; use "admin". Fix the namespace.'],
            ["admin team", `Vault namespace "admin team": ${NS}. Fix the namespace.`],
            ["root", 'Vault namespace "root": "root" is a reserved namespace name (root, sys, audit, auth, cubbyhole, identity). Fix the namespace.'],
            ["admin/sys", 'Vault namespace "admin/sys": "sys" is a reserved namespace name (root, sys, audit, auth, cubbyhole, identity). Fix the namespace.'],
            [1, "Vault namespace 1: expected a string (got number). Fix the namespace."],
        ]));

    describe("validateVaultTokenTtl", () => {
        it("seconds as a number or digits, or h/m/s durations, returned in seconds", () => {
            const rows: Array<[unknown, number]> = [[1200, 1200], ["1200", 1200], ["20m", 1200], ["1h30m", 5400], ["2h", 7200], ["90s", 90], ["1h1m1s", 3661]];
            for (const [v, s] of rows) assert.equal(validateVaultTokenTtl(v), s, String(v));
        });
        const RULE = 'a token TTL is a whole number of seconds more than 0, or a duration such as "20m" or "1h30m" (units h, m, s)';
        const BAD: unknown[] = [0, -5, 1.5, NaN, "0", "0m", "20 m", "1d", "20min", "", "h", true, null];
        for (const v of BAD) {
            it(`refuses ${JSON.stringify(v) ?? String(v)}`, () => expectInputError(() => validateVaultTokenTtl(v), "tokenTtl", `token TTL ${typeof v === "string" ? JSON.stringify(v) : String(v)}: ${RULE}. Fix the token TTL.`));
        }
        it("the max TTL is named as such", () =>
            expectInputError(() => validateVaultTokenTtl("x", "tokenMaxTtl"), "tokenMaxTtl", 'token max TTL "x": a token max TTL is a whole number of seconds more than 0, or a duration such as "20m" or "1h30m" (units h, m, s). Fix the token max TTL.'));
    });

    const POLICY = 'a Vault policy name is lower-case letters, digits and "_", with "-" and "." allowed inside';
    describe("validateVaultPolicyName", () =>
        validatorTable(validateVaultPolicyName, "policyName", ["tfc-role", "app.read_1"], [
            ["TFC-Role", `Vault policy name "TFC-Role": ${POLICY}. Fix the policy name.`],
            ["a b", `Vault policy name "a b": ${POLICY}. Fix the policy name.`],
            ["", `Vault policy name "": ${POLICY}. Fix the policy name.`],
            ["root", 'Vault policy name "root": "root" and "default" are Vault\'s built-in policies. Fix the policy name.'],
            ["default", 'Vault policy name "default": "root" and "default" are Vault\'s built-in policies. Fix the policy name.'],
        ]));
});
