// Workspaces: read by name / id, create, safe delete (409 while managing resources), force delete.
import {
    RequestContext, Route, attributesOf, conflict, created, dataObject, invalid, noContent, notFound, ok,
    optionalString, seg,
} from "./jsonapi";
import { visibleOrganization } from "./organizations";
import { visibleProject } from "./projects";
import { WorkspaceRecord, findWorkspaceByName, newId, now } from "./store";

/** Letters, digits, "-" and "_", at most 90 characters. */
export const WORKSPACE_NAME = /^[A-Za-z0-9_-]{1,90}$/;

export function workspaceResource(ws: WorkspaceRecord, permissions: { canQueueRun: boolean } = { canQueueRun: true }) {
    return {
        id: ws.id,
        type: "workspaces",
        attributes: {
            name: ws.name,
            description: ws.description,
            environment: "default",
            "execution-mode": ws.executionMode ?? "remote",
            "auto-apply": false,
            locked: false,
            "resource-count": ws.managesResources ? 1 : 0,
            "working-directory": ws.workingDirectory ?? null,
            permissions: { "can-update": true, "can-destroy": true, "can-queue-run": permissions.canQueueRun, "can-read-variable": true, "can-update-variable": true },
            "created-at": ws.createdAt,
            "updated-at": ws.updatedAt,
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

/** The workspace, or 404 when it does not exist or the caller may not see it (or its project / org). */
export function visibleWorkspace(ctx: RequestContext, id: string): WorkspaceRecord {
    const ws = ctx.store.workspaces.get(id);
    if (!ws || !ctx.canSee(ws.organization, ws.projectId, ws.id)) throw notFound();
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

function readByName(ctx: RequestContext, p: Record<string, string>) {
    const org = visibleOrganization(ctx, p.org);
    const ws = findWorkspaceByName(ctx.store, org.name, p.name);
    if (!ws || !ctx.canSee(ws.projectId, ws.id)) throw notFound();
    return ok({ data: workspaceResource(ws, ctx.permissionsOf(ws.id)) });
}

function create(ctx: RequestContext, p: Record<string, string>) {
    const org = visibleOrganization(ctx, p.org);
    const data = dataObject(ctx);
    const attrs = attributesOf(data);
    const name = optionalString(attrs, "name");
    if (name === undefined || name === null || name === "") throw invalid("Name can't be blank", "/data/attributes/name");
    if (!WORKSPACE_NAME.test(name)) {
        throw invalid("Name can only include letters, numbers, -, and _ (at most 90 characters).", "/data/attributes/name");
    }
    const description = optionalString(attrs, "description") ?? null;
    let projectId = org.defaultProjectId;
    const projectRef = data.relationships?.project?.data;
    if (projectRef !== undefined && projectRef !== null) {
        if (typeof projectRef !== "object" || typeof projectRef.id !== "string") {
            throw invalid("project must be {\"type\":\"projects\",\"id\":…}", "/data/relationships/project/data");
        }
        const project = visibleProject(ctx, projectRef.id);
        if (project.organization !== org.name) throw notFound();
        projectId = project.id;
    }
    if (findWorkspaceByName(ctx.store, org.name, name)) throw invalid("Name has already been taken", "/data/attributes/name");
    const at = now();
    const ws: WorkspaceRecord = {
        id: newId("ws"), name, organization: org.name, projectId, managesResources: false, description,
        createdAt: at, updatedAt: at,
    };
    ctx.store.workspaces.set(ws.id, ws);
    return created({ data: workspaceResource(ws, ctx.permissionsOf(ws.id)) });
}

function safeDelete(ctx: RequestContext, p: Record<string, string>) {
    const ws = visibleWorkspace(ctx, p.id);
    if (ws.managesResources) {
        throw conflict("Workspace is currently managing resources and cannot be safe deleted; destroy its resources first, or force delete it.");
    }
    deleteWorkspaceRecord(ctx, ws);
    return noContent();
}

function forceDelete(ctx: RequestContext, p: Record<string, string>) {
    deleteWorkspaceRecord(ctx, visibleWorkspace(ctx, p.id));
    return noContent();
}

export const workspaceRoutes: Route[] = [
    { method: "GET", pattern: "/organizations/:org/workspaces/:name", handler: readByName },
    { method: "POST", pattern: "/organizations/:org/workspaces", handler: create },
    { method: "GET", pattern: "/workspaces/:id", handler: (ctx, p) => ok({ data: workspaceResource(visibleWorkspace(ctx, p.id), ctx.permissionsOf(p.id)) }) },
    { method: "POST", pattern: "/workspaces/:id/actions/safe-delete", handler: safeDelete },
    { method: "DELETE", pattern: "/workspaces/:id", handler: forceDelete },
];
