// Sites, for every resource type, through the real dynamic-provider host: two spellings of one site
// are the same site (no diff); another site is a replacement whose property is `site`; read and
// delete go to the site recorded in the state whatever TFE_HOSTNAME says now; http:// off loopback
// and a path in the hostname are refused by check, naming the fix.
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../emulator";
import type { ProviderHost } from "../support/providerHost";
import { ALL_TYPES_PROGRAM, DELETES_FIRST, DELETING, TYPES, createAll, inputsIn, makeWorld, type TypeName, type World } from "./allTypes";
import { CANARY, IN_PLACE, NO_DIFF, ORG, replaced, siteOf, useHarness, type State } from "./harness";

describe("resources: sites, every type (real provider host, emulator)", function () {
    this.timeout(60_000);

    const h = useHarness(() => undefined, { hyok: true, packedProgram: ALL_TYPES_PROGRAM });
    let w: World;
    let states: Record<TypeName, State>;
    let other: Emulator;
    let elsewhere: ProviderHost;
    const news = (name: TypeName, o: Record<string, unknown> = {}) => h.resource(name).inputs({ ...inputsIn(w, name), ...o });

    before(async function () {
        this.timeout(60_000);
        w = makeWorld(h, ORG);
        states = await createAll(h, w);
        // Another site, known to a second host process through TFE_HOSTNAME.
        other = await startEmulator({ rateLimit: null });
        other.addToken(CANARY, "alice");
        other.addOrganization(ORG, { hyok: true });
        elsewhere = await h.startHost({ TFE_HOSTNAME: other.hostname });
    });

    after(async () => {
        await other?.close();
    });

    it("every state records the site it was created on", () => {
        for (const name of TYPES) assert.equal(states[name].outs.site, siteOf(h), name);
    });

    it("the site TFE_HOSTNAME names, spelled bare, with its scheme (any case), a trailing dot or a trailing slash: no diff", async () => {
        const port = h.emu.hostname.split(":")[1];
        for (const hostname of [h.emu.hostname, `http://${h.emu.hostname}`, `HTTP://${h.emu.hostname}/`, `127.0.0.1.:${port}`]) {
            for (const name of TYPES) {
                assert.deepEqual(await h.resource(name).diff(states[name], news(name, { hostname })), NO_DIFF, `${name} ${hostname}`);
            }
        }
    });

    describe("a state recorded for https://app.terraform.io", () => {
        const onPublic = (s: State): State => ({ ...s, outs: { ...s.outs, hostname: "app.terraform.io", site: "https://app.terraform.io" } });

        it("letter case, a trailing dot, the scheme, the default port, a trailing slash: no diff", async () => {
            const spellings = [
                "APP.Terraform.IO", "app.terraform.io.", "https://app.terraform.io", "app.terraform.io:443", "https://app.terraform.io/",
                "HTTPS://App.Terraform.io:443/",
            ];
            for (const hostname of spellings) {
                for (const name of TYPES) {
                    assert.deepEqual(await h.resource(name).diff(onPublic(states[name]), news(name, { hostname })), NO_DIFF, `${name} ${hostname}`);
                }
            }
        });

        it("another host, port or scheme is another site: a replacement whose property is site", async () => {
            for (const o of [{ hostname: "tfe.example.com" }, { hostname: "app.terraform.io:8443" }, { hostname: "http://app.terraform.io", allowInsecureHttp: true }]) {
                for (const name of TYPES) {
                    assert.deepEqual(
                        await h.resource(name).diff(onPublic(states[name]), news(name, o)),
                        replaced(["site"], DELETES_FIRST[name]),
                        `${name} ${JSON.stringify(o)}`,
                    );
                }
            }
        });
    });

    describe("check", () => {
        it("http:// to a host that is not a loopback address is refused unless allowInsecureHttp", async () => {
            const reason =
                'Invalid HCP Terraform hostname "http://tfe.lab.example" from the hostname setting: http:// sends the API token unencrypted to ' +
                "that host. Use https://, or, for a lab install only, set allowInsecureHttp: true.";
            for (const name of TYPES) {
                const d = h.resource(name);
                assert.deepEqual((await d.check(news(name, { hostname: "http://tfe.lab.example" }))).failures, [{ property: "hostname", reason }], name);
                const allowed = await d.check(news(name, { hostname: "http://tfe.lab.example", allowInsecureHttp: true }));
                assert.deepEqual(allowed.failures, [], name);
                assert.equal(allowed.inputs.site, "http://tfe.lab.example", name);
            }
        });

        it("a path in the hostname is refused, naming the hostname to give", async () => {
            const reason =
                'Invalid HCP Terraform hostname "https://tfe.example.com/api/v2" from the hostname setting: a hostname has no path (got "/api/v2"): ' +
                'HCP Terraform and Terraform Enterprise serve their API at the root of the site; give "https://tfe.example.com".';
            for (const name of TYPES) {
                const r = await h.resource(name).check(news(name, { hostname: "https://tfe.example.com/api/v2" }));
                assert.deepEqual(r.failures, [{ property: "hostname", reason }], name);
            }
        });
    });

    describe("TFE_HOSTNAME now names another site", () => {
        it("refresh of every type reads the site recorded in the state", async () => {
            h.emu.clearLog();
            for (const name of TYPES) {
                const r = await h.resource(name).on(elsewhere).read(states[name]);
                assert.equal(r.id, states[name].id, name);
                assert.equal(r.outs.site, siteOf(h), name);
            }
            assert.deepEqual(other.log, [], "nothing was sent to the other site");
            assert.ok(h.emu.log.length >= TYPES.length);
        });

        it("the preview of a resource that names no hostname says why it is replaced: site", async () => {
            for (const name of TYPES) {
                assert.deepEqual(await h.resource(name).on(elsewhere).diff(states[name], news(name)), replaced(["site"], DELETES_FIRST[name]), name);
            }
        });

        it("an update of a resource that names its hostname goes to that site", async () => {
            const d = h.resource("svar");
            const pinned = await d.up(news("svar", { key: "PINNED", hostname: h.emu.hostname }));
            const changed = news("svar", { key: "PINNED", hostname: h.emu.hostname, value: "changed" });
            assert.deepEqual(await d.on(elsewhere).diff(pinned, changed), IN_PLACE);
            h.emu.clearLog();
            const s = await d.on(elsewhere).update(pinned, changed);
            assert.deepEqual(h.calls(), [`PATCH /varsets/${w.setId}/relationships/vars/${pinned.id}`]);
            assert.equal(h.emu.store.varsetVariables.get(pinned.id)!.value, "changed");
            assert.equal(s.outs.site, siteOf(h));
            assert.deepEqual(other.log, []);
        });

        it("delete of every type goes to the site recorded in the state", async () => {
            h.emu.clearLog();
            for (const name of TYPES) await h.resource(name).on(elsewhere).delete(states[name]);
            assert.deepEqual(other.log, [], "nothing was sent to the other site");
            const deleted = h.calls().filter((c) => !c.startsWith("GET "));
            assert.equal(deleted.length, DELETING.length, deleted.join("\n"));
            assert.equal(h.emu.store.workspaces.has(states.workspace.id), false);
            assert.equal(h.emu.store.varsets.has(states.varset.id), false);
            assert.equal(h.emu.store.variables.has(states.wvar.id), false);
            assert.equal(h.emu.store.oidcConfigurations.size, 0);
        });
    });
});
