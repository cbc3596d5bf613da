/**
 * The JWT auth backend shared by every VaultWorkspaceFederation of one (Vault provider, namespace,
 * auth path), made once per program at STACK level (no parent), like GCP's shared pool: deleting
 * the federation that first asked for it never deletes it (and every role on it) while others use
 * it. Its inputs are the path, namespace and issuer only, so an unrelated change (a workspace
 * added, a tag, a policy) never touches it. A backend trusts one issuer: a second federation on
 * the same path for another host fails at construction.
 */
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { sharedEntries, sharedResourceName } from "../../federation/shared";
import type { VaultPlan } from "./plan";
import type { VaultJwtAuthBackend } from "./trust";

interface BackendEntry {
    /** The federation that first asked for it, for messages. */
    readonly federation: string;
    readonly backend: VaultJwtAuthBackend;
    made?: vault.jwt.AuthBackend;
}

function entriesFor(vaultProvider: pulumi.ProviderResource | undefined): Map<string, BackendEntry> {
    return sharedEntries<BackendEntry>("vaultSharedBackends", vaultProvider);
}

function keyOf(plan: VaultPlan): string {
    return `${plan.namespace ?? ""} ${plan.authPath}`;
}

/** "auth/jwt" or "auth/jwt in namespace admin". */
export function mountText(plan: Pick<VaultPlan, "authPath" | "namespace">): string {
    return `auth/${plan.authPath}${plan.namespace !== undefined ? ` in namespace "${plan.namespace}"` : ""}`;
}

/** Throws (creating nothing) when the backend of this plan's path is already shared with another issuer. */
export function checkSharedBackend(plan: VaultPlan, vaultProvider: pulumi.ProviderResource | undefined): void {
    const existing = entriesFor(vaultProvider).get(keyOf(plan));
    if (existing === undefined || existing.backend.boundIssuer === plan.backend.boundIssuer) return;
    throw new Error(
        `the JWT auth backend at ${mountText(plan)} already trusts the tokens of ${existing.backend.boundIssuer} (VaultWorkspaceFederation "${existing.federation}"), ` +
            `not ${plan.backend.boundIssuer}: a backend has one issuer. Fix: give this federation another authPath.`,
    );
}

/** The shared backend of `plan` (see the module comment), made on first use, waiting for `dependsOn`. Call {@link checkSharedBackend} first. */
export function sharedBackend(plan: VaultPlan, vaultProvider: pulumi.ProviderResource | undefined, dependsOn: readonly pulumi.Resource[]): vault.jwt.AuthBackend {
    checkSharedBackend(plan, vaultProvider);
    const entries = entriesFor(vaultProvider);
    const found = entries.get(keyOf(plan));
    if (found?.made !== undefined) return found.made;
    const where = plan.namespace !== undefined ? `-in-${plan.namespace}` : "";
    const made = new vault.jwt.AuthBackend(
        sharedResourceName(`hcp-terraform-auth-${plan.authPath}${where}`, vaultProvider),
        { ...plan.backend, description: `HCP Terraform run tokens of ${plan.backend.boundIssuer} (hcp-oidc-federation)` },
        { ...(vaultProvider ? { provider: vaultProvider } : {}), dependsOn: [...dependsOn] },
    );
    entries.set(keyOf(plan), { federation: plan.core.name, backend: plan.backend, made });
    return made;
}
