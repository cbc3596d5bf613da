// Workspace variables (type "vars"), plus the validation and write-only rules shared with variable-set
// variables (variableSets.ts).
import {
    RequestContext, Route, attributesOf, collect, created, dataObject, humanize, invalid, noContent, notFound, ok,
    optionalBoolean, optionalString, seg,
} from "./jsonapi";
import {
    EmulatorStore, VariableCategory, VariableFieldsRecord, VariableRecord, VarsetRecord, VarsetVariableRecord, WorkspaceRecord, newId,
    newVersionId, now,
} from "./store";
import { requireWorkspacePermission } from "./permissions";
import { visibleWorkspace } from "./workspaces";

export const CATEGORIES: readonly VariableCategory[] = ["terraform", "env"];

export const SENSITIVE_TO_PLAIN = "Sensitive cannot be changed from true to false on saved records";
export const SENSITIVE_KEY_CHANGE = "Key cannot be changed on saved sensitive records";
export const SENSITIVE_HCL_CHANGE = "Hcl cannot be changed on saved sensitive records";

function category(attrs: Record<string, unknown>, pointerBase: string, required: boolean): VariableCategory | undefined {
    const v = attrs.category;
    if (v === undefined || v === null || v === "") {
        if (required) throw invalid("Category can't be blank", `${pointerBase}/category`);
        if (v === undefined) return undefined;
        throw invalid("Category is not included in the list", `${pointerBase}/category`);
    }
    if (typeof v !== "string" || !(CATEGORIES as readonly string[]).includes(v)) {
        throw invalid("Category is not included in the list", `${pointerBase}/category`);
    }
    return v as VariableCategory;
}

function key(attrs: Record<string, unknown>, pointerBase: string): string | undefined {
    const v = optionalString(attrs, "key", pointerBase);
    if (v === undefined) return undefined;
    if (v === null || v.trim() === "") throw invalid(`${humanize("key")} can't be blank`, `${pointerBase}/key`);
    return v;
}

type Fields = Omit<VariableFieldsRecord, "id" | "versionId" | "createdAt">;

/** Validates a create document's attributes; `siblings` are the variables of the same workspace / set. */
export function validateNewVariable(
    attrs: Record<string, unknown>, siblings: Iterable<VariableFieldsRecord>, pointerBase = "/data/attributes",
): Fields {
    const out: Partial<Fields> = {};
    collect([
        () => {
            const k = key(attrs, pointerBase);
            if (k === undefined) throw invalid("Key can't be blank", `${pointerBase}/key`);
            out.key = k;
        },
        () => { out.category = category(attrs, pointerBase, true); },
        () => { out.value = optionalString(attrs, "value", pointerBase) ?? ""; },
        () => { out.description = optionalString(attrs, "description", pointerBase) ?? ""; },
        () => { out.hcl = optionalBoolean(attrs, "hcl", pointerBase) ?? false; },
        () => { out.sensitive = optionalBoolean(attrs, "sensitive", pointerBase) ?? false; },
    ]);
    for (const s of siblings) {
        if (s.key === out.key && s.category === out.category) throw invalid("Key has already been taken", `${pointerBase}/key`);
    }
    return out as Fields;
}

export function newVariableFields(fields: Fields): VariableFieldsRecord {
    return { id: newId("var"), ...fields, versionId: newVersionId(), createdAt: now() };
}

/**
 * Applies a partial update atomically (nothing changes when a check fails); `version-id` changes on
 * every successful PATCH, even one without attributes.
 */
export function patchVariable(
    record: VariableFieldsRecord, attrs: Record<string, unknown>, siblings: Iterable<VariableFieldsRecord>,
): void {
    const p = "/data/attributes";
    const next: Partial<Fields> = {};
    collect([
        () => { next.key = key(attrs, p); },
        () => { next.category = category(attrs, p, false); },
        () => { const v = optionalString(attrs, "value", p); if (v !== undefined) next.value = v ?? ""; },
        () => { const v = optionalString(attrs, "description", p); if (v !== undefined) next.description = v ?? ""; },
        () => { next.hcl = optionalBoolean(attrs, "hcl", p); },
        () => { next.sensitive = optionalBoolean(attrs, "sensitive", p); },
    ]);
    collect([
        () => { if (record.sensitive && next.sensitive === false) throw invalid(SENSITIVE_TO_PLAIN, `${p}/sensitive`); },
        () => {
            if (record.sensitive && next.key !== undefined && next.key !== record.key) throw invalid(SENSITIVE_KEY_CHANGE, `${p}/key`);
        },
        () => {
            if (record.sensitive && next.hcl !== undefined && next.hcl !== record.hcl) throw invalid(SENSITIVE_HCL_CHANGE, `${p}/hcl`);
        },
    ]);
    const newKey = next.key ?? record.key;
    const newCategory = next.category ?? record.category;
    for (const s of siblings) {
        if (s.id !== record.id && s.key === newKey && s.category === newCategory) {
            throw invalid("Key has already been taken", `${p}/key`);
        }
    }
    for (const [k, v] of Object.entries(next)) if (v !== undefined) (record as any)[k] = v;
    record.versionId = newVersionId();
}

/** Attributes as answered: a sensitive variable's value is write-only (null). */
export function variableAttributes(v: VariableFieldsRecord) {
    return {
        key: v.key,
        value: v.sensitive ? null : v.value,
        description: v.description,
        sensitive: v.sensitive,
        category: v.category,
        hcl: v.hcl,
        "created-at": v.createdAt,
        "version-id": v.versionId,
    };
}

export function variableResource(ctx: RequestContext, v: VariableRecord) {
    const ws = ctx.store.workspaces.get(v.workspaceId);
    return {
        id: v.id,
        type: "vars",
        attributes: variableAttributes(v),
        relationships: {
            configurable: {
                data: { id: v.workspaceId, type: "workspaces" },
                links: ws ? { related: `/api/v2/organizations/${seg(ws.organization)}/workspaces/${seg(ws.name)}` } : {},
            },
        },
        links: { self: `/api/v2/workspaces/${v.workspaceId}/vars/${v.id}` },
    };
}

export function varsetVariableResource(v: VarsetVariableRecord) {
    return {
        id: v.id,
        type: "vars",
        attributes: variableAttributes(v),
        relationships: {
            configurable: { data: { id: v.varsetId, type: "varsets" }, links: { related: `/api/v2/varsets/${v.varsetId}` } },
        },
        links: { self: `/api/v2/varsets/${v.varsetId}/relationships/vars/${v.id}` },
    };
}

function workspaceVariables(ctx: RequestContext, wsId: string): VariableRecord[] {
    const out: VariableRecord[] = [];
    for (const v of ctx.store.variables.values()) if (v.workspaceId === wsId) out.push(v);
    return out;
}

/** The workspace, when the caller may read (or, with `write`, change) its variables; else 404. */
function workspaceForVariables(ctx: RequestContext, id: string, write: boolean): WorkspaceRecord {
    const ws = visibleWorkspace(ctx, id);
    requireWorkspacePermission(ctx, ws, write ? "can-update-variable" : "can-read-variable");
    return ws;
}

function visibleVariable(ctx: RequestContext, p: Record<string, string>, write: boolean): { ws: WorkspaceRecord; v: VariableRecord } {
    const ws = workspaceForVariables(ctx, p.ws, write);
    const v = ctx.store.variables.get(p.var);
    if (!v || v.workspaceId !== ws.id || !ctx.canSee(v.id)) throw notFound();
    return { ws, v };
}

function create(ctx: RequestContext, p: Record<string, string>) {
    const ws = workspaceForVariables(ctx, p.ws, true);
    const attrs = attributesOf(dataObject(ctx));
    const fields = validateNewVariable(attrs, workspaceVariables(ctx, ws.id));
    const v: VariableRecord = { ...newVariableFields(fields), workspaceId: ws.id };
    ctx.store.variables.set(v.id, v);
    return created({ data: variableResource(ctx, v) });
}

function update(ctx: RequestContext, p: Record<string, string>) {
    const { ws, v } = visibleVariable(ctx, p, true);
    const attrs = attributesOf(dataObject(ctx));
    patchVariable(v, attrs, workspaceVariables(ctx, ws.id));
    return ok({ data: variableResource(ctx, v) });
}

function remove(ctx: RequestContext, p: Record<string, string>) {
    const { v } = visibleVariable(ctx, p, true);
    ctx.store.variables.delete(v.id);
    return noContent();
}

/**
 * Effective variables of a workspace. Precedence, highest first: priority sets, workspace variables,
 * sets on the workspace, sets on its project, global sets. Within a level, the older set wins.
 */
export function effectiveVariables(store: EmulatorStore, ws: WorkspaceRecord): Array<VariableRecord | VarsetVariableRecord> {
    const sets = [...store.varsets.values()].filter((s) => s.organization === ws.organization);
    const applies = (s: VarsetRecord) => s.global || s.workspaceIds.includes(ws.id) || s.projectIds.includes(ws.projectId);
    const setVars = (pick: (s: VarsetRecord) => boolean) => {
        const chosen = new Set(sets.filter(pick).map((s) => s.id));
        return [...store.varsetVariables.values()].filter((v) => chosen.has(v.varsetId));
    };
    const levels: Array<Array<VariableRecord | VarsetVariableRecord>> = [
        setVars((s) => s.priority && applies(s)),
        [...store.variables.values()].filter((v) => v.workspaceId === ws.id),
        setVars((s) => !s.priority && s.workspaceIds.includes(ws.id)),
        setVars((s) => !s.priority && !s.workspaceIds.includes(ws.id) && s.projectIds.includes(ws.projectId)),
        setVars((s) => !s.priority && s.global && !s.workspaceIds.includes(ws.id) && !s.projectIds.includes(ws.projectId)),
    ];
    const seen = new Set<string>();
    const out: Array<VariableRecord | VarsetVariableRecord> = [];
    for (const level of levels) {
        for (const v of level) {
            const id = `${v.category}\u0000${v.key}`;
            if (seen.has(id)) continue;
            seen.add(id);
            out.push(v);
        }
    }
    return out;
}

function allVars(ctx: RequestContext, p: Record<string, string>) {
    const ws = workspaceForVariables(ctx, p.ws, false);
    const data = effectiveVariables(ctx.store, ws).map((v) => ("workspaceId" in v ? variableResource(ctx, v) : varsetVariableResource(v)));
    return ok({ data });
}

export const variableRoutes: Route[] = [
    { method: "GET", pattern: "/workspaces/:ws/vars", handler: (ctx, p) => ok({ data: workspaceVariables(ctx, workspaceForVariables(ctx, p.ws, false).id).map((v) => variableResource(ctx, v)) }) },
    { method: "POST", pattern: "/workspaces/:ws/vars", handler: create },
    { method: "GET", pattern: "/workspaces/:ws/vars/:var", handler: (ctx, p) => ok({ data: variableResource(ctx, visibleVariable(ctx, p, false).v) }) },
    { method: "PATCH", pattern: "/workspaces/:ws/vars/:var", handler: update },
    { method: "DELETE", pattern: "/workspaces/:ws/vars/:var", handler: remove },
    { method: "GET", pattern: "/workspaces/:ws/all-vars", handler: allVars },
];
