// Projects: GET /projects/:id (projects are created through the test controls only).
import { RequestContext, Route, notFound, ok, seg } from "./jsonapi";
import type { ProjectRecord } from "./store";

export function projectResource(ctx: RequestContext, p: ProjectRecord) {
    let workspaceCount = 0;
    for (const ws of ctx.store.workspaces.values()) if (ws.projectId === p.id) workspaceCount++;
    return {
        id: p.id,
        type: "projects",
        attributes: {
            name: p.name,
            description: null,
            "created-at": p.createdAt,
            "workspace-count": workspaceCount,
        },
        relationships: {
            organization: {
                data: { id: p.organization, type: "organizations" },
                links: { related: `/api/v2/organizations/${seg(p.organization)}` },
            },
        },
        links: { self: `/api/v2/projects/${p.id}` },
    };
}

/** The project, or 404 when it does not exist or the caller may not see it. */
export function visibleProject(ctx: RequestContext, id: string): ProjectRecord {
    const p = ctx.store.projects.get(id);
    if (!p || !ctx.canSee(p.organization, p.id)) throw notFound();
    return p;
}

export const projectRoutes: Route[] = [
    { method: "GET", pattern: "/projects/:id", handler: (ctx, { id }) => ok({ data: projectResource(ctx, visibleProject(ctx, id)) }) },
];
