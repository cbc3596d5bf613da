import { strict as assert } from "assert";
import { VAULT_TOKEN_SELF_RULES, validateVaultPolicyPath, vaultPolicyHcl, vaultPolicyRules, type VaultPolicyRule } from "../../../src/clouds/vault/policy";
import { expectInputError, validatorTable } from "../expectInputError";

const SELF_HCL = `path "auth/token/lookup-self" {
  capabilities = ["read"]
}

path "auth/token/renew-self" {
  capabilities = ["update"]
}

path "auth/token/revoke-self" {
  capabilities = ["update"]
}
`;

describe("clouds/vault/policy", () => {
    it("the token self-rules HCP Terraform needs (look up, renew, revoke)", () => {
        assert.deepStrictEqual(VAULT_TOKEN_SELF_RULES, [
            { path: "auth/token/lookup-self", capabilities: ["read"] },
            { path: "auth/token/renew-self", capabilities: ["update"] },
            { path: "auth/token/revoke-self", capabilities: ["update"] },
        ]);
        assert.ok(Object.isFrozen(VAULT_TOKEN_SELF_RULES) && Object.isFrozen(VAULT_TOKEN_SELF_RULES[0]));
        assert.equal(vaultPolicyHcl(vaultPolicyRules()), SELF_HCL);
    });

    it("user rules follow; same paths merge (capabilities united, first order kept)", () => {
        const rules = vaultPolicyRules([
            { path: "secret/data/app/*", capabilities: ["read", "list"] },
            { path: "auth/token/lookup-self", capabilities: ["read", "list"] },
            { path: "secret/+/config", capabilities: ["read"] },
            { path: "secret/data/app/*", capabilities: ["list", "read", "create"] },
        ]);
        assert.deepStrictEqual(rules, [
            { path: "auth/token/lookup-self", capabilities: ["read", "list"] },
            { path: "auth/token/renew-self", capabilities: ["update"] },
            { path: "auth/token/revoke-self", capabilities: ["update"] },
            { path: "secret/data/app/*", capabilities: ["read", "list", "create"] },
            { path: "secret/+/config", capabilities: ["read"] },
        ]);
        assert.equal(
            vaultPolicyHcl(rules),
            SELF_HCL.replace('capabilities = ["read"]', 'capabilities = ["read", "list"]') +
                '\npath "secret/data/app/*" {\n  capabilities = ["read", "list", "create"]\n}\n\npath "secret/+/config" {\n  capabilities = ["read"]\n}\n',
        );
    });

    it("templated paths pass through untouched", () => {
        assert.equal(vaultPolicyHcl([{ path: "secret/data/{{identity.entity.name}}/*", capabilities: ["read"] }]), 'path "secret/data/{{identity.entity.name}}/*" {\n  capabilities = ["read"]\n}\n');
    });

    describe("validateVaultPolicyPath", () =>
        validatorTable(validateVaultPolicyPath, "policyRules", ["secret/*", "secret/+/x", "sys/mounts", "kv/data/a-b_c.d@e=f", "+"], [
            ["", 'Vault policy path "": a policy path must not be empty. Fix the path.'],
            ['secret/*" {\n}\npath "sys/*', 'Vault policy path "secret/*\\" {\\n}\\npath \\"sys/*": a policy path is printable ASCII without spaces, \'"\', "\\" or "$". Fix the path.'],
            ["secret\\x", 'Vault policy path "secret\\\\x": a policy path is printable ASCII without spaces, \'"\', "\\" or "$". Fix the path.'],
            ["secret/${x}", 'Vault policy path "secret/${x}": a policy path is printable ASCII without spaces, \'"\', "\\" or "$". Fix the path.'],
            ["my secret", 'Vault policy path "my secret": a policy path is printable ASCII without spaces, \'"\', "\\" or "$". Fix the path.'],
            ["/secret/*", 'Vault policy path "/secret/*": a policy path has no leading "/"; use "secret/*". Fix the path.'],
            ["secret/*/x", 'Vault policy path "secret/*/x": "*" may only be the last character of a policy path. Fix the path.'],
            ["secret/a+/x", 'Vault policy path "secret/a+/x": "+" stands for one whole path segment (e.g. "secret/+/config"). Fix the path.'],
        ]));

    it("bad rules: not an object, no or unknown capabilities, a deny on a token self-path, not a list", () => {
        expectInputError(() => vaultPolicyRules(["secret/*"] as unknown as VaultPolicyRule[]), "policyRules", "policyRules[0]: expected { path, capabilities }. Fix the policy rules.");
        expectInputError(() => vaultPolicyRules([{ path: "secret/*", capabilities: [] }]), "policyRules", 'policyRules[0] ("secret/*"): give at least one capability (create, read, update, patch, delete, list, sudo, deny, subscribe). Fix the policy rules.');
        expectInputError(
            () => vaultPolicyRules([{ path: "a/b", capabilities: ["read"] }, { path: "secret/*", capabilities: ["write" as "read"] }]),
            "policyRules",
            'policyRules[1] ("secret/*"): unknown capability "write"; Vault\'s are create, read, update, patch, delete, list, sudo, deny, subscribe. Fix the policy rules.',
        );
        expectInputError(
            () => vaultPolicyRules([{ path: "auth/token/renew-self", capabilities: ["deny"] }]),
            "policyRules",
            'policyRules[0] ("auth/token/renew-self"): "deny" here would stop HCP Terraform from looking up, renewing or revoking its token. Fix the policy rules.',
        );
        expectInputError(() => vaultPolicyRules({ path: "x" } as unknown as VaultPolicyRule[]), "policyRules", "policyRules: expected a list of { path, capabilities }. Fix the policy rules.");
        expectInputError(() => vaultPolicyHcl([{ path: "/x", capabilities: ["read"] }]), "policyRules", 'Vault policy path "/x": a policy path has no leading "/"; use "x". Fix the path.');
    });
});
