// Variable sets (type "varsets"), their variables and their workspace / project attachments.
import {
    RequestContext, Route, attributesOf, created, dataObject, identifierArray, invalid, noContent, notFound,
    ok, optionalBoolean, optionalString, paginate, requiredString, seg,
} from "./jsonapi";
import { visibleOrganization } from "./organizations";
import { visibleProject } from "./projects";
import { VarsetRecord, VarsetVariableRecord, newId, now, sameOrganization } from "./store";
import { newVariableFields, patchVariable, validateNewVariable, varsetVariableResource } from "./variables";
import { visibleWorkspace } from "./workspaces";

export const GLOBAL_WITH_WORKSPACES = "A global variable set cannot be applied to workspaces";

function setVariables(ctx: RequestContext, setId: string): VarsetVariableRecord[] {
    const out: VarsetVariableRecord[] = [];
    for (const v of ctx.store.varsetVariables.values()) if (v.varsetId === setId) out.push(v);
    return out;
}

export function varsetResource(ctx: RequestContext, s: VarsetRecord) {
    const vars = setVariables(ctx, s.id);
    return {
        id: s.id,
        type: "varsets",
        attributes: {
            name: s.name,
            description: s.description,
            global: s.global,
            priority: s.priority,
            "updated-at": s.updatedAt,
            "var-count": vars.length,
            "workspace-count": s.workspaceIds.length,
            "project-count": s.projectIds.length,
        },
        relationships: {
            organization: { data: { id: s.organization, type: "organizations" } },
            vars: { data: vars.map((v) => ({ id: v.id, type: "vars" })) },
            workspaces: { data: s.workspaceIds.map((id) => ({ id, type: "workspaces" })) },
            projects: { data: s.projectIds.map((id) => ({ id, type: "projects" })) },
            parent: {
                data: s.parentProjectId
                    ? { id: s.parentProjectId, type: "projects" }
                    : { id: s.organization, type: "organizations" },
            },
        },
        links: { self: `/api/v2/varsets/${s.id}` },
    };
}

function canSeeVarset(ctx: RequestContext, s: VarsetRecord): boolean {
    return ctx.canSee(s.organization, ...(s.parentProjectId ? [s.parentProjectId] : []), s.id);
}

export function visibleVarset(ctx: RequestContext, id: string): VarsetRecord {
    const s = ctx.store.varsets.get(id);
    if (!s || !canSeeVarset(ctx, s)) throw notFound();
    return s;
}

function sameName(ctx: RequestContext, org: string, name: string, exceptId?: string): boolean {
    const lower = name.toLowerCase();
    for (const s of ctx.store.varsets.values()) {
        if (s.id !== exceptId && s.name.toLowerCase() === lower && sameOrganization(s.organization, org)) return true;
    }
    return false;
}

function workspacesOfOrg(ctx: RequestContext, org: string, ids: string[]): string[] {
    return ids.map((id) => {
        const ws = visibleWorkspace(ctx, id);
        if (ws.organization !== org) throw notFound();
        return ws.id;
    });
}

function projectsOfOrg(ctx: RequestContext, org: string, ids: string[]): string[] {
    return ids.map((id) => {
        const p = visibleProject(ctx, id);
        if (p.organization !== org) throw notFound();
        return p.id;
    });
}

/** Identifiers of a relationship inside a resource document (create / update), or undefined when absent. */
function relationshipIds(data: Record<string, any>, name: string, type: string): string[] | undefined {
    const rel = data.relationships?.[name];
    if (rel === undefined || rel === null) return undefined;
    const items = rel.data;
    if (!Array.isArray(items)) throw invalid(`${name} must be an array of ${type}`, `/data/relationships/${name}/data`);
    return items.map((item: any, i: number) => {
        if (!item || item.type !== type || typeof item.id !== "string") {
            throw invalid(`${name}[${i}] must be {"type":"${type}","id":…}`, `/data/relationships/${name}/data/${i}`);
        }
        return item.id as string;
    });
}

function dedupe(ids: string[]): string[] {
    return [...new Set(ids)];
}

function list(ctx: RequestContext, p: Record<string, string>) {
    const org = visibleOrganization(ctx, p.org);
    const q = ctx.query.get("q");
    const needle = q ? q.toLowerCase() : null;
    const all = [...ctx.store.varsets.values()].filter(
        (s) => s.organization === org.name && canSeeVarset(ctx, s) && (needle === null || s.name.toLowerCase().includes(needle)),
    );
    const page = paginate(ctx, all, `/api/v2/organizations/${seg(org.name)}/varsets`, q ? { q } : {});
    return ok({ data: page.items.map((s) => varsetResource(ctx, s)), links: page.links, meta: page.meta });
}

function create(ctx: RequestContext, p: Record<string, string>) {
    const org = visibleOrganization(ctx, p.org);
    const data = dataObject(ctx);
    const attrs = attributesOf(data);
    const name = requiredString(attrs, "name");
    const description = optionalString(attrs, "description") ?? "";
    const global = optionalBoolean(attrs, "global") ?? false;
    const priority = optionalBoolean(attrs, "priority") ?? false;
    const workspaceIds = dedupe(workspacesOfOrg(ctx, org.name, relationshipIds(data, "workspaces", "workspaces") ?? []));
    const projectIds = dedupe(projectsOfOrg(ctx, org.name, relationshipIds(data, "projects", "projects") ?? []));
    if (global && workspaceIds.length > 0) throw invalid(GLOBAL_WITH_WORKSPACES, "/data/relationships/workspaces");
    let parentProjectId: string | null = null;
    const parent = data.relationships?.parent?.data;
    if (parent && parent.type === "projects") parentProjectId = projectsOfOrg(ctx, org.name, [String(parent.id)])[0];
    const varDocs = data.relationships?.vars?.data;
    const fields: Array<ReturnType<typeof validateNewVariable>> = [];
    if (varDocs !== undefined && varDocs !== null) {
        if (!Array.isArray(varDocs)) throw invalid("vars must be an array", "/data/relationships/vars/data");
        varDocs.forEach((doc: any, i: number) => {
            const base = `/data/relationships/vars/data/${i}/attributes`;
            const a = doc?.attributes;
            if (!a || typeof a !== "object") throw invalid("attributes must be an object", base);
            fields.push(validateNewVariable(a, fields.map((f, j) => ({ ...f, id: String(j), versionId: "", createdAt: "" })), base));
        });
    }
    if (sameName(ctx, org.name, name)) throw invalid("Name has already been taken", "/data/attributes/name");
    const at = now();
    const set: VarsetRecord = {
        id: newId("varset"), name, description, global, priority, organization: org.name, parentProjectId,
        workspaceIds, projectIds, createdAt: at, updatedAt: at,
    };
    ctx.store.varsets.set(set.id, set);
    for (const f of fields) {
        const v: VarsetVariableRecord = { ...newVariableFields(f), varsetId: set.id };
        ctx.store.varsetVariables.set(v.id, v);
    }
    return created({ data: varsetResource(ctx, set) });
}

function update(ctx: RequestContext, p: Record<string, string>) {
    const set = visibleVarset(ctx, p.id);
    const data = dataObject(ctx);
    const attrs = attributesOf(data);
    const nameRaw = optionalString(attrs, "name");
    if (nameRaw !== undefined && (nameRaw === null || nameRaw.trim() === "")) throw invalid("Name can't be blank", "/data/attributes/name");
    const description = optionalString(attrs, "description");
    const global = optionalBoolean(attrs, "global");
    const priority = optionalBoolean(attrs, "priority");
    const wsIds = relationshipIds(data, "workspaces", "workspaces");
    const prjIds = relationshipIds(data, "projects", "projects");
    const workspaceIds = wsIds === undefined ? set.workspaceIds : dedupe(workspacesOfOrg(ctx, set.organization, wsIds));
    const projectIds = prjIds === undefined ? set.projectIds : dedupe(projectsOfOrg(ctx, set.organization, prjIds));
    if ((global ?? set.global) && workspaceIds.length > 0) {
        throw invalid(GLOBAL_WITH_WORKSPACES, wsIds === undefined ? "/data/attributes/global" : "/data/relationships/workspaces");
    }
    if (nameRaw && sameName(ctx, set.organization, nameRaw, set.id)) throw invalid("Name has already been taken", "/data/attributes/name");
    if (nameRaw) set.name = nameRaw;
    if (description !== undefined) set.description = description ?? "";
    if (global !== undefined) set.global = global;
    if (priority !== undefined) set.priority = priority;
    set.workspaceIds = [...workspaceIds];
    set.projectIds = [...projectIds];
    set.updatedAt = now();
    return ok({ data: varsetResource(ctx, set) });
}

function remove(ctx: RequestContext, p: Record<string, string>) {
    const set = visibleVarset(ctx, p.id);
    ctx.store.varsets.delete(set.id);
    for (const v of [...ctx.store.varsetVariables.values()]) if (v.varsetId === set.id) ctx.store.varsetVariables.delete(v.id);
    return noContent();
}

// Variables of a set ------------------------------------------------------------------------------

function visibleSetVariable(ctx: RequestContext, p: Record<string, string>): { set: VarsetRecord; v: VarsetVariableRecord } {
    const set = visibleVarset(ctx, p.id);
    const v = ctx.store.varsetVariables.get(p.var);
    if (!v || v.varsetId !== set.id || !ctx.canSee(v.id)) throw notFound();
    return { set, v };
}

/** Returns every variable unless page[number] / page[size] are given (then paginated like other lists). */
function listVars(ctx: RequestContext, p: Record<string, string>) {
    const set = visibleVarset(ctx, p.id);
    const all = setVariables(ctx, set.id);
    if (!ctx.query.has("page[number]") && !ctx.query.has("page[size]")) return ok({ data: all.map(varsetVariableResource) });
    const page = paginate(ctx, all, `/api/v2/varsets/${set.id}/relationships/vars`);
    return ok({ data: page.items.map(varsetVariableResource), links: page.links, meta: page.meta });
}

function createVar(ctx: RequestContext, p: Record<string, string>) {
    const set = visibleVarset(ctx, p.id);
    const fields = validateNewVariable(attributesOf(dataObject(ctx)), setVariables(ctx, set.id));
    const v: VarsetVariableRecord = { ...newVariableFields(fields), varsetId: set.id };
    ctx.store.varsetVariables.set(v.id, v);
    set.updatedAt = now();
    return created({ data: varsetVariableResource(v) });
}

function updateVar(ctx: RequestContext, p: Record<string, string>) {
    const { set, v } = visibleSetVariable(ctx, p);
    patchVariable(v, attributesOf(dataObject(ctx)), setVariables(ctx, set.id));
    set.updatedAt = now();
    return ok({ data: varsetVariableResource(v) });
}

function removeVar(ctx: RequestContext, p: Record<string, string>) {
    const { set, v } = visibleSetVariable(ctx, p);
    ctx.store.varsetVariables.delete(v.id);
    set.updatedAt = now();
    return noContent();
}

// Attachments ---------------------------------------------------------------------------------------

function attachWorkspaces(ctx: RequestContext, p: Record<string, string>) {
    const set = visibleVarset(ctx, p.id);
    const ids = workspacesOfOrg(ctx, set.organization, identifierArray(ctx, "workspaces"));
    if (set.global && ids.length > 0) throw invalid(GLOBAL_WITH_WORKSPACES, "/data");
    for (const id of ids) if (!set.workspaceIds.includes(id)) set.workspaceIds.push(id);
    return noContent();
}

function detachWorkspaces(ctx: RequestContext, p: Record<string, string>) {
    const set = visibleVarset(ctx, p.id);
    const ids = new Set(workspacesOfOrg(ctx, set.organization, identifierArray(ctx, "workspaces")));
    set.workspaceIds = set.workspaceIds.filter((id) => !ids.has(id));
    return noContent();
}

function attachProjects(ctx: RequestContext, p: Record<string, string>) {
    const set = visibleVarset(ctx, p.id);
    const ids = projectsOfOrg(ctx, set.organization, identifierArray(ctx, "projects"));
    for (const id of ids) if (!set.projectIds.includes(id)) set.projectIds.push(id);
    return noContent();
}

function detachProjects(ctx: RequestContext, p: Record<string, string>) {
    const set = visibleVarset(ctx, p.id);
    const ids = new Set(projectsOfOrg(ctx, set.organization, identifierArray(ctx, "projects")));
    set.projectIds = set.projectIds.filter((id) => !ids.has(id));
    return noContent();
}

function read(ctx: RequestContext, p: Record<string, string>) {
    return ok({ data: varsetResource(ctx, visibleVarset(ctx, p.id)) });
}

export const variableSetRoutes: Route[] = [
    { method: "GET", pattern: "/organizations/:org/varsets", handler: list },
    { method: "POST", pattern: "/organizations/:org/varsets", handler: create },
    { method: "GET", pattern: "/varsets/:id", handler: read },
    { method: "PATCH", pattern: "/varsets/:id", handler: update },
    { method: "PUT", pattern: "/varsets/:id", handler: update },
    { method: "DELETE", pattern: "/varsets/:id", handler: remove },
    { method: "GET", pattern: "/varsets/:id/relationships/vars", handler: listVars },
    { method: "POST", pattern: "/varsets/:id/relationships/vars", handler: createVar },
    { method: "GET", pattern: "/varsets/:id/relationships/vars/:var", handler: (ctx, p) => ok({ data: varsetVariableResource(visibleSetVariable(ctx, p).v) }) },
    { method: "PATCH", pattern: "/varsets/:id/relationships/vars/:var", handler: updateVar },
    { method: "DELETE", pattern: "/varsets/:id/relationships/vars/:var", handler: removeVar },
    { method: "POST", pattern: "/varsets/:id/relationships/workspaces", handler: attachWorkspaces },
    { method: "DELETE", pattern: "/varsets/:id/relationships/workspaces", handler: detachWorkspaces },
    { method: "POST", pattern: "/varsets/:id/relationships/projects", handler: attachProjects },
    { method: "DELETE", pattern: "/varsets/:id/relationships/projects", handler: detachProjects },
];
