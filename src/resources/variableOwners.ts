// The two owners variables hang from in HCP Terraform, as the variable providers reach them.
import * as hcp from "../hcp";
import { ID_PATTERNS } from "./commonFields";
import type { Parent } from "./lifecycle";

/** A variable as the client returns it, whatever its owner (the owner id field differs). */
export type OwnedVariable = Omit<hcp.Variable, "workspaceId">;

/** How a variable provider reaches the variables of its owner. */
export interface VariableOwner {
    /** The input naming the owner: "workspaceId" or "variableSetId". */
    readonly property: string;
    /** What the owner is called in messages: "workspace" or "variable set". */
    readonly noun: string;
    readonly idPattern: RegExp;
    readonly idExample: string;
    list(c: hcp.HcpClient, ownerId: string): Promise<OwnedVariable[]>;
    /** One variable by id (404 when it is gone). */
    read(c: hcp.HcpClient, ownerId: string, id: string): Promise<OwnedVariable>;
    create(c: hcp.HcpClient, ownerId: string, fields: hcp.VariableFields): Promise<OwnedVariable>;
    update(c: hcp.HcpClient, ownerId: string, id: string, fields: Partial<hcp.VariableFields>): Promise<OwnedVariable>;
    remove(c: hcp.HcpClient, ownerId: string, id: string): Promise<void>;
    /** The organization of the owner (one cached read per owner per process), recorded to tell "gone" from "hidden" later. */
    organizationOf(c: hcp.HcpClient, ownerId: string): Promise<string>;
    /** What holds a variable of this owner, nearest first (see confirmGone). */
    parents(ownerId: string, organization: string | undefined): Parent[];
}

/** A workspace's own variables: /workspaces/:id/vars. */
export const WORKSPACE_VARIABLES: VariableOwner = {
    property: "workspaceId",
    noun: "workspace",
    idPattern: ID_PATTERNS.workspace,
    idExample: "ws-123456789abcdefg",
    list: (c, ws) => hcp.listVariables(c, ws),
    read: (c, ws, id) => hcp.readVariable(c, ws, id),
    create: (c, ws, fields) => hcp.createVariable(c, ws, fields),
    update: (c, ws, id, fields) => hcp.updateVariable(c, ws, id, fields),
    remove: (c, ws, id) => hcp.deleteVariable(c, ws, id),
    organizationOf: async (c, ws) => (await c.cached(`workspace ${ws}`, () => hcp.readWorkspace(c, ws))).organization,
    parents: (ws, organization) => [{ workspaceId: ws }, ...(organization ? [{ organization }] : [])],
};

/** A variable set's variables: /varsets/:id/relationships/vars. */
export const VARIABLE_SET_VARIABLES: VariableOwner = {
    property: "variableSetId",
    noun: "variable set",
    idPattern: ID_PATTERNS.variableSet,
    idExample: "varset-123456789abcdefg",
    list: (c, set) => hcp.listVariableSetVariables(c, set),
    read: (c, set, id) => hcp.readVariableSetVariable(c, set, id),
    create: (c, set, fields) => hcp.createVariableSetVariable(c, set, fields),
    update: (c, set, id, fields) => hcp.updateVariableSetVariable(c, set, id, fields),
    remove: (c, set, id) => hcp.deleteVariableSetVariable(c, set, id),
    organizationOf: async (c, set) => (await c.cached(`varset ${set}`, () => hcp.readVariableSet(c, set))).organization,
    parents: (set, organization) => [{ variableSetId: set }, ...(organization ? [{ organization }] : [])],
};
