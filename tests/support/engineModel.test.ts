// The engine model (tests/support/engine) against the sample provider and its server: what the
// real engine does when a resource leaves the program, with retainOnDelete, with aliases, what its
// state records. Replacement order: engineReplacement.test.ts.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { dynamicType } from "./mocks";
import type { ProviderHost } from "./providerHost";
import { Engine } from "./engine";
import { Counter, SampleItem } from "./fixtures/sampleProvider";
import { SampleItemV2 } from "./fixtures/sampleProviderV2";
import type { SampleServer } from "./fixtures/sampleServer";
import { GROUP, GROUP2, Group, ITEM, capture, steps, urn, useSampleWorld } from "./fixtures/sampleEngine";

describe("support: the engine model (program changes, retainOnDelete, aliases, state)", function () {
    this.timeout(60_000);
    const w = useSampleWorld();
    let baseUrl: string;
    let host: ProviderHost;
    let server: SampleServer;
    const requests = () => w.requests();
    const idOf = (name: string) => w.idOf(name);
    before(() => ({ baseUrl, host, server } = w));

    it("a resource that leaves the program is deleted after the creates/updates of the pass, dependents first", async () => {
        const v1 = await capture(() => {
            const g = new Group("g");
            const a = new SampleItem("a", { baseUrl, name: "a" }, { parent: g });
            new SampleItem("b", { baseUrl, name: "b", value: a.id }, { parent: g });
            new SampleItem("c", { baseUrl, name: "c", value: "one" });
        });
        const engine = new Engine(host, v1.program);
        assert.deepEqual(steps(await engine.up()), { a: "create", b: "create", c: "create", "passive:g": "create" });
        const [a, b] = [idOf("a")!, idOf("b")!];
        assert.equal(server.items.get(b)!.value, a, "b's value is a's real id, not the placeholder");
        requests();

        const v2 = await capture(() => {
            new SampleItem("c", { baseUrl, name: "c", value: "two" });
            new SampleItem("d", { baseUrl, name: "d" });
        });
        const rep = await engine.up(v2.program);
        assert.deepEqual(rep.failures, []);
        assert.deepEqual(steps(rep), { c: "update", d: "create", b: "delete", a: "delete", "passive:g": "delete" });
        const log = requests();
        assert.deepEqual([...log].sort(), [`DELETE /items/${a}`, `DELETE /items/${b}`, `PATCH /items/${idOf("c")}`, "POST /items"].sort());
        assert.deepEqual(log.slice(2), [`DELETE /items/${b}`, `DELETE /items/${a}`], "deletes come last, b (which depends on a) first");
        assert.deepEqual([...server.items.values()].map((i) => i.name).sort(), ["c", "d"]);
        assert.deepEqual([...engine.state.keys()].sort(), [urn("c"), urn("d")]);
        assert.deepEqual([...engine.passive.keys()], []);
    });

    it("retainOnDelete recorded in the STATE: the resource is dropped without a delete (up and destroy)", async () => {
        const v1 = await capture(() => {
            new SampleItem("kept", { baseUrl, name: "kept" }, { retainOnDelete: true });
            new SampleItem("late", { baseUrl, name: "late" });
            new SampleItem("gone", { baseUrl, name: "gone" });
        });
        const engine = new Engine(host, v1.program);
        await engine.up();
        assert.equal(engine.state.get(urn("kept"))!.retainOnDelete, true);
        assert.equal(engine.state.get(urn("late"))!.retainOnDelete, false);
        const [kept, late] = [idOf("kept")!, idOf("late")!];
        requests();

        // retainOnDelete is set on "late" by a `same` step: only the state remembers it afterwards.
        const v2 = await capture(() => {
            new SampleItem("late", { baseUrl, name: "late" }, { retainOnDelete: true });
            new SampleItem("gone", { baseUrl, name: "gone" });
        });
        const rep2 = await engine.up(v2.program);
        assert.deepEqual(steps(rep2), { late: "same", gone: "same", kept: "retain" });
        assert.deepEqual(requests(), [], "no DELETE for a retained resource");
        assert.ok(server.items.has(kept));
        assert.equal(engine.state.has(urn("kept")), false);
        assert.equal(engine.state.get(urn("late"))!.retainOnDelete, true);

        const v3 = await capture(() => new SampleItem("gone", { baseUrl, name: "gone" }));
        assert.deepEqual(steps(await engine.up(v3.program)), { gone: "same", late: "retain" });
        assert.deepEqual(requests(), []);
        assert.ok(server.items.has(late));

        const v4 = await capture(() => {
            new SampleItem("gone", { baseUrl, name: "gone" });
            new SampleItem("kept2", { baseUrl, name: "kept2" }, { retainOnDelete: true });
        });
        await engine.up(v4.program);
        const gone = idOf("gone")!;
        requests();
        const destroy = await engine.destroy();
        assert.deepEqual(steps(destroy), { gone: "delete", kept2: "retain" });
        assert.deepEqual(requests(), [`DELETE /items/${gone}`]);
        assert.equal(engine.state.size, 0);
        assert.ok(idOf("kept2"), "kept2 still exists on the server");
    });

    it("a `same` step keeps the OLD outputs (and their provider text): refresh and the delete of what left the program use the state's text", async () => {
        const calls: string[] = [];
        const textOf = (props: Record<string, any>) => (props.__provider.includes('"v2"') ? "v2" : "v1");
        const recording: ProviderHost = {
            ...host,
            read: (id, u, props, inputs) => (calls.push(`read ${textOf(props)}`), host.read(id, u, props, inputs)),
            delete: (id, u, props, o) => (calls.push(`delete ${textOf(props)}`), host.delete(id, u, props, o)),
        };
        const engine = new Engine(recording, (await capture(() => new SampleItem("x", { baseUrl, name: "x" }))).program);
        await engine.up();
        const v2 = await capture(() => new SampleItemV2("x", { baseUrl, name: "x" }));
        assert.deepEqual(steps(await engine.up(v2.program)), { x: "same" });
        assert.deepEqual([textOf(engine.state.get(urn("x"))!.inputs), textOf(engine.state.get(urn("x"))!.outs)], ["v2", "v1"]);
        await engine.refresh();
        assert.deepEqual(steps(await engine.up((await capture(() => undefined)).program)), { x: "delete" });
        assert.deepEqual(calls, ["read v1", "delete v1"]);
    });

    it("a protected resource that leaves the program fails to delete with the engine's message, and stays in the state", async () => {
        const engine = new Engine(host, (await capture(() => new SampleItem("p", { baseUrl, name: "p" }, { protect: true }))).program);
        await engine.up();
        requests();
        const rep = await engine.up((await capture(() => undefined)).program);
        assert.deepEqual(rep.failures.map((f) => `${f.name} ${f.op}: ${f.message}`), [
            `p delete: unable to delete resource "${urn("p")}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``,
        ]);
        assert.deepEqual(requests(), []);
        assert.ok(engine.state.has(urn("p")));
    });

    it("an alias takes the old state over (no delete, no create, 0 requests); without it a rename replaces", async () => {
        const v1 = await capture(() => {
            new SampleItem("old", { baseUrl, name: "x" });
            new SampleItem("s1", { baseUrl, name: "s" });
            new SampleItem("old2", { baseUrl, name: "y" });
        });
        const engine = new Engine(host, v1.program);
        await engine.up();
        const old2 = idOf("y")!;
        requests();
        const v2 = await capture(() => {
            new SampleItem("new", { baseUrl, name: "x" }, { aliases: [{ name: "old" }] });
            new SampleItem("s2", { baseUrl, name: "s" }, { aliases: [urn("s1")] });
            new SampleItem("new2", { baseUrl, name: "y" });
        });
        // What the SDK sends (mock monitor = aliasSpecs): a spec with only what the alias gives, or the URN.
        const sent = (name: string) => v2.resources.find((r) => r.name === name)!;
        assert.deepEqual([sent("new").aliases, sent("new").aliasSpecs, sent("new").aliasURNs], [[{ name: "old" }], true, []]);
        assert.deepEqual(sent("s2").aliases, [{ urn: urn("s1") }]);
        const rep = await engine.up(v2.program);
        assert.deepEqual(steps(rep), { new: "same", s2: "same", new2: "create", old2: "delete" });
        assert.deepEqual(Object.fromEntries(rep.aliased), { [urn("new")]: urn("old"), [urn("s2")]: urn("s1") });
        assert.deepEqual(requests(), ["POST /items", `DELETE /items/${old2}`]);
        assert.deepEqual([...engine.state.keys()].sort(), [urn("new"), urn("new2"), urn("s2")]);
    });

    it("an alias that names a URN the program still registers fails the whole up, as the engine's duplicate-alias error", async () => {
        const engine = new Engine(host, (await capture(() => new SampleItem("old", { baseUrl, name: "x" }))).program);
        await engine.up();
        const v2 = await capture(() => {
            new SampleItem("old", { baseUrl, name: "x" });
            new SampleItem("new", { baseUrl, name: "y" }, { aliases: [{ name: "old" }] });
        });
        await assert.rejects(engine.up(v2.program), {
            message: `${urn("new")}: its alias ${urn("old")} is registered by the program too (the engine fails: duplicate resource alias)`,
        });
        assert.ok(engine.state.has(urn("old")));
    });

    it("a component renamed and re-typed through an alias carries its children (inherited child aliases); a move out of a parent needs noParent", async () => {
        const v1 = await capture(() => {
            const app = new Group("app");
            new SampleItem("app-item", { baseUrl, name: "z" }, { parent: app });
            new SampleItem("plain", { baseUrl, name: "w" }, { parent: app });
            new SampleItem("loose", { baseUrl, name: "l" });
        });
        const engine = new Engine(host, v1.program);
        await engine.up();
        requests();
        const v2 = await capture(() => {
            const svc = new Group("svc", { aliases: [{ name: "app", type: GROUP }] }, GROUP2);
            new SampleItem("svc-item", { baseUrl, name: "z" }, { parent: svc });
            new SampleItem("plain", { baseUrl, name: "w" }, { parent: svc });
            new SampleItem("loose", { baseUrl, name: "l" }, { parent: svc, aliases: [{ parent: pulumi.rootStackResource }] });
        });
        const sent = (name: string) => v2.resources.find((r) => r.name === name)!;
        assert.deepEqual(sent("svc").aliases, [{ name: "app", type: GROUP }]);
        assert.deepEqual(sent("svc-item").aliases, [], "children send no alias: the engine derives them");
        assert.deepEqual(sent("loose").aliases, [{ noParent: true }]);
        const rep = await engine.up(v2.program);
        assert.deepEqual(steps(rep), { "svc-item": "same", plain: "same", loose: "same", "passive:svc": "same" });
        assert.deepEqual(Object.fromEntries(rep.aliased), {
            [urn("svc", GROUP2)]: urn("app", GROUP),
            // The parent's NAME is not part of a child's URN, its TYPE is: both children move with it.
            [urn("svc-item", ITEM, GROUP2)]: urn("app-item", ITEM, GROUP),
            [urn("plain", ITEM, GROUP2)]: urn("plain", ITEM, GROUP),
            [urn("loose", ITEM, GROUP2)]: urn("loose"),
        });
        assert.deepEqual(requests(), []);
        assert.equal(engine.state.get(urn("svc-item", ITEM, GROUP2))!.parent, urn("svc", GROUP2), "the state's relations follow the rename");
    });

    it("custom resources the model does not run (AWS under mocks) are recorded: create, same/update by their inputs, delete, retain", async () => {
        const THING = "sample:index:Thing";
        class Thing extends pulumi.CustomResource {
            constructor(name: string, size: number, opts: pulumi.CustomResourceOptions) {
                super(THING, name, { size }, opts);
            }
        }
        const thing = (name: string, size: number, opts: pulumi.CustomResourceOptions = {}) => new Thing(name, size, opts);
        const engine = new Engine(host, (await capture(() => [thing("t1", 1), thing("t2", 1), thing("t3", 1, { retainOnDelete: true })])).program);
        assert.deepEqual(steps(await engine.up()), { "passive:t1": "create", "passive:t2": "create", "passive:t3": "create" });
        assert.deepEqual(engine.passive.get(urn("t1", THING))!.outs, { size: 1 });
        const rep = await engine.up((await capture(() => [thing("t1", 1), thing("t2", 2)])).program);
        assert.deepEqual(steps(rep), { "passive:t1": "same", "passive:t2": "update", "passive:t3": "retain" });
        assert.deepEqual(steps(await engine.up((await capture(() => [thing("t2", 2)])).program)), { "passive:t2": "same", "passive:t1": "delete" });
        assert.deepEqual(requests(), []);
    });

    it("a provider without diff: the engine compares the inputs, __provider included (a new provider text alone is an update)", async () => {
        const engine = new Engine(host, (await capture(() => new Counter("cnt", "A"))).program);
        assert.deepEqual(steps(await engine.up()), { cnt: "create" });
        assert.deepEqual(steps(await engine.up((await capture(() => new Counter("cnt", "A"))).program)), { cnt: "same" });
        assert.deepEqual(steps(await engine.up((await capture(() => new Counter("cnt", "B"))).program)), { cnt: "update" });
        assert.notEqual(engine.state.get(urn("cnt", dynamicType("sample", "Counter")))!.inputs.__provider, undefined);
        await engine.destroyAll(1);
    });

    it("the state records what the engine stores, and a snapshot loaded into another engine steps the same", async () => {
        const { program } = await capture(() => {
            const g = new Group("g");
            const dep = new SampleItem("dep", { baseUrl, name: "dep" });
            new SampleItem("opt", { baseUrl, name: "opt", value: dep.name }, { parent: g, retainOnDelete: true, deleteBeforeReplace: true, dependsOn: [dep] });
        });
        const engine = new Engine(host, program);
        await engine.up();
        const record = engine.snapshot().find((r) => r.urn === urn("opt", ITEM, GROUP))!;
        const { inputs, outs, id, ...rest } = record;
        assert.deepEqual(rest, {
            urn: urn("opt", ITEM, GROUP),
            dynamic: true,
            type: ITEM,
            custom: true,
            parent: urn("g", GROUP),
            dependencies: [urn("dep")],
            propertyDependencies: { __provider: [], baseUrl: [], name: [], value: [urn("dep")] },
            retainOnDelete: true,
            deleteBeforeReplace: true,
            protect: false,
        });
        assert.equal(id, idOf("opt"));
        assert.deepEqual({ ...inputs, __provider: "…" }, { baseUrl, name: "opt", value: "dep", __provider: "…" });
        assert.equal(outs.__provider, program.byName("opt").providerText);
        const other = new Engine(host, program);
        other.loadState(engine.snapshot());
        requests();
        const rep = await other.up();
        assert.deepEqual(steps(rep), { dep: "same", opt: "same", "passive:g": "same" });
        assert.deepEqual(requests(), []);
        assert.deepEqual(other.snapshot(), engine.snapshot());
    });
});
