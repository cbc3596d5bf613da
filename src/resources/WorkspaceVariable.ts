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
    /** The organization of the owner, recorded when the variable is created (to tell "gone" from "not visible"). */
    declare readonly organization: pulumi.Output<string | undefined>;
    /** The site the variable is on: "https://app.terraform.io". */
    declare readonly site: pulumi.Output<string>;

    constructor(name: string, args: WorkspaceVariableArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            workspaceVariableProvider,
            name,
            { workspaceId: args.workspaceId, ...variableProps("WorkspaceVariable", name, args, "workspaceId"), organization: undefined, site: undefined },
            opts,
            "hcp-oidc-federation",
            "WorkspaceVariable",
        );
    }
}
