// The writes of a WorkspaceVariableGroup: from the variables it has (none on create) to the ones
// declared, in the declared order, then the removal of `removeKeys`, with as few requests as the
// API allows: the workspace's variables are listed at most once, and only when that list is needed
// (to refuse existing keys, to remove keys, or after a create found its key taken).
import * as hcp from "../hcp";
import { type GroupEntry, EDITABLE, entryOf, naturalKey } from "./groupEntries";
import { deleteUnlessGone } from "./lifecycle";
import { createOwnedVariable, variableGoneMessage, variableLister } from "./variableCreate";
import { type OwnedVariable, WORKSPACE_VARIABLES } from "./variableOwners";

export interface GroupInputs {
    workspaceId?: string;
    organization?: string;
    workspaceName?: string;
    variables: GroupEntry[];
    adoptExisting: boolean;
    /** env variables deleted when present (static credentials that dynamic credentials replace). */
    removeKeys?: string[];
    hostname?: string;
    allowInsecureHttp?: boolean;
    site?: string;
}

export interface GroupResult {
    /** The variables as they are now, declared ones first, in order. */
    variables: GroupEntry[];
    /** Keys of `removeKeys` deleted by this call (or already absent). */
    removedKeys?: string[];
    /** Set when a step failed: the steps before it are in `variables`. */
    error?: Error;
    /** What was done, for the error message: "variables already written …" or "changes already made …". */
    progress: string;
    progressed: boolean;
}

const SENSITIVE_FIX = "Declare it as a WorkspaceVariable resource with sensitive: true (and remove it from the group)";

/** The variable a failed create made and reported (ObjectLeftBehindError of createOwnedVariable), if any. */
function madeBy(err: unknown): GroupEntry | undefined {
    const e = err as { name?: string; id?: string; properties?: GroupEntry };
    return e && e.name === "ObjectLeftBehindError" && e.id && e.properties ? e.properties : undefined;
}

/**
 * Brings the workspace from `before` (the group's variables now) to `inputs`. Never throws for a
 * failed step: see GroupResult.error. `organization` (recorded) tells "gone" from "not visible".
 */
export async function applyGroup(
    c: hcp.HcpClient,
    workspaceId: string,
    before: GroupEntry[],
    inputs: GroupInputs,
    organization: string | undefined,
): Promise<GroupResult> {
    const parents = [{ workspaceId }, { organization: organization ?? "" }];
    const creating = before.length === 0;
    const wanted = inputs.variables;
    const wantedKeys = new Set(wanted.map(naturalKey));
    const now = new Map<string, GroupEntry>(before.map((v) => [naturalKey(v), v]));
    const order = [...wanted.map(naturalKey), ...before.map(naturalKey).filter((k) => !wantedKeys.has(k))];
    const current = (): GroupEntry[] => order.filter((k) => now.has(k)).map((k) => now.get(k)!);
    const done: string[] = [];
    const written: string[] = [];
    const removeKeys = inputs.removeKeys ?? [];
    const lister = variableLister(WORKSPACE_VARIABLES, c, workspaceId);
    let removedKeys: string[] | undefined;
    const listNow = async (): Promise<readonly OwnedVariable[]> => {
        try {
            return await lister.list(false);
        } catch (err) {
            // A 404 leaves it empty: the first write then reports the workspace.
            if (hcp.isNotFound(err)) return [];
            throw err;
        }
    };
    try {
        // Listed first only when the list is needed anyway: to remove keys, or to refuse existing
        // keys before any POST (not adopting). Adopting, a POST goes first, and a key found taken
        // lists once for all the creates after it.
        const needsCreate = wanted.some((e) => !now.has(naturalKey(e)) || now.get(naturalKey(e))!.sensitive);
        if (removeKeys.length > 0 || (needsCreate && !inputs.adoptExisting)) {
            await listNow();
        }
        for (const entry of wanted) {
            const k = naturalKey(entry);
            let old = now.get(k);
            if (old && old.sensitive) {
                // Made sensitive outside Pulumi: HCP Terraform cannot make it plain again, so it is re-created.
                const goneId = old.id!;
                await deleteUnlessGone(c, `variable "${entry.key}" (${goneId})`, parents, () => hcp.deleteVariable(c, workspaceId, goneId));
                lister.forget(goneId);
                now.delete(k);
                done.push(`deleted ${entry.key} (made sensitive outside Pulumi)`);
                old = undefined;
            }
            if (old) {
                const patch: Record<string, unknown> = {};
                for (const f of EDITABLE) {
                    if (old[f] !== entry[f]) patch[f] = entry[f];
                }
                if (Object.keys(patch).length === 0) continue;
                let v: hcp.Variable;
                try {
                    v = await hcp.updateVariable(c, workspaceId, old.id!, patch);
                } catch (err) {
                    if (hcp.isNotFound(err)) {
                        throw new Error(variableGoneMessage(WORKSPACE_VARIABLES, { ...entry, workspaceId }, old.id!));
                    }
                    throw err;
                }
                now.set(k, entryOf(v));
                done.push(`updated ${entry.key}`);
                continue;
            }
            try {
                const made = await createOwnedVariable(
                    WORKSPACE_VARIABLES,
                    c,
                    { workspaceId, key: entry.key, value: entry.value, category: entry.category, hcl: entry.hcl, sensitive: false, description: entry.description, adoptExisting: inputs.adoptExisting },
                    // Adopting: a sensitive variable with the key is made again, plain, as the group declares it.
                    { lister, sensitiveFix: SENSITIVE_FIX, recreateSensitive: true, leftBehind: (v) => ({ ...entryOf(v) }) },
                );
                now.set(k, entryOf(made));
            } catch (err) {
                const made = madeBy(err);
                if (made) {
                    now.set(k, made);
                    written.push(entry.key);
                    done.push(`created ${entry.key}`);
                }
                throw err;
            }
            written.push(entry.key);
            done.push(`created ${entry.key}`);
        }
        // Removed last, in the reverse of the declared order.
        for (const old of [...before].reverse()) {
            if (!wantedKeys.has(naturalKey(old))) {
                await deleteUnlessGone(c, `variable "${old.key}" (${old.id})`, parents, () => hcp.deleteVariable(c, workspaceId, old.id!));
                now.delete(naturalKey(old));
                done.push(`deleted ${old.key}`);
            }
        }
        if (removeKeys.length > 0) {
            removedKeys = await removeListed(c, workspaceId, removeKeys, await listNow(), done);
        }
    } catch (err) {
        const progress = creating
            ? `variables already written and kept in the stack: ${written.join(", ")}`
            : `changes already made and kept in the stack: ${done.join(", ")}`;
        return { variables: current(), removedKeys, error: err as Error, progress, progressed: creating ? written.length > 0 : done.length > 0 };
    }
    return { variables: current(), removedKeys, progress: "", progressed: done.length > 0 };
}

/** Deletes the env variables of `keys` that `listed` shows; answers the keys removed. */
async function removeListed(c: hcp.HcpClient, workspaceId: string, keys: string[], listed: readonly OwnedVariable[], done: string[]): Promise<string[]> {
    const removed: string[] = [];
    for (const key of keys) {
        for (const v of listed.filter((x) => x.key === key && x.category === "env")) {
            try {
                await hcp.deleteVariable(c, workspaceId, v.id);
            } catch (err) {
                if (!hcp.isNotFound(err)) {
                    throw new Error(`removing variable "${v.key}" (${v.id}) of workspace ${workspaceId} failed: ${(err as Error).message}`);
                }
            }
            done.push(`removed ${key}`);
        }
        removed.push(key);
    }
    return removed;
}

/** Deletes the group's variables, in the reverse of the declared order. */
export async function removeGroup(c: hcp.HcpClient, workspaceId: string, variables: GroupEntry[], organization: string | undefined): Promise<void> {
    for (const v of [...variables].reverse()) {
        await deleteUnlessGone(c, `variable "${v.key}" (${v.id}) of workspace ${workspaceId}`, [{ workspaceId }, { organization: organization ?? "" }], () =>
            hcp.deleteVariable(c, workspaceId, v.id!),
        );
    }
}
