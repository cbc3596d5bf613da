// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import * as hcp from "../../hcp";
import { ID_PATTERNS } from "../lifecycle";
import { variableProvider } from "../variableProvider";

export = variableProvider({
    property: "workspaceId",
    noun: "workspace",
    idPattern: ID_PATTERNS.workspace,
    idExample: "ws-123456789abcdefg",
    list: (c, ws) => hcp.listVariables(c, ws),
    create: (c, ws, fields) => hcp.createVariable(c, ws, fields),
    update: (c, ws, id, fields) => hcp.updateVariable(c, ws, id, fields),
    remove: (c, ws, id) => hcp.deleteVariable(c, ws, id),
});
