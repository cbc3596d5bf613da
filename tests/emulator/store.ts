// State of the HCP Terraform API emulator. Plain mutable records in Maps keyed by id, so tests can read
// and edit them directly (emulator.store). Organization names are keys in lower case; every record keeps
// the organization's stored casing in `organization`.
import { randomBytes } from "node:crypto";

export type VariableCategory = "terraform" | "env";
export type OidcKind = "aws" | "azure" | "gcp" | "vault";
export type ExecutionMode = "remote" | "local" | "agent";

export interface OrganizationRecord {
    name: string; // stored casing
    hyok: boolean; // HYOK entitlement: OIDC configuration endpoints answer 404 without it
    defaultProjectId: string;
    externalId: string; // org-XXXXXXXXXXXXXXXX (attributes.external-id)
    email: string;
    createdAt: string;
}

export interface ProjectRecord {
    id: string; // prj-XXXXXXXXXXXXXXXX
    name: string;
    organization: string;
    createdAt: string;
}

export interface WorkspaceRecord {
    id: string; // ws-XXXXXXXXXXXXXXXX
    name: string;
    organization: string;
    projectId: string;
    managesResources: boolean; // safe-delete answers 409 while true
    workingDirectory?: string | null; // where runs start inside the configuration; default null (its root)
    description: string | null;
    executionMode: ExecutionMode;
    createdAt: string;
    updatedAt: string;
}

export interface VariableFieldsRecord {
    id: string; // var-XXXXXXXXXXXXXXXX
    key: string;
    value: string; // the real value, also for sensitive variables (never answered on the wire then)
    description: string;
    category: VariableCategory;
    hcl: boolean;
    sensitive: boolean;
    versionId: string; // 36 hex characters, new on every PATCH
    createdAt: string;
}

export interface VariableRecord extends VariableFieldsRecord {
    workspaceId: string;
}

export interface VarsetVariableRecord extends VariableFieldsRecord {
    varsetId: string;
}

export interface VarsetRecord {
    id: string; // varset-XXXXXXXXXXXXXXXX
    name: string;
    description: string;
    global: boolean;
    priority: boolean;
    organization: string;
    parentProjectId: string | null; // project-owned set (relationships.parent), else null (owned by the org)
    workspaceIds: string[];
    projectIds: string[];
    createdAt: string;
    updatedAt: string;
}

export interface OidcConfigurationRecord {
    id: string; // awsoidc-/azoidc-/gcpoidc-/voidc- + 16 alphanumerics
    kind: OidcKind;
    organization: string;
    attributes: Record<string, string | null>; // kebab-case, the kind's attributes only (without `type`)
    createdAt: string;
}

export interface EmulatorStore {
    organizations: Map<string, OrganizationRecord>; // key: organization name in lower case
    projects: Map<string, ProjectRecord>;
    workspaces: Map<string, WorkspaceRecord>;
    variables: Map<string, VariableRecord>; // workspace variables
    varsets: Map<string, VarsetRecord>;
    varsetVariables: Map<string, VarsetVariableRecord>;
    oidcConfigurations: Map<string, OidcConfigurationRecord>;
}

export function createStore(): EmulatorStore {
    return {
        organizations: new Map(),
        projects: new Map(),
        workspaces: new Map(),
        variables: new Map(),
        varsets: new Map(),
        varsetVariables: new Map(),
        oidcConfigurations: new Map(),
    };
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `<prefix>-` + 16 alphanumerics, e.g. ws-4j8p6jX1w33MiDC7. */
export function newId(prefix: string): string {
    const bytes = randomBytes(16);
    let out = prefix + "-";
    for (let i = 0; i < 16; i++) out += ALPHANUMERIC[bytes[i] % ALPHANUMERIC.length];
    return out;
}

/** 36 lower-case hex characters, the shape of the documented `version-id`. */
export function newVersionId(): string {
    return randomBytes(18).toString("hex");
}

export function now(): string {
    return new Date().toISOString();
}

/** now(), or 1 ms after `previous` when the clock has not moved past it, so an update always changes the stamp. */
export function laterThan(previous: string): string {
    const at = Date.now();
    const before = Date.parse(previous);
    return new Date(at > before ? at : before + 1).toISOString();
}

export function findOrganization(store: EmulatorStore, name: string): OrganizationRecord | undefined {
    return store.organizations.get(name.toLowerCase());
}

export function sameOrganization(a: string, b: string): boolean {
    return a.toLowerCase() === b.toLowerCase();
}

/** Workspace names are compared exactly (only organization names are documented as case-insensitive). */
export function findWorkspaceByName(store: EmulatorStore, org: string, name: string): WorkspaceRecord | undefined {
    for (const ws of store.workspaces.values()) {
        if (ws.name === name && sameOrganization(ws.organization, org)) return ws;
    }
    return undefined;
}
