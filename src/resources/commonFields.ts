// Field declarations several resources share, built on the one name grammar (src/policies/names.ts).
import { validateOrganizationName, validateProjectName, validateWorkspaceName } from "../policies/names";
import { type Field, nameRule } from "./schema";

/** Shapes of the ids the HCP API hands out. */
export const ID_PATTERNS = {
    workspace: /^ws-[A-Za-z0-9]+$/,
    project: /^prj-[A-Za-z0-9]+$/,
    variableSet: /^varset-[A-Za-z0-9]+$/,
} as const;

/** Variable keys: anything without white space (env names and Terraform variable names). */
export const KEY_PATTERN = /^\S+$/;

/** What every resource says when its object or its owner answered 404. */
export const NOT_FOUND_OR_HIDDEN = "not found, or the token is not allowed to see it (HCP Terraform answers 404 for both)";

/** A field validator for an id shape: `give <example>` when it does not match. */
export function idRule(pattern: RegExp, fix: string): (value: string) => string | undefined {
    return (value) => (pattern.test(value) ? undefined : fix);
}

/** Organization names compare without regard to case on the server. */
export function sameName(a: unknown, b: unknown): boolean {
    if (typeof a === "string" && typeof b === "string") {
        return a.toLowerCase() === b.toLowerCase();
    }
    return (a ?? null) === (b ?? null);
}

/** A required organization name; another organization is another object. */
export const ORGANIZATION: Field = {
    kind: "string",
    required: true,
    change: "replace",
    same: sameName,
    validate: nameRule(validateOrganizationName),
};

/** A workspace name (letters, digits, "-", "_"). */
export const WORKSPACE_NAME_RULE = nameRule(validateWorkspaceName);

/** A project name (3 to 40 characters; letters, digits, inner spaces, "-", "_"). */
export const PROJECT_NAME_RULE = nameRule(validateProjectName);

export const WORKSPACE_ID_RULE = idRule(ID_PATTERNS.workspace, 'give the workspace id, e.g. "ws-123456789abcdefg"');
export const PROJECT_ID_RULE = idRule(ID_PATTERNS.project, 'give a project id such as "prj-123456789abcdefg"');
export const VARIABLE_SET_ID_RULE = idRule(ID_PATTERNS.variableSet, 'give the variable set id, e.g. "varset-123456789abcdefg"');

/** The message of an organization whose casing is not the one HCP Terraform stores. */
export function organizationCasingMessage(declared: string, stored: string): string {
    return (
        `organization "${declared}" is stored as "${stored}" in HCP Terraform. Run tokens carry "${stored}", and trust conditions ` +
        `compare names case-sensitively (IAM StringLike, Entra subjects, Vault bound claims), so no run token would match. ` +
        `Fix: organization: "${stored}".`
    );
}
