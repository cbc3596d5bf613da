// Projects: read only (workspaces name their project by id), cached per process per (host, id).

import type { HcpClient } from "./client";
import { fromApiAttributes, relationshipId, ResourceObject, single } from "./jsonapi";

export interface Project {
    id: string;
    name: string;
    organization: string;
}

export function projectFromApi(resource: ResourceObject): Project {
    const attrs = fromApiAttributes(resource.attributes);
    return {
        id: resource.id,
        name: String(attrs.name ?? ""),
        organization: relationshipId(resource, "organization") ?? "",
    };
}

/**
 * GET /projects/:id. Successful answers are cached for the life of the process per (host, id);
 * concurrent calls share one request. Errors are not cached.
 */
export async function readProject(c: HcpClient, id: string): Promise<Project> {
    const project = await c.cached<Project>(`project ${id}`, async () => {
        const path = `/projects/${encodeURIComponent(id)}`;
        const doc = await c.request("GET", path);
        return projectFromApi(single(doc, `GET ${path}`));
    });
    return { ...project };
}
