// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
//
// A set is created, or taken over only when asked (adoptExisting) or when it carries this very
// resource's ownership mark (left by an earlier run whose answer was lost); never one another
// stack's federation marked. An adopted set keeps what was not declared (description, global,
// priority) and is never deleted by the stack: only a set the stack created is.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../../hcp";
import { NOT_FOUND_OR_HIDDEN, ORGANIZATION } from "../commonFields";
import {
    type CreateOutcome,
    ObjectLeftBehindError,
    clientFor,
    confirmGone,
    createByNaturalKey,
    deleteUnlessGone,
    recordsProviderOnPartialFailure,
} from "../lifecycle";
import { ownerOf, sameOwner, takeoverRefusal } from "../ownership";
import { type Schema, checkWith, compact, diffWith, remoteChanges } from "../schema";

interface VariableSetInputs {
    organization: string;
    name: string;
    description?: string;
    global?: boolean;
    priority?: boolean;
    adoptExisting: boolean;
    adoptArgument: string;
    attached: boolean;
    hostname?: string;
    site: string;
}

/** Variable set names: not blank, no surrounding white space, no control characters. */
function validSetName(name: string): string | undefined {
    const ok = name.trim() === name && name.length <= 128 && !/[\u0000-\u001f\u007f]/.test(name);
    return ok ? undefined : "a variable set name must not start or end with white space, contain control characters or exceed 128 characters";
}

const SCHEMA: Schema = {
    type: "VariableSet",
    fields: {
        organization: ORGANIZATION,
        name: { kind: "string", required: true, validate: validSetName },
        // Not declared: left as they are (an adopted set keeps its own).
        description: { kind: "string", onlyWhenDeclared: true },
        global: { kind: "boolean", onlyWhenDeclared: true },
        priority: { kind: "boolean", onlyWhenDeclared: true },
        adoptExisting: { kind: "boolean", defaultValue: false, change: "local" },
        // The argument named in messages as the way to adopt (a component names its own).
        adoptArgument: { kind: "string", defaultValue: "adoptExisting", change: "local", validate: (v) => (/^[A-Za-z.]+$/.test(v) ? undefined : "give an argument name") },
        // The set will be attached to workspaces or a project: a global set (applied to every
        // workspace of the organization) is refused before anything is written to it.
        attached: { kind: "boolean", defaultValue: false, change: "local" },
    },
    outputs: ["variableSetId", "created"],
    // Names are unique per organization: the old set must go before a same-name one is made.
    deleteBeforeReplace: true,
};

const DECLARABLE = ["name", "description", "global", "priority"] as const;

function where(inputs: { organization: string; name: string }): string {
    return `variable set "${inputs.name}" of organization "${inputs.organization}"`;
}

/**
 * The end of the description 0.2's WorkspaceOidcFederation gave its set. It declared its set with
 * adoptExisting (0.2 deleted adopted sets with the stack), so such a set counts as made by the stack.
 */
const LEGACY_FEDERATION_SET = /\(WorkspaceOidcFederation [^()"]+\)$/;

/** Whether the stack created the set (0.2 state did not say: it created it unless it adopted, and its federation's set it made). */
function createdByStack(props: Record<string, any>): boolean {
    if (props.created !== undefined) return props.created === true;
    return props.adoptExisting !== true || LEGACY_FEDERATION_SET.test(typeof props.description === "string" ? props.description : "");
}

function outputsOf(inputs: VariableSetInputs, set: hcp.VariableSet, created: boolean): Record<string, unknown> {
    return compact({
        ...inputs,
        organization: set.organization || inputs.organization,
        name: set.name,
        description: set.description ?? "",
        global: set.global,
        priority: set.priority,
        variableSetId: set.id,
        created,
    });
}

/** Brings an existing set to the declared values, sending only what is declared and differs. */
async function converge(c: hcp.HcpClient, inputs: VariableSetInputs, existing: hcp.VariableSet): Promise<hcp.VariableSet> {
    const patch: Partial<hcp.VariableSetFields> = {};
    for (const f of DECLARABLE) {
        if (inputs[f] !== undefined && (existing as any)[f] !== inputs[f]) {
            (patch as any)[f] = inputs[f];
        }
    }
    return Object.keys(patch).length === 0 ? existing : hcp.updateVariableSet(c, existing.id, patch);
}

/**
 * The set holding the declared name: the exact name, else the same name in another letter case
 * (the server compares names without regard to case, so either makes a create answer 422).
 */
async function findSameName(c: hcp.HcpClient, inputs: VariableSetInputs): Promise<hcp.VariableSet | undefined> {
    const candidates = await hcp.listVariableSets(c, inputs.organization, { q: inputs.name });
    return candidates.find((s) => s.name === inputs.name) ?? candidates.find((s) => s.name.toLowerCase() === inputs.name.toLowerCase());
}

function alreadyExists(inputs: VariableSetInputs, detail: string | undefined): Error {
    return new Error(
        `${where(inputs)} already exists (${detail}). Set ${inputs.adoptArgument}: true to manage the existing variable set ` +
            `(it is then kept, not deleted, when the stack is destroyed), or choose another name.`,
    );
}

/** An existing same-name set: ours by its mark, adopted when asked, refused otherwise. */
async function meetExisting(c: hcp.HcpClient, inputs: VariableSetInputs, existing: hcp.VariableSet, detail: string): Promise<pulumi.dynamic.CreateResult> {
    const ours = sameOwner(ownerOf(existing.description), ownerOf(inputs.description));
    if (!ours) {
        const refusal = takeoverRefusal(`${where(inputs)} (${existing.id})`, existing.description, inputs.description);
        if (refusal !== undefined) throw new Error(refusal);
        if (!inputs.adoptExisting) throw alreadyExists(inputs, detail);
    }
    if (inputs.attached && existing.global) {
        throw new Error(
            `${where(inputs)} (${existing.id}) is global: it applies to every workspace of the organization, and it would be attached ` +
                `to workspaces here, so it is not taken over and nothing was written to it. Fix: name a set that is not global, or make ` +
                `this one non-global in HCP Terraform first.`,
        );
    }
    return { id: existing.id, outs: outputsOf(inputs, await converge(c, inputs, existing), ours) };
}

const variableSetProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        return checkWith(SCHEMA, news);
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        return diffWith(SCHEMA, olds, news);
    },

    async create(inputs: VariableSetInputs): Promise<pulumi.dynamic.CreateResult> {
        const c = clientFor(inputs);
        const fields: hcp.VariableSetFields = {
            name: inputs.name,
            description: inputs.description ?? "",
            global: inputs.global ?? false,
            priority: inputs.priority,
        };
        let outcome: CreateOutcome<hcp.VariableSet>;
        try {
            outcome = await createByNaturalKey({
                what: where(inputs),
                absent: "no set with that name was found",
                post: () => hcp.createVariableSet(c, inputs.organization, compact(fields)),
                find: () => findSameName(c, inputs),
                // Always looked up first: an existing set is refused, adopted or recognised as ours by
                // its mark before anything is sent, and one found after an ambiguous POST is that POST's.
                lookFirst: true,
            });
        } catch (err) {
            if (hcp.isNotFound(err)) {
                throw new Error(`creating ${where(inputs)} failed: the organization was ${NOT_FOUND_OR_HIDDEN}. ${err.message}`);
            }
            throw err;
        }
        switch (outcome.kind) {
            case "created":
                return { id: outcome.value.id, outs: outputsOf(inputs, outcome.value, true) };
            case "found":
                try {
                    return { id: outcome.value.id, outs: outputsOf(inputs, await converge(c, inputs, outcome.value), true) };
                } catch (err) {
                    throw new ObjectLeftBehindError(
                        `${where(inputs)} was created (${outcome.value.id}) but could not be brought to the declared values: ${(err as Error).message}`,
                        outcome.value.id,
                        outputsOf(inputs, outcome.value, true),
                    );
                }
            case "existing":
                return meetExisting(c, inputs, outcome.value, "Name has already been taken");
            case "taken": {
                const existing = await findSameName(c, inputs);
                if (!existing) throw new Error(`${where(inputs)} was reported as taken but could not be found by name; run again.`);
                return meetExisting(c, inputs, existing, outcome.error.detail ?? "Name has already been taken");
            }
        }
    },

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        const c = clientFor(props);
        let set: hcp.VariableSet;
        try {
            set = await hcp.readVariableSet(c, id);
        } catch (err) {
            if (!hcp.isNotFound(err)) throw err;
            await confirmGone(c, `${where(props)} (${id})`, [{ organization: props.organization }]);
            return { id: "" };
        }
        const outs = outputsOf(props, set, createdByStack(props));
        const { variableSetId: _id, created: _c, ...inputs } = outs;
        return { id, props: outs, inputs };
    },

    async update(id: string, olds: any, news: VariableSetInputs): Promise<pulumi.dynamic.UpdateResult> {
        const c = clientFor(olds);
        const kept = { ...news, site: olds.site ?? news.site };
        const patch: Record<string, unknown> = {};
        for (const f of remoteChanges(SCHEMA, olds, news)) {
            patch[f] = (news as any)[f];
        }
        if (Object.keys(patch).length === 0) {
            return { outs: compact({ ...olds, ...kept, variableSetId: olds.variableSetId ?? id, created: createdByStack(olds) }) };
        }
        try {
            return { outs: outputsOf(kept, await hcp.updateVariableSet(c, id, patch as Partial<hcp.VariableSetFields>), createdByStack(olds)) };
        } catch (err) {
            if (hcp.isNotFound(err)) {
                await confirmGone(c, `${where(olds)} (${id})`, [{ organization: olds.organization }]);
                throw new Error(`${where(news)} (${id}) was ${NOT_FOUND_OR_HIDDEN}: run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to create it again.`);
            }
            throw err;
        }
    },

    async delete(id: string, props: any): Promise<void> {
        if (!createdByStack(props)) {
            // Adopted: the stack deleted the variables it declared; the set and the rest stay.
            return;
        }
        const c = clientFor(props);
        await deleteUnlessGone(c, `${where(props)} (${id})`, [{ organization: props.organization }], () => hcp.deleteVariableSet(c, id));
    },
};

export = recordsProviderOnPartialFailure(variableSetProvider);
