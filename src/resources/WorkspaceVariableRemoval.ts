// Makes sure a workspace does NOT have some variables: what replacing static cloud keys with
// dynamic credentials needs (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).
//
// create deletes the variables with those keys (in one category) when present. refresh reports
// keys that came back (`presentKeys`), and the next `pulumi up` deletes them again. Destroying the
// resource deletes nothing and restores nothing: the removed values are gone.
import * as pulumi from "@pulumi/pulumi";
import { checkArgKinds } from "./args";
import workspaceVariableRemovalProvider = require("./providers/workspaceVariableRemoval");

export interface WorkspaceVariableRemovalArgs {
    /** The workspace (`ws-…`) to remove the variables from. Changing it replaces the resource. */
    readonly workspaceId: pulumi.Input<string>;
    /** Keys of the variables to remove, e.g. ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]. */
    readonly keys: pulumi.Input<pulumi.Input<string>[]>;
    /** Category of the variables to remove: "env" (default) or "terraform". */
    readonly category?: pulumi.Input<"env" | "terraform">;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
    /** Accept an http:// hostname that is not a loopback address (lab installs only; default false). */
    readonly allowInsecureHttp?: pulumi.Input<boolean>;
}

/**
 * Deletes variables of a workspace by key (e.g. static AWS keys that dynamic credentials replace).
 * A refresh reports keys that came back in `presentKeys`, and the next `pulumi up` deletes them
 * again. Destroying this resource restores nothing.
 */
export class WorkspaceVariableRemoval extends pulumi.dynamic.Resource {
    declare readonly workspaceId: pulumi.Output<string>;
    declare readonly keys: pulumi.Output<string[]>;
    declare readonly category: pulumi.Output<"env" | "terraform">;
    declare readonly hostname: pulumi.Output<string | undefined>;
    /** Keys whose variables the last create or update deleted. */
    declare readonly removedKeys: pulumi.Output<string[]>;
    /** Keys found present again by the last refresh (deleted again by the next update). */
    declare readonly presentKeys: pulumi.Output<string[]>;

    constructor(name: string, args: WorkspaceVariableRemovalArgs, opts?: pulumi.CustomResourceOptions) {
        checkArgKinds("WorkspaceVariableRemoval", name, args, {
            workspaceId: "string",
            keys: "string[]",
            category: "string",
            hostname: "string",
            allowInsecureHttp: "boolean",
        });
        const props: Record<string, pulumi.Input<unknown>> = { removedKeys: undefined, presentKeys: undefined, organization: undefined, site: undefined };
        for (const [k, v] of Object.entries(args)) {
            if (v !== undefined) props[k] = v;
        }
        super(
            workspaceVariableRemovalProvider,
            name,
            props,
            opts,
            "hcp-oidc-federation",
            "WorkspaceVariableRemoval",
        );
    }
}
