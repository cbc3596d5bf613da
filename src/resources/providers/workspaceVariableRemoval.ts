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
import {
    ID_PATTERNS,
    InputChecker,
    KEY_PATTERN,
    NOT_FOUND_OR_HIDDEN,
    changedFields,
    clientFor,
    compact,
    diffResult,
    deleteUnlessGone,
    readUnlessGone,
} from "../lifecycle";

interface RemovalInputs {
    workspaceId: string;
    keys: string[];
    category: hcp.VariableCategory;
    hostname?: string;
}

const CATEGORIES = ["env", "terraform"] as const;

function where(inputs: RemovalInputs): string {
    return `${inputs.category} variables ${JSON.stringify(inputs.keys)} of workspace ${inputs.workspaceId}`;
}

/** The variables of the workspace that match, in the order of `keys`. */
async function present(c: hcp.HcpClient, inputs: RemovalInputs): Promise<hcp.Variable[]> {
    const all = await hcp.listVariables(c, inputs.workspaceId);
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
        found = await present(c, inputs);
    } catch (err) {
        if (hcp.isNotFound(err)) {
            throw new Error(`cannot remove ${where(inputs)}: the workspace was ${NOT_FOUND_OR_HIDDEN}. ${err.message}`);
        }
        throw err;
    }
    const removed: string[] = [];
    for (const v of found) {
        try {
            await deleteUnlessGone(() => hcp.deleteVariable(c, inputs.workspaceId, v.id));
        } catch (err) {
            const done = removed.length > 0 ? ` (${JSON.stringify(removed)} were removed already)` : "";
            throw new Error(`removing variable "${v.key}" (${v.id}) of workspace ${inputs.workspaceId} failed${done}: ${(err as Error).message}`);
        }
        if (!removed.includes(v.key)) {
            removed.push(v.key);
        }
    }
    return removed;
}

function outputsOf(inputs: RemovalInputs, removedKeys: string[], presentKeys: string[]): Record<string, unknown> {
    return compact({
        workspaceId: inputs.workspaceId,
        keys: inputs.keys,
        category: inputs.category,
        hostname: inputs.hostname,
        removedKeys,
        presentKeys,
    });
}

const workspaceVariableRemovalProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        const inputs = { category: "env", ...compact(news) };
        const checker = new InputChecker(inputs);
        checker.requireString("workspaceId", ID_PATTERNS.workspace, 'give the workspace id, e.g. "ws-123456789abcdefg"');
        checker.requireStringList("keys", KEY_PATTERN, "variable keys cannot contain white space");
        checker.oneOf("category", CATEGORIES);
        checker.hostname();
        return { inputs, failures: checker.failures };
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        const changes = changedFields(olds, news, ["workspaceId", "hostname", "keys", "category"]);
        // Keys that came back since the last run (seen by refresh): the next up removes them again.
        if (Array.isArray(olds.presentKeys) && olds.presentKeys.length > 0) {
            changes.push("presentKeys");
        }
        // Another workspace or site is another removal; the old one has nothing to undo.
        const replaces = changes.filter((f) => f === "workspaceId" || f === "hostname");
        return diffResult(changes, replaces, false);
    },

    async create(inputs: RemovalInputs): Promise<pulumi.dynamic.CreateResult> {
        const removed = await removeKeys(clientFor(inputs.hostname), inputs);
        return { id: `${inputs.workspaceId}/removal`, outs: outputsOf(inputs, removed, []) };
    },

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        const c = clientFor(props.hostname);
        const found = await readUnlessGone(() => present(c, props));
        if (found === undefined) {
            return { id: "" };
        }
        const presentKeys = [...new Set(found.map((v) => v.key))];
        const inputs = compact({ workspaceId: props.workspaceId, keys: props.keys, category: props.category, hostname: props.hostname });
        return { id, props: outputsOf(props, props.removedKeys ?? [], presentKeys), inputs };
    },

    async update(_id: string, _olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
        const removed = await removeKeys(clientFor(news.hostname), news);
        return { outs: outputsOf(news, removed, []) };
    },

    async delete(): Promise<void> {
        // Nothing to undo: the removed variables and their values cannot be restored.
    },
};

export = workspaceVariableRemovalProvider;
