import * as pulumi from "@pulumi/pulumi";
import { checkArgKinds } from "./args";
import workspaceVariableSetProvider = require("./providers/workspaceVariableSet");

export interface WorkspaceVariableSetArgs {
    /** The workspace (`ws-…`) the set applies to. Changing it replaces the attachment. */
    readonly workspaceId: pulumi.Input<string>;
    /** The variable set (`varset-…`); it must not be global. Changing it replaces the attachment. */
    readonly variableSetId: pulumi.Input<string>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
    /** Accept an http:// hostname that is not a loopback address (lab installs only; default false). */
    readonly allowInsecureHttp?: pulumi.Input<boolean>;
}

/** Applies a variable set to one workspace (id `<varset>/<ws>`); destroying it detaches the set. */
export class WorkspaceVariableSet extends pulumi.dynamic.Resource {
    declare readonly workspaceId: pulumi.Output<string>;
    declare readonly variableSetId: pulumi.Output<string>;
    declare readonly hostname: pulumi.Output<string | undefined>;

    constructor(name: string, args: WorkspaceVariableSetArgs, opts?: pulumi.CustomResourceOptions) {
        checkArgKinds("WorkspaceVariableSet", name, args, { workspaceId: "string", variableSetId: "string", hostname: "string", allowInsecureHttp: "boolean" });
        super(
            workspaceVariableSetProvider,
            name,
            {
                workspaceId: args.workspaceId,
                variableSetId: args.variableSetId,
                ...(args.hostname !== undefined ? { hostname: args.hostname } : {}),
                ...(args.allowInsecureHttp !== undefined ? { allowInsecureHttp: args.allowInsecureHttp } : {}),
            },
            opts,
            "hcp-oidc-federation",
            "WorkspaceVariableSet",
        );
    }
}
