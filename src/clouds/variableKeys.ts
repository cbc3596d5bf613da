/**
 * The workspace variable keys of a dynamic-credentials integration, and the `_<TAG>` suffix of
 * multiple configurations (hcp-api.md; multicloud.md §1.3): with a tag, EVERY `TFC_*` key gets
 * `_<TAG>` (e.g. `TFC_AWS_PROVIDER_AUTH_prod`); keys outside `TFC_*` (`ARM_SUBSCRIPTION_ID`, …)
 * are read by the cloud's Terraform provider itself and keep their name. No `TFC_DEFAULT_*` form is
 * produced: `TFC_<X>_PROVIDER_AUTH` has none.
 */
import { validateTag } from "../policies/names";

/** Which credentials a trust (and its identity variable) serves: both phases, or one of them. */
export type PhaseIdentity = "run" | "plan" | "apply";

/** The variable keys every integration has (the values of each cloud's constants object). */
export interface CloudVariableKeys {
    /** `TFC_<X>_PROVIDER_AUTH` (= "true"): switches dynamic credentials on. */
    readonly providerAuth: string;
    /** `TFC_<X>_RUN_<IDENTITY>`: the identity for both phases. */
    readonly run: string;
    /** `TFC_<X>_PLAN_<IDENTITY>`: the plan identity (falls back to run). */
    readonly plan: string;
    /** `TFC_<X>_APPLY_<IDENTITY>`: the apply identity (falls back to run). */
    readonly apply: string;
    /** `TFC_<X>_WORKLOAD_IDENTITY_AUDIENCE`: set only for a non-default audience. */
    readonly audience: string;
}

/** `key` with the `_<TAG>` suffix when `tag` is given and `key` is a `TFC_*` key; else `key`. Validates the tag. */
export function taggedVariableKey(key: string, tag?: string): string {
    if (tag === undefined) return key;
    validateTag(tag);
    return key.startsWith("TFC_") ? `${key}_${tag}` : key;
}

/** Every value of a keys object through {@link taggedVariableKey} (same keys, same order). */
export function taggedVariableKeys<T extends { readonly [name: string]: string }>(keys: T, tag?: string): T {
    if (tag !== undefined) validateTag(tag);
    const out: { [name: string]: string } = {};
    for (const [name, key] of Object.entries(keys)) out[name] = taggedVariableKey(key, tag);
    return out as T;
}

/** The identities of a federation: `["run"]`, or `["plan", "apply"]` with `splitPhases`. */
export function phaseIdentities(splitPhases: boolean | undefined): PhaseIdentity[] {
    return splitPhases === true ? ["plan", "apply"] : ["run"];
}

/** The run phases a trust for `identity` admits (`run`: both). */
export function runPhasesOf(identity: PhaseIdentity): Array<"plan" | "apply"> {
    return identity === "run" ? ["plan", "apply"] : [identity];
}
