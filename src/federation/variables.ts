// The variables a federation writes, cloud-neutral: the cloud's identity variables and extras,
// the audience variable when it is not the cloud's default, and `TFC_<CLOUD>_PROVIDER_AUTH` LAST:
// once it is set, runs try to use the credentials, so everything they need is in place first.
import type * as pulumi from "@pulumi/pulumi";
import { taggedVariableKey } from "../clouds/variableKeys";
import { markedDescription } from "../resources/ownership";
import type { CorePlan } from "./plan";

/** One variable of a federation. */
export interface FederationVariable {
    /** The part of child resource names that stands for it: "run-role-arn", "provider-auth", … */
    readonly suffix: string;
    /** The key, with the tag suffix applied. */
    readonly key: string;
    readonly value: pulumi.Input<string>;
    /** What must exist before it is written (its identity's permissions, …). */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/** A variable as a cloud declares it: the key without the tag. */
export interface CloudVariable {
    readonly suffix: string;
    readonly key: string;
    readonly value: pulumi.Input<string>;
    readonly dependsOn?: readonly pulumi.Resource[];
}

/** Every variable of the federation, in the order written: the cloud's, the audience, PROVIDER_AUTH last. */
export function federationVariables(plan: CorePlan, cloudVariables: readonly CloudVariable[]): FederationVariable[] {
    const keys = plan.spec.keys;
    const all: CloudVariable[] = [
        ...cloudVariables,
        ...(plan.audience !== plan.spec.defaultAudience ? [{ suffix: "audience", key: keys.audience, value: plan.audience }] : []),
        { suffix: "provider-auth", key: keys.providerAuth, value: "true" },
    ];
    return all.map((v) => ({ ...v, key: taggedVariableKey(v.key, plan.tag) }));
}

/** The description of every variable the federation writes: what it is and who owns it. */
export function variableDescription(plan: CorePlan): string {
    return markedDescription(`HCP Terraform ${plan.spec.label} dynamic credentials`, plan.owner);
}
