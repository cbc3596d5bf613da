// Per-token workspace permissions, answered as `attributes.permissions` on workspace documents (the keys
// of the documented workspace sample). Every permission is true for a token that may see the workspace
// until a test sets it with emu.setWorkspacePermissions(token, workspaceId, {...}).
import { RequestContext, forbidden, notFound } from "./jsonapi";
import type { WorkspaceRecord } from "./store";

/** Control option name -> the attribute answered in `attributes.permissions`. */
export const WORKSPACE_PERMISSIONS = {
    canUpdate: "can-update",
    canDestroy: "can-destroy",
    canQueueRun: "can-queue-run",
    canReadVariable: "can-read-variable",
    canUpdateVariable: "can-update-variable",
    canReadStateVersions: "can-read-state-versions",
    canReadStateOutputs: "can-read-state-outputs",
    canCreateStateVersions: "can-create-state-versions",
    canQueueApply: "can-queue-apply",
    canLock: "can-lock",
    canUnlock: "can-unlock",
    canForceUnlock: "can-force-unlock",
    canReadSettings: "can-read-settings",
    canManageTags: "can-manage-tags",
    canManageRunTasks: "can-manage-run-tasks",
    canForceDelete: "can-force-delete",
    canManageAssessments: "can-manage-assessments",
    canReadAssessmentResults: "can-read-assessment-results",
    canQueueDestroy: "can-queue-destroy",
} as const;

/** emu.setWorkspacePermissions options: the permissions to change (the others keep their value). */
export type WorkspacePermissions = { [K in keyof typeof WORKSPACE_PERMISSIONS]?: boolean };

/** `attributes.permissions` as answered, e.g. { "can-update": true, "can-queue-run": false, … }. */
export type WorkspacePermissionAttributes = Record<(typeof WORKSPACE_PERMISSIONS)[keyof typeof WORKSPACE_PERMISSIONS], boolean>;

export class PermissionTable {
    private readonly byToken = new Map<string, Map<string, WorkspacePermissionAttributes>>();

    /** Merges `perms` into what `token` holds on `workspaceId`; an unknown option name is a test bug (throws). */
    set(token: string, workspaceId: string, perms: WorkspacePermissions): void {
        const current = this.of(token, workspaceId);
        for (const [option, value] of Object.entries(perms)) {
            const attribute = (WORKSPACE_PERMISSIONS as Record<string, keyof WorkspacePermissionAttributes>)[option];
            if (attribute === undefined) {
                throw new Error(`emulator: unknown workspace permission ${option} (one of ${Object.keys(WORKSPACE_PERMISSIONS).join(", ")})`);
            }
            if (typeof value !== "boolean") throw new Error(`emulator: workspace permission ${option} must be true or false`);
            current[attribute] = value;
        }
        let forToken = this.byToken.get(token);
        if (!forToken) this.byToken.set(token, (forToken = new Map()));
        forToken.set(workspaceId, current);
    }

    /** A fresh copy of what `token` holds on `workspaceId`. */
    of(token: string, workspaceId: string): WorkspacePermissionAttributes {
        const stored = this.byToken.get(token)?.get(workspaceId);
        if (stored) return { ...stored };
        const all = {} as WorkspacePermissionAttributes;
        for (const attribute of Object.values(WORKSPACE_PERMISSIONS)) all[attribute] = true;
        return all;
    }
}

/**
 * Refuses an action the caller may not take on a workspace it can see: 404 (HCP answers "not found, or
 * not authorized" alike), or the documented 403 for a force delete.
 */
export function requireWorkspacePermission(
    ctx: RequestContext, ws: WorkspaceRecord, attribute: keyof WorkspacePermissionAttributes,
): void {
    if (ctx.workspacePermissions(ws.id)[attribute]) return;
    throw attribute === "can-force-delete" ? forbidden() : notFound();
}
