// registrationChanges: what differs between two captures for the resources the model does not run.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { registrationChanges } from "./engine";
import { capture } from "./fixtures/sampleEngine";
import { SampleItem } from "./fixtures/sampleProvider";

class Thing extends pulumi.CustomResource {
    constructor(name: string, size: number, opts: pulumi.CustomResourceOptions = {}) {
        super("sample:index:Thing", name, { size }, opts);
    }
}

describe("support: registrationChanges between two captures", () => {
    it("names each AWS-like registration that is gone, new, or differs in inputs or options; dynamic ones are left out", async () => {
        const before = await capture(() => {
            new Thing("same", 1);
            new Thing("resized", 1);
            new Thing("retained", 1);
            new Thing("dropped", 1);
            new SampleItem("item", { baseUrl: "http://127.0.0.1:1", name: "a" });
        });
        const after = await capture(() => {
            new Thing("same", 1);
            new Thing("resized", 2);
            new Thing("retained", 1, { retainOnDelete: true });
            new Thing("added", 1);
            new SampleItem("item", { baseUrl: "http://127.0.0.1:1", name: "b" });
        });
        assert.deepEqual(registrationChanges(before.program, after.program), { resized: "inputs", retained: "options", dropped: "gone", added: "new" });
        assert.deepEqual(registrationChanges(before.program, before.program), {});
        assert.deepEqual(registrationChanges(before.program, after.program, (r) => r.dynamic), { item: "inputs" });
    });
});
