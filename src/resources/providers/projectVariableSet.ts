// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import * as hcp from "../../hcp";
import { ID_PATTERNS } from "../commonFields";
import { attachmentProvider } from "../variableSetAttachment";

export = attachmentProvider({
    type: "ProjectVariableSet",
    property: "projectId",
    noun: "project",
    idPattern: ID_PATTERNS.project,
    idExample: "prj-123456789abcdefg",
    attachedTo: (set) => set.projectIds,
    attach: (c, set, prj) => hcp.attachVariableSetToProjects(c, set, [prj]),
    detach: (c, set, prj) => hcp.detachVariableSetFromProjects(c, set, [prj]),
});
