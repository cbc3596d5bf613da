// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import * as hcp from "../../hcp";
import { ID_PATTERNS } from "../lifecycle";
import { variableProvider } from "../variableProvider";

export = variableProvider({
    property: "variableSetId",
    noun: "variable set",
    idPattern: ID_PATTERNS.variableSet,
    idExample: "varset-123456789abcdefg",
    list: (c, set) => hcp.listVariableSetVariables(c, set),
    create: (c, set, fields) => hcp.createVariableSetVariable(c, set, fields),
    update: (c, set, id, fields) => hcp.updateVariableSetVariable(c, set, id, fields),
    remove: (c, set, id) => hcp.deleteVariableSetVariable(c, set, id),
});
