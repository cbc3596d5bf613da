// ARM_SUBSCRIPTION_ID and ARM_TENANT_ID have no tag suffix (the azurerm provider reads them
// itself), so two Azure federations of one program on one workspace, whatever their tags, would
// write the same two keys and fight over them: the second one fails at construction.
import { programMemo } from "../../federation/memo";
import type { CorePlan } from "../../federation/plan";

function claims(): Map<string, string> {
    return programMemo("azureArmVariables", () => new Map<string, string>());
}

/** Registers the plan's workspaces as getting the ARM_* keys from it; throws when another Azure federation has one. */
export function claimArmVariables(plan: CorePlan): void {
    if (plan.mode === "project") return;
    const scope = `${plan.siteUrl} ${plan.organization.toLowerCase()}`;
    const keys = plan.workspaces.map((w) => `${scope} ${w}`);
    for (const [i, key] of keys.entries()) {
        const other = claims().get(key);
        if (other !== undefined && other !== plan.name) {
            throw new Error(
                `workspace "${plan.workspaces[i]}" of organization "${plan.organization}" already gets ARM_SUBSCRIPTION_ID and ARM_TENANT_ID from ` +
                    `AzureWorkspaceFederation "${other}" in this program: these keys take no tag suffix, so two Azure configurations of one workspace would overwrite each other's. ` +
                    `Fix: federate the workspace to Azure once (one federation serves several workspaces).`,
            );
        }
    }
    keys.forEach((key) => claims().set(key, plan.name));
}
