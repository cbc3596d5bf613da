// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import { VARIABLE_SET_VARIABLES } from "../variableOwners";
import { variableProvider } from "../variableProvider";

export = variableProvider(VARIABLE_SET_VARIABLES, "VariableSetVariable");
