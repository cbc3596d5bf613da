// What src/resources throws out of a provider survives Pulumi's closure serializer copying it BY
// VALUE (the way every provider of this repository reaches the host in these tests): serialized as
// `new dynamic.Resource` does, loaded as cmd/dynamic-provider does (require-from-string).
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ObjectLeftBehindError } from "../../src/resources/lifecycle";
import { type Schema, checkWith } from "../../src/resources/schema";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const requireFromString: (code: string) => any = require(require.resolve("require-from-string", { paths: [pulumiDir] }));

async function byValue<T>(value: T): Promise<T> {
    const sf = await pulumi.runtime.serializeFunction(() => value, { allowSecrets: true });
    return requireFromString(sf.text).handler();
}

describe("resources/lifecycle serialized by value", () => {
    it("ObjectLeftBehindError carries what the host reads: message, id, properties, reasons", async function () {
        this.timeout(60_000);
        const make = await byValue(() => new ObjectLeftBehindError("workspace \"half\" was created (ws-1) but reading its project failed: boom", "ws-1", { created: true }));
        const err: any = make();
        const message = 'workspace "half" was created (ws-1) but reading its project failed: boom';
        assert.equal(err.message, message);
        assert.equal(err.name, "ObjectLeftBehindError");
        assert.equal(err.id, "ws-1");
        assert.deepEqual(err.properties, { created: true });
        assert.deepEqual(err.reasons, [message]);
        assert.equal(err instanceof Error, true);
        assert.ok(String(err.stack).includes(message));
    });

    it("a schema's check works from a copy: defaults, kinds, validators, unknown names, the site", async function () {
        this.timeout(60_000);
        const schema: Schema = {
            type: "Sample",
            fields: { name: { kind: "string", required: true, validate: (v) => (v === "bad" ? "give a good name" : undefined) }, flag: { kind: "boolean", defaultValue: false } },
            deleteBeforeReplace: false,
        };
        const run = await byValue((inputs: Record<string, unknown>) => checkWith(schema, inputs));
        assert.deepEqual(run({ name: "ok", hostname: "APP.terraform.io." }), {
            inputs: { flag: false, name: "ok", hostname: "APP.terraform.io.", site: "https://app.terraform.io" },
            failures: [],
        });
        assert.deepEqual(run({ name: "bad", flag: "yes", extra: 1, hostname: "tfe.example.com/app" }).failures, [
            { property: "extra", reason: "extra is not an input of Sample: give only hostname, allowInsecureHttp, name, flag." },
            { property: "name", reason: 'name "bad" is not valid: give a good name.' },
            { property: "flag", reason: 'flag must be true or false, not "yes".' },
            {
                property: "hostname",
                reason:
                    'Invalid HCP Terraform hostname "tfe.example.com/app" from the hostname setting: a hostname has no path (got "/app"): ' +
                    'HCP Terraform and Terraform Enterprise serve their API at the root of the site; give "tfe.example.com".',
            },
        ]);
    });
});
