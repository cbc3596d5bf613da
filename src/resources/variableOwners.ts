// The two owners variables hang from in HCP Terraform, as the variable providers reach them.
import * as hcp from "../hcp";
import { ID_PATTERNS } from "./lifecycle";
import type { VariableOwner } from "./variableProvider";

/** A workspace's own variables: /workspaces/:id/vars. */
export const WORKSPACE_VARIABLES: VariableOwner = {
    property: "workspaceId",
    noun: "workspace",
    idPattern: ID_PATTERNS.workspace,
    idExample: "ws-123456789abcdefg",
    list: (c, ws) => hcp.listVariables(c, ws),
    create: (c, ws, fields) => hcp.createVariable(c, ws, fields),
    update: (c, ws, id, fields) => hcp.updateVariable(c, ws, id, fields),
    remove: (c, ws, id) => hcp.deleteVariable(c, ws, id),
};

/** A variable set's variables: /varsets/:id/relationships/vars. */
export const VARIABLE_SET_VARIABLES: VariableOwner = {
    property: "variableSetId",
    noun: "variable set",
    idPattern: ID_PATTERNS.variableSet,
    idExample: "varset-123456789abcdefg",
    list: (c, set) => hcp.listVariableSetVariables(c, set),
    create: (c, set, fields) => hcp.createVariableSetVariable(c, set, fields),
    update: (c, set, id, fields) => hcp.updateVariableSetVariable(c, set, id, fields),
    remove: (c, set, id) => hcp.deleteVariableSetVariable(c, set, id),
};
