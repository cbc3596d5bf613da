// The Vault side of a run, for the emulator's CloudSimulator: JWT auth backends (namespace + mount
// path -> issuer), their roles (-> audiences, bound claims, policies) and ACL policies (name ->
// the paths it allows), and what HCP Terraform's login (before Terraform runs: a worker error) and
// the provider's first read (vault_generic_secret of auth/token/lookup-self) get for the run's
// token, judged by the independent evaluator (clouds/vaultJwt.ts). Registered from what the program
// under test made.
//
// Texts: the worker's "Operation failed: failed authenticating to Vault: Error making API request."
// line and Vault's error lines (`role "…" could not be found`, "invalid audience (aud) claim",
// "does not match any associated bound claim values", "permission denied") follow Vault's API
// answers; the exact worker wording around them is this harness's, not verified against HCP.
// Imports nothing from src/.
import type { CloudSimulator, ProbeInput, ProbeOutcome } from "../emulator";
import { vaultLogin, type VaultBackendConfig, type VaultRoleConfig } from "./clouds/vaultJwt";

export const VAULT_PROVIDER_SOURCE = "registry.terraform.io/hashicorp/vault";

/** The provider's configure error when HCP Terraform gave it no token. */
export const NO_TOKEN = "no vault token set on Client";

export interface VaultSimRole extends VaultRoleConfig {
    readonly tokenPolicies: readonly string[];
}

export interface VaultSimulator extends CloudSimulator {
    /** A JWT auth backend at `path` (relative to auth/) in `namespace` ("" for the root). */
    addBackend(namespace: string, path: string, config: VaultBackendConfig): void;
    addRole(namespace: string, path: string, name: string, role: VaultSimRole): void;
    /** An ACL policy: its paths with their capabilities. */
    addPolicy(namespace: string, name: string, rules: Record<string, readonly string[]>): void;
    clear(): void;
    readonly backends: Map<string, VaultBackendConfig>;
    readonly roles: Map<string, VaultSimRole>;
    readonly policies: Map<string, Record<string, readonly string[]>>;
}

const LOOKUP = /data\s+"vault_generic_secret"\s+"([A-Za-z0-9_-]+)"/g;

/** The worker's line for a refused login at `url`. */
function loginFailure(url: string, code: number, error: string): string {
    return `Operation failed: failed authenticating to Vault: Error making API request. URL: PUT ${url} Code: ${code}. Errors: * ${error}`;
}

/** Vault's error line for the evaluator's reason. */
function vaultError(reason: string): string {
    return reason.startsWith("claim ") && reason.includes("does not match") ? `error validating claims: ${reason}` : reason;
}

/** The paths a policy text of this package allows: `path "<p>" { capabilities = [...] }` blocks. */
export function policyRules(hcl: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const m of hcl.matchAll(/path\s+"([^"]+)"\s*\{\s*capabilities\s*=\s*\[([^\]]*)\]\s*\}/g)) {
        out[m[1]] = [...m[2].matchAll(/"([a-z]+)"/g)].map((c) => c[1]);
    }
    return out;
}

export function vaultSimulator(): VaultSimulator {
    const backends = new Map<string, VaultBackendConfig>();
    const roles = new Map<string, VaultSimRole>();
    const policies = new Map<string, Record<string, readonly string[]>>();

    function probe(input: ProbeInput): ProbeOutcome {
        const s = input.settings;
        const roleName = s.PLAN_ROLE || s.RUN_ROLE;
        const names = [...Object.values(input.files).join("\n").matchAll(LOOKUP)].map((m) => m[1]);
        if (!input.dynamicCredentials || !input.token || !roleName || !s.ADDR) {
            return { diagnostics: [{ severity: "error", summary: NO_TOKEN, detail: "", address: input.providerAddress }] };
        }
        const namespace = s.NAMESPACE ?? "";
        const path = s.AUTH_PATH ?? "jwt";
        const url = `${s.ADDR.replace(/\/+$/, "")}/v1/auth/${path}/login`;
        const backend = backends.get(`${namespace} ${path}`);
        if (!backend) return { workerError: loginFailure(url, 404, `no handler for route "auth/${path}/login". route entry not found.`) };
        const role = roles.get(`${namespace} ${path} ${roleName}`);
        if (!role) return { workerError: loginFailure(url, 400, `role "${roleName}" could not be found`) };
        const decision = vaultLogin(backend, role, { ...input.token });
        if (!decision.allowed) return { workerError: loginFailure(url, 400, vaultError(decision.reason)) };
        const allowed = role.tokenPolicies.some((p) => (policies.get(`${namespace} ${p}`)?.["auth/token/lookup-self"] ?? []).includes("read"));
        if (!allowed) {
            return {
                diagnostics: names.map((n) => ({
                    severity: "error" as const,
                    summary: `error reading from Vault: Error making API request. URL: GET ${s.ADDR.replace(/\/+$/, "")}/v1/auth/token/lookup-self Code: 403. Errors: * permission denied`,
                    detail: "",
                    address: `data.vault_generic_secret.${n}`,
                })),
            };
        }
        return { reads: names.map((n) => ({ address: `data.vault_generic_secret.${n}`, id: "auth/token/lookup-self" })) };
    }

    return {
        provider: "vault",
        providerSource: VAULT_PROVIDER_SOURCE,
        variablePrefix: "VAULT",
        defaultAudience: () => "vault.workload.identity",
        probe,
        backends,
        roles,
        policies,
        addBackend(namespace, path, config) {
            backends.set(`${namespace} ${path}`, { ...config });
        },
        addRole(namespace, path, name, role) {
            roles.set(`${namespace} ${path} ${name}`, { ...role, tokenPolicies: [...role.tokenPolicies] });
        },
        addPolicy(namespace, name, rules) {
            policies.set(`${namespace} ${name}`, { ...rules });
        },
        clear() {
            backends.clear();
            roles.clear();
            policies.clear();
        },
    };
}
