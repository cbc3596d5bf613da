import * as pulumi from "@pulumi/pulumi";
import { checkArgKinds } from "./args";
import type { VariableArgs } from "./variableArgs";
import workspaceVariableGroupProvider = require("./providers/workspaceVariableGroup");

/** One variable of a WorkspaceVariableGroup: the fields of a variable, never sensitive. */
export interface GroupVariableArgs extends Pick<VariableArgs, "key" | "category" | "hcl" | "description"> {
    /** The value (default ""). Not sensitive: it shows in HCP Terraform and in `pulumi preview`. */
    readonly value?: pulumi.Input<string>;
}

/** A variable of a WorkspaceVariableGroup as it is in HCP Terraform. */
export interface GroupVariable {
    readonly key: string;
    readonly value: string;
    readonly category: "env" | "terraform";
    readonly hcl: boolean;
    readonly description: string;
    /** The variable's id (`var-…`). */
    readonly id: string;
}

export interface WorkspaceVariableGroupArgs {
    /** The workspace (`ws-…`). Give this, or `organization` and `workspaceName`. Changing it replaces the group. */
    readonly workspaceId?: pulumi.Input<string>;
    /** The workspace's organization, with `workspaceName`: the workspace is looked up by name when the group is created. */
    readonly organization?: pulumi.Input<string>;
    /** The workspace's name, with `organization`. Changing either replaces the group. */
    readonly workspaceName?: pulumi.Input<string>;
    /** The variables, written in this order and removed in the reverse order. A key+category pair appears once. */
    readonly variables: pulumi.Input<pulumi.Input<GroupVariableArgs>[]>;
    /** Take over existing variables with the same key and category instead of failing (default false); never one another stack's federation marked as its own. */
    readonly adoptExisting?: pulumi.Input<boolean>;
    /**
     * env variables to delete from the workspace after the group's variables are written (e.g. the
     * static keys that dynamic credentials replace). Done from the same variable list: no extra
     * request. A refresh reports keys that came back (`presentKeys`); the next `pulumi up` deletes
     * them again. Nothing is restored when the group is deleted.
     */
    readonly removeKeys?: pulumi.Input<pulumi.Input<string>[]>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
    /** Accept an http:// hostname that is not a loopback address (lab installs only; default false). */
    readonly allowInsecureHttp?: pulumi.Input<boolean>;
}

const ARG_KINDS = {
    workspaceId: "string",
    organization: "string",
    workspaceName: "string",
    variables: "any",
    adoptExisting: "boolean",
    removeKeys: "string[]",
    hostname: "string",
    allowInsecureHttp: "boolean",
} as const;

/** `value`, failing the registration when it is a Pulumi secret (known or not, its structure is kept for the preview). */
function plainValue(name: string, at: string, key: unknown, value: pulumi.Input<string> | undefined): pulumi.Output<string> | undefined {
    if (value === undefined) return undefined;
    const out = pulumi.output(value);
    return pulumi.all([out, pulumi.output(pulumi.isSecret(out))]).apply(([v, secret]) => {
        if (secret) throw new Error(secretMessage(name, `${at} (${String(key)})`));
        return v;
    });
}

function secretMessage(name: string, what: string): string {
    return (
        `WorkspaceVariableGroup "${name}": ${what} is a Pulumi secret, but the variables of a group are not sensitive, so HCP ` +
        `Terraform would store it in clear and show it in its UI. Fix: declare it as a WorkspaceVariable with sensitive: true ` +
        `(and remove it from the group).`
    );
}

/**
 * The variables, each value refused when it is a Pulumi secret: a group's variables are not
 * sensitive. A list given as a plain array keeps its shape, so the preview shows each entry.
 */
function refuseSecrets(name: string, variables: WorkspaceVariableGroupArgs["variables"]): pulumi.Input<pulumi.Input<GroupVariableArgs>[]> {
    if (!Array.isArray(variables)) {
        const list = pulumi.output(variables);
        // A secret list: inside the apply its entries are plain, so the secret is the list's own.
        return pulumi.all([list, pulumi.output(pulumi.isSecret(list))]).apply(([entries, secret]) => {
            if (secret) throw new Error(secretMessage(name, "a value of variables"));
            return entries.map((e, i) => (e && typeof e === "object" && "value" in e ? { ...e, value: plainValue(name, `variables[${i}]`, e.key, e.value) } : e));
        }) as pulumi.Input<pulumi.Input<GroupVariableArgs>[]>;
    }
    return variables.map((entry, i) => {
        if (pulumi.Output.isInstance(entry)) {
            return entry.apply((e) => ({ ...e, value: plainValue(name, `variables[${i}]`, e.key, e.value) })) as pulumi.Input<GroupVariableArgs>;
        }
        const e = entry as GroupVariableArgs;
        return e.value === undefined ? e : { ...e, value: plainValue(name, `variables[${i}]`, e.key, e.value) as pulumi.Input<string> };
    });
}

/**
 * Several non-sensitive variables of one HCP Terraform workspace, managed as one resource: one
 * engine step, one variable list per refresh, and a preview that shows each variable's change.
 * Sensitive values belong in `WorkspaceVariable` resources.
 */
export class WorkspaceVariableGroup extends pulumi.dynamic.Resource {
    /** The workspace the variables belong to (looked up when the group names it by organization and name). */
    declare readonly workspaceId: pulumi.Output<string>;
    /** The variables as HCP Terraform has them, in the declared order, each with its id. */
    declare readonly variables: pulumi.Output<GroupVariable[]>;
    /** The organization of the workspace, recorded when the group is created. */
    declare readonly organization: pulumi.Output<string | undefined>;
    /** With `removeKeys`: the keys the last create or update removed (or found absent). */
    declare readonly removedKeys: pulumi.Output<string[] | undefined>;
    /** With `removeKeys`: the keys the last refresh found present again (removed by the next update). */
    declare readonly presentKeys: pulumi.Output<string[] | undefined>;

    constructor(name: string, args: WorkspaceVariableGroupArgs, opts?: pulumi.CustomResourceOptions) {
        // Only the inputs given travel: every property costs the program an output and a
        // registration field, and N groups are what a fleet stack is made of.
        checkArgKinds("WorkspaceVariableGroup", name, args, ARG_KINDS);
        const props: Record<string, pulumi.Input<unknown>> = { workspaceId: args.workspaceId, variables: refuseSecrets(name, args.variables) };
        for (const key of ["organization", "workspaceName", "adoptExisting", "removeKeys", "hostname", "allowInsecureHttp"] as const) {
            if (args[key] !== undefined) {
                props[key] = args[key];
            }
        }
        super(workspaceVariableGroupProvider, name, props, opts, "hcp-oidc-federation", "WorkspaceVariableGroup");
    }
}
