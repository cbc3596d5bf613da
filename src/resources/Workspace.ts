import * as pulumi from "@pulumi/pulumi";
import { checkArgKinds } from "./args";
import workspaceProvider = require("./providers/workspace");

export interface WorkspaceArgs {
    /** The HCP Terraform organization that holds the workspace, with the casing HCP Terraform stores (checked). */
    readonly organization: pulumi.Input<string>;
    /** The workspace's name (letters, digits, "-" and "_"). A workspace this resource created is renamed in place; for one it only looked up, another name is another workspace. */
    readonly name: pulumi.Input<string>;
    /** Project (`prj-…`) to create the workspace in; an existing workspace must already be in it. A workspace this resource created is moved in place. Default: the organization's default project. */
    readonly projectId?: pulumi.Input<string>;
    /** Create the workspace when it does not exist (default false: fail). */
    readonly createIfMissing?: pulumi.Input<boolean>;
    /** Safe-delete a workspace this resource created when the resource is deleted (default false: a workspace holds state and history, so it is kept). */
    readonly deleteOnDestroy?: pulumi.Input<boolean>;
    /** Read the name of the workspace's project into `projectName` (one request per project per process; default true). */
    readonly lookupProjectName?: pulumi.Input<boolean>;
    /** The project name the workspace must be in (e.g. a trust's pinned project): create and update fail, naming both, when it is elsewhere. */
    readonly expectedProjectName?: pulumi.Input<string>;
    /** The argument named in the "not found" message as the way to create the workspace (default "createIfMissing"). */
    readonly createArgument?: pulumi.Input<string>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
    /** Accept an http:// hostname that is not a loopback address (lab installs only; default false). */
    readonly allowInsecureHttp?: pulumi.Input<boolean>;
}

const ARG_KINDS = {
    organization: "string",
    name: "string",
    projectId: "string",
    createIfMissing: "boolean",
    deleteOnDestroy: "boolean",
    lookupProjectName: "boolean",
    expectedProjectName: "string",
    createArgument: "string",
    hostname: "string",
    allowInsecureHttp: "boolean",
} as const;

/**
 * An HCP Terraform workspace, looked up by name (or created when asked). An existing workspace is
 * adopted and never changed or deleted by this resource; one it created is renamed and moved in
 * place, and removed with a safe delete only when `deleteOnDestroy` is true.
 */
export class Workspace extends pulumi.dynamic.Resource {
    /** The organization, with the casing HCP Terraform stores. */
    declare readonly organization: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    /** The workspace's id (`ws-…`). */
    declare readonly workspaceId: pulumi.Output<string>;
    /** The id of the project the workspace is in. */
    declare readonly projectId: pulumi.Output<string>;
    /** The name of the project the workspace is in (what the OIDC `sub` claim carries); absent when `lookupProjectName` is false and no project is expected. */
    declare readonly projectName: pulumi.Output<string | undefined>;
    /** Whether this resource created the workspace. */
    declare readonly created: pulumi.Output<boolean>;
    /** The site the workspace is on: "https://app.terraform.io". */
    declare readonly site: pulumi.Output<string>;

    constructor(name: string, args: WorkspaceArgs, opts?: pulumi.CustomResourceOptions) {
        checkArgKinds("Workspace", name, args, ARG_KINDS);
        // Only the inputs given travel (each property costs the program a registration field).
        const props: Record<string, pulumi.Input<unknown>> = {
            organization: args.organization,
            name: args.name,
            workspaceId: undefined,
            projectId: args.projectId,
            projectName: undefined,
            created: undefined,
            site: undefined,
        };
        for (const key of Object.keys(ARG_KINDS) as (keyof WorkspaceArgs)[]) {
            if (args[key] !== undefined) props[key] = args[key];
        }
        super(workspaceProvider, name, props, opts, "hcp-oidc-federation", "Workspace");
    }
}
