// The set-up the WorkspaceVariable / VariableSetVariable test files share: the two owners a variable
// hangs from (the same cases for both), and one harness with a plain and a sensitive variable of each.
import * as pulumi from "@pulumi/pulumi";
import { VariableSetVariable, WorkspaceVariable } from "../../src/resources";
import type { VariableFieldsRecord } from "../emulator";
import { ORG, addSet, addSetVariable, addVariable, useHarness, type Harness } from "./harness";

export interface OwnerCase {
    title: string;
    type: string;
    /** Resource names registered by the program: plain and sensitive. */
    plain: string;
    secret: string;
    property: "workspaceId" | "variableSetId";
    idExample: string;
    noun: string;
    /** Makes a fresh owner in the emulator; answers its id. */
    makeOwner(h: Harness): string;
    removeOwner(h: Harness, id: string): void;
    /** The owner's variables in the emulator store. */
    vars(h: Harness, ownerId: string): VariableFieldsRecord[];
    /** Puts a variable in the store directly (out of band). */
    addVar(h: Harness, ownerId: string, fields: Partial<VariableFieldsRecord> & { key: string }): VariableFieldsRecord;
    /** API path of the owner's variables (relative to /api/v2). */
    varsPath(ownerId: string): string;
}

let counter = 0;

export const CASES: OwnerCase[] = [
    {
        title: "WorkspaceVariable",
        type: "WorkspaceVariable",
        plain: "wv",
        secret: "wv-secret",
        property: "workspaceId",
        idExample: "ws-123456789abcdefg",
        noun: "workspace",
        makeOwner: (h) => h.emu.addWorkspace(ORG, `ws-owner-${++counter}`).id,
        removeOwner: (h, id) => h.emu.store.workspaces.delete(id),
        vars: (h, id) => [...h.emu.store.variables.values()].filter((v) => v.workspaceId === id),
        addVar: (h, id, f) => addVariable(h, id, f),
        varsPath: (id) => `/workspaces/${id}/vars`,
    },
    {
        title: "VariableSetVariable",
        type: "VariableSetVariable",
        plain: "sv",
        secret: "sv-secret",
        property: "variableSetId",
        idExample: "varset-123456789abcdefg",
        noun: "variable set",
        makeOwner: (h) => addSet(h).id,
        removeOwner: (h, id) => h.emu.store.varsets.delete(id),
        vars: (h, id) => [...h.emu.store.varsetVariables.values()].filter((v) => v.varsetId === id),
        addVar: (h, id, f) => addSetVariable(h, id, f),
        varsPath: (id) => `/varsets/${id}/relationships/vars`,
    },
];

/** Attribute names sent by each PATCH to a path (relative to /api/v2) since the last clearLog(). */
export function patchedAttributes(h: Harness, path: string): string[][] {
    return h.requests("PATCH", new RegExp(`^${path.replace(/\//g, "\\/")}/var-`)).map((e) => Object.keys((e.body as any).data.attributes).sort());
}

/** Installs the harness (call inside describe): wv, wv-secret, sv, sv-secret. */
export function useVariableHarness(): Harness {
    const PLACEHOLDER = { workspaceId: "ws-placeholder000000", variableSetId: "varset-placeholder000000" };
    return useHarness(() => ({
        wv: new WorkspaceVariable("wv", { workspaceId: PLACEHOLDER.workspaceId, key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" }),
        wvSecret: new WorkspaceVariable("wv-secret", {
            workspaceId: PLACEHOLDER.workspaceId, key: "DB_PASSWORD", value: "hunter2", category: "env", sensitive: true,
        }),
        sv: new VariableSetVariable("sv", { variableSetId: PLACEHOLDER.variableSetId, key: "region", value: "eu-west-1", category: "terraform" }),
        svSecret: new VariableSetVariable("sv-secret", {
            variableSetId: PLACEHOLDER.variableSetId, key: "api_key", value: pulumi.secret("k-123"), category: "terraform", sensitive: true,
        }),
    }));
}
