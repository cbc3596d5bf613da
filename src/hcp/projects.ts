// Projects: read by id (cached per process per site and token), and find one by name.

import type { HcpClient } from "./client";
import { fromApiAttributes, many, relationshipId, ResourceObject } from "./jsonapi";

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
 * GET /projects/:id. Successful answers are cached for the life of the process per (site, token,
 * id); concurrent calls share one request. Errors are not cached.
 */
export async function readProject(c: HcpClient, id: string): Promise<Project> {
    const project = await c.cached<Project>(`project ${id}`, async () => {
        return projectFromApi((await c.requestResource("GET", `/projects/${encodeURIComponent(id)}`))!);
    });
    return { ...project };
}

/**
 * The project named exactly `name` in the organization (GET /organizations/:org/projects with
 * filter[names]), or undefined. Project names compare case-insensitively on the server; the exact
 * spelling is preferred.
 */
export async function findProjectByName(c: HcpClient, org: string, name: string): Promise<Project | undefined> {
    const doc = await c.request("GET", `/organizations/${encodeURIComponent(org)}/projects`, { query: { "filter[names]": name } });
    const projects = many(doc).map((r) => ({ ...projectFromApi(r), organization: relationshipId(r, "organization") ?? org }));
    return projects.find((p) => p.name === name) ?? projects.find((p) => p.name.toLowerCase() === name.toLowerCase());
}
