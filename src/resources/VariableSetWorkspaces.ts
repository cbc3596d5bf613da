import * as pulumi from "@pulumi/pulumi";
import { checkArgKinds } from "./args";
import variableSetWorkspacesProvider = require("./providers/variableSetWorkspaces");

export interface VariableSetWorkspacesArgs {
    /** The variable set (`varset-…`); it must not be global. Another set replaces the resource. */
    readonly variableSetId: pulumi.Input<string>;
    /** The workspaces (`ws-…`) the set applies to. An update attaches only the added and detaches only the removed. */
    readonly workspaceIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * env keys the set declares: a workspace that has its own variable with one of them would keep
     * its own value (workspace variables win over variable sets), so attaching to it fails, naming
     * it, unless `removeShadowing`. Checked when a workspace is attached. Default: none.
     */
    readonly shadowKeys?: pulumi.Input<pulumi.Input<string>[]>;
    /** Delete the workspace variables that shadow the set (after it is attached) instead of failing. Default false. */
    readonly removeShadowing?: pulumi.Input<boolean>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
    /** Accept an http:// hostname that is not a loopback address (lab installs only; default false). */
    readonly allowInsecureHttp?: pulumi.Input<boolean>;
}

/**
 * Applies a variable set to a list of workspaces as one resource (id: the set's id): one attach
 * request for the whole list, one set read per refresh. Destroying it detaches what it attached.
 */
export class VariableSetWorkspaces extends pulumi.dynamic.Resource {
    declare readonly variableSetId: pulumi.Output<string>;
    /** The workspaces the set is attached to by this resource (in the declared order). */
    declare readonly workspaceIds: pulumi.Output<string[]>;
    /** Workspaces the set was attached to before this resource attached it: never detached by it. */
    declare readonly preAttached: pulumi.Output<string[]>;
    /** The site: "https://app.terraform.io". */
    declare readonly site: pulumi.Output<string>;

    constructor(name: string, args: VariableSetWorkspacesArgs, opts?: pulumi.CustomResourceOptions) {
        checkArgKinds("VariableSetWorkspaces", name, args, {
            variableSetId: "string",
            workspaceIds: "string[]",
            shadowKeys: "string[]",
            removeShadowing: "boolean",
            hostname: "string",
            allowInsecureHttp: "boolean",
        });
        const props: Record<string, pulumi.Input<unknown>> = { preAttached: undefined, site: undefined };
        for (const [k, v] of Object.entries(args)) {
            if (v !== undefined) props[k] = v;
        }
        super(variableSetWorkspacesProvider, name, props, opts, "hcp-oidc-federation", "VariableSetWorkspaces");
    }
}
