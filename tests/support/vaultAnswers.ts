// What Vault answers the mocks for a VaultWorkspaceFederation's resources, as the Vault provider
// records them: a JWT auth backend's id is its path (with its accessor `auth_jwt_<hex>`), a role's
// `auth/<backend>/role/<name>`, a policy's its name. Pure (no @pulumi/pulumi import).
import { createHash } from "node:crypto";

export const VAULT_TYPES = {
    backend: "vault:jwt/authBackend:AuthBackend",
    role: "vault:jwt/authBackendRole:AuthBackendRole",
    policy: "vault:index/policy:Policy",
} as const;

/** Vault's answer for a backend, a role or a policy; undefined for other types. */
export function vaultResourceAnswer(type: string, i: any): { id: string; state: Record<string, any> } | undefined {
    switch (type) {
        case VAULT_TYPES.backend: {
            const path = i.path ?? "jwt";
            const accessor = `auth_jwt_${createHash("sha256").update(`${i.namespace ?? ""}/${path}`).digest("hex").slice(0, 8)}`;
            return { id: path, state: { ...i, path, type: i.type ?? "jwt", accessor } };
        }
        case VAULT_TYPES.role:
            return { id: `auth/${i.backend ?? "jwt"}/role/${i.roleName}`, state: { ...i, backend: i.backend ?? "jwt" } };
        case VAULT_TYPES.policy:
            return { id: i.name, state: i };
        default:
            return undefined;
    }
}
