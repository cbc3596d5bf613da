import * as pulumi from "@pulumi/pulumi";
import { VariableArgs, variableProps } from "./variableArgs";
import variableSetVariableProvider = require("./providers/variableSetVariable");

export interface VariableSetVariableArgs extends VariableArgs {
    /** The variable set (`varset-…`) the variable belongs to. Changing it replaces the variable. */
    readonly variableSetId: pulumi.Input<string>;
}

/** A variable of an HCP Terraform variable set (`/varsets/:id/relationships/vars`). */
export class VariableSetVariable extends pulumi.dynamic.Resource {
    declare readonly variableSetId: pulumi.Output<string>;
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

    constructor(name: string, args: VariableSetVariableArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            variableSetVariableProvider,
            name,
            { variableSetId: args.variableSetId, ...variableProps("VariableSetVariable", name, args, "variableSetId"), organization: undefined, site: undefined },
            opts,
            "hcp-oidc-federation",
            "VariableSetVariable",
        );
    }
}
