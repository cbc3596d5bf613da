import * as pulumi from "@pulumi/pulumi";
import { type ArgKind, checkArgKinds } from "./args";

/** The fields every HCP Terraform variable has, whatever it hangs from. */
export interface VariableArgs {
    /** The variable's name: an environment variable name or a Terraform input variable name. */
    readonly key: pulumi.Input<string>;
    /** The value (default ""). Kept as a Pulumi secret when `sensitive` is true; a secret value makes the variable sensitive. */
    readonly value?: pulumi.Input<string>;
    /** `env` for an environment variable, `terraform` for a Terraform input variable. */
    readonly category: pulumi.Input<"env" | "terraform">;
    /** Parse the value as HCL (terraform variables only; default false). */
    readonly hcl?: pulumi.Input<boolean>;
    /** Write-only in HCP Terraform; true -> false replaces the variable. Default: true when `value` is a Pulumi secret, else false; false with a secret value is an error. */
    readonly sensitive?: pulumi.Input<boolean>;
    /** Free text shown in the HCP Terraform UI (default ""). */
    readonly description?: pulumi.Input<string>;
    /** Take over an existing variable with the same key and category instead of failing (default false); never one another stack's federation marked as its own. */
    readonly adoptExisting?: pulumi.Input<boolean>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
    /** Accept an http:// hostname that is not a loopback address (lab installs only; default false). */
    readonly allowInsecureHttp?: pulumi.Input<boolean>;
}

export const VARIABLE_ARG_KINDS: Readonly<Record<string, ArgKind>> = {
    key: "string",
    value: "string",
    category: "string",
    hcl: "boolean",
    sensitive: "boolean",
    description: "string",
    adoptExisting: "boolean",
    hostname: "string",
    allowInsecureHttp: "boolean",
};

/**
 * The inputs handed to a variable provider. A secret value makes the variable sensitive (it would
 * otherwise be stored in clear and shown in the HCP Terraform UI); `sensitive: false` with a
 * secret value fails the registration, naming the fix. A sensitive value travels as a secret.
 */
export function variableProps(type: string, name: string, args: VariableArgs, owner: string): Record<string, pulumi.Input<unknown>> {
    checkArgKinds(type, name, args, { ...VARIABLE_ARG_KINDS, [owner]: "string" });
    const value = pulumi.output(args.value ?? "");
    const sensitive = pulumi.all([args.sensitive, pulumi.output(pulumi.isSecret(value))]).apply(([declared, secret]) => {
        if (secret && declared === false) {
            throw new Error(
                `${type} "${name}": value is a Pulumi secret, but sensitive is false, so HCP Terraform would store it in clear and show it ` +
                    `in its UI. Fix: set sensitive: true (or leave sensitive out: a secret value makes the variable sensitive).`,
            );
        }
        if (secret && declared === undefined) {
            void pulumi.log.info(`${type} "${name}": value is a Pulumi secret, so the variable is made sensitive (write-only in HCP Terraform).`);
        }
        return declared ?? secret;
    });
    const props: Record<string, pulumi.Input<unknown>> = {
        key: args.key,
        value: pulumi.all([value, sensitive]).apply(([v, s]) => (s ? pulumi.secret(v) : pulumi.output(v))),
        category: args.category,
        sensitive,
    };
    for (const k of ["hcl", "description", "adoptExisting", "hostname", "allowInsecureHttp"] as const) {
        if (args[k] !== undefined) props[k] = args[k];
    }
    return props;
}
