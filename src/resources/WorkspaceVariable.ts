import * as pulumi from "@pulumi/pulumi";
import * as hcp from "../hcp";
import { ID_PATTERNS } from "./lifecycle";
import { VariableArgs, variableProps } from "./variableArgs";
import { variableProvider } from "./variableProvider";

const workspaceVariableProvider = variableProvider({
    property: "workspaceId",
    noun: "workspace",
    idPattern: ID_PATTERNS.workspace,
    idExample: "ws-123456789abcdefg",
    list: (c, ws) => hcp.listVariables(c, ws),
    create: (c, ws, fields) => hcp.createVariable(c, ws, fields),
    update: (c, ws, id, fields) => hcp.updateVariable(c, ws, id, fields),
    remove: (c, ws, id) => hcp.deleteVariable(c, ws, id),
});

export interface WorkspaceVariableArgs extends VariableArgs {
    /** The workspace (`ws-…`) the variable belongs to. Changing it replaces the variable. */
    readonly workspaceId: pulumi.Input<string>;
}

/** A variable of one HCP Terraform workspace (`/workspaces/:id/vars`). */
export class WorkspaceVariable extends pulumi.dynamic.Resource {
    declare readonly workspaceId: pulumi.Output<string>;
    declare readonly key: pulumi.Output<string>;
    declare readonly value: pulumi.Output<string>;
    declare readonly category: pulumi.Output<"env" | "terraform">;
    declare readonly hcl: pulumi.Output<boolean>;
    declare readonly sensitive: pulumi.Output<boolean>;
    declare readonly description: pulumi.Output<string>;
    declare readonly adoptExisting: pulumi.Output<boolean>;
    declare readonly hostname: pulumi.Output<string | undefined>;

    constructor(name: string, args: WorkspaceVariableArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            workspaceVariableProvider,
            name,
            { workspaceId: args.workspaceId, ...variableProps(args) },
            opts,
            "hcp-oidc-federation",
            "WorkspaceVariable",
        );
    }
}
