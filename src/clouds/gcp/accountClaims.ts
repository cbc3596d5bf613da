// Two federations of one program making a service account with the same id in one GCP project
// would collide in GCP (409 at create): the second one fails at construction instead, naming the fix.
import { programMemo } from "../../federation/memo";
import type { GcpPlan } from "./plan";

function claims(): Map<string, string> {
    return programMemo("gcpServiceAccountIds", () => new Map<string, string>());
}

function keysOf(plan: GcpPlan): { key: string; accountId: string }[] {
    return plan.serviceAccounts.flatMap((sa) => (sa.accountId !== undefined ? [{ key: `${plan.gcpProject} ${sa.accountId}`, accountId: sa.accountId }] : []));
}

/** Throws when another federation of the program already makes one of the plan's service account ids in its project. */
export function checkServiceAccountIds(plan: GcpPlan): void {
    for (const { key, accountId } of keysOf(plan)) {
        const other = claims().get(key);
        if (other !== undefined && other !== plan.core.name) {
            throw new Error(
                `service account id "${accountId}" in GCP project "${plan.gcpProject}" is already made by GcpWorkspaceFederation "${other}" in this program. ` +
                    `Fix: set serviceAccountId on one of them to another id.`,
            );
        }
    }
}

/** Records the plan's service account ids (after every check passed). */
export function claimServiceAccountIds(plan: GcpPlan): void {
    for (const { key } of keysOf(plan)) claims().set(key, plan.core.name);
}
