// Project: an existing project looked up by name (never created, changed or deleted), through the
// real dynamic-provider host against the emulator. The casing of the organization and of the name
// are checked: trust conditions compare them case-sensitively.
import assert from "node:assert/strict";
import { Project } from "../../src/resources";
import { dynamicType } from "../support/mocks";
import { MODULE, NO_DIFF, ORG, UNKNOWN, outsOf, replaced, siteOf, useHarness, type State } from "./harness";

describe("resources: Project (real provider host, emulator)", function () {
    this.timeout(30_000);

    const h = useHarness(() => {
        new Project("project", { organization: ORG, name: "Payments" });
    });
    const d = () => h.resource("project");
    const inputs = (o: Record<string, unknown> = {}) => d().inputs(o);
    let payments: { id: string; name: string };

    before(() => {
        payments = h.emu.addProject(ORG, "Payments");
    });

    it("registers its type token with only the given inputs", () => {
        assert.equal(d().captured.type, dynamicType(MODULE, "Project"));
        assert.deepEqual(inputs(), { organization: ORG, name: "Payments" });
    });

    it("check: each failure names the property and the fix; unknowns are skipped", async () => {
        const r = await d().check({ organization: "a b", name: "ab", extra: true });
        assert.deepEqual(r.failures, [
            { property: "extra", reason: "extra is not an input of Project: give only hostname, allowInsecureHttp, organization, name." },
            { property: "organization", reason: 'organization "a b" is not valid: organization names may contain only letters, digits, "-" and "_".' },
            { property: "name", reason: 'name "ab" is not valid: project names are 3 to 40 characters long (got 2).' },
        ]);
        assert.deepEqual((await d().check({})).failures, [
            { property: "organization", reason: "organization is required: give a non-empty string." },
            { property: "name", reason: "name is required: give a non-empty string." },
        ]);
        assert.deepEqual((await d().check({ organization: UNKNOWN, name: UNKNOWN })).failures, []);
    });

    describe("lifecycle", () => {
        let state: State;

        it("create looks the project up by name (one request) and records its id", async () => {
            h.emu.clearLog();
            state = await d().up(inputs());
            assert.equal(state.id, payments.id);
            assert.deepEqual(h.calls(), [`GET /organizations/${ORG}/projects`]);
            assert.deepEqual(h.emu.log[0].query, { "filter[names]": "Payments" });
            assert.deepEqual(outsOf(state), { organization: ORG, name: "Payments", site: siteOf(h), projectId: payments.id });
        });

        it("refresh reads it (one GET, nothing written); no diff", async () => {
            h.emu.clearLog();
            const r = await d().read(state);
            assert.deepEqual(h.calls(), [`GET /projects/${payments.id}`]);
            assert.deepEqual(r.outs, state.outs);
            const { __provider: _p, ...returned } = r.returnedInputs!;
            assert.deepEqual(returned, { organization: ORG, name: "Payments", site: siteOf(h) });
            assert.deepEqual(await d().diff(r, inputs()), NO_DIFF);
        });

        it("another name or organization is another look-up: a replacement (nothing deleted first)", async () => {
            assert.deepEqual(await d().diff(state, inputs({ name: "Other" })), replaced(["name"], false));
            assert.deepEqual(await d().diff(state, inputs({ organization: "other" })), replaced(["organization"], false));
            assert.deepEqual(await d().diff(state, inputs({ organization: "ACME" })), NO_DIFF, "organization names compare without case");
        });

        it("delete sends nothing and the project stays", async () => {
            h.emu.clearLog();
            await d().delete(state);
            assert.deepEqual(h.calls(), []);
            assert.ok(h.emu.store.projects.has(payments.id));
        });

        it("a project renamed out of band shows in the next preview as another look-up", async () => {
            const renamed = h.emu.addProject(ORG, "Billing");
            const s = await d().up(inputs({ name: "Billing" }));
            h.emu.store.projects.get(renamed.id)!.name = "Billing Team";
            const r = await d().read(s);
            assert.equal(r.outs.name, "Billing Team");
            assert.deepEqual(await d().diff(r, inputs({ name: "Billing" })), replaced(["name"], false));
        });
    });

    describe("casing and absence", () => {
        it("the organization with another casing: the casing message", async () => {
            const err = await d().fails(d().up(inputs({ organization: "ACME" })));
            assert.equal(
                err.message,
                'organization "ACME" is stored as "acme" in HCP Terraform. Run tokens carry "acme", and trust conditions compare names ' +
                    'case-sensitively (IAM StringLike, Entra subjects, Vault bound claims), so no run token would match. Fix: organization: "acme".',
            );
        });

        it("the project name with another casing: the message naming the stored name", async () => {
            const err = await d().fails(d().up(inputs({ name: "payments" })));
            assert.equal(
                err.message,
                'project "payments" of organization "acme" is stored as "Payments" in HCP Terraform. Run tokens carry "Payments", and trust ' +
                    'conditions compare names case-sensitively, so no run token would match. Fix: name: "Payments".',
            );
        });

        it("a project that does not exist (or is hidden), and an organization that does not", async () => {
            const missing = await d().fails(d().up(inputs({ name: "Nowhere" })));
            assert.equal(
                missing.message,
                'project "Nowhere" of organization "acme" was not found, or the token is not allowed to see it (HCP Terraform answers 404 for both). ' +
                    'Check the project name (e.g. "Default Project") and the token\'s access.',
            );
            const noOrg = await d().fails(d().up(inputs({ organization: "nobody" })));
            assert.equal(
                noOrg.message,
                'looking up project "Payments" of organization "nobody" failed: the organization was not found, or the token is not allowed to see ' +
                    "it (HCP Terraform answers 404 for both). Check the name and the token's access.",
            );
        });
    });
});
