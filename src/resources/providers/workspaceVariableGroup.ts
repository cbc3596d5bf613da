// Several non-sensitive variables of one workspace as ONE resource: one engine step, one variable
// list per refresh. Each variable is created exactly as one WorkspaceVariable would be
// (createOwnedVariable: natural key, adoptExisting, lost-POST recovery), in the declared order.
// The resource id is the workspace id; every output variable carries its own id.
//
// A create or update that fails midway reports what it did (ObjectLeftBehindError, with the real
// current state) so that the engine records the progress, and the next `pulumi up` finishes.
// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../../hcp";
import {
    ID_PATTERNS,
    InputChecker,
    KEY_PATTERN,
    NAME_FIX,
    NAME_PATTERN,
    ObjectLeftBehindError,
    changedFields,
    clientFor,
    compact,
    deleteUnlessGone,
    diffResult,
    isUnknown,
    readUnlessGone,
    recordsProviderOnPartialFailure,
} from "../lifecycle";
import { WORKSPACE_VARIABLES } from "../variableOwners";
import { type OwnedVariable, createOwnedVariable, variableGoneMessage } from "../variableProvider";

/** One variable of the group, as declared (after check) or, with `id`, as HCP Terraform has it. */
interface GroupEntry {
    key: string;
    value: string;
    category: hcp.VariableCategory;
    hcl: boolean;
    description: string;
    id?: string;
    /** Only in outputs, only when true: made sensitive outside Pulumi (the next update re-creates it). */
    sensitive?: boolean;
}

interface GroupInputs {
    workspaceId?: string;
    organization?: string;
    workspaceName?: string;
    variables: GroupEntry[];
    adoptExisting: boolean;
    hostname?: string;
}

const CATEGORIES = ["env", "terraform"] as const;
/** The fields a group variable may have. */
const FIELDS = ["key", "value", "category", "hcl", "description"];
/** The fields compared and sent (key and category identify a variable). */
const EDITABLE = ["value", "hcl", "description"] as const;
const ENTRY_SHAPE = "{ key, category, value?, hcl?, description? }";
const SENSITIVE_FIX = "Declare it as a WorkspaceVariable resource with sensitive: true (and remove it from the group)";

function given(value: unknown): boolean {
    return value !== undefined && value !== null && value !== "";
}

function isEntry(value: unknown): value is Record<string, any> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** key + category: what identifies a variable of a workspace. */
function naturalKey(v: { key: string; category: string }): string {
    return `${v.category}\u0000${v.key}`;
}

/** An entry with the defaults applied (value "", hcl false, description ""); other fields are kept for check() to report. */
function withDefaults(entry: unknown): unknown {
    if (!isEntry(entry)) {
        return entry;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(entry)) {
        if (v !== undefined && v !== null) {
            out[k] = v;
        }
    }
    return compact({ key: out.key, value: "", category: out.category, hcl: false, description: "", ...out });
}

function entryOf(v: OwnedVariable): GroupEntry {
    const entry: GroupEntry = { key: v.key, value: v.value ?? "", category: v.category, hcl: v.hcl, description: v.description ?? "", id: v.id };
    if (v.sensitive) {
        entry.sensitive = true;
    }
    return entry;
}

/** The same variables, in the same order, with the same values (ids aside). */
function sameVariables(olds: unknown, news: unknown): boolean {
    if (!Array.isArray(olds) || !Array.isArray(news) || olds.length !== news.length) {
        return false;
    }
    const shape = (e: any) => (isEntry(e) ? JSON.stringify([e.key, e.category, e.value, e.hcl, e.description, e.sensitive === true]) : JSON.stringify(e));
    return olds.every((o, i) => shape(o) === shape(news[i]));
}

function outputsOf(inputs: GroupInputs, workspaceId: string, variables: GroupEntry[]): Record<string, unknown> {
    return compact({
        workspaceId,
        organization: inputs.organization,
        workspaceName: inputs.workspaceName,
        variables,
        adoptExisting: inputs.adoptExisting,
        hostname: inputs.hostname,
    });
}

/** The progress of a failed create/update, for the engine to record (the resource id is the workspace id). */
function leftBehind(message: string, inputs: GroupInputs, workspaceId: string, variables: GroupEntry[]): Error {
    return new ObjectLeftBehindError(message, workspaceId, outputsOf(inputs, workspaceId, variables));
}

/** The workspace named by organization and workspaceName. */
async function lookUpWorkspace(c: hcp.HcpClient, inputs: GroupInputs): Promise<string> {
    try {
        return (await hcp.readWorkspaceByName(c, inputs.organization!, inputs.workspaceName!)).id;
    } catch (err) {
        if (hcp.isNotFound(err)) {
            throw new Error(
                `workspace "${inputs.workspaceName}" was not found in organization "${inputs.organization}", or the token is not allowed to see it ` +
                    `(HCP Terraform answers 404 for both). Check the names and the token's access.`,
            );
        }
        throw err;
    }
}

/**
 * The workspace's variables before the first POST: the look-up every create does when not
 * adopting, once for the whole group. A 404 leaves it empty: the POST then reports the workspace.
 */
async function listBeforeCreating(c: hcp.HcpClient, workspaceId: string): Promise<OwnedVariable[]> {
    return (await readUnlessGone(() => hcp.listVariables(c, workspaceId))) ?? [];
}

/** Creates one variable of the group as a WorkspaceVariable create would. */
function createOne(c: hcp.HcpClient, workspaceId: string, entry: GroupEntry, adoptExisting: boolean, listed: OwnedVariable[] | undefined) {
    const inputs = {
        workspaceId,
        key: entry.key,
        value: entry.value,
        category: entry.category,
        hcl: entry.hcl,
        sensitive: false,
        description: entry.description,
        adoptExisting,
    };
    // Adopting: a sensitive variable with the key is made again, plain, as the group declares it.
    return createOwnedVariable(WORKSPACE_VARIABLES, c, inputs, {
        listed,
        sensitiveFix: SENSITIVE_FIX,
        recreateSensitive: true,
        leftBehind: (made) => ({ ...entryOf(made) }),
    });
}

/** The variable a failed create made and reported (ObjectLeftBehindError of createOwnedVariable), if any. */
function madeBy(err: unknown): GroupEntry | undefined {
    const e = err as { name?: string; id?: string; properties?: GroupEntry };
    return e && e.name === "ObjectLeftBehindError" && e.id && e.properties ? e.properties : undefined;
}

function checkWorkspace(checker: InputChecker, inputs: Record<string, any>): void {
    const byId = given(inputs.workspaceId);
    const byName = given(inputs.organization) || given(inputs.workspaceName);
    if (byId && byName) {
        checker.fail(
            "workspaceId",
            "workspaceId and organization/workspaceName both name the workspace: give workspaceId, or organization and workspaceName, not both.",
        );
    } else if (!byId && !byName) {
        checker.fail("workspaceId", 'workspaceId is required: give workspaceId (e.g. "ws-123456789abcdefg"), or organization and workspaceName.');
    } else if (byName && !given(inputs.organization)) {
        checker.fail("organization", "organization is required with workspaceName: give both, or workspaceId instead.");
    } else if (byName && !given(inputs.workspaceName)) {
        checker.fail("workspaceName", "workspaceName is required with organization: give both, or workspaceId instead.");
    }
    if (byId) {
        checker.optionalString("workspaceId", ID_PATTERNS.workspace, 'give the workspace id, e.g. "ws-123456789abcdefg"');
    }
    if (given(inputs.organization)) {
        checker.optionalString("organization", NAME_PATTERN, NAME_FIX);
    }
    if (given(inputs.workspaceName)) {
        checker.optionalString("workspaceName", NAME_PATTERN, NAME_FIX);
    }
}

function checkVariables(checker: InputChecker, list: unknown): void {
    const fail = (reason: string) => checker.fail("variables", reason);
    if (isUnknown(list)) {
        return;
    }
    if (!Array.isArray(list) || list.length === 0) {
        fail(`variables is required: give a non-empty list of ${ENTRY_SHAPE}.`);
        return;
    }
    const seen = new Map<string, number>();
    list.forEach((entry: unknown, i: number) => {
        const at = `variables[${i}]`;
        if (isUnknown(entry)) {
            return;
        }
        if (!isEntry(entry)) {
            fail(`${at} must be an object ${ENTRY_SHAPE}, not ${JSON.stringify(entry)}.`);
            return;
        }
        if ("sensitive" in entry) {
            fail(`${at}.sensitive: the variables of a group are not sensitive; declare a sensitive value as a WorkspaceVariable resource.`);
        }
        for (const field of Object.keys(entry).sort()) {
            if (field !== "sensitive" && !FIELDS.includes(field)) {
                fail(`${at}.${field} is not a field of a group variable: give only key, category, value, hcl and description.`);
            }
        }
        const { key, category, value, hcl, description } = entry;
        const keyOk = typeof key === "string" && KEY_PATTERN.test(key);
        if (!isUnknown(key) && !keyOk) {
            fail(
                typeof key !== "string" || key === ""
                    ? `${at}.key is required: give a non-empty string.`
                    : `${at}.key ${JSON.stringify(key)} is not valid: variable keys cannot contain white space.`,
            );
        }
        const categoryOk = (CATEGORIES as readonly unknown[]).includes(category);
        if (!isUnknown(category) && !categoryOk) {
            fail(
                category === undefined
                    ? `${at}.category is required: give "env" or "terraform".`
                    : `${at}.category must be one of "env", "terraform", not ${JSON.stringify(category)}.`,
            );
        }
        for (const [field, v] of [["value", value], ["description", description]] as const) {
            if (!isUnknown(v) && typeof v !== "string") {
                fail(`${at}.${field} must be a string.`);
            }
        }
        if (!isUnknown(hcl) && typeof hcl !== "boolean") {
            fail(`${at}.hcl must be true or false, not ${JSON.stringify(hcl)}.`);
        }
        if (hcl === true && category === "env") {
            fail(`${at}.hcl applies only to terraform variables: set category: "terraform" or drop hcl for an env variable.`);
        }
        if (keyOk && categoryOk) {
            const first = seen.get(naturalKey({ key, category }));
            if (first === undefined) {
                seen.set(naturalKey({ key, category }), i);
            } else {
                fail(`variables[${first}] and ${at} are both the ${category} variable "${key}": a key appears once per category in a group. Remove one of them.`);
            }
        }
    });
}

const workspaceVariableGroupProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        const inputs: Record<string, any> = { adoptExisting: false, ...compact(news) };
        if (Array.isArray(inputs.variables)) {
            inputs.variables = inputs.variables.map(withDefaults);
        }
        const checker = new InputChecker(inputs);
        checkWorkspace(checker, inputs);
        checkVariables(checker, inputs.variables);
        checker.optionalBoolean("adoptExisting");
        checker.hostname();
        return { inputs, failures: checker.failures };
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        // Named by id: the id is the identity (a group that looked its workspace up by name and is
        // now given the same id stays, its name fields just leave the state). Named by name: the
        // id is an output only, so the names are the identity.
        const changes: string[] = [];
        const inPlace: string[] = [];
        if (news.workspaceId !== undefined) {
            if (news.workspaceId !== olds.workspaceId) {
                changes.push("workspaceId");
            }
            inPlace.push(...changedFields(olds, news, ["organization", "workspaceName"]));
        } else {
            changes.push(...changedFields(olds, news, ["organization", "workspaceName"]));
        }
        changes.push(...changedFields(olds, news, ["hostname"]));
        // Another workspace or site: the old variables go first (deleteBeforeReplace).
        const replaces = [...changes];
        changes.push(...inPlace);
        if (!sameVariables(olds.variables, news.variables)) {
            changes.push("variables");
        }
        changes.push(...changedFields(olds, news, ["adoptExisting"]));
        return diffResult(changes, replaces, true);
    },

    async create(inputs: GroupInputs): Promise<pulumi.dynamic.CreateResult> {
        const c = clientFor(inputs.hostname);
        const workspaceId = inputs.workspaceId || (await lookUpWorkspace(c, inputs));
        const listed = inputs.adoptExisting ? undefined : await listBeforeCreating(c, workspaceId);
        const written: GroupEntry[] = [];
        for (const entry of inputs.variables) {
            try {
                written.push(entryOf(await createOne(c, workspaceId, entry, inputs.adoptExisting, listed)));
            } catch (err) {
                const made = madeBy(err);
                if (made) {
                    written.push(made);
                }
                if (written.length === 0) {
                    throw err;
                }
                throw leftBehind(
                    `${(err as Error).message}; variables already written and kept in the stack: ${written.map((v) => v.key).join(", ")}. ` +
                        "Run `pulumi up` again to finish.",
                    inputs,
                    workspaceId,
                    written,
                );
            }
        }
        return { id: workspaceId, outs: outputsOf(inputs, workspaceId, written) };
    },

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        const c = clientFor(props.hostname);
        const workspaceId: string = props.workspaceId || id;
        const all = await readUnlessGone(() => hcp.listVariables(c, workspaceId));
        if (all === undefined) {
            return { id: "" };
        }
        const variables: GroupEntry[] = [];
        for (const s of Array.isArray(props.variables) ? props.variables : []) {
            const v = all.find((x) => x.id === s.id);
            // A variable deleted in HCP Terraform is dropped: the next `pulumi up` creates it again.
            if (v) {
                variables.push(entryOf(v));
            }
        }
        if (variables.length === 0) {
            return { id: "" };
        }
        const outs = outputsOf(props, workspaceId, variables);
        const byName = given(props.organization) && given(props.workspaceName);
        const inputs = compact({
            workspaceId: byName ? undefined : workspaceId,
            organization: props.organization,
            workspaceName: props.workspaceName,
            variables: variables.map((v) => ({ key: v.key, value: v.value, category: v.category, hcl: v.hcl, description: v.description })),
            adoptExisting: props.adoptExisting,
            hostname: props.hostname,
        });
        return { id, props: outs, inputs };
    },

    async update(id: string, olds: any, news: GroupInputs): Promise<pulumi.dynamic.UpdateResult> {
        const c = clientFor(news.hostname);
        const workspaceId: string = olds.workspaceId || id;
        const before: GroupEntry[] = Array.isArray(olds.variables) ? olds.variables : [];
        const wanted = news.variables;
        const wantedKeys = new Set(wanted.map(naturalKey));
        // What exists now, by key + category: the old variables, then each step's result.
        const now = new Map<string, GroupEntry>(before.map((v) => [naturalKey(v), v]));
        const order = [...wanted.map(naturalKey), ...before.map(naturalKey).filter((k) => !wantedKeys.has(k))];
        const current = (): GroupEntry[] => order.filter((k) => now.has(k)).map((k) => now.get(k)!);
        const done: string[] = [];
        let listed: OwnedVariable[] | undefined;
        try {
            for (const entry of wanted) {
                const k = naturalKey(entry);
                let old = now.get(k);
                if (old && old.sensitive) {
                    // Made sensitive outside Pulumi: HCP Terraform cannot make it plain again, so it is re-created.
                    const goneId = old.id!;
                    await deleteUnlessGone(() => hcp.deleteVariable(c, workspaceId, goneId));
                    now.delete(k);
                    listed = listed && listed.filter((v) => v.id !== goneId);
                    done.push(`deleted ${entry.key} (made sensitive outside Pulumi)`);
                    old = undefined;
                }
                if (old) {
                    const patch: Record<string, unknown> = {};
                    for (const f of EDITABLE) {
                        if (old[f] !== entry[f]) {
                            patch[f] = entry[f];
                        }
                    }
                    if (Object.keys(patch).length === 0) {
                        continue;
                    }
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
                } else {
                    if (listed === undefined && !news.adoptExisting) {
                        listed = await listBeforeCreating(c, workspaceId);
                    }
                    try {
                        now.set(k, entryOf(await createOne(c, workspaceId, entry, news.adoptExisting, listed)));
                    } catch (err) {
                        const made = madeBy(err);
                        if (made) {
                            now.set(k, made);
                            done.push(`created ${entry.key}`);
                        }
                        throw err;
                    }
                    done.push(`created ${entry.key}`);
                }
            }
            // Removed last, in the reverse of the declared order.
            for (const old of [...before].reverse()) {
                if (!wantedKeys.has(naturalKey(old))) {
                    await deleteUnlessGone(() => hcp.deleteVariable(c, workspaceId, old.id!));
                    now.delete(naturalKey(old));
                    done.push(`deleted ${old.key}`);
                }
            }
        } catch (err) {
            if (done.length === 0) {
                throw err;
            }
            throw leftBehind(
                `${(err as Error).message}; changes already made and kept in the stack: ${done.join(", ")}. Run \`pulumi up\` again to finish.`,
                news,
                workspaceId,
                current(),
            );
        }
        return { outs: outputsOf(news, workspaceId, current()) };
    },

    async delete(id: string, props: any): Promise<void> {
        const c = clientFor(props.hostname);
        const workspaceId: string = props.workspaceId || id;
        const variables: GroupEntry[] = Array.isArray(props.variables) ? props.variables : [];
        for (const v of [...variables].reverse()) {
            await deleteUnlessGone(() => hcp.deleteVariable(c, workspaceId, v.id!));
        }
    },
};

export = recordsProviderOnPartialFailure(workspaceVariableGroupProvider);
