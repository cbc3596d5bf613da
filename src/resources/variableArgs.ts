import * as pulumi from "@pulumi/pulumi";

/** The fields every HCP Terraform variable has, whatever it hangs from. */
export interface VariableArgs {
    /** The variable's name: an environment variable name or a Terraform input variable name. */
    readonly key: pulumi.Input<string>;
    /** The value (default ""). Kept as a Pulumi secret when `sensitive` is true. */
    readonly value?: pulumi.Input<string>;
    /** `env` for an environment variable, `terraform` for a Terraform input variable. */
    readonly category: pulumi.Input<"env" | "terraform">;
    /** Parse the value as HCL (terraform variables only; default false). */
    readonly hcl?: pulumi.Input<boolean>;
    /** Write-only in HCP Terraform; true -> false replaces the variable (default false). */
    readonly sensitive?: pulumi.Input<boolean>;
    /** Free text shown in the HCP Terraform UI (default ""). */
    readonly description?: pulumi.Input<string>;
    /** Take over an existing variable with the same key and category instead of failing (default false). */
    readonly adoptExisting?: pulumi.Input<boolean>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
}

/** The inputs handed to a variable provider: a sensitive value travels as a secret. */
export function variableProps(args: VariableArgs): Record<string, pulumi.Input<unknown>> {
    const sensitive = args.sensitive ?? false;
    const value = pulumi
        .all([args.value ?? "", sensitive])
        .apply(([v, s]) => (s ? pulumi.secret(v) : pulumi.output(v)));
    return {
        key: args.key,
        value,
        category: args.category,
        hcl: args.hcl ?? false,
        sensitive,
        description: args.description ?? "",
        adoptExisting: args.adoptExisting ?? false,
        hostname: args.hostname,
    };
}
