/**
 * Permissions that make a HYOK role a key user of a KMS key-encryption key (and of every replica
 * of a multi-Region key): the console's key-user grant.
 */
import { PolicyInputError, validateKmsKeyArn } from "./names";
import type { PolicyDocument } from "./types";

export const HYOK_KEY_USER_ACTIONS: readonly string[] = Object.freeze([
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:DescribeKey",
]);

/**
 * `Allow` the key-user actions on the key ARN(s). One ARN gives `Resource` as a string, several as
 * an array (duplicates dropped, order kept). Aliases are refused: give key ARNs.
 */
export function hyokKeyPolicy(kmsKeyArns: string | readonly string[]): PolicyDocument {
    const list: readonly unknown[] = typeof kmsKeyArns === "string" ? [kmsKeyArns] : Array.isArray(kmsKeyArns) ? kmsKeyArns : [kmsKeyArns];
    if (list.length === 0) {
        throw new PolicyInputError("kmsKeyArns", kmsKeyArns, "kmsKeyArns []: give at least one KMS key ARN. Fix the KMS key list.");
    }
    const arns = [...new Set(list.map((arn) => validateKmsKeyArn(arn)))];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: [...HYOK_KEY_USER_ACTIONS],
                Resource: arns.length === 1 ? arns[0] : arns,
            },
        ],
    };
}
