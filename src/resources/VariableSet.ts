import * as pulumi from "@pulumi/pulumi";
import variableSetProvider = require("./providers/variableSet");

export interface VariableSetArgs {
    /** The HCP Terraform organization that owns the set. Changing it replaces the set. */
    readonly organization: pulumi.Input<string>;
    /** The set's name, unique in the organization. Renamed in place. */
    readonly name: pulumi.Input<string>;
    /** Free text shown in the HCP Terraform UI (default ""). */
    readonly description?: pulumi.Input<string>;
    /** Apply the set to every workspace of the organization (default false). A global set cannot also be attached to workspaces. */
    readonly global?: pulumi.Input<boolean>;
    /** Let the set's variables override workspace variables (default false). */
    readonly priority?: pulumi.Input<boolean>;
    /** Take over an existing set with the same name instead of failing (default false). An adopted set is deleted with the stack. */
    readonly adoptExisting?: pulumi.Input<boolean>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). Changing it replaces the set. */
    readonly hostname?: pulumi.Input<string>;
}

/** An HCP Terraform variable set (`/organizations/:org/varsets`). */
export class VariableSet extends pulumi.dynamic.Resource {
    declare readonly organization: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string>;
    declare readonly global: pulumi.Output<boolean>;
    declare readonly priority: pulumi.Output<boolean>;
    declare readonly adoptExisting: pulumi.Output<boolean>;
    declare readonly hostname: pulumi.Output<string | undefined>;
    /** The set's id (`varset-…`), the same as the resource id. */
    declare readonly variableSetId: pulumi.Output<string>;

    constructor(name: string, args: VariableSetArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            variableSetProvider,
            name,
            {
                organization: args.organization,
                name: args.name,
                description: args.description ?? "",
                global: args.global ?? false,
                priority: args.priority ?? false,
                adoptExisting: args.adoptExisting ?? false,
                hostname: args.hostname,
                variableSetId: undefined,
            },
            opts,
            "hcp-oidc-federation",
            "VariableSet",
        );
    }
}
