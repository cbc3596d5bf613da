// What the engine stores per resource (the checkpoint's resource.State, reduced to what the model
// uses): id, type, inputs and outputs (a dynamic resource's with `__provider`: the inputs hold the
// text of the LAST registration that stepped it, the outputs that of the last create/update/read),
// the registration's parent, dependencies and options. The options that matter after the program
// forgets the resource come from the state, never from the program: `retainOnDelete` (drop instead
// of delete), `protect`.
import type { PropertyMap } from "../providerHost";
import { dependencyUrns, type Registration } from "./registrations";

export interface ResourceState {
    /** Full type token. */
    type: string;
    custom: boolean;
    id: string;
    /** Checked inputs (with __provider) of a dynamic resource; the registered inputs of others. */
    inputs: PropertyMap;
    /** Outputs (with __provider for a dynamic resource; what the mock answered for others). */
    outs: PropertyMap;
    /** Set when the create failed with ErrorResourceInitFailed: the next up updates the resource. */
    initErrors?: string[];
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    retainOnDelete: boolean;
    /** The deleteBeforeReplace option as last registered (undefined = the provider decides). */
    deleteBeforeReplace?: boolean;
    protect: boolean;
}

/** One resource of a serialized state (fixtures). */
export interface StateRecord extends ResourceState {
    urn: string;
    /** Run through the dynamic-provider host (else recorded only). */
    dynamic: boolean;
    /** The old half of a create-before-delete replacement, not deleted yet. */
    pendingDelete?: boolean;
}

/** The state a registration leaves (new id/inputs/outputs, the registration's own relations and options). */
export function stateOf(reg: Registration, id: string, inputs: PropertyMap, outs: PropertyMap, initErrors?: string[]): ResourceState {
    const s: ResourceState = {
        type: reg.type,
        custom: reg.custom,
        id,
        inputs,
        outs,
        dependencies: reg.dependencies,
        propertyDependencies: reg.propertyDependencies,
        retainOnDelete: reg.retainOnDelete,
        protect: reg.protect,
    };
    if (initErrors) s.initErrors = initErrors;
    if (reg.parent) s.parent = reg.parent;
    if (reg.deleteBeforeReplace !== undefined) s.deleteBeforeReplace = reg.deleteBeforeReplace;
    return s;
}

/** Every URN the entry depends on (parent included): the edges the engine orders deletes by. */
export function stateDependencies(s: ResourceState): string[] {
    return dependencyUrns(s);
}

/** Rewrites URNs in the relations of a state entry (after an alias renamed a resource). */
export function renameIn(s: ResourceState, renamed: Map<string, string>): ResourceState {
    const map = (u: string) => renamed.get(u) ?? u;
    const out: ResourceState = {
        ...s,
        dependencies: s.dependencies.map(map),
        propertyDependencies: Object.fromEntries(Object.entries(s.propertyDependencies).map(([k, v]) => [k, v.map(map)])),
    };
    if (s.parent) out.parent = map(s.parent);
    return out;
}
