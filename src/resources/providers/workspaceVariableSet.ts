// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import * as hcp from "../../hcp";
import { ID_PATTERNS } from "../commonFields";
import { attachmentProvider } from "../variableSetAttachment";

export = attachmentProvider({
    type: "WorkspaceVariableSet",
    property: "workspaceId",
    noun: "workspace",
    idPattern: ID_PATTERNS.workspace,
    idExample: "ws-123456789abcdefg",
    attachedTo: (set) => set.workspaceIds,
    attach: (c, set, ws) => hcp.attachVariableSetToWorkspaces(c, set, [ws]),
    detach: (c, set, ws) => hcp.detachVariableSetFromWorkspaces(c, set, [ws]),
    keepOnFederationSets: true,
});
