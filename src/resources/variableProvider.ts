// One provider implementation for both kinds of variable HCP Terraform has: a workspace's own
// variables and a variable set's variables. They differ only in the owner they hang from and
// the endpoints that reach them; the semantics (write-only sensitive values, key+category
// uniqueness, what the server refuses to change in place) are the same.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../hcp";
import {
    type CreateOutcome,
    InputChecker,
    KEY_PATTERN,
    NOT_FOUND_OR_HIDDEN,
    ObjectLeftBehindError,
    changedFields,
    clientFor,
    compact,
    createByNaturalKey,
    diffResult,
    deleteUnlessGone,
    readUnlessGone,
} from "./lifecycle";

/** A variable as the client returns it, whatever its owner (the owner id field differs). */
export type OwnedVariable = Omit<hcp.Variable, "workspaceId">;

/** How a variable provider reaches the variables of its owner. */
export interface VariableOwner {
    /** The input naming the owner: "workspaceId" or "variableSetId". */
    readonly property: string;
    /** What the owner is called in messages: "workspace" or "variable set". */
    readonly noun: string;
    readonly idPattern: RegExp;
    readonly idExample: string;
    list(c: hcp.HcpClient, ownerId: string): Promise<OwnedVariable[]>;
    create(c: hcp.HcpClient, ownerId: string, fields: hcp.VariableFields): Promise<OwnedVariable>;
    update(c: hcp.HcpClient, ownerId: string, id: string, fields: Partial<hcp.VariableFields>): Promise<OwnedVariable>;
    remove(c: hcp.HcpClient, ownerId: string, id: string): Promise<void>;
}

/** The inputs every variable resource has, besides its owner. */
export interface VariableInputs {
    key: string;
    value: string;
    category: hcp.VariableCategory;
    hcl: boolean;
    sensitive: boolean;
    description: string;
    adoptExisting: boolean;
    hostname?: string;
    [owner: string]: unknown;
}

const CATEGORIES = ["env", "terraform"] as const;
/** Fields sent to the API, in the order they are compared. */
const REMOTE_FIELDS = ["key", "value", "category", "hcl", "sensitive", "description"] as const;

export function variableProvider(owner: VariableOwner): pulumi.dynamic.ResourceProvider {
    const ownerId = (inputs: Record<string, any>): string => inputs[owner.property];
    const where = (inputs: Record<string, any>): string =>
        `variable "${inputs.key}" (${inputs.category}) of ${owner.noun} ${ownerId(inputs)}`;

    const fieldsOf = (inputs: VariableInputs): hcp.VariableFields => ({
        key: inputs.key,
        value: inputs.value,
        description: inputs.description,
        category: inputs.category,
        hcl: inputs.hcl,
        sensitive: inputs.sensitive,
    });

    /** Outputs: the declared inputs, with what the server answered for the fields it owns. */
    const outputsOf = (inputs: VariableInputs, v: OwnedVariable): Record<string, unknown> =>
        compact({
            [owner.property]: ownerId(inputs),
            key: v.key,
            // A sensitive value is write-only: keep the declared one (the engine keeps it secret).
            value: v.sensitive ? inputs.value : (v.value ?? ""),
            category: v.category,
            hcl: v.hcl,
            sensitive: v.sensitive,
            description: v.description ?? "",
            adoptExisting: inputs.adoptExisting,
            hostname: inputs.hostname,
        });

    const findByKey = async (c: hcp.HcpClient, inputs: VariableInputs): Promise<OwnedVariable | undefined> => {
        const all = await owner.list(c, ownerId(inputs));
        return all.find((v) => v.key === inputs.key && v.category === inputs.category);
    };

    /** Brings an existing variable to the declared values, sending only what differs. */
    const converge = async (c: hcp.HcpClient, inputs: VariableInputs, existing: OwnedVariable): Promise<OwnedVariable> => {
        if (existing.sensitive && !inputs.sensitive) {
            throw new Error(
                `${where(inputs)} already exists and is sensitive; HCP Terraform cannot make a sensitive variable non-sensitive. ` +
                    `Declare sensitive: true, or delete the variable in HCP Terraform and run again.`,
            );
        }
        const patch: Partial<hcp.VariableFields> = {};
        // The value of a sensitive variable cannot be read back, so it is always sent.
        if (existing.sensitive || existing.value !== inputs.value) {
            patch.value = inputs.value;
        }
        if ((existing.description ?? "") !== inputs.description) {
            patch.description = inputs.description;
        }
        if (existing.hcl !== inputs.hcl) {
            patch.hcl = inputs.hcl;
        }
        if (existing.sensitive !== inputs.sensitive) {
            patch.sensitive = inputs.sensitive;
        }
        if (Object.keys(patch).length === 0) {
            return existing;
        }
        return owner.update(c, ownerId(inputs), existing.id, patch);
    };

    return {
        async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
            const inputs = {
                value: "",
                description: "",
                hcl: false,
                sensitive: false,
                adoptExisting: false,
                ...compact(news),
            };
            const checker = new InputChecker(inputs);
            checker.requireString(owner.property, owner.idPattern, `give the ${owner.noun} id, e.g. "${owner.idExample}"`);
            checker.requireString("key", KEY_PATTERN, "variable keys cannot contain white space");
            checker.oneOf("category", CATEGORIES);
            checker.optionalString("value");
            checker.optionalString("description");
            checker.optionalBoolean("hcl");
            checker.optionalBoolean("sensitive");
            checker.optionalBoolean("adoptExisting");
            checker.hostname();
            checker.rule(
                "hcl",
                ["hcl", "category"],
                () => !(inputs.hcl === true && inputs.category === "env"),
                'hcl applies only to terraform variables: set category: "terraform" or drop hcl for an env variable.',
            );
            return { inputs, failures: checker.failures };
        },

        async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
            const changes = changedFields(olds, news, [owner.property, "hostname", ...REMOTE_FIELDS, "adoptExisting"]);
            const replaces = changes.filter((f) => {
                switch (f) {
                    case owner.property:
                    case "hostname":
                    case "category":
                        return true;
                    case "sensitive":
                        return olds.sensitive === true && news.sensitive === false;
                    case "key":
                    case "hcl":
                        // The server refuses to change these on a saved sensitive variable.
                        return olds.sensitive === true || news.sensitive === true;
                    default:
                        return false;
                }
            });
            // The key+category pair is unique: the old variable must go before the new one is made.
            return diffResult(changes, replaces, true);
        },

        async create(inputs: VariableInputs): Promise<pulumi.dynamic.CreateResult> {
            const c = clientFor(inputs.hostname);
            let outcome: CreateOutcome<OwnedVariable>;
            try {
                outcome = await createByNaturalKey({
                    what: where(inputs),
                    absent: "no such variable was found",
                    post: () => owner.create(c, ownerId(inputs), fieldsOf(inputs)),
                    find: () => findByKey(c, inputs),
                    // Not adopting: a variable with this key must be refused before anything is sent, so
                    // that one found after an ambiguous POST is known to be the one that POST made.
                    lookFirst: !inputs.adoptExisting,
                });
            } catch (err) {
                if (hcp.isNotFound(err)) {
                    throw new Error(`creating ${where(inputs)} failed: the ${owner.noun} was ${NOT_FOUND_OR_HIDDEN}. ${err.message}`);
                }
                throw err;
            }
            switch (outcome.kind) {
                case "created":
                    return { id: outcome.value.id, outs: outputsOf(inputs, outcome.value) };
                case "found":
                    return { id: outcome.value.id, outs: outputsOf(inputs, await convergeMade(c, inputs, outcome.value)) };
                case "existing":
                    // Found before any POST: the server would answer 422 with these words.
                    throw alreadyExists(inputs, "Key has already been taken");
                case "taken":
                    return adopt(c, inputs, outcome.error.detail);
            }
        },

        async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
            const c = clientFor(props.hostname);
            const all = await readUnlessGone(() => owner.list(c, ownerId(props)));
            const v = all?.find((x) => x.id === id);
            if (!v) {
                return { id: "" };
            }
            const outs = outputsOf(props, v);
            return { id, props: outs, inputs: outs } as pulumi.dynamic.ReadResult;
        },

        async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
            const c = clientFor(news.hostname);
            const patch: Record<string, unknown> = {};
            for (const f of changedFields(olds, news, REMOTE_FIELDS)) {
                patch[f] = news[f];
            }
            if (Object.keys(patch).length === 0) {
                return { outs: { ...olds, adoptExisting: news.adoptExisting } };
            }
            try {
                const v = await owner.update(c, ownerId(news), id, patch as Partial<hcp.VariableFields>);
                return { outs: outputsOf(news, v) };
            } catch (err) {
                if (hcp.isNotFound(err)) {
                    throw new Error(
                        `${where(news)} (${id}) no longer exists or the token may not see it: run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to create it again.`,
                    );
                }
                throw err;
            }
        },

        async delete(id: string, props: any): Promise<void> {
            const c = clientFor(props.hostname);
            await deleteUnlessGone(() => owner.remove(c, ownerId(props), id));
        },
    };

    /** The refusal to touch a variable the stack does not own; `detail` says why it is taken. */
    function alreadyExists(inputs: VariableInputs, detail: string | undefined): Error {
        return new Error(
            `${where(inputs)} already exists (${detail}). ` +
                `Set adoptExisting: true to manage the existing variable, or delete it in HCP Terraform.`,
        );
    }

    /** Takes over a same-key variable when asked to; otherwise says how. */
    async function adopt(c: hcp.HcpClient, inputs: VariableInputs, detail: string | undefined): Promise<pulumi.dynamic.CreateResult> {
        if (!inputs.adoptExisting) {
            throw alreadyExists(inputs, detail);
        }
        const existing = await findByKey(c, inputs);
        if (!existing) {
            throw new Error(`${where(inputs)} was reported as taken but could not be found; run again.`);
        }
        return { id: existing.id, outs: outputsOf(inputs, await converge(c, inputs, existing)) };
    }

    /** A variable our own lost POST made: bring it to the declared values, or report it. */
    async function convergeMade(c: hcp.HcpClient, inputs: VariableInputs, made: OwnedVariable): Promise<OwnedVariable> {
        try {
            return await converge(c, inputs, made);
        } catch (err) {
            throw new ObjectLeftBehindError(
                `${where(inputs)} was created (${made.id}) but could not be brought to the declared values: ${(err as Error).message}`,
                made.id,
                outputsOf(inputs, made),
            );
        }
    }
}
