import * as pulumi from "@pulumi/pulumi";
import type { VariableArgs } from "./variableArgs";
import workspaceVariableGroupProvider = require("./providers/workspaceVariableGroup");

/** One variable of a WorkspaceVariableGroup: the fields of a variable, never sensitive. */
export interface GroupVariableArgs extends Pick<VariableArgs, "key" | "category" | "hcl" | "description"> {
    /** The value (default ""). Not sensitive: it shows in HCP Terraform and in `pulumi preview`. */
    readonly value?: pulumi.Input<string>;
}

/** A variable of a WorkspaceVariableGroup as it is in HCP Terraform. */
export interface GroupVariable {
    readonly key: string;
    readonly value: string;
    readonly category: "env" | "terraform";
    readonly hcl: boolean;
    readonly description: string;
    /** The variable's id (`var-…`). */
    readonly id: string;
}

export interface WorkspaceVariableGroupArgs {
    /** The workspace (`ws-…`). Give this, or `organization` and `workspaceName`. Changing it replaces the group. */
    readonly workspaceId?: pulumi.Input<string>;
    /** The workspace's organization, with `workspaceName`: the workspace is looked up by name when the group is created. */
    readonly organization?: pulumi.Input<string>;
    /** The workspace's name, with `organization`. Changing either replaces the group. */
    readonly workspaceName?: pulumi.Input<string>;
    /** The variables, written in this order and removed in the reverse order. A key+category pair appears once. */
    readonly variables: pulumi.Input<pulumi.Input<GroupVariableArgs>[]>;
    /** Take over existing variables with the same key and category instead of failing (default false). */
    readonly adoptExisting?: pulumi.Input<boolean>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
}

/**
 * Several non-sensitive variables of one HCP Terraform workspace, managed as one resource: one
 * engine step, one variable list per refresh, and a preview that shows each variable's change.
 * Sensitive values belong in `WorkspaceVariable` resources.
 */
export class WorkspaceVariableGroup extends pulumi.dynamic.Resource {
    /** The workspace the variables belong to (looked up when the group names it by organization and name). */
    declare readonly workspaceId: pulumi.Output<string>;
    /** The variables as HCP Terraform has them, in the declared order, each with its id. */
    declare readonly variables: pulumi.Output<GroupVariable[]>;

    constructor(name: string, args: WorkspaceVariableGroupArgs, opts?: pulumi.CustomResourceOptions) {
        // Only the inputs given travel: every property costs the program an output and a
        // registration field, and N groups are what a fleet stack is made of.
        const props: Record<string, pulumi.Input<unknown>> = { workspaceId: args.workspaceId, variables: args.variables };
        for (const key of ["organization", "workspaceName", "adoptExisting", "hostname"] as const) {
            if (args[key] !== undefined) {
                props[key] = args[key];
            }
        }
        super(workspaceVariableGroupProvider, name, props, opts, "hcp-oidc-federation", "WorkspaceVariableGroup");
    }
}
