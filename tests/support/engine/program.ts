// A captured program as the engine model runs it: every registration (registrations.ts), the
// dynamic ones with the URNs of the dynamic resources they wait for, and the placeholders the
// mocks handed out for consumed dynamic outputs (mockAnswers.ts) mapped to the resource and output
// they stand for.
import assert from "node:assert/strict";
import type { CapturedResource } from "../mocks";
import { shortType, type PlaceholderSource } from "../mockAnswers";
import type { PropertyMap } from "../providerHost";
import type { Registration } from "./registrations";

/** One dynamic resource of the program, as the engine knows it. */
export interface ProgramResource {
    urn: string;
    name: string;
    /** Short type: "Workspace", "WorkspaceVariable", ... */
    type: string;
    /** Inputs as registered (placeholders unresolved), WITHOUT __provider. */
    inputs: PropertyMap;
    providerText: string;
    /** URNs of the dynamic resources it depends on. */
    deps: string[];
    secretInputs: string[];
    additionalSecretOutputs: string[];
    registration: Registration;
    /** The in-process capture (absent for a program captured in a packed-install consumer). */
    captured?: CapturedResource;
}

/** Where a placeholder's real value comes from: the resource's URN and the output key ("id": the resource's id). */
export interface PlaceholderTarget {
    urn: string;
    key: string;
}

export interface EngineProgram {
    /** Every registration (dynamic, AWS, components) in registration order. */
    registrations: Registration[];
    /** The dynamic resources. */
    resources: ProgramResource[];
    byName(name: string): ProgramResource;
    /** The single registration of this name (and type token, if given). */
    registration(name: string, type?: string): Registration;
    /** placeholder -> the resource (urn) and output key it stands for */
    placeholders: Map<string, PlaceholderTarget>;
}

/** Builds the engine's program from registrations and the placeholders the mocks handed out. */
export function buildProgram(registrations: Registration[], placeholders: Map<string, PlaceholderSource>): EngineProgram {
    const dynamic = registrations.filter((r) => r.dynamic);
    const dynamicUrns = new Set(dynamic.map((r) => r.urn));
    const resources: ProgramResource[] = dynamic.map((r) => {
        const deps = new Set<string>(r.dependencies);
        for (const list of Object.values(r.propertyDependencies)) list.forEach((u) => deps.add(u));
        return {
            urn: r.urn,
            name: r.name,
            type: shortType(r.type),
            inputs: r.inputs,
            providerText: r.providerText!,
            deps: [...deps].filter((u) => dynamicUrns.has(u) && u !== r.urn),
            secretInputs: r.secretInputs,
            additionalSecretOutputs: r.additionalSecretOutputs,
            registration: r,
        };
    });
    const targets = new Map<string, PlaceholderTarget>();
    for (const [p, where] of placeholders) {
        const owners = dynamic.filter((r) => r.type === where.type && r.name === where.name);
        assert.ok(owners.length <= 1, `placeholder ${p}: ${owners.length} dynamic resources are ${where.type} "${where.name}"`);
        if (owners.length === 1) targets.set(p, { urn: owners[0].urn, key: where.key });
    }
    return {
        registrations,
        resources,
        placeholders: targets,
        byName(name) {
            const found = resources.filter((r) => r.name === name);
            assert.equal(found.length, 1, `expected one dynamic resource named ${name}, found ${found.length}`);
            return found[0];
        },
        registration(name, type) {
            const found = registrations.filter((r) => r.name === name && (type === undefined || r.type === type));
            assert.equal(found.length, 1, `expected one registration named ${name}${type ? ` of type ${type}` : ""}, found ${found.length}`);
            return found[0];
        },
    };
}

/**
 * Replaces every placeholder in `value` with `lookup(target)`. Answers undefined when a lookup
 * gives no non-empty string (the output is not known yet).
 */
export function resolvePlaceholders(value: any, placeholders: Map<string, PlaceholderTarget>, lookup: (t: PlaceholderTarget) => unknown): any {
    let missing = false;
    const resolve = (v: any): any => {
        if (typeof v === "string") {
            const p = placeholders.get(v);
            if (!p) return v;
            const real = lookup(p);
            if (typeof real !== "string" || real === "") missing = true;
            return real;
        }
        if (Array.isArray(v)) return v.map(resolve);
        if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
        return v;
    };
    const out = resolve(value);
    return missing ? undefined : out;
}

/** `value` with each placeholder written as `«<urn>#<key>»`: comparable between two captures whatever their numbering. */
export function symbolicPlaceholders(value: any, placeholders: Map<string, PlaceholderTarget>): any {
    return resolvePlaceholders(value, placeholders, (t) => `«${t.urn}#${t.key}»`);
}
