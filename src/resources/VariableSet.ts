import * as pulumi from "@pulumi/pulumi";
import { checkArgKinds } from "./args";
import variableSetProvider = require("./providers/variableSet");

export interface VariableSetArgs {
    /** The HCP Terraform organization that owns the set. Changing it replaces the set. */
    readonly organization: pulumi.Input<string>;
    /** The set's name, unique in the organization. Renamed in place. */
    readonly name: pulumi.Input<string>;
    /** Free text shown in the HCP Terraform UI (default "" for a new set; an adopted set keeps its own unless declared). */
    readonly description?: pulumi.Input<string>;
    /** Apply the set to every workspace of the organization (default false for a new set; kept unless declared). A global set cannot also be attached to workspaces. */
    readonly global?: pulumi.Input<boolean>;
    /** Let the set's variables override workspace variables (default false for a new set; kept unless declared). */
    readonly priority?: pulumi.Input<boolean>;
    /** Take over an existing set with the same name instead of failing (default false), never one another stack's federation marked. An adopted set is kept, not deleted, on destroy. */
    readonly adoptExisting?: pulumi.Input<boolean>;
    /** The argument named in the "already exists" message as the way to adopt (default "adoptExisting"). */
    readonly adoptArgument?: pulumi.Input<string>;
    /** The set will be attached to workspaces or a project: an existing global set is refused before anything is written (default false). */
    readonly attached?: pulumi.Input<boolean>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). Another site replaces the set. */
    readonly hostname?: pulumi.Input<string>;
    /** Accept an http:// hostname that is not a loopback address (lab installs only; default false). */
    readonly allowInsecureHttp?: pulumi.Input<boolean>;
}

const ARG_KINDS = {
    organization: "string",
    name: "string",
    description: "string",
    global: "boolean",
    priority: "boolean",
    adoptExisting: "boolean",
    adoptArgument: "string",
    attached: "boolean",
    hostname: "string",
    allowInsecureHttp: "boolean",
} as const;

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
    /** Whether this resource created the set (only then is it deleted on destroy). */
    declare readonly created: pulumi.Output<boolean>;
    /** The site the set is on: "https://app.terraform.io". */
    declare readonly site: pulumi.Output<string>;

    constructor(name: string, args: VariableSetArgs, opts?: pulumi.CustomResourceOptions) {
        checkArgKinds("VariableSet", name, args, ARG_KINDS);
        const props: Record<string, pulumi.Input<unknown>> = { variableSetId: undefined, created: undefined, site: undefined };
        for (const key of Object.keys(ARG_KINDS) as (keyof VariableSetArgs)[]) {
            if (args[key] !== undefined) props[key] = args[key];
        }
        super(variableSetProvider, name, props, opts, "hcp-oidc-federation", "VariableSet");
    }
}
