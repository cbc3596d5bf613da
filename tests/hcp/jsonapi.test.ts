import { strict as assert } from "node:assert";
import {
    camelToKebab,
    document,
    fromApiAttributes,
    kebabToCamel,
    many,
    relationshipDocument,
    relationshipId,
    relationshipIds,
    single,
    toApiAttributes,
} from "../../src/hcp";

describe("hcp/jsonapi", () => {
    it("converts kebab-case attribute names to camelCase and back", () => {
        for (const [kebab, camel] of [
            ["role-arn", "roleArn"], ["version-id", "versionId"], ["encoded-cacert", "encodedCacert"], ["encoded-ca-cert", "encodedCaCert"],
            ["service-account-email", "serviceAccountEmail"], ["key", "key"], ["project-number", "projectNumber"],
        ]) {
            assert.equal(kebabToCamel(kebab), camel);
            assert.equal(camelToKebab(camel), kebab);
        }
    });

    it("maps attribute objects (shallow), dropping undefined on the way out", () => {
        assert.deepEqual(fromApiAttributes({ "role-arn": "a", "var-count": 2, type: "AwsOidcConfiguration", nested: { "a-b": 1 } }), {
            roleArn: "a", varCount: 2, type: "AwsOidcConfiguration", nested: { "a-b": 1 },
        });
        assert.deepEqual(fromApiAttributes(undefined), {});
        assert.deepEqual(toApiAttributes({ roleArn: "a", authPath: undefined, encodedCacert: null, hcl: false }), {
            "role-arn": "a", "encoded-cacert": null, hcl: false,
        });
    });

    it("builds documents", () => {
        assert.deepEqual(document("vars", { key: "k", versionId: undefined }), { data: { type: "vars", attributes: { key: "k" } } });
        assert.deepEqual(document("vars", { description: "d" }, { id: "var-1" }), { data: { type: "vars", id: "var-1", attributes: { description: "d" } } });
        assert.deepEqual(relationshipDocument("workspaces", ["ws-1", "ws-2"]), {
            data: [{ type: "workspaces", id: "ws-1" }, { type: "workspaces", id: "ws-2" }],
        });
    });

    it("reads resource objects and relationships", () => {
        const res = {
            id: "varset-1", type: "varsets",
            relationships: {
                organization: { data: { id: "acme", type: "organizations" } },
                workspaces: { data: [{ id: "ws-1", type: "workspaces" }, { id: "ws-2", type: "workspaces" }] },
                projects: { data: [] },
                parent: { data: null },
            },
        };
        assert.equal(relationshipId(res, "organization"), "acme");
        assert.equal(relationshipId(res, "parent"), undefined);
        assert.equal(relationshipId(res, "missing"), undefined);
        assert.deepEqual(relationshipIds(res, "workspaces"), ["ws-1", "ws-2"]);
        assert.deepEqual(relationshipIds(res, "projects"), []);
        assert.deepEqual(relationshipIds(res, "organization"), ["acme"]);
        assert.equal(single({ data: res }, "GET /varsets/varset-1"), res);
        assert.throws(() => single({ data: [] }, "GET /x"), { message: 'Unexpected response for GET /x: no JSON:API resource object in "data"' });
        assert.deepEqual(many({ data: [res] }), [res]);
        assert.deepEqual(many(undefined), []);
    });
});
