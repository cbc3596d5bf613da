// The set-up the WorkspaceVariableGroup test files share: one harness with two groups (one named
// by workspace id, one by organization and workspace name) and the helpers their assertions use.
import { WorkspaceVariableGroup } from "../../src/resources";
import type { VariableRecord } from "../emulator";
import { ORG, addVariable, useHarness, variablesOf } from "./harness";

export const PLACEHOLDER = "ws-placeholder000000";
export const ROLE = "arn:aws:iam::123456789012:role/run";
export const SENSITIVE_FIX = "Declare it as a WorkspaceVariable resource with sensitive: true (and remove it from the group)";

/** A group variable as check() completes it. */
export function entry(key: string, value: string, o: Record<string, unknown> = {}) {
    return { key, value, category: "env", hcl: false, description: "", ...o };
}
export const A = entry("TFC_AWS_PROVIDER_AUTH", "true");
export const B = entry("TFC_AWS_RUN_ROLE_ARN", ROLE);

/** The refusal of an existing variable without adoptExisting. */
export function ALREADY(ws: string, key: string, category = "env"): string {
    return (
        `variable "${key}" (${category}) of workspace ${ws} already exists (Key has already been taken). ` +
        "Set adoptExisting: true to manage the existing variable, or delete it in HCP Terraform."
    );
}

/** Installs the harness (call inside describe) and answers the helpers bound to it. */
export function useGroupHarness() {
    let counter = 0;
    const h = useHarness(() => {
        new WorkspaceVariableGroup("group", {
            workspaceId: PLACEHOLDER,
            variables: [
                { key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" },
                { key: "TFC_AWS_RUN_ROLE_ARN", value: ROLE, category: "env" },
            ],
        });
        new WorkspaceVariableGroup("by-name", {
            organization: ORG,
            workspaceName: "named",
            variables: [{ key: "region", value: "eu-west-1", category: "terraform", description: "where" }],
            adoptExisting: false,
        });
    });
    const group = () => h.resource("group");
    const vars = (ws: string): VariableRecord[] => variablesOf(h, ws);
    const varOf = (ws: string, key: string, category = "env") => vars(ws).find((v) => v.key === key && v.category === category);
    return {
        h,
        group,
        byName: () => h.resource("by-name"),
        /** A fresh workspace; answers its id. */
        workspace: (name = `ws-group-${++counter}`) => h.emu.addWorkspace(ORG, name).id,
        vars,
        varOf,
        addVar: (ws: string, f: Partial<VariableRecord> & { key: string }) => addVariable(h, ws, f),
        path: (ws: string) => `/workspaces/${ws}/vars`,
        /** Inputs of "group" for a workspace, with overrides. */
        inputs: (ws: string, o: Record<string, any> = {}) => group().inputs({ workspaceId: ws, ...o }),
        /** The output variables with the ids of the store (in state order), for exact comparisons. */
        withIds: (ws: string, ...entries: Record<string, unknown>[]) =>
            entries.map((e) => ({ ...e, id: varOf(ws, e.key as string, e.category as string)!.id })),
        /** Attribute names of each PATCH since the last clearLog(). */
        patched: () => h.requests("PATCH", /\/vars\/var-/).map((e) => Object.keys((e.body as any).data.attributes).sort()),
        /** Keys of each variable POST since the last clearLog(). */
        posted: () => h.requests("POST", /\/vars$/).map((e) => (e.body as any).data.attributes.key),
    };
}
