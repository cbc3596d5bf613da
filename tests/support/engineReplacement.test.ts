// The engine model (tests/support/engine): in which order a replacement runs, as the engine runs it:
// delete-before-replace (the provider's answer, or the resource option) deletes first, dependents
// that would be replaced with it before it; create-before-delete deletes the old one at the END of
// the pass, after the dependents were updated; replacement deletes honour the old state's
// retainOnDelete; a pass with a failure stops before its deletes.
import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderHost } from "./providerHost";
import { Engine } from "./engine";
import { SampleItem } from "./fixtures/sampleProvider";
import type { SampleServer } from "./fixtures/sampleServer";
import { capture, steps, urn, useSampleWorld } from "./fixtures/sampleEngine";

describe("support: the engine model's replacement order (observed in the server's request log)", function () {
    this.timeout(60_000);
    const w = useSampleWorld();
    let baseUrl: string;
    let host: ProviderHost;
    let server: SampleServer;
    const requests = () => w.requests();
    const idOf = (name: string) => w.idOf(name);
    before(() => ({ baseUrl, host, server } = w));

    /** v1 then v2 of a program where `a` is replaced (its name changes) and `b` consumes a's id. */
    async function replaceA(opts: pulumi.CustomResourceOptions) {
        const program = (name: string) => () => {
            const a = new SampleItem("a", { baseUrl, name }, opts);
            new SampleItem("b", { baseUrl, name: "b", value: a.id });
        };
        const engine = new Engine(host, (await capture(program("a-one"))).program);
        await engine.up();
        const [oldA, b] = [idOf("a-one")!, idOf("b")!];
        requests();
        const rep = await engine.up((await capture(program("a-two"))).program);
        assert.deepEqual(rep.failures, []);
        const newA = idOf("a-two")!;
        assert.equal(server.items.get(b)!.value, newA, "b points at the new a");
        return { engine, rep, log: requests(), oldA, b, newA };
    }

    it("the provider asks delete-before-replace: DELETE the old, POST the new, then the dependents are updated", async () => {
        const { rep, log, oldA, b } = await replaceA({});
        assert.deepEqual(steps(rep), { a: "replace", b: "update" });
        assert.deepEqual(log, [`DELETE /items/${oldA}`, "POST /items", `PATCH /items/${b}`]);
    });

    it("deleteBeforeReplace: false (the option overrides the provider): POST the new, update the dependents, DELETE the old at the end", async () => {
        const { engine, rep, log, oldA, b } = await replaceA({ deleteBeforeReplace: false });
        assert.deepEqual(steps(rep), { a: "replace", b: "update" });
        assert.deepEqual(log, ["POST /items", `PATCH /items/${b}`, `DELETE /items/${oldA}`]);
        assert.deepEqual(rep.ops.map((o) => `${o.op} ${o.urn.split("::").pop()}`), ["create a", "update b", "delete a"]);
        assert.equal(engine.state.get(urn("a"))!.deleteBeforeReplace, false);
        assert.deepEqual(engine.pendingDeletes, []);
    });

    it("delete-before-replace first deletes the dependents it would replace (their diff with the dependent inputs unknown), dependents first", async () => {
        const program = (name: string) => () => {
            const a = new SampleItem("a", { baseUrl, name });
            new SampleItem("b", { baseUrl, name: a.name.apply((n) => `${n}-child`) });
            new SampleItem("c", { baseUrl, name: "c", value: a.name });
        };
        const engine = new Engine(host, (await capture(program("p-one"))).program);
        await engine.up();
        const [oldA, oldB, c] = [idOf("p-one")!, idOf("p-one-child")!, idOf("c")!];
        requests();
        const rep = await engine.up((await capture(program("p-two"))).program);
        assert.deepEqual(rep.failures, []);
        assert.deepEqual(steps(rep), { a: "replace", b: "replace", c: "update" });
        const log = requests();
        assert.deepEqual(log.slice(0, 3), [`DELETE /items/${oldB}`, `DELETE /items/${oldA}`, "POST /items"], "b (its name would change) goes before a");
        assert.deepEqual(log.slice(3).sort(), ["POST /items", `PATCH /items/${c}`].sort(), "c (only its value depends on a) is updated, b created again");
    });

    it("a replacement's delete honours the OLD state's retainOnDelete: the old object is left behind", async () => {
        const program = (name: string) => () => new SampleItem("r", { baseUrl, name }, { retainOnDelete: true });
        const engine = new Engine(host, (await capture(program("r-one"))).program);
        await engine.up();
        requests();
        const rep = await engine.up((await capture(program("r-two"))).program);
        assert.deepEqual(steps(rep), { r: "replace" });
        assert.deepEqual(requests(), ["POST /items"]);
        assert.deepEqual([...server.items.values()].map((i) => i.name).sort(), ["r-one", "r-two"]);
    });

    it("a pass with a failure stops before its deletes; the next one carries them out", async () => {
        const v1 = await capture(() => {
            new SampleItem("x", { baseUrl, name: "x" });
            new SampleItem("y", { baseUrl, name: "y" });
        });
        const engine = new Engine(host, v1.program);
        await engine.up();
        const y = idOf("y")!;
        requests();
        const rep = await engine.up((await capture(() => new SampleItem("x", { baseUrl, name: "X!" }))).program);
        assert.deepEqual(rep.failures.map((f) => `${f.name} ${f.op}: ${f.message}`), ["x check: name: name must start with a letter and use only a-z, 0-9 and '-'"]);
        assert.deepEqual(rep.deferredDeletes, [urn("y")]);
        assert.deepEqual(requests(), []);
        const again = await engine.up((await capture(() => new SampleItem("x", { baseUrl, name: "x" }))).program);
        assert.deepEqual(steps(again), { x: "same", y: "delete" });
        assert.deepEqual(requests(), [`DELETE /items/${y}`]);
    });
});

