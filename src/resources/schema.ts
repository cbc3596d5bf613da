// The inputs of a dynamic resource, declared once: each field's type, default, validator and what
// a change of it means (nothing remote, an update in place, or a replacement). check() and diff()
// are derived from the declaration, as terraform-provider-tfe derives plans from its schema.
//
// Every resource also has `hostname` and `allowInsecureHttp`, and check() records the resolved
// site (`site`, scheme + host: "https://app.terraform.io") in the inputs, hence in the state. Two
// spellings of one site are the same site; a real change of site replaces the object.
import type * as pulumi from "@pulumi/pulumi";
import { resolveSite, siteUrl } from "../hcp/connection";

/** The value the engine sends for an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

export type FieldKind = "string" | "boolean" | "integer" | "stringList" | "list" | "object";

export interface Field {
    /** The JavaScript type a known value must have. */
    readonly kind: FieldKind;
    /** check() fails when the input is absent (or ""): "<name> is required: …". */
    readonly required?: boolean | string;
    /**
     * Applied by check() when the input is absent. (Not named `default`: Pulumi's closure
     * serializer treats an object with a `default` property as a module namespace.)
     */
    readonly defaultValue?: unknown;
    /**
     * A known value of the right kind that is not valid: answers the reason that completes
     * `<name> "<value>" is not valid: `, or a whole sentence starting with `!`. Undefined = valid.
     */
    readonly validate?: (value: any, inputs: Record<string, any>) => string | undefined;
    /** What a change means: "replace", "update" (sent to the server) or "local" (recorded only). Default "update". */
    readonly change?: "replace" | "update" | "local" | ((olds: Record<string, any>, news: Record<string, any>) => "replace" | "update" | "local");
    /** Whether two values are the same (default: equal as JSON, absent = null). */
    readonly same?: (a: unknown, b: unknown, olds: Record<string, any>, news: Record<string, any>) => boolean;
    /** Compared only when the new inputs declare it (an omitted optional input accepts whatever is there). */
    readonly onlyWhenDeclared?: boolean;
}

export interface Schema {
    /** "Workspace": how messages name the resource. */
    readonly type: string;
    readonly fields: Readonly<Record<string, Field>>;
    /** Names the provider computes (outputs): never accepted as inputs, never compared. */
    readonly outputs?: readonly string[];
    /** A replacement deletes the old object first (objects unique by natural key). */
    readonly deleteBeforeReplace: boolean;
    /** Rules across fields, run once every field is valid: `fail(property, reason)`. */
    readonly rules?: (inputs: Record<string, any>, fail: (property: string, reason: string) => void) => void;
}

/**
 * Drops keys whose value is undefined (the provider host cannot encode them: "Unexpected struct
 * type") and `__provider`: the host adds the provider text to every answer itself, and a copy in
 * an error's properties could exceed what a gRPC trailer carries (see recordsProviderOnPartialFailure).
 */
export function compact<T extends object>(value: T): T {
    const out: any = {};
    for (const [k, v] of Object.entries(value)) {
        if (v !== undefined && k !== "__provider") {
            out[k] = v;
        }
    }
    return out;
}

/** The site `hostname` (or, when absent, the environment) names: "https://app.terraform.io". Throws when it is not valid. */
export function siteNamed(values: Record<string, any>): string {
    const hostname = typeof values.hostname === "string" && values.hostname.trim() !== "" ? values.hostname.trim() : undefined;
    return siteUrl(resolveSite(hostname, process.env, { allowInsecureHttp: values.allowInsecureHttp === true }));
}

/** The site of a state: `site` when recorded (since 0.3), else what its `hostname` names now. */
export function siteOf(values: Record<string, any>): string {
    if (typeof values.site === "string" && values.site !== "" && !isUnknown(values.site)) {
        return values.site;
    }
    return siteNamed(values);
}

/** Resolves `hostname` (or the environment) to the site, or answers why it is not valid. */
function resolvedSite(inputs: Record<string, any>): { site?: string; error?: string } {
    try {
        return { site: siteNamed(inputs) };
    } catch (err) {
        return { error: (err as Error).message };
    }
}

/** The fields every resource has. */
export const SITE_FIELDS: Readonly<Record<string, Field>> = {
    /** The spelling given; the site it means is compared (in `site`). */
    hostname: { kind: "string", change: "local", same: (a, b, olds, news) => a === b || sameSiteSpelling(a, b, olds, news) },
    allowInsecureHttp: { kind: "boolean", change: "local" },
};

function sameSiteSpelling(a: unknown, b: unknown, olds: Record<string, any>, news: Record<string, any>): boolean {
    try {
        return siteNamed({ hostname: a, allowInsecureHttp: olds.allowInsecureHttp }) === siteNamed({ hostname: b, allowInsecureHttp: news.allowInsecureHttp });
    } catch {
        return false;
    }
}

function kindError(name: string, field: Field, value: unknown): string | undefined {
    switch (field.kind) {
        case "string":
            return typeof value === "string" ? undefined : `${name} must be a string, not ${JSON.stringify(value)}.`;
        case "boolean":
            return typeof value === "boolean" ? undefined : `${name} must be true or false, not ${JSON.stringify(value)}.`;
        case "integer":
            return typeof value === "number" && Number.isInteger(value) ? undefined : `${name} must be a whole number, not ${JSON.stringify(value)}.`;
        case "stringList":
        case "list":
            return Array.isArray(value) ? undefined : `${name} must be a list, not ${JSON.stringify(value)}.`;
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value) ? undefined : `${name} must be an object, not ${JSON.stringify(value)}.`;
    }
}

/** check(): defaults applied, every field's kind and validator, the site resolved and recorded. */
export function checkWith(schema: Schema, news: Record<string, any>): pulumi.dynamic.CheckResult {
    const fields = { ...SITE_FIELDS, ...schema.fields };
    const given = compact(news);
    const inputs: Record<string, any> = {};
    for (const [name, field] of Object.entries(fields)) {
        if (field.defaultValue !== undefined) inputs[name] = field.defaultValue;
    }
    Object.assign(inputs, given);
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const fail = (property: string, reason: string) => failures.push({ property, reason });
    for (const name of Object.keys(given).sort()) {
        if (name !== "__provider" && name !== "site" && !(name in fields) && !(schema.outputs ?? []).includes(name)) {
            fail(name, `${name} is not an input of ${schema.type}: give only ${Object.keys(fields).join(", ")}.`);
        }
    }
    for (const [name, field] of Object.entries(fields)) {
        const value = inputs[name];
        if (isUnknown(value)) continue;
        if (value === undefined || value === null || value === "") {
            if (field.required) {
                fail(name, typeof field.required === "string" ? field.required : `${name} is required: give ${field.kind === "string" ? "a non-empty string" : `a ${field.kind}`}.`);
            }
            continue;
        }
        const wrongKind = kindError(name, field, value);
        if (wrongKind) {
            fail(name, wrongKind);
            continue;
        }
        const why = field.validate?.(value, inputs);
        if (why !== undefined) {
            fail(name, why.startsWith("!") ? why.slice(1) : `${name} ${JSON.stringify(value)} is not valid: ${why}.`);
        }
    }
    if (!isUnknown(inputs.hostname) && !isUnknown(inputs.allowInsecureHttp)) {
        const { site, error } = resolvedSite(inputs);
        if (error !== undefined) {
            fail("hostname", `${error}.`);
        } else {
            inputs.site = site;
        }
    }
    if (failures.length === 0) {
        schema.rules?.(inputs, fail);
    }
    return { inputs, failures };
}

function sameJson(a: unknown, b: unknown): boolean {
    if (a === undefined || a === null) {
        return b === undefined || b === null;
    }
    return JSON.stringify(a) === JSON.stringify(b);
}

/** The declared fields that differ, and the ones among them that replace the object. */
export function changesWith(schema: Schema, olds: Record<string, any>, news: Record<string, any>): { changes: string[]; replaces: string[] } {
    const changes: string[] = [];
    const replaces: string[] = [];
    // The site: recorded in the state at create; resolved now for the new inputs.
    let oldSite: string | undefined;
    try {
        oldSite = siteOf(olds);
    } catch {
        oldSite = undefined;
    }
    if (!isUnknown(news.site) && news.site !== undefined && oldSite !== news.site) {
        changes.push("site");
        replaces.push("site");
    }
    const fields = { ...SITE_FIELDS, ...schema.fields };
    for (const [name, field] of Object.entries(fields)) {
        if (field.onlyWhenDeclared && news[name] === undefined) continue;
        const same = field.same ?? sameJson;
        // A state written before a local field existed behaved as its default: absent and the default are one value.
        const old = olds[name] === undefined && field.change === "local" && field.defaultValue !== undefined ? field.defaultValue : olds[name];
        if (isUnknown(news[name]) || !same(old, news[name], olds, news)) {
            changes.push(name);
            const kind = typeof field.change === "function" ? field.change(olds, news) : (field.change ?? "update");
            if (kind === "replace") replaces.push(name);
        }
    }
    return { changes, replaces };
}

/** The result of diff(): `replaces` are the changed properties that force a replacement. */
export function diffResult(changes: readonly string[], replaces: readonly string[], deleteBeforeReplace: boolean): pulumi.dynamic.DiffResult {
    return {
        changes: changes.length > 0,
        replaces: [...replaces],
        deleteBeforeReplace: replaces.length > 0 && deleteBeforeReplace,
    };
}

/** diff(): derived from the declaration (never `__provider`). */
export function diffWith(schema: Schema, olds: Record<string, any>, news: Record<string, any>): pulumi.dynamic.DiffResult {
    const { changes, replaces } = changesWith(schema, olds, news);
    return diffResult(changes, replaces, schema.deleteBeforeReplace);
}

/** A validator of the one name grammar (src/policies/names.ts) as a field validator. */
export function nameRule(validate: (value: unknown) => unknown): (value: string) => string | undefined {
    return (value) => {
        try {
            validate(value);
            return undefined;
        } catch (err) {
            // Duck-typed: a copy of the names module serialized by value has its own PolicyInputError class.
            const rule = (err as { rule?: unknown }).rule;
            return typeof rule === "string" ? rule : (err as Error).message;
        }
    };
}

/** Whether the declared fields changed that the server holds (the "update" ones). */
export function remoteChanges(schema: Schema, olds: Record<string, any>, news: Record<string, any>): string[] {
    return changesWith(schema, olds, news).changes.filter((name) => {
        const field = schema.fields[name];
        if (!field) return false;
        const kind = typeof field.change === "function" ? field.change(olds, news) : (field.change ?? "update");
        return kind === "update";
    });
}
