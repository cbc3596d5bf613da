// Workspace variables. The list is not paginated, and concurrent lists of one workspace share one request.

import type { HcpClient } from "./client";
import { document, fromApiAttributes, many, relationshipId, ResourceObject } from "./jsonapi";

export type VariableCategory = "terraform" | "env";

/** What workspace variables and variable-set variables have in common. */
export interface VariableBase {
    id: string;
    key: string;
    /** null for a sensitive variable (write-only: the API never returns its value). */
    value: string | null;
    description: string;
    category: VariableCategory;
    hcl: boolean;
    sensitive: boolean;
    /** Changes on every update. "" when the server sends none. */
    versionId: string;
}

export interface Variable extends VariableBase {
    workspaceId: string;
}

export interface VariableFields {
    key: string;
    value?: string;
    description?: string;
    category: VariableCategory;
    hcl?: boolean;
    sensitive?: boolean;
}

/** The attributes common to workspace and variable-set variables. */
export function variableAttributesFromApi(resource: ResourceObject): VariableBase {
    const attrs = fromApiAttributes(resource.attributes);
    const sensitive = attrs.sensitive === true;
    return {
        id: resource.id,
        key: String(attrs.key ?? ""),
        value: sensitive || attrs.value === undefined || attrs.value === null ? null : String(attrs.value),
        description: attrs.description === undefined || attrs.description === null ? "" : String(attrs.description),
        category: attrs.category as VariableCategory,
        hcl: attrs.hcl === true,
        sensitive,
        versionId: attrs.versionId === undefined || attrs.versionId === null ? "" : String(attrs.versionId),
    };
}

export function variableFromApi(resource: ResourceObject, workspaceId: string): Variable {
    return { ...variableAttributesFromApi(resource), workspaceId: relationshipId(resource, "configurable") ?? workspaceId };
}

/** Only the fields given (value is never sent unless present). */
export function variableAttributesToApi(fields: Partial<VariableFields>): Record<string, any> {
    const out: Record<string, any> = {};
    for (const key of ["key", "value", "description", "category", "hcl", "sensitive"] as const) {
        if (fields[key] !== undefined) {
            out[key] = fields[key];
        }
    }
    return out;
}

/** A variable value that must not appear in messages: any value not declared non-sensitive. */
export function secretValues(fields: Partial<VariableFields>): string[] {
    return fields.value !== undefined && fields.value !== "" && fields.sensitive !== false ? [fields.value] : [];
}

function varsPath(wsId: string): string {
    return `/workspaces/${encodeURIComponent(wsId)}/vars`;
}

function scope(wsId: string): string {
    return `vars ${wsId}`;
}

/** Runs a write and makes later listVariables calls start a fresh request. */
function writing<T>(c: HcpClient, wsId: string, fn: () => Promise<T>): Promise<T> {
    return c.writing(scope(wsId), fn);
}

/**
 * GET /workspaces/:ws/vars (all of them: not paginated). Concurrent calls for the same
 * (host, token, workspace) share one in-flight request; a call made after a write through this
 * module never joins a request started before that write.
 */
export async function listVariables(c: HcpClient, wsId: string): Promise<Variable[]> {
    const list = await c.coalesce(scope(wsId), async () => {
        const doc = await c.request("GET", varsPath(wsId));
        return many(doc).map((r) => variableFromApi(r, wsId));
    });
    return list.map((v) => ({ ...v }));
}

/** GET /workspaces/:ws/vars/:var */
export async function readVariable(c: HcpClient, wsId: string, varId: string): Promise<Variable> {
    const path = `${varsPath(wsId)}/${encodeURIComponent(varId)}`;
    return variableFromApi((await c.requestResource("GET", path))!, wsId);
}

/** POST /workspaces/:ws/vars. Not repeated on failure: after an ambiguous error, look the key up first. */
export async function createVariable(c: HcpClient, wsId: string, fields: VariableFields): Promise<Variable> {
    const path = varsPath(wsId);
    return writing(c, wsId, async () => {
        const body = document("vars", variableAttributesToApi(fields));
        return variableFromApi((await c.requestResource("POST", path, { body, secrets: secretValues(fields) }))!, wsId);
    });
}

/** PATCH /workspaces/:ws/vars/:var with only the fields given (a 204 answer is read back). */
export async function updateVariable(c: HcpClient, wsId: string, varId: string, fields: Partial<VariableFields>): Promise<Variable> {
    const path = `${varsPath(wsId)}/${encodeURIComponent(varId)}`;
    return writing(c, wsId, async () => {
        const body = document("vars", variableAttributesToApi(fields), { id: varId });
        const answered = await c.requestResource("PATCH", path, { body, secrets: secretValues(fields), emptyOk: true });
        return answered ? variableFromApi(answered, wsId) : readVariable(c, wsId, varId);
    });
}

/** DELETE /workspaces/:ws/vars/:var (NotFoundError when already gone). */
export async function deleteVariable(c: HcpClient, wsId: string, varId: string): Promise<void> {
    await writing(c, wsId, () => c.request("DELETE", `${varsPath(wsId)}/${encodeURIComponent(varId)}`));
}
