// One provider implementation for both kinds of variable HCP Terraform has: a workspace's own
// variables and a variable set's variables. They differ only in the owner they hang from and
// the endpoints that reach them; the semantics (write-only sensitive values, key+category
// uniqueness, what the server refuses to change in place) are the same.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../hcp";
import { KEY_PATTERN } from "./commonFields";
import { clientFor, confirmGone, deleteUnlessGone, recordsProviderOnPartialFailure } from "./lifecycle";
import { type Schema, checkWith, compact, diffWith, remoteChanges } from "./schema";
import { type OwnedVariable, type VariableOwner } from "./variableOwners";
import { createOwnedVariable, variableGoneMessage, variableWhere } from "./variableCreate";

export { OwnedVariable, VariableOwner } from "./variableOwners";
export { VariableCreateOptions, VariableInputs, createOwnedVariable, variableGoneMessage, variableWhere } from "./variableCreate";

const CATEGORIES = ["env", "terraform"];

/** The fields of a variable, declared once; `owner.property` is added per owner. */
function schemaOf(owner: VariableOwner, type: string): Schema {
    /** The server refuses to change key or hcl of a saved sensitive variable: those changes replace it. */
    const replacedWhenSensitive = (olds: Record<string, any>, news: Record<string, any>) =>
        olds.sensitive === true || news.sensitive === true ? "replace" : "update";
    return {
        type,
        fields: {
            [owner.property]: {
                kind: "string",
                required: true,
                change: "replace",
                validate: (v) => (owner.idPattern.test(v) ? undefined : `give the ${owner.noun} id, e.g. "${owner.idExample}"`),
            },
            key: { kind: "string", required: true, change: replacedWhenSensitive, validate: (v) => (KEY_PATTERN.test(v) ? undefined : "variable keys cannot contain white space") },
            value: { kind: "string", defaultValue: "" },
            category: {
                kind: "string",
                required: `category must be one of "env", "terraform".`,
                change: "replace",
                validate: (v) => (CATEGORIES.includes(v) ? undefined : `!category must be one of "env", "terraform", not ${JSON.stringify(v)}.`),
            },
            hcl: { kind: "boolean", defaultValue: false, change: replacedWhenSensitive },
            // Sensitive true -> false is refused by the server: it needs a new variable.
            sensitive: { kind: "boolean", defaultValue: false, change: (olds, news) => (olds.sensitive === true && news.sensitive === false ? "replace" : "update") },
            description: { kind: "string", defaultValue: "" },
            adoptExisting: { kind: "boolean", defaultValue: false, change: "local" },
        },
        outputs: ["organization"],
        // The key+category pair is unique: the old variable must go before the new one is made.
        deleteBeforeReplace: true,
        rules: (inputs, fail) => {
            if (inputs.hcl === true && inputs.category === "env") {
                fail("hcl", 'hcl applies only to terraform variables: set category: "terraform" or drop hcl for an env variable.');
            }
        },
    };
}

export function variableProvider(owner: VariableOwner, type: string): pulumi.dynamic.ResourceProvider {
    const schema = schemaOf(owner, type);
    const ownerId = (inputs: Record<string, any>): string => inputs[owner.property];

    /** Outputs: the declared inputs, with what the server answered for the fields it owns. */
    const outputsOf = (inputs: Record<string, any>, v: OwnedVariable, organization: string | undefined): Record<string, unknown> =>
        compact({
            ...inputs,
            key: v.key,
            // A sensitive value is write-only: keep the declared one (the engine keeps it secret).
            value: v.sensitive ? inputs.value : (v.value ?? ""),
            category: v.category,
            hcl: v.hcl,
            sensitive: v.sensitive,
            description: v.description ?? "",
            organization,
        });

    /** The owner's organization, recorded to tell "gone" from "hidden" on a later 404; unknown is not an error. */
    const organizationOf = async (c: hcp.HcpClient, id: string): Promise<string | undefined> => {
        try {
            return await owner.organizationOf(c, id);
        } catch (err) {
            if (hcp.isNotFound(err) || hcp.isAmbiguous(err)) return undefined;
            throw err;
        }
    };

    return recordsProviderOnPartialFailure({
        async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
            return checkWith(schema, news);
        },

        async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
            return diffWith(schema, olds, news);
        },

        async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
            const c = clientFor(inputs);
            const organization = await organizationOf(c, ownerId(inputs));
            const v = await createOwnedVariable(owner, c, inputs, { leftBehind: (made) => outputsOf(inputs, made, organization) });
            return { id: v.id, outs: outputsOf(inputs, v, organization) };
        },

        async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
            const c = clientFor(props);
            const what = `${variableWhere(owner, props)} (${id})`;
            let all: OwnedVariable[] | undefined;
            try {
                all = await owner.list(c, ownerId(props));
            } catch (err) {
                if (!hcp.isNotFound(err)) throw err;
                await confirmGone(c, what, owner.parents(ownerId(props), props.organization));
                return { id: "" };
            }
            let v = all.find((x) => x.id === id);
            if (!v) {
                // Not listed: read it by id before calling it gone (a list is a snapshot).
                try {
                    v = await owner.read(c, ownerId(props), id);
                } catch (err) {
                    if (!hcp.isNotFound(err)) throw err;
                    return { id: "" };
                }
            }
            const outs = outputsOf(props, v, props.organization);
            const { organization: _o, ...inputs } = outs;
            return { id, props: outs, inputs } as pulumi.dynamic.ReadResult;
        },

        async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
            const c = clientFor(olds);
            const patch: Record<string, unknown> = {};
            for (const f of remoteChanges(schema, olds, news)) {
                patch[f] = news[f];
            }
            const kept = { ...news, site: olds.site ?? news.site };
            if (Object.keys(patch).length === 0) {
                return { outs: compact({ ...olds, ...kept, organization: olds.organization }) };
            }
            try {
                const v = await owner.update(c, ownerId(news), id, patch as Partial<hcp.VariableFields>);
                return { outs: outputsOf(kept, v, olds.organization) };
            } catch (err) {
                if (hcp.isNotFound(err)) {
                    await confirmGone(c, `${variableWhere(owner, news)} (${id})`, owner.parents(ownerId(news), olds.organization));
                    throw new Error(variableGoneMessage(owner, news, id));
                }
                throw err;
            }
        },

        async delete(id: string, props: any): Promise<void> {
            const c = clientFor(props);
            const what = `${variableWhere(owner, props)} (${id})`;
            await deleteUnlessGone(c, what, owner.parents(ownerId(props), props.organization), () => owner.remove(c, ownerId(props), id));
        },
    });
}
