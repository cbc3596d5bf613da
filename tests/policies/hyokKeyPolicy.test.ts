import { strict as assert } from "assert";
import { HYOK_KEY_USER_ACTIONS, PolicyInputError, hyokKeyPolicy } from "../../src/policies";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const MRK_US = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab";
const MRK_EU = "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab";
const ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

describe("policies/hyokKeyPolicy", () => {
    it("one key: the key-user actions on that key, Resource as a string", () => {
        assert.deepStrictEqual([...HYOK_KEY_USER_ACTIONS], ACTIONS);
        const doc = hyokKeyPolicy(KEY);
        assert.equal(
            JSON.stringify(doc),
            JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ACTIONS, Resource: KEY }] }),
        );
        assert.deepStrictEqual(hyokKeyPolicy([KEY]), doc);
    });

    it("a multi-Region key and its replica: Resource as an array, in order, duplicates dropped", () => {
        assert.deepStrictEqual(hyokKeyPolicy([MRK_US, MRK_EU, MRK_US]), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ACTIONS, Resource: [MRK_US, MRK_EU] }],
        });
    });

    const BAD: Array<[unknown, string, string]> = [
        [[], "kmsKeyArns", "kmsKeyArns []: give at least one KMS key ARN. Fix the KMS key list."],
        [
            "arn:aws:kms:us-east-1:123456789012:alias/hyok",
            "kmsKeyArn",
            'KMS key ARN "arn:aws:kms:us-east-1:123456789012:alias/hyok": an alias ARN does not grant use of the key in an IAM policy; give the key ARN (arn:<partition>:kms:<region>:<12-digit account id>:key/<key id>). Fix the ARN.',
        ],
        [[KEY, "*"], "kmsKeyArn", 'KMS key ARN "*": expected arn:<partition>:kms:<region>:<12-digit account id>:key/<key id>. Fix the ARN.'],
    ];
    for (const [input, field, message] of BAD) {
        it(`refuses ${JSON.stringify(input)}`, () => {
            assert.throws(
                () => hyokKeyPolicy(input as string[]),
                (err: unknown) => err instanceof PolicyInputError && err.field === field && err.message === message,
            );
        });
    }
});
