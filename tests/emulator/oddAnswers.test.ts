// Pins the "odd but legal answers" controls: injectOddAnswers (the API acts, the 2xx answer is odd) and
// onListPage (a list shifts between pages).
import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "./index";
import { call, doc } from "./http";

const JSONAPI = "application/vnd.api+json";

describe("HCP API emulator: odd but legal answers", function () {
    let emu: Emulator;
    let ws: string;

    beforeEach(async () => {
        emu = await startEmulator({ rateLimit: null });
        emu.addToken("token-alice", "alice");
        emu.addOrganization("acme");
        ws = emu.addWorkspace("acme", "w").id;
    });
    afterEach(async () => {
        await emu.close();
    });

    const isVarCreate = (method: string, path: string) => method === "POST" && path === `/api/v2/workspaces/${ws}/vars`;
    const createVar = (key: string) => call(emu, "POST", `/workspaces/${ws}/vars`, { body: doc("vars", { key, value: "v", category: "env" }) });

    it("a POST answered 201 with an empty body, an HTML body or JSON without data: the object IS created", async () => {
        const cases: Array<["empty-body" | "html-body" | "json-without-data", string | undefined, string]> = [
            ["empty-body", JSONAPI, ""],
            ["html-body", "text/html", "<html><body><h1>OK</h1></body></html>\n"],
            ["json-without-data", JSONAPI, "{}"],
        ];
        for (const [kind, contentType, text] of cases) {
            emu.clearFaults();
            emu.injectOddAnswers({ kind, match: isVarCreate });
            const r = await createVar(`K_${kind.replace(/-/g, "_")}`);
            assert.equal(r.status, 201, kind);
            assert.equal(r.headers["content-type"], contentType, kind);
            assert.equal(r.text, text, kind);
            assert.equal(r.headers["content-length"], String(text.length), kind);
        }
        assert.deepEqual([...emu.store.variables.values()].map((v) => v.key), ["K_empty_body", "K_html_body", "K_json_without_data"]);
        assert.deepEqual(emu.log.map((e) => [e.status, e.apiStatus, e.fault]), [
            [201, 201, "odd-answer"], [201, 201, "odd-answer"], [201, 201, "odd-answer"],
        ]);
    });

    it("a PATCH answered 204 No Content with an empty body: the update IS applied", async () => {
        emu.injectOddAnswers({ kind: "no-content", match: (method) => method === "PATCH" });
        const r = await call(emu, "PATCH", `/workspaces/${ws}`, { body: doc("workspaces", { description: "applied" }) });
        assert.equal(r.status, 204);
        assert.equal(r.text, "");
        assert.equal(r.headers["content-type"], undefined);
        assert.equal(emu.store.workspaces.get(ws)!.description, "applied");
        assert.deepEqual([emu.log[0].status, emu.log[0].apiStatus, emu.log[0].fault], [204, 200, "odd-answer"]);
    });

    it("only 2xx answers of matching requests are replaced; times counts down; the first matching rule wins", async () => {
        emu.injectOddAnswers({ kind: "json-without-data", match: isVarCreate, times: 1 });
        emu.injectOddAnswers({ kind: "html-body", match: isVarCreate });
        assert.equal((await call(emu, "GET", `/workspaces/${ws}`)).json.data.id, ws, "not matched");
        assert.equal((await createVar("A")).text, "{}");
        const dup = await createVar("A");
        assert.equal(dup.status, 422, "an error is answered as the API gives it");
        assert.equal(dup.json.errors[0].detail, "Key has already been taken");
        assert.equal((await createVar("B")).headers["content-type"], "text/html", "the first rule is used up");
        assert.equal(emu.log[2].fault, undefined);
        emu.clearFaults();
        assert.equal((await createVar("C")).status, 201);
        assert.equal((await call(emu, "GET", `/workspaces/${ws}/vars`)).json.data.length, 3);
        assert.throws(() => emu.injectOddAnswers({ kind: "weird" as any, match: isVarCreate }), /odd answer kind must be one of empty-body, html-body/);
        assert.throws(() => emu.injectOddAnswers({ kind: "no-content", match: isVarCreate, times: 0 }), /times must be a positive integer, got 0/);
    });

    it("onListPage: a deletion after page 1 shifts an object into the page already served", async () => {
        for (let i = 1; i <= 4; i++) emu.addWorkspace("acme", `x${i}`);
        const all = [...emu.store.workspaces.values()].map((w) => w.name); // w, x1, x2, x3, x4
        const seen: unknown[] = [];
        emu.onListPage({
            afterPage: 1,
            match: (method, path) => method === "GET" && path === "/api/v2/organizations/acme/workspaces",
            run: (store, served) => {
                seen.push(served);
                store.workspaces.delete(ws); // the first workspace of page 1 goes away
            },
        });
        const q = "?page%5Bsize%5D=2";
        const p1 = await call(emu, "GET", `/organizations/acme/workspaces${q}`);
        const p2 = await call(emu, "GET", `/organizations/acme/workspaces${q}&page%5Bnumber%5D=2`);
        const p3 = await call(emu, "GET", `/organizations/acme/workspaces${q}&page%5Bnumber%5D=3`);
        const names = (r: any) => r.json.data.map((w: any) => w.attributes.name);
        assert.deepEqual(all, ["w", "x1", "x2", "x3", "x4"]);
        assert.deepEqual([names(p1), names(p2), names(p3)], [["w", "x1"], ["x3", "x4"], []], "x2 shifted into page 1 and was never served");
        assert.deepEqual(p1.json.meta.pagination["total-count"], 5);
        assert.deepEqual(p2.json.meta.pagination["total-count"], 4);
        assert.deepEqual(seen, [{
            method: "GET", path: "/api/v2/organizations/acme/workspaces", query: { "page[size]": "2" }, page: 1,
            ids: p1.json.data.map((w: any) => w.id),
        }]);
    });

    it("onListPage hooks run once, only for matching lists and their page; clearFaults drops pending hooks", async () => {
        let runs = 0;
        emu.onListPage({ afterPage: 2, run: () => runs++ });
        await call(emu, "GET", "/organizations/acme/workspaces");
        await call(emu, "GET", `/workspaces/${ws}`);
        assert.equal(runs, 0);
        await call(emu, "GET", "/organizations/acme/varsets?page%5Bnumber%5D=2");
        await call(emu, "GET", "/organizations/acme/projects?page%5Bnumber%5D=2");
        assert.equal(runs, 1);
        emu.onListPage({ afterPage: 1, run: () => runs++ });
        emu.clearFaults();
        await call(emu, "GET", "/organizations/acme/workspaces");
        assert.equal(runs, 1);
        assert.throws(() => emu.onListPage({ afterPage: 0, run: () => undefined }), /afterPage must be a page number >= 1, got 0/);
    });
});
