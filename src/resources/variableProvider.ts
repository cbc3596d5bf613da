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
    recordsProviderOnPartialFailure,
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

/** `variable "K" (env) of workspace ws-…`: how messages name a variable. */
export function variableWhere(owner: VariableOwner, inputs: Record<string, any>): string {
    return `variable "${inputs.key}" (${inputs.category}) of ${owner.noun} ${inputs[owner.property]}`;
}

/** What update() says when the variable it patches answered 404. */
export function variableGoneMessage(owner: VariableOwner, inputs: Record<string, any>, id: string): string {
    return (
        `${variableWhere(owner, inputs)} (${id}) no longer exists or the token may not see it: ` +
        "run `pulumi refresh` to drop it from the stack, then `pulumi up` to create it again."
    );
}

function fieldsOf(inputs: VariableInputs): hcp.VariableFields {
    return {
        key: inputs.key,
        value: inputs.value,
        description: inputs.description,
        category: inputs.category,
        hcl: inputs.hcl,
        sensitive: inputs.sensitive,
    };
}

async function findByKey(owner: VariableOwner, c: hcp.HcpClient, inputs: VariableInputs): Promise<OwnedVariable | undefined> {
    const all = await owner.list(c, inputs[owner.property] as string);
    return all.find((v) => v.key === inputs.key && v.category === inputs.category);
}

/** How one variable is created: see createOwnedVariable(). */
export interface VariableCreateOptions {
    /**
     * The owner's variables as listed before this create, by a caller that creates several
     * variables of one owner: the look-up before the first POST (when not adopting) uses this list
     * instead of a request of its own. It must have been listed before any of those POSTs.
     */
    readonly listed?: readonly OwnedVariable[];
    /** Ends the refusal to adopt a sensitive variable as a plain one (default: declare it sensitive). */
    readonly sensitiveFix?: string;
    /**
     * When adopting, a sensitive variable with the key is deleted and created again as declared
     * (plain) instead of refused: for a caller whose variables are never sensitive, whose declared
     * value replaces the old one in any case.
     */
    readonly recreateSensitive?: boolean;
    /** The properties reported (ObjectLeftBehindError) for a variable this create made but could not bring to the declared values. */
    leftBehind(made: OwnedVariable): Record<string, unknown>;
}

/**
 * Creates one variable the way a variable resource does: by natural key (key + category), looked
 * up first unless adopting, a lost POST recovered by a look-up, an existing variable refused
 * (unless adoptExisting: then brought to the declared values). Answers the variable as the server
 * has it. Thrown: the refusals, errors naming the variable, and ObjectLeftBehindError (properties
 * from `leftBehind`) for a variable a lost POST made but that could not be converged.
 */
export async function createOwnedVariable(
    owner: VariableOwner,
    c: hcp.HcpClient,
    inputs: VariableInputs,
    opts: VariableCreateOptions,
): Promise<OwnedVariable> {
    const where = variableWhere(owner, inputs);
    let outcome: CreateOutcome<OwnedVariable>;
    // A caller's list stands for the look-up before the first POST (not adopting only).
    const listed = inputs.adoptExisting ? undefined : opts.listed;
    const existing = listed?.find((v) => v.key === inputs.key && v.category === inputs.category);
    try {
        outcome =
            existing !== undefined
                ? { kind: "existing", value: existing }
                : await createByNaturalKey({
                      what: where,
                      absent: "no such variable was found",
                      post: () => owner.create(c, inputs[owner.property] as string, fieldsOf(inputs)),
                      find: () => findByKey(owner, c, inputs),
                      // Not adopting: a variable with this key must be refused before anything is sent, so
                      // that one found after an ambiguous POST is known to be the one that POST made.
                      lookFirst: !inputs.adoptExisting && listed === undefined,
                  });
    } catch (err) {
        if (hcp.isNotFound(err)) {
            throw new Error(`creating ${where} failed: the ${owner.noun} was ${NOT_FOUND_OR_HIDDEN}. ${err.message}`);
        }
        throw err;
    }
    switch (outcome.kind) {
        case "created":
            return outcome.value;
        case "found":
            return convergeMade(owner, c, inputs, outcome.value, opts);
        case "existing":
            // Found before any POST: the server would answer 422 with these words.
            throw alreadyExists(where, "Key has already been taken");
        case "taken":
            return adopt(owner, c, inputs, outcome.error.detail, opts);
    }
}

/** Brings an existing variable to the declared values, sending only what differs. */
async function converge(
    owner: VariableOwner,
    c: hcp.HcpClient,
    inputs: VariableInputs,
    existing: OwnedVariable,
    opts: VariableCreateOptions,
): Promise<OwnedVariable> {
    if (existing.sensitive && !inputs.sensitive) {
        if (opts.recreateSensitive && inputs.adoptExisting) {
            return recreatePlain(owner, c, inputs, existing);
        }
        throw new Error(
            `${variableWhere(owner, inputs)} already exists and is sensitive; HCP Terraform cannot make a sensitive variable non-sensitive. ` +
                `${opts.sensitiveFix ?? "Declare sensitive: true"}, or delete the variable in HCP Terraform and run again.`,
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
    return owner.update(c, inputs[owner.property] as string, existing.id, patch);
}

/** Replaces a sensitive variable by a plain one with the declared values: HCP Terraform cannot make it plain in place. */
async function recreatePlain(owner: VariableOwner, c: hcp.HcpClient, inputs: VariableInputs, existing: OwnedVariable): Promise<OwnedVariable> {
    const ownerId = inputs[owner.property] as string;
    await deleteUnlessGone(() => owner.remove(c, ownerId, existing.id));
    const outcome = await createByNaturalKey({
        what: variableWhere(owner, inputs),
        absent: "no such variable was found",
        post: () => owner.create(c, ownerId, fieldsOf(inputs)),
        find: () => findByKey(owner, c, inputs),
    });
    if (outcome.kind === "taken" || outcome.kind === "existing") {
        // Made again by someone else between the delete and the create.
        throw alreadyExists(variableWhere(owner, inputs), outcome.kind === "taken" ? outcome.error.detail : "Key has already been taken");
    }
    return outcome.value;
}

/** The refusal to touch a variable the stack does not own; `detail` says why it is taken. */
function alreadyExists(where: string, detail: string | undefined): Error {
    return new Error(
        `${where} already exists (${detail}). Set adoptExisting: true to manage the existing variable, or delete it in HCP Terraform.`,
    );
}

/** Takes over a same-key variable when asked to; otherwise says how. */
async function adopt(
    owner: VariableOwner,
    c: hcp.HcpClient,
    inputs: VariableInputs,
    detail: string | undefined,
    opts: VariableCreateOptions,
): Promise<OwnedVariable> {
    if (!inputs.adoptExisting) {
        throw alreadyExists(variableWhere(owner, inputs), detail);
    }
    const existing = await findByKey(owner, c, inputs);
    if (!existing) {
        throw new Error(`${variableWhere(owner, inputs)} was reported as taken but could not be found; run again.`);
    }
    return converge(owner, c, inputs, existing, opts);
}

/** A variable our own lost POST made: bring it to the declared values, or report it. */
async function convergeMade(
    owner: VariableOwner,
    c: hcp.HcpClient,
    inputs: VariableInputs,
    made: OwnedVariable,
    opts: VariableCreateOptions,
): Promise<OwnedVariable> {
    try {
        return await converge(owner, c, inputs, made, opts);
    } catch (err) {
        throw new ObjectLeftBehindError(
            `${variableWhere(owner, inputs)} was created (${made.id}) but could not be brought to the declared values: ${(err as Error).message}`,
            made.id,
            opts.leftBehind(made),
        );
    }
}

export function variableProvider(owner: VariableOwner): pulumi.dynamic.ResourceProvider {
    const ownerId = (inputs: Record<string, any>): string => inputs[owner.property];

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

    return recordsProviderOnPartialFailure({
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
            const v = await createOwnedVariable(owner, c, inputs, { leftBehind: (made) => outputsOf(inputs, made) });
            return { id: v.id, outs: outputsOf(inputs, v) };
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
                    throw new Error(variableGoneMessage(owner, news, id));
                }
                throw err;
            }
        },

        async delete(id: string, props: any): Promise<void> {
            const c = clientFor(props.hostname);
            await deleteUnlessGone(() => owner.remove(c, ownerId(props), id));
        },
    });
}
