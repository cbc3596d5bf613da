// Two federations of one program making a role of the same name on one auth mount, or a policy of
// the same name in one namespace, of one Vault, would overwrite each other's: the second one fails
// at construction instead, naming the fix.
import type * as pulumi from "@pulumi/pulumi";
import { sharedEntries } from "../../federation/shared";
import type { VaultPlan } from "./plan";
import { mountText } from "./sharedBackend";

function claims(vaultProvider: pulumi.ProviderResource | undefined): Map<string, string> {
    return sharedEntries<string>("vaultNames", vaultProvider);
}

function keysOf(plan: VaultPlan): { key: string; what: string }[] {
    const ns = plan.namespace !== undefined ? ` in namespace "${plan.namespace}"` : "";
    return plan.roles.flatMap((r) => [
        { key: `role ${plan.namespace ?? ""} ${plan.authPath} ${r.roleName}`, what: `role "${r.roleName}" on ${mountText(plan)}` },
        { key: `policy ${plan.namespace ?? ""} ${r.policyName}`, what: `policy "${r.policyName}"${ns}` },
    ]);
}

/** Throws when another federation of the program already makes one of the plan's roles or policies. */
export function checkVaultNames(plan: VaultPlan, vaultProvider: pulumi.ProviderResource | undefined): void {
    for (const { key, what } of keysOf(plan)) {
        const other = claims(vaultProvider).get(key);
        if (other !== undefined && other !== plan.core.name) {
            throw new Error(`the Vault ${what} is already made by VaultWorkspaceFederation "${other}" in this program. Fix: set roleName on one of them to another name.`);
        }
    }
}

/** Records the plan's roles and policies (after every check passed). */
export function claimVaultNames(plan: VaultPlan, vaultProvider: pulumi.ProviderResource | undefined): void {
    for (const { key } of keysOf(plan)) claims(vaultProvider).set(key, plan.core.name);
}
