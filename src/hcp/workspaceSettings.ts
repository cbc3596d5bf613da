// The workspace fields a run depends on (execution mode, the token's queue permission, working
// directory, agent pool), read from the same GET as workspaces.ts's Workspace (which carries the
// execution mode).

import type { HcpClient } from "./client";
import { relationshipId } from "./jsonapi";
import { Workspace, workspaceFromApi } from "./workspaces";

export interface WorkspaceRunSettings extends Workspace {
    /** permissions["can-queue-run"] for this token; undefined when the server sends no permissions. */
    canQueueRun: boolean | undefined;
    /** "" when runs start at the configuration's root. */
    workingDirectory: string;
    /** The agent pool (`apool-…`) of an agent-mode workspace, else "". */
    agentPoolId: string;
    locked: boolean;
}

/** The workspace by id, or by organization and name. */
export type WorkspaceRef = { workspaceId: string } | { organization: string; workspaceName: string };

/** GET /workspaces/:id, or GET /organizations/:org/workspaces/:name. */
export async function readWorkspaceRunSettings(c: HcpClient, ref: WorkspaceRef): Promise<WorkspaceRunSettings> {
    let path: string;
    let organization: string | undefined;
    if ("workspaceId" in ref) {
        if (typeof ref.workspaceId !== "string" || !/^ws-[A-Za-z0-9]+$/.test(ref.workspaceId)) {
            throw new Error(`workspaceId ${JSON.stringify(ref.workspaceId)} is not valid: give an id such as "ws-123456789abcdefg".`);
        }
        path = `/workspaces/${encodeURIComponent(ref.workspaceId)}`;
    } else {
        for (const [what, value] of [["organization", ref.organization], ["workspaceName", ref.workspaceName]]) {
            if (typeof value !== "string" || !/^[A-Za-z0-9_-]+$/.test(value)) {
                throw new Error(`${what} ${JSON.stringify(value)} is not valid: use only letters, digits, "-" and "_".`);
            }
        }
        organization = ref.organization;
        path = `/organizations/${encodeURIComponent(ref.organization)}/workspaces/${encodeURIComponent(ref.workspaceName)}`;
    }
    const resource = (await c.requestResource("GET", path))!;
    const attrs = resource.attributes || {};
    const permissions = attrs.permissions && typeof attrs.permissions === "object" ? attrs.permissions : undefined;
    const canQueueRun = permissions && typeof permissions["can-queue-run"] === "boolean" ? permissions["can-queue-run"] : undefined;
    return {
        ...workspaceFromApi(resource, organization),
        canQueueRun,
        workingDirectory: typeof attrs["working-directory"] === "string" ? attrs["working-directory"] : "",
        agentPoolId: relationshipId(resource, "agent-pool") ?? "",
        locked: attrs.locked === true,
    };
}
