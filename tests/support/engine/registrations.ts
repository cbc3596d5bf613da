// A program's registrations as the Pulumi ENGINE sees them: every resource (dynamic, AWS, component)
// with its inputs, options and aliases, in registration order, under the URN the engine gives it.
//
// Why the URN is recomputed: the mock monitor of @pulumi/pulumi 3.248 (runtime/mocks.js newUrn)
// builds a child's qualified type from the parent's LAST type only (`Parent$Child`), while the
// engine (deploy.generateURN) uses the parent's whole qualified type (`Grand$Parent$Child`). Both
// agree for resources at depth 0 and 1 (everything 0.2 makes); a component nested in a component
// would get a URN under mocks that no real state holds. `toRegistrations` maps every mock URN
// (urn, parent, dependencies, property dependencies, alias parents) to the engine's.
import type { SentAlias, WireResource } from "../wire";
import type { PropertyMap } from "../providerHost";

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** One registration, as the engine receives it. Plain JSON (fixtures store it). */
export interface Registration {
    /** The URN the engine gives it. */
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    /** Has a `__provider` text: the model runs it through the dynamic-provider host. */
    dynamic: boolean;
    parent?: string;
    /** Inputs as the engine sends them to a provider, WITHOUT `__provider`. */
    inputs: PropertyMap;
    /** The `__provider` text (dynamic resources). */
    providerText?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    secretInputs: string[];
    additionalSecretOutputs: string[];
    retainOnDelete: boolean;
    /** The deleteBeforeReplace resource OPTION; undefined when the program did not set it (the provider decides). */
    deleteBeforeReplace?: boolean;
    protect: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    /** Aliases as the SDK sent them (parent URNs mapped to the engine's). */
    aliases: SentAlias[];
    /** What the mock answered: the id and outputs (what an AWS resource's state holds here). */
    mockId: string;
    mockOutputs: PropertyMap;
}

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
export function urnParts(urn: string): { stack: string; project: string; qualifiedType: string; type: string; name: string } {
    const body = urn.replace(/^urn:pulumi:/, "");
    const [stack, project, qualifiedType, ...rest] = body.split("::");
    return { stack, project, qualifiedType, type: qualifiedType.split("$").pop()!, name: rest.join("::") };
}

/** The URN the engine gives `type`/`name` under `parent` (resource.NewURN with the parent's qualified type). */
export function engineUrn(stack: string, project: string, parent: string | undefined, type: string, name: string): string {
    let qualified = type;
    if (parent) {
        const parentType = urnParts(parent).qualifiedType;
        if (parentType !== ROOT_STACK_TYPE) qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The engine's view of every registration (reads are left out: the model keeps no external resources). */
export function toRegistrations(resources: readonly WireResource[]): Registration[] {
    const byMockUrn = new Map<string, string>();
    const map = (u: string) => byMockUrn.get(u) ?? u;
    const out: Registration[] = [];
    for (const r of resources) {
        if (r.read) continue;
        const { stack, project } = urnParts(r.urn);
        const parent = r.parent ? map(r.parent) : undefined;
        const urn = engineUrn(stack, project, parent, r.type, r.name);
        byMockUrn.set(r.urn, urn);
        const { __provider: _p, ...inputs } = r.inputs;
        const reg: Registration = {
            urn,
            type: r.type,
            name: r.name,
            custom: r.custom,
            dynamic: r.custom && r.providerText !== undefined,
            inputs,
            dependencies: r.dependencies.map(map),
            propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map(map)])),
            secretInputs: r.secretInputs,
            additionalSecretOutputs: r.additionalSecretOutputs,
            retainOnDelete: r.retainOnDelete,
            protect: r.protect,
            ignoreChanges: r.ignoreChanges,
            replaceOnChanges: r.replaceOnChanges,
            aliases: r.aliases.map((a) => (a.parentUrn ? { ...a, parentUrn: map(a.parentUrn) } : a)),
            mockId: r.id,
            mockOutputs: r.mockOutputs,
        };
        if (parent) reg.parent = parent;
        if (reg.dynamic) reg.providerText = r.providerText;
        if (r.deleteBeforeReplaceDefined) reg.deleteBeforeReplace = r.deleteBeforeReplace;
        out.push(reg);
    }
    return out;
}

/** Every URN a registration depends on: parent, dependencies, property dependencies (the engine's dependency graph). */
export function dependencyUrns(r: { parent?: string; dependencies: string[]; propertyDependencies: Record<string, string[]> }): string[] {
    const all = new Set<string>(r.dependencies);
    for (const list of Object.values(r.propertyDependencies)) list.forEach((u) => all.add(u));
    if (r.parent) all.add(r.parent);
    return [...all];
}
