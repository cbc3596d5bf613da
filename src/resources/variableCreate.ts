// How one variable is created, for the variable resources and the variable group alike: by
// natural key (key + category), a lost POST recovered by a look-up, an existing variable refused
// unless adopted, and never one that another stack or federation owns (see ownership.ts).
import * as hcp from "../hcp";
import { NOT_FOUND_OR_HIDDEN } from "./commonFields";
import { type CreateOutcome, ObjectLeftBehindError, createByNaturalKey } from "./lifecycle";
import { takeoverRefusal } from "./ownership";
import type { OwnedVariable, VariableOwner } from "./variableOwners";

/** The inputs every variable resource has, besides its owner. */
export interface VariableInputs {
    key: string;
    value: string;
    category: hcp.VariableCategory;
    hcl: boolean;
    sensitive: boolean;
    description: string;
    adoptExisting: boolean;
    [owner: string]: unknown;
}

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

function sameKey(v: OwnedVariable, inputs: VariableInputs): boolean {
    return v.key === inputs.key && v.category === inputs.category;
}

/** The variable with the inputs' key and category, from the caller's shared list when it has one (re-listed on a miss). */
async function findByKey(owner: VariableOwner, c: hcp.HcpClient, inputs: VariableInputs, opts?: VariableCreateOptions): Promise<OwnedVariable | undefined> {
    if (opts?.lister) {
        const found = (await opts.lister.list(false)).find((v) => sameKey(v, inputs));
        return found ?? (await opts.lister.list(true)).find((v) => sameKey(v, inputs));
    }
    const all = await owner.list(c, inputs[owner.property] as string);
    return all.find((v) => sameKey(v, inputs));
}

/** A list of an owner's variables shared by several creates (see VariableCreateOptions.lister). */
export interface VariableLister {
    /** The list made so far, if any. */
    kept(): readonly OwnedVariable[] | undefined;
    /** The list kept, or (when none, or `fresh`) a new one. */
    list(fresh: boolean): Promise<readonly OwnedVariable[]>;
    /** Drops a variable this caller deleted from the list kept. */
    forget(id: string): void;
}

/** A lister of `owner`'s variables that lists when first asked. */
export function variableLister(owner: VariableOwner, c: hcp.HcpClient, ownerId: string): VariableLister {
    let kept: readonly OwnedVariable[] | undefined;
    return {
        kept: () => kept,
        async list(fresh: boolean) {
            if (kept === undefined || fresh) kept = await owner.list(c, ownerId);
            return kept;
        },
        forget(id: string) {
            kept = kept?.filter((v) => v.id !== id);
        },
    };
}

/** How one variable is created: see createOwnedVariable(). */
export interface VariableCreateOptions {
    /**
     * The owner's variables as listed before this create, by a caller that creates several
     * variables of one owner: it stands for the look-up before the first POST (so an existing
     * variable is refused, or adopted, without a POST). It must have been listed before any of
     * those POSTs.
     */
    readonly listed?: readonly OwnedVariable[];
    /**
     * The owner's variables, listed at most once for several creates, when a look-up is first
     * needed (after a 422 "has already been taken"); the creates after it use that list.
     */
    readonly lister?: VariableLister;
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
 * up first (from `opts.listed` when given) unless adopting without a list, a lost POST recovered by
 * a look-up, an existing variable refused (unless adoptExisting: then brought to the declared
 * values, unless another owner's mark says it is theirs). Answers the variable as the server has
 * it. Thrown: the refusals, errors naming the variable, and ObjectLeftBehindError (properties from
 * `leftBehind`) for a variable a lost POST made but that could not be converged.
 */
export async function createOwnedVariable(
    owner: VariableOwner,
    c: hcp.HcpClient,
    inputs: VariableInputs,
    opts: VariableCreateOptions,
): Promise<OwnedVariable> {
    const where = variableWhere(owner, inputs);
    const listed = opts.listed ?? opts.lister?.kept();
    const existing = listed?.find((v) => sameKey(v, inputs));
    if (existing !== undefined) {
        // Found before any POST: the server would answer 422 with these words.
        return inputs.adoptExisting ? converge(owner, c, inputs, existing, opts) : Promise.reject(alreadyExists(where, "Key has already been taken"));
    }
    let outcome: CreateOutcome<OwnedVariable>;
    try {
        outcome = await createByNaturalKey({
            what: where,
            absent: "no such variable was found",
            post: () => owner.create(c, inputs[owner.property] as string, fieldsOf(inputs)),
            find: () => findByKey(owner, c, inputs, opts),
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
            throw alreadyExists(where, "Key has already been taken");
        case "taken":
            return adopt(owner, c, inputs, outcome.error.detail, opts);
    }
}

/** Brings an existing variable to the declared values, sending only what differs; never one another owner marked. */
async function converge(
    owner: VariableOwner,
    c: hcp.HcpClient,
    inputs: VariableInputs,
    existing: OwnedVariable,
    opts: VariableCreateOptions,
): Promise<OwnedVariable> {
    const refusal = takeoverRefusal(`${variableWhere(owner, inputs)} (${existing.id})`, existing.description, inputs.description);
    if (refusal !== undefined) {
        throw new Error(refusal);
    }
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
    try {
        await owner.remove(c, ownerId, existing.id);
    } catch (err) {
        if (!hcp.isNotFound(err)) throw err;
    }
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
    const existing = await findByKey(owner, c, inputs, opts);
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
