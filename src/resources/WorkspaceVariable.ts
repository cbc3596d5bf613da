import * as pulumi from "@pulumi/pulumi";
import { VariableArgs, variableProps } from "./variableArgs";
import workspaceVariableProvider = require("./providers/workspaceVariable");

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
