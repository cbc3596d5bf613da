// Workspaces: read (by name or id), create, safe delete.

import type { HcpClient } from "./client";
import { document, fromApiAttributes, relationshipId, ResourceObject, single } from "./jsonapi";

export interface Workspace {
    id: string;
    name: string;
    /** Organization name with the casing the API returns. */
    organization: string;
    projectId: string;
}

export function workspaceFromApi(resource: ResourceObject, organization?: string): Workspace {
    const attrs = fromApiAttributes(resource.attributes);
    return {
        id: resource.id,
        name: String(attrs.name ?? ""),
        organization: relationshipId(resource, "organization") ?? organization ?? "",
        projectId: relationshipId(resource, "project") ?? "",
    };
}

/** GET /organizations/:org/workspaces/:name */
export async function readWorkspaceByName(c: HcpClient, org: string, name: string): Promise<Workspace> {
    const path = `/organizations/${encodeURIComponent(org)}/workspaces/${encodeURIComponent(name)}`;
    const doc = await c.request("GET", path);
    return workspaceFromApi(single(doc, `GET ${path}`), org);
}

/** GET /workspaces/:id */
export async function readWorkspace(c: HcpClient, id: string): Promise<Workspace> {
    const path = `/workspaces/${encodeURIComponent(id)}`;
    const doc = await c.request("GET", path);
    return workspaceFromApi(single(doc, `GET ${path}`));
}

/** POST /organizations/:org/workspaces (in the organization's default project unless projectId is given). */
export async function createWorkspace(c: HcpClient, org: string, args: { name: string; projectId?: string }): Promise<Workspace> {
    const path = `/organizations/${encodeURIComponent(org)}/workspaces`;
    const body = document(
        "workspaces",
        { name: args.name },
        args.projectId ? { relationships: { project: { data: { type: "projects", id: args.projectId } } } } : undefined,
    );
    const doc = await c.request("POST", path, { body });
    return workspaceFromApi(single(doc, `POST ${path}`), org);
}

/**
 * POST /workspaces/:id/actions/safe-delete. Refused with ConflictError (409) while the workspace
 * still manages resources. Repeating it is harmless (a second call answers 404), so it is retried.
 */
export async function safeDeleteWorkspace(c: HcpClient, id: string): Promise<void> {
    await c.request("POST", `/workspaces/${encodeURIComponent(id)}/actions/safe-delete`, { idempotent: true });
}
