// The Vault simulator's answers, one per branch, and the trust check's cause rules recognise the
// login failures as the Vault login cause.
import assert from "node:assert/strict";
import { matchCause } from "../../src/checks/causes";
import { vaultJwtAuthBackend, vaultJwtRoles } from "../../src/clouds/vault/trust";
import type { ProbeInput } from "../emulator";
import { NO_TOKEN, VAULT_PROVIDER_SOURCE, policyRules, vaultSimulator } from "./vaultSimulator";

const WS = "ws-AAAAAAAAAAAAAAAA";
const ADDR = "https://vault.example.com:8200";
const FILES = { "main.tf": 'provider "vault" {\n  skip_child_token = true\n}\ndata "vault_generic_secret" "p" {\n  path = "auth/token/lookup-self"\n}\n' };
const LOGIN = `Operation failed: failed authenticating to Vault: Error making API request. URL: PUT ${ADDR}/v1/auth/jwt/login Code: `;

function input(o: { settings?: Record<string, string>; claims?: Record<string, string>; dynamicCredentials?: boolean } = {}): ProbeInput {
    return {
        runId: "run-abc", phase: "plan", tag: null, dynamicCredentials: o.dynamicCredentials ?? true, env: {}, files: FILES, targetAddrs: null,
        providerAddress: `provider["${VAULT_PROVIDER_SOURCE}"]`,
        settings: o.settings ?? { ADDR, RUN_ROLE: "tfc-prod" },
        token: {
            iss: "https://app.terraform.io", aud: "vault.workload.identity", sub: "organization:acme:project:Default Project:workspace:prod:run_phase:plan",
            iat: 0, nbf: 0, exp: 1, jti: "j", terraform_organization_id: "org-AAAAAAAAAAAAAAAA", terraform_organization_name: "acme",
            terraform_project_id: "prj-AAAAAAAAAAAAAAAA", terraform_project_name: "Default Project", terraform_workspace_id: WS, terraform_workspace_name: "prod",
            terraform_full_workspace: "organization:acme:project:Default Project:workspace:prod", terraform_run_id: "run-abc", terraform_run_phase: "plan",
            ...(o.claims as any),
        },
    };
}

function simulator(policyText?: string) {
    const sim = vaultSimulator();
    const backend = vaultJwtAuthBackend();
    sim.addBackend("", "jwt", { boundIssuer: backend.boundIssuer, oidcDiscoveryUrl: backend.oidcDiscoveryUrl });
    const [trust] = vaultJwtRoles({ organization: "acme", workspaces: { name: "prod", id: WS }, roleName: "tfc-prod" });
    sim.addRole("", "jwt", "tfc-prod", { ...trust.role, tokenPolicies: trust.role.tokenPolicies });
    sim.addPolicy("", trust.policy.name, policyRules(policyText ?? trust.policy.policy));
    return sim;
}

describe("support/vaultSimulator", () => {
    it("logs in and reads lookup-self when the role admits the token and its policy allows it", () => {
        assert.deepEqual(simulator().probe(input()), { reads: [{ address: "data.vault_generic_secret.p", id: "auth/token/lookup-self" }] });
    });

    it("reads the policy text this package writes", () => {
        assert.deepEqual(policyRules('path "auth/token/lookup-self" {\n  capabilities = ["read"]\n}\n\npath "secret/*" {\n  capabilities = ["read", "list"]\n}\n'), {
            "auth/token/lookup-self": ["read"],
            "secret/*": ["read", "list"],
        });
    });

    it("no dynamic credentials: the provider has no token", () => {
        assert.deepEqual(simulator().probe(input({ dynamicCredentials: false })), { diagnostics: [{ severity: "error", summary: NO_TOKEN, detail: "", address: `provider["${VAULT_PROVIDER_SOURCE}"]` }] });
    });

    const refusals: [string, Parameters<typeof input>[0], string][] = [
        ["another mount", { settings: { ADDR, RUN_ROLE: "tfc-prod", AUTH_PATH: "jwt2" } }, `Operation failed: failed authenticating to Vault: Error making API request. URL: PUT ${ADDR}/v1/auth/jwt2/login Code: 404. Errors: * no handler for route "auth/jwt2/login". route entry not found.`],
        ["another namespace", { settings: { ADDR, RUN_ROLE: "tfc-prod", NAMESPACE: "admin" } }, `${LOGIN}404. Errors: * no handler for route "auth/jwt/login". route entry not found.`],
        ["an unknown role", { settings: { ADDR, RUN_ROLE: "tfc-role" } }, `${LOGIN}400. Errors: * role "tfc-role" could not be found`],
        ["another audience", { claims: { aud: "vault.other" } }, `${LOGIN}400. Errors: * error validating token: invalid audience (aud) claim`],
        ["another issuer", { claims: { iss: "https://tfe.example.com" } }, `${LOGIN}400. Errors: * error validating token: invalid issuer (iss) claim`],
        ["a re-created workspace", { claims: { terraform_workspace_id: "ws-BBBBBBBBBBBBBBBB" } }, `${LOGIN}400. Errors: * error validating claims: claim "terraform_workspace_id" does not match any associated bound claim values`],
    ];
    for (const [what, o, workerError] of refusals) {
        it(`refuses the login: ${what}, a Vault login cause`, () => {
            assert.deepEqual(simulator().probe(input(o)), { workerError });
            assert.equal(matchCause(workerError)?.kind, "vault-login");
        });
    }

    it("a policy without lookup-self: the read is denied", () => {
        const outcome = simulator('path "secret/*" {\n  capabilities = ["read"]\n}\n').probe(input());
        assert.deepEqual(outcome, {
            diagnostics: [{ severity: "error", summary: `error reading from Vault: Error making API request. URL: GET ${ADDR}/v1/auth/token/lookup-self Code: 403. Errors: * permission denied`, detail: "", address: "data.vault_generic_secret.p" }],
        });
    });
});
