import * as pulumi from "@pulumi/pulumi";
import workspaceProvider = require("./providers/workspace");

export interface WorkspaceArgs {
    /** The HCP Terraform organization that holds the workspace. */
    readonly organization: pulumi.Input<string>;
    /** The workspace's name (letters, digits, "-" and "_"). */
    readonly name: pulumi.Input<string>;
    /** Project (`prj-…`) to create the workspace in; an existing workspace must already be in it. Default: the organization's default project. */
    readonly projectId?: pulumi.Input<string>;
    /** Create the workspace when it does not exist (default false: fail). Only a workspace this resource created is deleted on destroy. */
    readonly createIfMissing?: pulumi.Input<boolean>;
    /** Read the name of the workspace's project into `projectName` (one request per project per process; default true). */
    readonly lookupProjectName?: pulumi.Input<boolean>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
}

/**
 * An HCP Terraform workspace, looked up by name (or created when asked). An existing workspace is
 * adopted and never deleted by this resource; one it created is removed with a safe delete.
 */
export class Workspace extends pulumi.dynamic.Resource {
    declare readonly organization: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    /** The workspace's id (`ws-…`). */
    declare readonly workspaceId: pulumi.Output<string>;
    /** The id of the project the workspace is in. */
    declare readonly projectId: pulumi.Output<string>;
    /** The name of the project the workspace is in (what the OIDC `sub` claim carries); absent when `lookupProjectName` is false. */
    declare readonly projectName: pulumi.Output<string | undefined>;
    /** Whether this resource created the workspace (and so deletes it on destroy). */
    declare readonly created: pulumi.Output<boolean>;

    constructor(name: string, args: WorkspaceArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            workspaceProvider,
            name,
            {
                organization: args.organization,
                name: args.name,
                projectId: args.projectId,
                createIfMissing: args.createIfMissing ?? false,
                lookupProjectName: args.lookupProjectName ?? true,
                hostname: args.hostname,
                workspaceId: undefined,
                projectName: undefined,
                created: undefined,
            },
            opts,
            "hcp-oidc-federation",
            "Workspace",
        );
    }
}
