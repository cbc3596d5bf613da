// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
//
// A variable set attached to a list of workspaces, as ONE resource: attach and detach take a list
// of ids, so creating costs one request whatever the list, an update attaches only the added and
// detaches only the removed, and a refresh reads the set once. Workspaces the set was attached to
// before this resource attached them are never detached by it.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../../hcp";
import { ID_PATTERNS, KEY_PATTERN, NOT_FOUND_OR_HIDDEN, VARIABLE_SET_ID_RULE } from "../commonFields";
import { clientFor, confirmGone } from "../lifecycle";
import { ownerOf } from "../ownership";
import { type Schema, checkWith, compact, diffWith } from "../schema";
import { findShadowing, shadowingMessage } from "../shadowing";

/** Attach and detach bodies are cut at this many ids (the API's page size). */
const CHUNK = 100;

const sameSet = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x) => b.includes(x)) : (a ?? null) === (b ?? null);

const SCHEMA: Schema = {
    type: "VariableSetWorkspaces",
    fields: {
        variableSetId: { kind: "string", required: true, change: "replace", validate: VARIABLE_SET_ID_RULE },
        workspaceIds: {
            kind: "stringList",
            required: "workspaceIds is required: give a non-empty list of workspace ids.",
            same: sameSet,
            validate: (list: unknown[]) => {
                if (list.length === 0) return "!workspaceIds is required: give a non-empty list of workspace ids.";
                const i = list.findIndex((id) => typeof id !== "string" || !ID_PATTERNS.workspace.test(id));
                if (i >= 0) return `!workspaceIds[${i}] ${JSON.stringify(list[i])} is not valid: give the workspace id, e.g. "ws-123456789abcdefg".`;
                const dup = list.find((id, j) => list.indexOf(id) !== j);
                return dup === undefined ? undefined : `!workspaceIds lists ${JSON.stringify(dup)} twice: give each workspace once.`;
            },
        },
        shadowKeys: {
            kind: "stringList",
            defaultValue: [],
            change: "local",
            validate: (list: unknown[]) => (list.every((k) => typeof k === "string" && KEY_PATTERN.test(k)) ? undefined : "!shadowKeys must be a list of variable keys."),
        },
        removeShadowing: { kind: "boolean", defaultValue: false, change: "local" },
    },
    outputs: ["preAttached", "organization"],
    deleteBeforeReplace: false,
};

function where(setId: string): string {
    return `the attachments of variable set ${setId}`;
}

async function relate(c: hcp.HcpClient, attach: boolean, setId: string, ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        await (attach ? hcp.attachVariableSetToWorkspaces(c, setId, chunk) : hcp.detachVariableSetFromWorkspaces(c, setId, chunk));
    }
}

/** Refuses (before anything is attached) or, with removeShadowing, deletes (after) the workspace variables that would shadow the set. */
async function attachChecked(c: hcp.HcpClient, inputs: any, ids: string[]): Promise<void> {
    const shadowing = await findShadowing(c, ids, inputs.shadowKeys ?? []);
    if (shadowing.length > 0 && !inputs.removeShadowing) {
        throw new Error(shadowingMessage(inputs.variableSetId, shadowing));
    }
    try {
        await relate(c, true, inputs.variableSetId, ids);
    } catch (err) {
        if (hcp.isNotFound(err)) {
            throw new Error(`attaching variable set ${inputs.variableSetId} to ${ids.join(", ")} failed: the set or a workspace was ${NOT_FOUND_OR_HIDDEN}. ${err.message}`);
        }
        if (hcp.isHcpError(err) && err.code === "VALIDATION") {
            throw new Error(`HCP Terraform refused to attach variable set ${inputs.variableSetId}: ${err.detail ? `${err.detail}. ` : ""}${err.message}`);
        }
        throw err;
    }
    for (const s of shadowing) {
        for (const v of s.variables) {
            try {
                await hcp.deleteVariable(c, s.workspaceId, v.id);
            } catch (err) {
                if (!hcp.isNotFound(err)) throw err;
            }
        }
    }
}

const variableSetWorkspacesProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        return checkWith(SCHEMA, news);
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        return diffWith(SCHEMA, olds, news);
    },

    async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
        const c = clientFor(inputs);
        let set: hcp.VariableSet;
        try {
            set = await hcp.readVariableSet(c, inputs.variableSetId);
        } catch (err) {
            if (hcp.isNotFound(err)) throw new Error(`creating ${where(inputs.variableSetId)} failed: the set was ${NOT_FOUND_OR_HIDDEN}.`);
            throw err;
        }
        const declared: string[] = inputs.workspaceIds;
        // A federation's set (it carries an ownership mark) is attached by its federation only: what
        // is attached already (by 0.2's per-workspace attachments, or an earlier lost answer) is ours.
        const attached = declared.filter((id) => set.workspaceIds.includes(id));
        const preAttached = ownerOf(set.description) !== undefined ? [] : attached;
        await attachChecked(c, inputs, declared.filter((id) => !attached.includes(id)));
        return { id: inputs.variableSetId, outs: compact({ ...inputs, preAttached, organization: set.organization }) };
    },

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        const c = clientFor(props);
        let set: hcp.VariableSet;
        try {
            set = await hcp.readVariableSet(c, props.variableSetId);
        } catch (err) {
            if (!hcp.isNotFound(err)) throw err;
            await confirmGone(c, where(props.variableSetId), [{ organization: props.organization }]);
            return { id: "" };
        }
        // Detached out of band: left out, so the next `pulumi up` attaches them again.
        const workspaceIds = (props.workspaceIds as string[]).filter((ws) => set.workspaceIds.includes(ws));
        if (workspaceIds.length === 0) {
            return { id: "" };
        }
        const outs = compact({ ...props, workspaceIds });
        const { preAttached: _p, organization: _o, ...inputs } = outs;
        return { id, props: outs, inputs };
    },

    async update(_id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
        const c = clientFor(olds);
        const before: string[] = olds.workspaceIds ?? [];
        const preAttached: string[] = olds.preAttached ?? [];
        const added = (news.workspaceIds as string[]).filter((ws) => !before.includes(ws));
        const removed = before.filter((ws) => !news.workspaceIds.includes(ws) && !preAttached.includes(ws));
        await attachChecked(c, news, added);
        await relate(c, false, olds.variableSetId, removed);
        return {
            outs: compact({
                ...news,
                site: olds.site ?? news.site,
                preAttached: preAttached.filter((ws) => news.workspaceIds.includes(ws)),
                organization: olds.organization,
            }),
        };
    },

    async delete(_id: string, props: any): Promise<void> {
        const c = clientFor(props);
        const preAttached: string[] = props.preAttached ?? [];
        try {
            await relate(c, false, props.variableSetId, (props.workspaceIds as string[]).filter((ws) => !preAttached.includes(ws)));
        } catch (err) {
            if (!hcp.isNotFound(err)) throw err;
            await confirmGone(c, where(props.variableSetId), [{ variableSetId: props.variableSetId }, { organization: props.organization }]);
        }
    },
};

export = variableSetWorkspacesProvider;
