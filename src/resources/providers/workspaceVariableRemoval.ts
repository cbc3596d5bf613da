// Makes sure a workspace does NOT have some variables: what replacing static cloud keys with
// dynamic credentials needs (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).
//
// create deletes the variables with those keys (in one category) when present. refresh reports
// keys that came back (`presentKeys`), and the next `pulumi up` deletes them again. Destroying the
// resource deletes nothing and restores nothing: the removed values are gone.
// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../../hcp";
import { KEY_PATTERN, NOT_FOUND_OR_HIDDEN, WORKSPACE_ID_RULE } from "../commonFields";
import { clientFor, confirmGone } from "../lifecycle";
import { type Schema, checkWith, compact, diffResult, changesWith } from "../schema";

interface RemovalInputs {
    workspaceId: string;
    keys: string[];
    category: hcp.VariableCategory;
    hostname?: string;
    allowInsecureHttp?: boolean;
    site: string;
    organization?: string;
}

const CATEGORIES = ["env", "terraform"];

const SCHEMA: Schema = {
    type: "WorkspaceVariableRemoval",
    fields: {
        workspaceId: { kind: "string", required: true, change: "replace", validate: WORKSPACE_ID_RULE },
        keys: {
            kind: "stringList",
            required: "keys is required: give a non-empty list of strings.",
            validate: (list: unknown[]) => {
                if (list.length === 0) return "!keys is required: give a non-empty list of strings.";
                const i = list.findIndex((k) => typeof k !== "string" || k === "" || !KEY_PATTERN.test(k));
                if (i < 0) return undefined;
                return typeof list[i] !== "string" || list[i] === ""
                    ? `!keys[${i}] must be a non-empty string, not ${JSON.stringify(list[i])}.`
                    : `!keys[${i}] ${JSON.stringify(list[i])} is not valid: variable keys cannot contain white space.`;
            },
        },
        category: {
            kind: "string",
            defaultValue: "env",
            validate: (v) => (CATEGORIES.includes(v) ? undefined : `!category must be one of "env", "terraform", not ${JSON.stringify(v)}.`),
        },
    },
    outputs: ["removedKeys", "presentKeys", "organization"],
    deleteBeforeReplace: false,
};

function where(inputs: RemovalInputs): string {
    return `${inputs.category} variables ${JSON.stringify(inputs.keys)} of workspace ${inputs.workspaceId}`;
}

/** The variables of the workspace that match, in the order of `keys`. */
function matching(all: hcp.Variable[], inputs: RemovalInputs): hcp.Variable[] {
    const out: hcp.Variable[] = [];
    for (const key of inputs.keys) {
        for (const v of all) {
            if (v.key === key && v.category === inputs.category && !out.includes(v)) {
                out.push(v);
            }
        }
    }
    return out;
}

/** Deletes the matching variables; answers the keys deleted (a variable already gone counts as removed). */
async function removeKeys(c: hcp.HcpClient, inputs: RemovalInputs): Promise<string[]> {
    let found: hcp.Variable[];
    try {
        found = matching(await hcp.listVariables(c, inputs.workspaceId), inputs);
    } catch (err) {
        if (hcp.isNotFound(err)) {
            throw new Error(`cannot remove ${where(inputs)}: the workspace was ${NOT_FOUND_OR_HIDDEN}. ${err.message}`);
        }
        throw err;
    }
    const removed: string[] = [];
    for (const v of found) {
        try {
            await hcp.deleteVariable(c, inputs.workspaceId, v.id);
        } catch (err) {
            if (!hcp.isNotFound(err)) {
                const done = removed.length > 0 ? ` (${JSON.stringify(removed)} were removed already)` : "";
                throw new Error(`removing variable "${v.key}" (${v.id}) of workspace ${inputs.workspaceId} failed${done}: ${(err as Error).message}`);
            }
        }
        if (!removed.includes(v.key)) {
            removed.push(v.key);
        }
    }
    return removed;
}

function outputsOf(inputs: RemovalInputs, removedKeys: string[], presentKeys: string[], organization: string | undefined): Record<string, unknown> {
    return compact({ ...inputs, removedKeys, presentKeys, organization });
}

async function organizationOf(c: hcp.HcpClient, workspaceId: string): Promise<string | undefined> {
    try {
        return (await c.cached(`workspace ${workspaceId}`, () => hcp.readWorkspace(c, workspaceId))).organization;
    } catch (err) {
        if (hcp.isNotFound(err)) return undefined;
        throw err;
    }
}

const workspaceVariableRemovalProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        return checkWith(SCHEMA, news);
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        const { changes, replaces } = changesWith(SCHEMA, olds, news);
        // Keys that came back since the last run (seen by refresh): the next up removes them again.
        if (Array.isArray(olds.presentKeys) && olds.presentKeys.length > 0) {
            changes.push("presentKeys");
        }
        // Another workspace or site is another removal; the old one has nothing to undo.
        return diffResult(changes, replaces, false);
    },

    async create(inputs: RemovalInputs): Promise<pulumi.dynamic.CreateResult> {
        const c = clientFor(inputs);
        const removed = await removeKeys(c, inputs);
        return { id: `${inputs.workspaceId}/removal`, outs: outputsOf(inputs, removed, [], await organizationOf(c, inputs.workspaceId)) };
    },

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        const c = clientFor(props);
        let all: hcp.Variable[];
        try {
            all = await hcp.listVariables(c, props.workspaceId);
        } catch (err) {
            if (!hcp.isNotFound(err)) throw err;
            await confirmGone(c, `the variables of workspace ${props.workspaceId}`, [{ workspaceId: props.workspaceId }, { organization: props.organization }]);
            return { id: "" };
        }
        const presentKeys = [...new Set(matching(all, props).map((v) => v.key))];
        const { removedKeys: _r, presentKeys: _p, organization: _o, ...inputs } = props;
        return { id, props: outputsOf(props, props.removedKeys ?? [], presentKeys, props.organization), inputs };
    },

    async update(_id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
        const kept = { ...news, site: olds.site ?? news.site };
        const removed = await removeKeys(clientFor(olds), kept);
        return { outs: outputsOf(kept, removed, [], olds.organization) };
    },

    async delete(): Promise<void> {
        // Nothing to undo: the removed variables and their values cannot be restored.
    },
};

export = workspaceVariableRemovalProvider;
