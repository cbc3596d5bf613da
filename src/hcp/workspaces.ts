// Workspaces: read (by name or id), list, create, update (rename, move), safe delete.

import type { HcpClient } from "./client";
import { document, fromApiAttributes, relationshipId, ResourceObject } from "./jsonapi";

export interface Workspace {
    id: string;
    name: string;
    /** Organization name with the casing the API returns. */
    organization: string;
    projectId: string;
    /** "remote", "agent" or "local" ("remote" when the server sends none). */
    executionMode: string;
}

export function workspaceFromApi(resource: ResourceObject, organization?: string): Workspace {
    const attrs = fromApiAttributes(resource.attributes);
    return {
        id: resource.id,
        name: String(attrs.name ?? ""),
        organization: relationshipId(resource, "organization") ?? organization ?? "",
        projectId: relationshipId(resource, "project") ?? "",
        executionMode: typeof attrs.executionMode === "string" && attrs.executionMode !== "" ? attrs.executionMode : "remote",
    };
}

function orgPath(org: string): string {
    return `/organizations/${encodeURIComponent(org)}/workspaces`;
}

/** GET /organizations/:org/workspaces/:name */
export async function readWorkspaceByName(c: HcpClient, org: string, name: string): Promise<Workspace> {
    const path = `${orgPath(org)}/${encodeURIComponent(name)}`;
    return workspaceFromApi((await c.requestResource("GET", path))!, org);
}

/** GET /workspaces/:id */
export async function readWorkspace(c: HcpClient, id: string): Promise<Workspace> {
    return workspaceFromApi((await c.requestResource("GET", `/workspaces/${encodeURIComponent(id)}`))!);
}

/** GET /organizations/:org/workspaces (all pages, or only the first with `firstPageOnly`). */
export async function listWorkspaces(c: HcpClient, org: string, opts: { search?: string } = {}): Promise<Workspace[]> {
    const items = await c.paginate(orgPath(org), opts.search !== undefined ? { "search[name]": opts.search } : undefined);
    return items.map((r) => workspaceFromApi(r, org));
}

/** One page of GET /organizations/:org/workspaces, with the page count the server reports. */
export async function listWorkspacesPage(c: HcpClient, org: string, page: number): Promise<{ workspaces: Workspace[]; totalPages: number }> {
    const pageSize = c.effectiveOptions().pageSize;
    const doc = await c.request("GET", orgPath(org), { query: { "page[number]": page, "page[size]": pageSize } });
    const data: ResourceObject[] = Array.isArray(doc && doc.data) ? doc.data : [];
    const pagination = doc && doc.meta && doc.meta.pagination;
    const totalPages = pagination && isFinite(Number(pagination["total-pages"])) ? Number(pagination["total-pages"]) : 1;
    return { workspaces: data.map((r) => workspaceFromApi(r, org)), totalPages: Math.max(1, totalPages) };
}

/** POST /organizations/:org/workspaces (in the organization's default project unless projectId is given). */
export async function createWorkspace(c: HcpClient, org: string, args: { name: string; projectId?: string }): Promise<Workspace> {
    const body = document(
        "workspaces",
        { name: args.name },
        args.projectId ? { relationships: { project: { data: { type: "projects", id: args.projectId } } } } : undefined,
    );
    return workspaceFromApi((await c.requestResource("POST", orgPath(org), { body }))!, org);
}

/**
 * PATCH /workspaces/:id: rename and/or move to another project. Only what is given is sent. A 204
 * answer (no document) is a success: the workspace is then read back.
 */
export async function updateWorkspace(c: HcpClient, id: string, args: { name?: string; projectId?: string }): Promise<Workspace> {
    const path = `/workspaces/${encodeURIComponent(id)}`;
    const attributes: Record<string, string> = {};
    if (args.name !== undefined) attributes.name = args.name;
    const body = document(
        "workspaces",
        attributes,
        args.projectId !== undefined ? { id, relationships: { project: { data: { type: "projects", id: args.projectId } } } } : { id },
    );
    const answered = await c.requestResource("PATCH", path, { body, emptyOk: true });
    return answered ? workspaceFromApi(answered) : readWorkspace(c, id);
}

/**
 * POST /workspaces/:id/actions/safe-delete. Refused with ConflictError (409) while the workspace
 * still manages resources. Repeating it is harmless (a second call answers 404), so it is retried.
 */
export async function safeDeleteWorkspace(c: HcpClient, id: string): Promise<void> {
    await c.request("POST", `/workspaces/${encodeURIComponent(id)}/actions/safe-delete`, { idempotent: true });
}
