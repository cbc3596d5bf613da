import { strict as assert } from "assert";
import { ec2MinimalActions, ec2MinimalPolicy, ec2ReadOnlyActions } from "../../src/policies";
import { VERIFIED_EC2_JSON } from "../support/fixtures/verifiedEc2Policy";

describe("policies/ec2MinimalPolicy", () => {
    it("is the verified policy verbatim: 24 actions in order, key order included", () => {
        const expected = JSON.parse(VERIFIED_EC2_JSON);
        const doc = ec2MinimalPolicy();
        assert.deepStrictEqual(doc, expected);
        assert.equal(JSON.stringify(doc), JSON.stringify(expected));
        assert.equal(ec2MinimalActions().length, 24);
        assert.deepStrictEqual(ec2MinimalActions(), expected.Statement[0].Action);
        assert.deepStrictEqual(ec2MinimalPolicy({ readOnly: false }), expected);
    });

    it("the read-only (plan role) variant keeps only the 20 Describe actions, in order", () => {
        const expected = JSON.parse(VERIFIED_EC2_JSON).Statement[0].Action.slice(0, 20);
        assert.deepStrictEqual(ec2ReadOnlyActions(), expected);
        assert.ok(expected.every((a: string) => a.startsWith("ec2:Describe")));
        assert.deepStrictEqual(ec2MinimalPolicy({ readOnly: true }), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: expected, Resource: "*" }],
        });
        for (const mutating of ["ec2:RunInstances", "ec2:TerminateInstances", "ec2:CreateTags", "ec2:DeleteTags"]) {
            assert.ok(!ec2ReadOnlyActions().includes(mutating));
        }
    });

    it("returns fresh arrays", () => {
        const a = ec2MinimalActions();
        a.length = 0;
        (ec2MinimalPolicy().Statement[0].Action as string[]).push("ec2:*");
        assert.equal(ec2MinimalActions().length, 24);
        assert.equal((ec2MinimalPolicy().Statement[0].Action as string[]).length, 24);
    });
});
