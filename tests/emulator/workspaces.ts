// Workspaces: the document, visibility, show (by name / id), list, safe delete (409 while managing
// resources), force delete. Create and update live in workspaceWrites.ts.
import { RequestContext, Route, conflict, noContent, notFound, ok, paginate, seg } from "./jsonapi";
import { visibleOrganization } from "./organizations";
import { requireWorkspacePermission } from "./permissions";
import { WorkspaceRecord, findWorkspaceByName } from "./store";

/** Letters, digits, "-" and "_", at most 90 characters. */
export const WORKSPACE_NAME = /^[A-Za-z0-9_-]{1,90}$/;

/** The workspace document as the caller sees it (`permissions` are the caller's). */
export function workspaceResource(ctx: RequestContext, ws: WorkspaceRecord) {
    return {
        id: ws.id,
        type: "workspaces",
        attributes: {
            name: ws.name,
            description: ws.description,
            environment: "default",
            "execution-mode": ws.executionMode,
            "auto-apply": false,
            locked: false,
            "resource-count": ws.managesResources ? 1 : 0,
            "working-directory": ws.workingDirectory ?? null,
            "created-at": ws.createdAt,
            "updated-at": ws.updatedAt,
            permissions: ctx.workspacePermissions(ws.id),
        },
        relationships: {
            organization: { data: { id: ws.organization, type: "organizations" } },
            project: { data: { id: ws.projectId, type: "projects" } },
        },
        links: {
            self: `/api/v2/organizations/${seg(ws.organization)}/workspaces/${seg(ws.name)}`,
            "self-html": `/app/${seg(ws.organization)}/workspaces/${seg(ws.name)}`,
        },
    };
}

function canSeeWorkspace(ctx: RequestContext, ws: WorkspaceRecord): boolean {
    return ctx.canSee(ws.organization, ws.projectId, ws.id);
}

/** The workspace, or 404 when it does not exist or the caller may not see it (or its project / org). */
export function visibleWorkspace(ctx: RequestContext, id: string): WorkspaceRecord {
    const ws = ctx.store.workspaces.get(id);
    if (!ws || !canSeeWorkspace(ctx, ws)) throw notFound();
    return ws;
}

/** The workspace named `name` (exact) in `org` (any casing), or 404 as visibleWorkspace. */
export function visibleWorkspaceByName(ctx: RequestContext, org: string, name: string): WorkspaceRecord {
    const organization = visibleOrganization(ctx, org);
    const ws = findWorkspaceByName(ctx.store, organization.name, name);
    if (!ws || !canSeeWorkspace(ctx, ws)) throw notFound();
    return ws;
}

export function deleteWorkspaceRecord(ctx: RequestContext, ws: WorkspaceRecord): void {
    const { store } = ctx;
    store.workspaces.delete(ws.id);
    for (const v of [...store.variables.values()]) if (v.workspaceId === ws.id) store.variables.delete(v.id);
    for (const set of store.varsets.values()) {
        const i = set.workspaceIds.indexOf(ws.id);
        if (i >= 0) set.workspaceIds.splice(i, 1);
    }
}

/**
 * The organization's workspaces the caller may see, in creation order. `search[name]` keeps names that
 * contain it (case-insensitive: the documented fuzzy search, simplified); `filter[project][id]` keeps one
 * project's workspaces.
 */
function list(ctx: RequestContext, p: Record<string, string>) {
    const org = visibleOrganization(ctx, p.org);
    const search = ctx.query.get("search[name]");
    const projectId = ctx.query.get("filter[project][id]");
    const needle = search ? search.toLowerCase() : null;
    const all = [...ctx.store.workspaces.values()].filter((ws) =>
        ws.organization === org.name && canSeeWorkspace(ctx, ws)
        && (needle === null || ws.name.toLowerCase().includes(needle))
        && (projectId === null || ws.projectId === projectId));
    const extra: Record<string, string> = {};
    if (search !== null) extra["search[name]"] = search;
    if (projectId !== null) extra["filter[project][id]"] = projectId;
    const page = paginate(ctx, all, `/api/v2/organizations/${seg(org.name)}/workspaces`, extra);
    return ok({ data: page.items.map((ws) => workspaceResource(ctx, ws)), links: page.links, meta: page.meta });
}

function safeDelete(ctx: RequestContext, p: Record<string, string>) {
    const ws = visibleWorkspace(ctx, p.id);
    requireWorkspacePermission(ctx, ws, "can-destroy");
    if (ws.managesResources) {
        throw conflict("Workspace is currently managing resources and cannot be safe deleted; destroy its resources first, or force delete it.");
    }
    deleteWorkspaceRecord(ctx, ws);
    return noContent();
}

function forceDelete(ctx: RequestContext, p: Record<string, string>) {
    const ws = visibleWorkspace(ctx, p.id);
    requireWorkspacePermission(ctx, ws, "can-force-delete");
    deleteWorkspaceRecord(ctx, ws);
    return noContent();
}

export const workspaceRoutes: Route[] = [
    { method: "GET", pattern: "/organizations/:org/workspaces", handler: list },
    { method: "GET", pattern: "/organizations/:org/workspaces/:name", handler: (ctx, p) => ok({ data: workspaceResource(ctx, visibleWorkspaceByName(ctx, p.org, p.name)) }) },
    { method: "GET", pattern: "/workspaces/:id", handler: (ctx, p) => ok({ data: workspaceResource(ctx, visibleWorkspace(ctx, p.id)) }) },
    { method: "POST", pattern: "/workspaces/:id/actions/safe-delete", handler: safeDelete },
    { method: "DELETE", pattern: "/workspaces/:id", handler: forceDelete },
];
