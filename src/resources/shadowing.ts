// Workspace variables shadow variable sets: HCP Terraform gives a workspace's own variables
// precedence over the sets attached to it (only priority sets win over them). A workspace that
// already has its own TFC_AWS_* variables (every workspace the seed's oidc_setup.py touched) would
// keep using them, silently, after a federation's set is attached. This finds them.
import * as hcp from "../hcp";

/** One workspace whose own env variables have keys the set declares. */
export interface Shadowing {
    workspaceId: string;
    variables: hcp.Variable[];
}

/** The workspaces of `workspaceIds` whose own env variables have one of `keys` (one variable list each, concurrently). */
export async function findShadowing(c: hcp.HcpClient, workspaceIds: readonly string[], keys: readonly string[]): Promise<Shadowing[]> {
    if (keys.length === 0) {
        return [];
    }
    const found = await Promise.all(
        workspaceIds.map(async (workspaceId) => ({
            workspaceId,
            variables: (await hcp.listVariables(c, workspaceId)).filter((v) => v.category === "env" && keys.includes(v.key)),
        })),
    );
    return found.filter((s) => s.variables.length > 0);
}

/** The refusal: which workspaces, which keys, and the two ways out. */
export function shadowingMessage(setId: string, shadowing: readonly Shadowing[]): string {
    const list = shadowing.map((s) => `${s.workspaceId} (${[...new Set(s.variables.map((v) => v.key))].join(", ")})`).join("; ");
    return (
        `workspace variables would shadow variable set ${setId}: HCP Terraform gives a workspace's own variables precedence over its ` +
        `variable sets, so these workspaces would keep their own values and not use the set's: ${list}. Nothing was attached. ` +
        `Fix: delete those workspace variables, or set removeShadowingVariables: true (removeShadowing on the resource) to have ` +
        `them deleted once the set is attached.`
    );
}
