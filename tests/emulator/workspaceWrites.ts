// Workspace create (POST /organizations/:org/workspaces) and update (PATCH /workspaces/:id and
// PATCH /organizations/:org/workspaces/:name): name, description, execution-mode, relationships.project.
import {
    RequestContext, Route, attributesOf, collect, created, dataObject, invalid, notFound, ok, optionalString,
} from "./jsonapi";
import { visibleOrganization } from "./organizations";
import { requireWorkspacePermission } from "./permissions";
import { visibleProject } from "./projects";
import { ExecutionMode, WorkspaceRecord, findWorkspaceByName, laterThan, newId, now } from "./store";
import { WORKSPACE_NAME, visibleWorkspace, visibleWorkspaceByName, workspaceResource } from "./workspaces";

export const EXECUTION_MODES: readonly ExecutionMode[] = ["remote", "local", "agent"];

export const NAME_TAKEN = "Name has already been taken";
export const NAME_FORMAT = "Name can only include letters, numbers, -, and _ (at most 90 characters).";
export const EXECUTION_MODE_INVALID = "Execution mode is not included in the list";

interface WorkspaceFields {
    name?: string;
    description?: string | null;
    executionMode?: ExecutionMode;
}

/** Reads the attributes present (all of them checked, every 422 in one document); `name` is required on create. */
function readFields(attrs: Record<string, unknown>, isCreate: boolean): WorkspaceFields {
    const out: WorkspaceFields = {};
    collect([
        () => {
            const name = optionalString(attrs, "name");
            if (name === undefined && !isCreate) return;
            if (name === undefined || name === null || name === "") throw invalid("Name can't be blank", "/data/attributes/name");
            if (!WORKSPACE_NAME.test(name)) throw invalid(NAME_FORMAT, "/data/attributes/name");
            out.name = name;
        },
        () => {
            const description = optionalString(attrs, "description");
            if (description !== undefined) out.description = description;
        },
        () => {
            const mode = attrs["execution-mode"];
            if (mode === undefined) return;
            if (typeof mode !== "string" || !(EXECUTION_MODES as readonly string[]).includes(mode)) {
                throw invalid(EXECUTION_MODE_INVALID, "/data/attributes/execution-mode");
            }
            out.executionMode = mode as ExecutionMode;
        },
    ]);
    return out;
}

/** The project named by relationships.project.data (404 unless visible and in `org`), undefined when absent. */
function readProject(ctx: RequestContext, data: Record<string, any>, org: string): string | undefined {
    const ref = data.relationships?.project?.data;
    if (ref === undefined || ref === null) return undefined;
    if (typeof ref !== "object" || typeof ref.id !== "string") {
        throw invalid("project must be {\"type\":\"projects\",\"id\":…}", "/data/relationships/project/data");
    }
    const project = visibleProject(ctx, ref.id);
    if (project.organization !== org) throw notFound();
    return project.id;
}

function nameTaken(ctx: RequestContext, org: string, name: string, exceptId?: string): boolean {
    const other = findWorkspaceByName(ctx.store, org, name);
    return other !== undefined && other.id !== exceptId;
}

function create(ctx: RequestContext, p: Record<string, string>) {
    const org = visibleOrganization(ctx, p.org);
    const data = dataObject(ctx);
    const attrs = attributesOf(data);
    const fields = readFields(attrs, true);
    const name = fields.name as string;
    const projectId = readProject(ctx, data, org.name) ?? org.defaultProjectId;
    if (nameTaken(ctx, org.name, name)) throw invalid(NAME_TAKEN, "/data/attributes/name");
    const at = now();
    const ws: WorkspaceRecord = {
        id: newId("ws"), name, organization: org.name, projectId, managesResources: false, description: fields.description ?? null,
        executionMode: fields.executionMode ?? "remote", createdAt: at, updatedAt: at,
    };
    ctx.store.workspaces.set(ws.id, ws);
    return created({ data: workspaceResource(ctx, ws) });
}

/**
 * Partial update: omitted attributes keep their value; a project in relationships moves the workspace.
 * Nothing changes when a check fails. `updated-at` moves only when something changed (as Rails does).
 */
function update(ctx: RequestContext, ws: WorkspaceRecord) {
    requireWorkspacePermission(ctx, ws, "can-update");
    const data = dataObject(ctx);
    const fields = readFields(attributesOf(data), false);
    const projectId = readProject(ctx, data, ws.organization);
    if (fields.name !== undefined && nameTaken(ctx, ws.organization, fields.name, ws.id)) {
        throw invalid(NAME_TAKEN, "/data/attributes/name");
    }
    const before = JSON.stringify([ws.name, ws.description, ws.executionMode, ws.projectId]);
    if (fields.name !== undefined) ws.name = fields.name;
    if (fields.description !== undefined) ws.description = fields.description;
    if (fields.executionMode !== undefined) ws.executionMode = fields.executionMode;
    if (projectId !== undefined) ws.projectId = projectId;
    if (JSON.stringify([ws.name, ws.description, ws.executionMode, ws.projectId]) !== before) ws.updatedAt = laterThan(ws.updatedAt);
    return ok({ data: workspaceResource(ctx, ws) });
}

export const workspaceWriteRoutes: Route[] = [
    { method: "POST", pattern: "/organizations/:org/workspaces", handler: create },
    { method: "PATCH", pattern: "/workspaces/:id", handler: (ctx, p) => update(ctx, visibleWorkspace(ctx, p.id)) },
    { method: "PATCH", pattern: "/organizations/:org/workspaces/:name", handler: (ctx, p) => update(ctx, visibleWorkspaceByName(ctx, p.org, p.name)) },
];
