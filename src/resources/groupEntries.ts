// The variables of a WorkspaceVariableGroup: their shape, their validation, and how two lists of
// them compare. Pure: the provider (providers/workspaceVariableGroup.ts) does the I/O.
import type * as hcp from "../hcp";
import { KEY_PATTERN } from "./commonFields";
import { compact, isUnknown } from "./schema";
import type { OwnedVariable } from "./variableOwners";

/** One variable of the group, as declared (after check) or, with `id`, as HCP Terraform has it. */
export interface GroupEntry {
    key: string;
    value: string;
    category: hcp.VariableCategory;
    hcl: boolean;
    description: string;
    id?: string;
    /** Only in outputs, only when true: made sensitive outside Pulumi (the next update re-creates it). */
    sensitive?: boolean;
}

const CATEGORIES = ["env", "terraform"] as const;
/** The fields a group variable may have. */
const FIELDS = ["key", "value", "category", "hcl", "description"];
/** The fields compared and sent (key and category identify a variable). */
export const EDITABLE = ["value", "hcl", "description"] as const;
const ENTRY_SHAPE = "{ key, category, value?, hcl?, description? }";
/** The one message for an absent or empty `variables` (the schema's `required` and variablesFailures say it alike). */
export const VARIABLES_REQUIRED = `variables is required: give a non-empty list of ${ENTRY_SHAPE}.`;

export function isEntry(value: unknown): value is Record<string, any> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** key + category: what identifies a variable of a workspace. */
export function naturalKey(v: { key: string; category: string }): string {
    return `${v.category}\u0000${v.key}`;
}

/** An entry with the defaults applied (value "", hcl false, description ""); other fields are kept for the check to report. */
export function withDefaults(entry: unknown): unknown {
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

export function entryOf(v: OwnedVariable): GroupEntry {
    const entry: GroupEntry = { key: v.key, value: v.value ?? "", category: v.category, hcl: v.hcl, description: v.description ?? "", id: v.id };
    if (v.sensitive) {
        entry.sensitive = true;
    }
    return entry;
}

/** The same variables, in the same order, with the same values (ids aside). */
export function sameVariables(olds: unknown, news: unknown): boolean {
    if (!Array.isArray(olds) || !Array.isArray(news) || olds.length !== news.length) {
        return false;
    }
    const shape = (e: any) => (isEntry(e) ? JSON.stringify([e.key, e.category, e.value, e.hcl, e.description, e.sensitive === true]) : JSON.stringify(e));
    return olds.every((o, i) => shape(o) === shape(news[i]));
}

/** The check() failures of a `variables` list (none for an unknown list or unknown entries). */
export function variablesFailures(list: unknown): string[] {
    const failures: string[] = [];
    const fail = (reason: string) => failures.push(reason);
    if (isUnknown(list)) {
        return failures;
    }
    if (!Array.isArray(list) || list.length === 0) {
        fail(VARIABLES_REQUIRED);
        return failures;
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
    return failures;
}

/** The check() failures of `removeKeys` against the declared variables. */
export function removeKeysFailures(keys: unknown, variables: unknown): string[] {
    // Not a list: the schema's kind check says so (one message, not two).
    if (keys === undefined || isUnknown(keys) || !Array.isArray(keys)) {
        return [];
    }
    if (keys.some((k) => !isUnknown(k) && (typeof k !== "string" || !KEY_PATTERN.test(k)))) {
        return ["removeKeys must be a list of variable keys (strings without white space)."];
    }
    const declared = Array.isArray(variables) ? variables.filter(isEntry).filter((e) => e.category === "env").map((e) => e.key) : [];
    const both = keys.filter((k) => declared.includes(k));
    return both.length > 0
        ? [`removeKeys lists ${JSON.stringify(both)}, which the group also declares: a key is either written or removed. Remove it from one of them.`]
        : [];
}
