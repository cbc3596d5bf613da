// What src/resources throws out of a provider survives Pulumi's closure serializer copying it BY
// VALUE (the way every provider of this repository reaches the host in these tests): serialized as
// `new dynamic.Resource` does, loaded as cmd/dynamic-provider does (require-from-string).
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { InputChecker, ObjectLeftBehindError } from "../../src/resources/lifecycle";

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

    it("InputChecker starts empty and collects failures", async function () {
        this.timeout(60_000);
        const run = await byValue((inputs: Record<string, unknown>) => {
            const checker = new InputChecker(inputs);
            checker.requireString("name");
            checker.hostname();
            return checker.failures;
        });
        assert.deepEqual(run({ name: "ok" }), []);
        assert.deepEqual(run({ hostname: "not a host/x" }), [
            { property: "name", reason: "name is required: give a non-empty string." },
            { property: "hostname", reason: 'hostname "not a host/x" is not valid: give a host name such as "app.terraform.io" or "tfe.example.com".' },
        ]);
    });
});
