// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../../hcp";
import {
    type CreateOutcome,
    InputChecker,
    NAME_FIX,
    NAME_PATTERN,
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
} from "../lifecycle";

interface VariableSetInputs {
    organization: string;
    name: string;
    description: string;
    global: boolean;
    priority: boolean;
    adoptExisting: boolean;
    hostname?: string;
}

/** Attributes of the set itself, in the order they are compared and sent. */
const REMOTE_FIELDS = ["name", "description", "global", "priority"] as const;

/** Variable set names: not blank, no surrounding white space, no control characters. */
function validSetName(name: string): boolean {
    if (name.trim() !== name || name.length > 128) {
        return false;
    }
    for (let i = 0; i < name.length; i++) {
        if (name.charCodeAt(i) < 0x20 || name.charCodeAt(i) === 0x7f) {
            return false;
        }
    }
    return true;
}

function where(inputs: { organization: string; name: string }): string {
    return `variable set "${inputs.name}" of organization "${inputs.organization}"`;
}

function outputsOf(inputs: VariableSetInputs, set: hcp.VariableSet): Record<string, unknown> {
    return compact({
        organization: set.organization || inputs.organization,
        name: set.name,
        description: set.description ?? "",
        global: set.global,
        priority: set.priority,
        adoptExisting: inputs.adoptExisting,
        hostname: inputs.hostname,
        variableSetId: set.id,
    });
}

/** Brings an existing set to the declared values, sending only what differs. */
async function converge(c: hcp.HcpClient, inputs: VariableSetInputs, existing: hcp.VariableSet): Promise<hcp.VariableSet> {
    const patch: Partial<hcp.VariableSetFields> = {};
    for (const f of REMOTE_FIELDS) {
        if ((existing as any)[f] !== inputs[f]) {
            (patch as any)[f] = inputs[f];
        }
    }
    if (Object.keys(patch).length === 0) {
        return existing;
    }
    return hcp.updateVariableSet(c, existing.id, patch);
}

/** A set our own lost POST made: bring it to the declared values, or report it. */
async function convergeMade(c: hcp.HcpClient, inputs: VariableSetInputs, made: hcp.VariableSet): Promise<pulumi.dynamic.CreateResult> {
    try {
        return { id: made.id, outs: outputsOf(inputs, await converge(c, inputs, made)) };
    } catch (err) {
        throw new ObjectLeftBehindError(
            `${where(inputs)} was created (${made.id}) but could not be brought to the declared values: ${(err as Error).message}`,
            made.id,
            outputsOf(inputs, made),
        );
    }
}

/**
 * The set holding the declared name: the exact name, else the same name in another letter case
 * (the server compares names without regard to case, so either makes a create answer 422).
 */
async function findSameName(c: hcp.HcpClient, inputs: VariableSetInputs): Promise<hcp.VariableSet | undefined> {
    const candidates = await hcp.listVariableSets(c, inputs.organization, { q: inputs.name });
    return candidates.find((s) => s.name === inputs.name) ?? candidates.find((s) => s.name.toLowerCase() === inputs.name.toLowerCase());
}

/** The refusal to touch a set the stack does not own; `detail` says why the name is taken. */
function alreadyExists(inputs: VariableSetInputs, detail: string | undefined): Error {
    return new Error(
        `${where(inputs)} already exists (${detail}). ` +
            `Set adoptExisting: true to manage the existing variable set (it is then deleted with the stack), or choose another name.`,
    );
}

/** Takes over a same-name set when asked to; otherwise says how. */
async function adopt(c: hcp.HcpClient, inputs: VariableSetInputs, detail: string | undefined): Promise<pulumi.dynamic.CreateResult> {
    if (!inputs.adoptExisting) {
        throw alreadyExists(inputs, detail);
    }
    const existing = await findSameName(c, inputs);
    if (!existing) {
        throw new Error(`${where(inputs)} was reported as taken but could not be found by name; run again.`);
    }
    return { id: existing.id, outs: outputsOf(inputs, await converge(c, inputs, existing)) };
}

const variableSetProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        const inputs = { description: "", global: false, priority: false, adoptExisting: false, ...compact(news) };
        const checker = new InputChecker(inputs);
        checker.requireString("organization", NAME_PATTERN, NAME_FIX);
        checker.validString(
            "name",
            true,
            validSetName,
            "a variable set name must not start or end with white space, contain control characters or exceed 128 characters",
        );
        checker.optionalString("description");
        checker.optionalBoolean("global");
        checker.optionalBoolean("priority");
        checker.optionalBoolean("adoptExisting");
        checker.hostname();
        return { inputs, failures: checker.failures };
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        const changes = changedFields(olds, news, ["organization", "hostname", ...REMOTE_FIELDS, "adoptExisting"]);
        // Another organization or site is another set; the rest is updated in place.
        const replaces = changes.filter((f) => f === "organization" || f === "hostname");
        // Names are unique per organization: the old set must go before a same-name one is made.
        return diffResult(changes, replaces, true);
    },

    async create(inputs: VariableSetInputs): Promise<pulumi.dynamic.CreateResult> {
        const c = clientFor(inputs.hostname);
        const fields: hcp.VariableSetFields = {
            name: inputs.name,
            description: inputs.description,
            global: inputs.global,
            priority: inputs.priority,
        };
        let outcome: CreateOutcome<hcp.VariableSet>;
        try {
            outcome = await createByNaturalKey({
                what: where(inputs),
                absent: "no set with that name was found",
                post: () => hcp.createVariableSet(c, inputs.organization, fields),
                find: () => findSameName(c, inputs),
                // Not adopting: a set with this name must be refused before anything is sent, so that
                // one found after an ambiguous POST is known to be the one that POST made.
                lookFirst: !inputs.adoptExisting,
            });
        } catch (err) {
            if (hcp.isNotFound(err)) {
                throw new Error(`creating ${where(inputs)} failed: the organization was ${NOT_FOUND_OR_HIDDEN}. ${err.message}`);
            }
            throw err;
        }
        switch (outcome.kind) {
            case "created":
                return { id: outcome.value.id, outs: outputsOf(inputs, outcome.value) };
            case "found":
                return convergeMade(c, inputs, outcome.value);
            case "existing":
                // Found before any POST: the server would answer 422 with these words.
                throw alreadyExists(inputs, "Name has already been taken");
            case "taken":
                return adopt(c, inputs, outcome.error.detail);
        }
    },

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        const c = clientFor(props.hostname);
        const set = await readUnlessGone(() => hcp.readVariableSet(c, id));
        if (set === undefined) {
            return { id: "" };
        }
        const outs = outputsOf(props, set);
        const { variableSetId: _id, ...inputs } = outs;
        return { id, props: outs, inputs };
    },

    async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
        const c = clientFor(news.hostname);
        const patch: Record<string, unknown> = {};
        for (const f of changedFields(olds, news, REMOTE_FIELDS)) {
            patch[f] = news[f];
        }
        if (Object.keys(patch).length === 0) {
            return { outs: compact({ ...olds, adoptExisting: news.adoptExisting, hostname: news.hostname }) };
        }
        try {
            const set = await hcp.updateVariableSet(c, id, patch as Partial<hcp.VariableSetFields>);
            return { outs: outputsOf(news, set) };
        } catch (err) {
            if (hcp.isNotFound(err)) {
                throw new Error(
                    `${where(news)} (${id}) was ${NOT_FOUND_OR_HIDDEN}: run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\` to create it again.`,
                );
            }
            throw err;
        }
    },

    async delete(id: string, props: any): Promise<void> {
        const c = clientFor(props.hostname);
        await deleteUnlessGone(() => hcp.deleteVariableSet(c, id));
    },
};

export = recordsProviderOnPartialFailure(variableSetProvider);
