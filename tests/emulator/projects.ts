// Projects: GET /projects/:id and GET /organizations/:org/projects (projects are created through the
// test controls only).
import { RequestContext, Route, notFound, ok, paginate, seg } from "./jsonapi";
import { visibleOrganization } from "./organizations";
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

/**
 * Lists the organization's projects the caller may see, in creation order. `filter[names]` (comma-separated,
 * each compared whole and case-insensitively; an empty one matches nothing) wins over `q` (case-insensitive
 * substring of the name), as documented.
 */
function list(ctx: RequestContext, p: Record<string, string>) {
    const org = visibleOrganization(ctx, p.org);
    const q = ctx.query.get("q");
    const namesParam = ctx.query.get("filter[names]");
    let keep: (project: ProjectRecord) => boolean = () => true;
    if (namesParam !== null) {
        const names = new Set(namesParam.split(",").map((n) => n.trim().toLowerCase()).filter((n) => n !== ""));
        keep = (project) => names.has(project.name.toLowerCase());
    } else if (q) {
        const needle = q.toLowerCase();
        keep = (project) => project.name.toLowerCase().includes(needle);
    }
    const all = [...ctx.store.projects.values()].filter((project) => project.organization === org.name && ctx.canSee(project.id) && keep(project));
    const extra: Record<string, string> = {};
    if (q !== null) extra.q = q;
    if (namesParam !== null) extra["filter[names]"] = namesParam;
    const page = paginate(ctx, all, `/api/v2/organizations/${seg(org.name)}/projects`, extra);
    return ok({ data: page.items.map((project) => projectResource(ctx, project)), links: page.links, meta: page.meta });
}

export const projectRoutes: Route[] = [
    { method: "GET", pattern: "/organizations/:org/projects", handler: list },
    { method: "GET", pattern: "/projects/:id", handler: (ctx, { id }) => ok({ data: projectResource(ctx, visibleProject(ctx, id)) }) },
];
