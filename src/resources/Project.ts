import * as pulumi from "@pulumi/pulumi";
import { checkArgKinds } from "./args";
import projectProvider = require("./providers/project");

export interface ProjectArgs {
    /** The HCP Terraform organization that holds the project, with the casing HCP Terraform stores (checked). */
    readonly organization: pulumi.Input<string>;
    /** The project's name, exactly as HCP Terraform stores it (checked: trust conditions compare it case-sensitively). */
    readonly name: pulumi.Input<string>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
    /** Accept an http:// hostname that is not a loopback address (lab installs only; default false). */
    readonly allowInsecureHttp?: pulumi.Input<boolean>;
}

/** An existing HCP Terraform project, looked up by name; never created, changed or deleted by the stack. */
export class Project extends pulumi.dynamic.Resource {
    declare readonly organization: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    /** The project's id (`prj-…`). */
    declare readonly projectId: pulumi.Output<string>;
    /** The site the project is on: "https://app.terraform.io". */
    declare readonly site: pulumi.Output<string>;

    constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
        checkArgKinds("Project", name, args, { organization: "string", name: "string", hostname: "string", allowInsecureHttp: "boolean" });
        const props: Record<string, pulumi.Input<unknown>> = { projectId: undefined, site: undefined };
        for (const [k, v] of Object.entries(args)) {
            if (v !== undefined) props[k] = v;
        }
        super(projectProvider, name, props, opts, "hcp-oidc-federation", "Project");
    }
}
