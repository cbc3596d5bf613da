import * as pulumi from "@pulumi/pulumi";
import { checkArgKinds } from "./args";
import projectVariableSetProvider = require("./providers/projectVariableSet");

export interface ProjectVariableSetArgs {
    /** The project (`prj-…`) whose workspaces the set applies to. Changing it replaces the attachment. */
    readonly projectId: pulumi.Input<string>;
    /** The variable set (`varset-…`). Changing it replaces the attachment. */
    readonly variableSetId: pulumi.Input<string>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
    /** Accept an http:// hostname that is not a loopback address (lab installs only; default false). */
    readonly allowInsecureHttp?: pulumi.Input<boolean>;
}

/** Applies a variable set to every workspace of a project (id `<varset>/<prj>`); destroying it detaches the set. */
export class ProjectVariableSet extends pulumi.dynamic.Resource {
    declare readonly projectId: pulumi.Output<string>;
    declare readonly variableSetId: pulumi.Output<string>;
    declare readonly hostname: pulumi.Output<string | undefined>;

    constructor(name: string, args: ProjectVariableSetArgs, opts?: pulumi.CustomResourceOptions) {
        checkArgKinds("ProjectVariableSet", name, args, { projectId: "string", variableSetId: "string", hostname: "string", allowInsecureHttp: "boolean" });
        super(
            projectVariableSetProvider,
            name,
            {
                projectId: args.projectId,
                variableSetId: args.variableSetId,
                ...(args.hostname !== undefined ? { hostname: args.hostname } : {}),
                ...(args.allowInsecureHttp !== undefined ? { allowInsecureHttp: args.allowInsecureHttp } : {}),
            },
            opts,
            "hcp-oidc-federation",
            "ProjectVariableSet",
        );
    }
}
