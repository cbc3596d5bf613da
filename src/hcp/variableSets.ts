// Variable sets, their variables, and their attachments to workspaces and projects.

import type { HcpClient } from "./client";
import { document, fromApiAttributes, relationshipDocument, relationshipId, relationshipIds, ResourceObject } from "./jsonapi";
import { Variable, VariableFields, secretValues, variableAttributesFromApi, variableAttributesToApi } from "./variables";

export interface VariableSet {
    id: string;
    name: string;
    description: string;
    global: boolean;
    priority: boolean;
    organization: string;
    workspaceIds: string[];
    projectIds: string[];
}

export interface VariableSetFields {
    name: string;
    description?: string;
    global?: boolean;
    priority?: boolean;
}

/**
 * A variable of a variable set. It is also a `Variable` so that code can treat both kinds alike;
 * its `workspaceId` is always "" (it belongs to the set, not to a workspace).
 */
export interface VariableSetVariable extends Variable {
    variableSetId: string;
}

export function variableSetFromApi(resource: ResourceObject, organization?: string): VariableSet {
    const attrs = fromApiAttributes(resource.attributes);
    return {
        id: resource.id,
        name: String(attrs.name ?? ""),
        description: attrs.description === undefined || attrs.description === null ? "" : String(attrs.description),
        global: attrs.global === true,
        priority: attrs.priority === true,
        organization: relationshipId(resource, "organization") ?? organization ?? "",
        workspaceIds: relationshipIds(resource, "workspaces"),
        projectIds: relationshipIds(resource, "projects"),
    };
}

export function variableSetVariableFromApi(resource: ResourceObject, setId: string): VariableSetVariable {
    return { ...variableAttributesFromApi(resource), workspaceId: "", variableSetId: relationshipId(resource, "configurable") ?? setId };
}

function setPath(id: string): string {
    return `/varsets/${encodeURIComponent(id)}`;
}

function setFieldsToApi(fields: Partial<VariableSetFields>): Record<string, any> {
    const out: Record<string, any> = {};
    for (const key of ["name", "description", "global", "priority"] as const) {
        if (fields[key] !== undefined) {
            out[key] = fields[key];
        }
    }
    return out;
}

/** GET /organizations/:org/varsets (all pages; `q` filters by name on the server). */
export async function listVariableSets(c: HcpClient, org: string, opts?: { q?: string }): Promise<VariableSet[]> {
    const items = await c.paginate(`/organizations/${encodeURIComponent(org)}/varsets`, opts && opts.q !== undefined ? { q: opts.q } : undefined);
    return items.map((r) => variableSetFromApi(r, org));
}

/** The set named exactly `name` (server-side `q` filter, then exact match), or undefined. */
export async function findVariableSetByName(c: HcpClient, org: string, name: string): Promise<VariableSet | undefined> {
    const sets = await listVariableSets(c, org, { q: name });
    return sets.find((s) => s.name === name);
}

/** The scope of a set's own attributes and attachments, and the one of its variables (see HcpClient.coalesce). */
function setScope(id: string): string {
    return `varset ${id}`;
}
function setVarsScope(id: string): string {
    return `varset vars ${id}`;
}

/**
 * GET /varsets/:id. Concurrent reads of one set share one request (a refresh reads a federation's
 * set from several resources at once); a read made after a write through this module never joins
 * a request started before it.
 */
export async function readVariableSet(c: HcpClient, id: string): Promise<VariableSet> {
    const set = await c.coalesce(`read ${setScope(id)}`, async () => variableSetFromApi((await c.requestResource("GET", setPath(id)))!));
    return { ...set, workspaceIds: [...set.workspaceIds], projectIds: [...set.projectIds] };
}

/**
 * POST /organizations/:org/varsets (`global` is always sent, default false). Not repeated on
 * failure: after an ambiguous error, look the name up (findVariableSetByName) first.
 */
export async function createVariableSet(c: HcpClient, org: string, fields: VariableSetFields): Promise<VariableSet> {
    const path = `/organizations/${encodeURIComponent(org)}/varsets`;
    const attrs = setFieldsToApi({ ...fields, global: fields.global === true });
    const set = variableSetFromApi((await c.requestResource("POST", path, { body: document("varsets", attrs) }))!, org);
    // What this process knows of the set it just made (its variables and attachments ask for its organization).
    c.remember(setScope(set.id), set);
    return set;
}

/** PATCH /varsets/:id with only the fields given (a 204 answer is read back). */
export async function updateVariableSet(c: HcpClient, id: string, fields: Partial<VariableSetFields>): Promise<VariableSet> {
    return c.writing(`read ${setScope(id)}`, async () => {
        const answered = await c.requestResource("PATCH", setPath(id), { body: document("varsets", setFieldsToApi(fields), { id }), emptyOk: true });
        return answered ? variableSetFromApi(answered) : variableSetFromApi((await c.requestResource("GET", setPath(id)))!);
    });
}

/** DELETE /varsets/:id (NotFoundError when already gone). */
export async function deleteVariableSet(c: HcpClient, id: string): Promise<void> {
    await c.writing(`read ${setScope(id)}`, () => c.request("DELETE", setPath(id)));
}

/** GET /varsets/:id/relationships/vars (all pages). Concurrent lists of one set share one request sequence. */
export async function listVariableSetVariables(c: HcpClient, setId: string): Promise<VariableSetVariable[]> {
    const list = await c.coalesce(setVarsScope(setId), async () => {
        const items = await c.paginate(`${setPath(setId)}/relationships/vars`);
        return items.map((r) => variableSetVariableFromApi(r, setId));
    });
    return list.map((v) => ({ ...v }));
}

/** POST /varsets/:id/relationships/vars. Not repeated on failure: look the key up first after an ambiguous error. */
export async function createVariableSetVariable(c: HcpClient, setId: string, fields: VariableFields): Promise<VariableSetVariable> {
    const path = `${setPath(setId)}/relationships/vars`;
    const body = document("vars", variableAttributesToApi(fields));
    return c.writing(setVarsScope(setId), async () =>
        variableSetVariableFromApi((await c.requestResource("POST", path, { body, secrets: secretValues(fields) }))!, setId),
    );
}

/** GET /varsets/:id/relationships/vars/:var */
export async function readVariableSetVariable(c: HcpClient, setId: string, varId: string): Promise<VariableSetVariable> {
    const path = `${setPath(setId)}/relationships/vars/${encodeURIComponent(varId)}`;
    return variableSetVariableFromApi((await c.requestResource("GET", path))!, setId);
}

/** PATCH /varsets/:id/relationships/vars/:var with only the fields given (a 204 answer is read back). */
export async function updateVariableSetVariable(
    c: HcpClient,
    setId: string,
    varId: string,
    fields: Partial<VariableFields>,
): Promise<VariableSetVariable> {
    const path = `${setPath(setId)}/relationships/vars/${encodeURIComponent(varId)}`;
    const body = document("vars", variableAttributesToApi(fields), { id: varId });
    return c.writing(setVarsScope(setId), async () => {
        const answered = await c.requestResource("PATCH", path, { body, secrets: secretValues(fields), emptyOk: true });
        return answered ? variableSetVariableFromApi(answered, setId) : readVariableSetVariable(c, setId, varId);
    });
}

/** DELETE /varsets/:id/relationships/vars/:var (NotFoundError when already gone). */
export async function deleteVariableSetVariable(c: HcpClient, setId: string, varId: string): Promise<void> {
    await c.writing(setVarsScope(setId), () => c.request("DELETE", `${setPath(setId)}/relationships/vars/${encodeURIComponent(varId)}`));
}

async function relate(c: HcpClient, method: "POST" | "DELETE", setId: string, kind: "workspaces" | "projects", ids: readonly string[]): Promise<void> {
    if (ids.length === 0) {
        return;
    }
    await c.writing(`read ${setScope(setId)}`, () =>
        c.request(method, `${setPath(setId)}/relationships/${kind}`, {
            body: relationshipDocument(kind, ids),
            idempotent: true,
        }),
    );
}

/** POST /varsets/:id/relationships/workspaces (safe to repeat; nothing is sent for an empty list). */
export function attachVariableSetToWorkspaces(c: HcpClient, setId: string, workspaceIds: readonly string[]): Promise<void> {
    return relate(c, "POST", setId, "workspaces", workspaceIds);
}

/** DELETE /varsets/:id/relationships/workspaces (nothing is sent for an empty list). */
export function detachVariableSetFromWorkspaces(c: HcpClient, setId: string, workspaceIds: readonly string[]): Promise<void> {
    return relate(c, "DELETE", setId, "workspaces", workspaceIds);
}

/** POST /varsets/:id/relationships/projects (safe to repeat; nothing is sent for an empty list). */
export function attachVariableSetToProjects(c: HcpClient, setId: string, projectIds: readonly string[]): Promise<void> {
    return relate(c, "POST", setId, "projects", projectIds);
}

/** DELETE /varsets/:id/relationships/projects (nothing is sent for an empty list). */
export function detachVariableSetFromProjects(c: HcpClient, setId: string, projectIds: readonly string[]): Promise<void> {
    return relate(c, "DELETE", setId, "projects", projectIds);
}
