// verifyTrust: one plan-only check run per workspace, once every variable (and attachment) is in
// place, run again whenever something that decides the trust changes. An unchanged `up` makes no
// request (the check's read and unchanged update send nothing).
import * as pulumi from "@pulumi/pulumi";
import { WorkspaceTrustCheck } from "../resources";
import type { VariableRefs, WorkspaceRefs } from "./build";
import { hcpSite } from "./build";
import type { CorePlan } from "./plan";
import type { FederationVariable } from "./variables";

/**
 * The checks, and their run URLs in the order of the workspaces. `trust` is what decides the
 * trust on the cloud side (trust policies, credential subjects, bound claims…): a change of it, of
 * any variable, or of the audience runs the checks again.
 */
export function verifyTrust(
    parent: pulumi.ComponentResource,
    plan: CorePlan,
    refs: WorkspaceRefs,
    written: VariableRefs,
    variables: readonly FederationVariable[],
    trust: readonly (pulumi.Input<unknown> | undefined)[],
): pulumi.Output<string[]> {
    const triggers = {
        variables: variables.map((v) => ({ key: v.key, value: v.value })),
        trust: trust.filter((t) => t !== undefined),
        audience: plan.audience,
    };
    const checks = refs.workspaces.map(
        (ws, i) =>
            new WorkspaceTrustCheck(
                plan.mode === "list" ? `${plan.name}-trust-check-${plan.workspaces[i]}` : `${plan.name}-trust-check`,
                {
                    workspaceId: ws.workspaceId,
                    cloud: plan.spec.cloud,
                    ...(plan.tag !== undefined ? { tag: plan.tag } : {}),
                    triggers,
                    ...hcpSite(plan),
                },
                { parent, dependsOn: [...written.written] },
            ),
    );
    return pulumi.all(checks.map((c) => c.runUrl));
}
