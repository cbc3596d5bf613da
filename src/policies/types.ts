/**
 * Typed IAM policy documents. Builders in this folder return these plain objects; turn them into
 * JSON with `JSON.stringify` (see `toPolicyJson`), never by hand.
 */

/** The only policy language version this package emits (policy variables need it). */
export type PolicyVersion = "2012-10-17";

/** One condition operator's map: condition key -> one value or several (several = OR). */
export type ConditionKeyMap = { [conditionKey: string]: string | string[] };

/** `Condition` block: operator (`StringEquals`, `StringLike`, …) -> key map. Operators are ANDed. */
export type ConditionMap = {
    StringEquals?: ConditionKeyMap;
    StringLike?: ConditionKeyMap;
    StringNotEquals?: ConditionKeyMap;
    StringNotLike?: ConditionKeyMap;
    [operator: string]: ConditionKeyMap | undefined;
};

export interface PolicyPrincipal {
    Federated?: string | string[];
    AWS?: string | string[];
    Service?: string | string[];
}

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | PolicyPrincipal;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: ConditionMap;
}

export interface PolicyDocument {
    Version: PolicyVersion;
    Statement: PolicyStatement[];
}

/** `JSON.stringify` of a policy document (key order is the builders' insertion order). */
export function toPolicyJson(doc: PolicyDocument, indent?: number): string {
    return JSON.stringify(doc, null, indent);
}
