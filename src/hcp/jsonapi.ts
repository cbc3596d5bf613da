// A small JSON:API layer: kebab-case attributes on the wire, camelCase in TypeScript.

import type { ApiErrorObject } from "./errors";

/** A JSON:API resource object as the server sends it. */
export interface ResourceObject {
    id: string;
    type: string;
    attributes?: Record<string, any>;
    relationships?: Record<string, { data?: RelationshipData | RelationshipData[] | null } | undefined>;
    links?: Record<string, any>;
}

export interface RelationshipData {
    type: string;
    id: string;
}

/** "version-id" -> "versionId" */
export function kebabToCamel(name: string): string {
    return name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** "versionId" -> "version-id" */
export function camelToKebab(name: string): string {
    return name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

/** Attributes from the wire (kebab-case) to camelCase keys. Shallow: values are kept as they are. */
export function fromApiAttributes(attributes: Record<string, any> | undefined | null): Record<string, any> {
    const out: Record<string, any> = {};
    if (!attributes) {
        return out;
    }
    for (const key of Object.keys(attributes)) {
        out[kebabToCamel(key)] = attributes[key];
    }
    return out;
}

/** camelCase attributes to the wire (kebab-case). Keys whose value is `undefined` are dropped. */
export function toApiAttributes(attributes: Record<string, any> | undefined | null): Record<string, any> {
    const out: Record<string, any> = {};
    if (!attributes) {
        return out;
    }
    for (const key of Object.keys(attributes)) {
        if (attributes[key] !== undefined) {
            out[camelToKebab(key)] = attributes[key];
        }
    }
    return out;
}

/** Builds `{"data":{"type", "id"?, "attributes", "relationships"?}}` from camelCase attributes. */
export function document(
    type: string,
    attributes: Record<string, any>,
    opts?: { id?: string; relationships?: Record<string, { data: RelationshipData | RelationshipData[] }> },
): { data: Record<string, any> } {
    const data: Record<string, any> = { type };
    if (opts && opts.id !== undefined) {
        data.id = opts.id;
    }
    data.attributes = toApiAttributes(attributes);
    if (opts && opts.relationships) {
        data.relationships = opts.relationships;
    }
    return { data };
}

/** `{"data":[{"type","id"}, ...]}`, the body of relationship endpoints. */
export function relationshipDocument(type: string, ids: readonly string[]): { data: RelationshipData[] } {
    return { data: ids.map((id) => ({ type, id })) };
}

/** The single resource object of a response document; throws when the document has none. */
export function single(doc: any, what: string): ResourceObject {
    const data = doc && doc.data;
    if (!data || Array.isArray(data) || typeof data !== "object" || typeof data.id !== "string") {
        throw new Error(`Unexpected response for ${what}: no JSON:API resource object in "data"`);
    }
    return data as ResourceObject;
}

/** The resource objects of a list response (an empty array when `data` is missing). */
export function many(doc: any): ResourceObject[] {
    const data = doc && doc.data;
    return Array.isArray(data) ? (data as ResourceObject[]) : [];
}

/** Id of a to-one relationship, or undefined. */
export function relationshipId(resource: ResourceObject, name: string): string | undefined {
    const rel = resource.relationships && resource.relationships[name];
    const data = rel && rel.data;
    if (data && !Array.isArray(data) && typeof data.id === "string") {
        return data.id;
    }
    return undefined;
}

/** Ids of a to-many relationship (an empty array when absent). */
export function relationshipIds(resource: ResourceObject, name: string): string[] {
    const rel = resource.relationships && resource.relationships[name];
    const data = rel && rel.data;
    if (Array.isArray(data)) {
        return data.filter((d) => d && typeof d.id === "string").map((d) => d.id);
    }
    if (data && typeof data.id === "string") {
        return [data.id];
    }
    return [];
}

/**
 * The errors of an error document, in any of the three shapes seen:
 * `{"errors":[{"status":"422","title":…,"detail":…,"source":{"pointer":…}}]}`, the same with a
 * numeric status, and `{"errors":["message"]}`. Anything else yields an empty array.
 */
export function parseErrors(body: any): ApiErrorObject[] {
    const errors = body && typeof body === "object" ? body.errors : undefined;
    if (!Array.isArray(errors)) {
        return [];
    }
    const out: ApiErrorObject[] = [];
    for (const e of errors) {
        if (typeof e === "string") {
            out.push({ detail: e });
        } else if (e && typeof e === "object") {
            const item: ApiErrorObject = {};
            const status = typeof e.status === "number" ? e.status : typeof e.status === "string" ? parseInt(e.status, 10) : NaN;
            if (!isNaN(status)) {
                item.status = status;
            }
            if (typeof e.title === "string") {
                item.title = e.title;
            }
            if (typeof e.detail === "string") {
                item.detail = e.detail;
            }
            if (e.source && typeof e.source.pointer === "string") {
                item.pointer = e.source.pointer;
            }
            out.push(item);
        }
    }
    return out;
}

/** The human-readable explanation of an error list: each error's detail (or title), joined by "; ". */
export function errorDetail(errors: ApiErrorObject[]): string | undefined {
    const parts: string[] = [];
    for (const e of errors) {
        const text = e.detail || e.title;
        if (text && !parts.includes(text)) {
            parts.push(text);
        }
    }
    return parts.length > 0 ? parts.join("; ") : undefined;
}
