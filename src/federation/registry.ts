// Two federations of one program on one workspace, for one cloud and tag, would write the same
// variables and fight over them: the second one fails at construction. (Two stacks are kept
// apart by the ownership marks the variables carry: see src/resources/ownership.ts.)
import { programMemo, resetProgramMemos } from "./memo";
import type { CorePlan } from "./plan";

function registry(): Map<string, string> {
    return programMemo("federatedWorkspaces", () => new Map<string, string>());
}

/** Forgets every federation registered, and every other memo of the program (tests that run several programs in one process). */
export function resetFederationRegistry(): void {
    resetProgramMemos();
}

/** Registers the plan's workspaces (or project) for its cloud and tag; throws when another federation has one. */
export function claimWorkspaces(plan: CorePlan): void {
    const scope = `${plan.siteUrl} ${plan.organization.toLowerCase()}`;
    const targets = plan.mode === "project" ? [`project:${plan.project}`] : plan.workspaces.map((w) => `workspace:${w}`);
    const config = `${plan.spec.cloud}${plan.tag !== undefined ? `:${plan.tag}` : ""}`;
    const keys = targets.map((t) => `${scope} ${t} ${config}`);
    for (const [i, key] of keys.entries()) {
        const other = registry().get(key);
        if (other !== undefined && other !== plan.name) {
            const what = plan.mode === "project" ? `project "${plan.project}"` : `workspace "${plan.workspaces[i]}"`;
            throw new Error(
                `${what} of organization "${plan.organization}" is already federated to ${plan.spec.label}` +
                    `${plan.tag !== undefined ? ` with tag "${plan.tag}"` : ""} by ${plan.spec.component} "${other}" in this program: ` +
                    `the two would overwrite each other's variables. Fix: federate it once, or give one of them another tag.`,
            );
        }
    }
    keys.forEach((key) => registry().set(key, plan.name));
}
