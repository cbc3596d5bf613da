// Test controls that edit the store directly (out of band: no request, no request log entry). Each checks
// its input and throws on a test bug (unknown organization, duplicate or invalid name, foreign project).
import { EmulatorStore, ExecutionMode, OrganizationRecord, findOrganization, findWorkspaceByName, laterThan, newId, now } from "./store";
import { EXECUTION_MODES } from "./workspaceWrites";
import { WORKSPACE_NAME } from "./workspaces";

export interface AddWorkspaceOptions {
    projectId?: string; // default: the organization's default project
    managesResources?: boolean; // default false
    executionMode?: ExecutionMode; // default "remote"
}

function requireOrg(store: EmulatorStore, name: string): OrganizationRecord {
    const org = findOrganization(store, name);
    if (!org) throw new Error(`emulator: unknown organization ${name}`);
    return org;
}

function requireWorkspace(store: EmulatorStore, id: string) {
    const ws = store.workspaces.get(id);
    if (!ws) throw new Error(`emulator: unknown workspace ${id}`);
    return ws;
}

function requireProjectOf(store: EmulatorStore, projectId: string, org: string) {
    const project = store.projects.get(projectId);
    if (!project || project.organization !== org) throw new Error(`emulator: project ${projectId} is not in ${org}`);
    return project;
}

function checkWorkspaceName(store: EmulatorStore, org: string, name: string): void {
    if (!WORKSPACE_NAME.test(name)) throw new Error(`emulator: invalid workspace name ${JSON.stringify(name)}`);
    if (findWorkspaceByName(store, org, name)) throw new Error(`emulator: workspace ${name} already exists`);
}

function newProject(store: EmulatorStore, org: string, name: string): { id: string; name: string } {
    const id = newId("prj");
    store.projects.set(id, { id, name, organization: org, createdAt: now() });
    return { id, name };
}

export function addOrganization(store: EmulatorStore, name: string, opts: { hyok?: boolean; email?: string } = {}): void {
    if (findOrganization(store, name)) throw new Error(`emulator: organization ${name} already exists`);
    const project = newProject(store, name, "Default Project");
    store.organizations.set(name.toLowerCase(), {
        name, hyok: opts.hyok ?? false, defaultProjectId: project.id, externalId: newId("org"),
        email: opts.email ?? `owner@${name.toLowerCase()}.example`, createdAt: now(),
    });
}

export function setHyok(store: EmulatorStore, org: string, entitled: boolean): void {
    requireOrg(store, org).hyok = entitled;
}

export function addProject(store: EmulatorStore, org: string, name: string): { id: string; name: string } {
    const o = requireOrg(store, org);
    for (const p of store.projects.values()) {
        if (p.organization === o.name && p.name.toLowerCase() === name.toLowerCase()) {
            throw new Error(`emulator: project ${name} already exists in ${o.name}`);
        }
    }
    return newProject(store, o.name, name);
}

export function addWorkspace(store: EmulatorStore, org: string, name: string, opts: AddWorkspaceOptions = {}): { id: string; name: string; projectId: string } {
    const organization = requireOrg(store, org);
    checkWorkspaceName(store, organization.name, name);
    const projectId = requireProjectOf(store, opts.projectId ?? organization.defaultProjectId, organization.name).id;
    const executionMode = opts.executionMode ?? "remote";
    if (!EXECUTION_MODES.includes(executionMode)) throw new Error(`emulator: invalid execution mode ${JSON.stringify(executionMode)}`);
    const at = now();
    const id = newId("ws");
    store.workspaces.set(id, {
        id, name, organization: organization.name, projectId, managesResources: opts.managesResources ?? false,
        description: null, executionMode, createdAt: at, updatedAt: at,
    });
    return { id, name, projectId };
}

export function renameWorkspace(store: EmulatorStore, id: string, name: string): void {
    const ws = requireWorkspace(store, id);
    if (ws.name === name) return;
    checkWorkspaceName(store, ws.organization, name);
    ws.name = name;
    ws.updatedAt = laterThan(ws.updatedAt);
}

export function moveWorkspace(store: EmulatorStore, id: string, projectId: string): void {
    const ws = requireWorkspace(store, id);
    requireProjectOf(store, projectId, ws.organization);
    if (ws.projectId === projectId) return;
    ws.projectId = projectId;
    ws.updatedAt = laterThan(ws.updatedAt);
}
