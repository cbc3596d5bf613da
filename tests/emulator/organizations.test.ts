// Pins GET /organizations/:org (show an organization).
import { strict as assert } from "node:assert";
import { Emulator, startEmulator } from "./index";
import { call } from "./http";

const NOT_FOUND = { errors: [{ status: "404", title: "not found" }] };
const ORG_PERMISSIONS = [
    "can-update", "can-destroy", "can-access-via-teams", "can-create-module", "can-create-team", "can-create-workspace",
    "can-manage-users", "can-manage-subscription", "can-manage-sso", "can-update-oauth", "can-update-sentinel",
    "can-update-ssh-keys", "can-update-api-token", "can-traverse", "can-start-trial", "can-update-agent-pools",
    "can-manage-tags", "can-manage-varsets", "can-read-varsets", "can-manage-public-providers", "can-create-provider",
    "can-manage-public-modules", "can-manage-custom-providers", "can-manage-run-tasks", "can-read-run-tasks",
    "can-create-project",
];

describe("HCP API emulator: organizations", function () {
    let emu: Emulator;

    beforeEach(async () => {
        emu = await startEmulator({ rateLimit: null });
        emu.addToken("token-alice", "alice");
        emu.addToken("token-bob", "bob");
        emu.addOrganization("Acme-Org", { email: "ops@acme.example" });
        emu.addOrganization("other");
    });
    afterEach(async () => {
        await emu.close();
    });

    it("show answers 200 with the stored casing as id and name, whatever casing the path uses", async () => {
        const stored = emu.store.organizations.get("acme-org")!;
        assert.match(stored.externalId, /^org-[A-Za-z0-9]{16}$/);
        assert.match(stored.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        for (const path of ["/organizations/acme-org", "/organizations/ACME-ORG", "/organizations/Acme-Org"]) {
            const r = await call(emu, "GET", path);
            assert.equal(r.status, 200, path);
            assert.equal(r.headers["content-type"], "application/vnd.api+json");
            assert.deepEqual(r.json, {
                data: {
                    id: "Acme-Org",
                    type: "organizations",
                    attributes: {
                        "external-id": stored.externalId,
                        "created-at": stored.createdAt,
                        email: "ops@acme.example",
                        name: "Acme-Org",
                        permissions: Object.fromEntries(ORG_PERMISSIONS.map((p) => [p, true])),
                    },
                    links: { self: "/api/v2/organizations/Acme-Org" },
                },
            });
        }
    });

    it("the email defaults to owner@<name>.example", async () => {
        const r = await call(emu, "GET", "/organizations/other");
        assert.equal(r.json.data.attributes.email, "owner@other.example");
        assert.equal(r.json.data.id, "other");
    });

    it("404 with the plain not-found body for an unknown organization and for a token denied it", async () => {
        const unknown = await call(emu, "GET", "/organizations/nope");
        assert.equal(unknown.status, 404);
        assert.deepEqual(unknown.json, NOT_FOUND);
        emu.denyAccess("token-bob", "ACME-ORG");
        const denied = await call(emu, "GET", "/organizations/acme-org", { token: "token-bob" });
        assert.equal(denied.status, 404);
        assert.deepEqual(denied.json, NOT_FOUND);
        assert.equal((await call(emu, "GET", "/organizations/other", { token: "token-bob" })).status, 200);
        assert.equal((await call(emu, "GET", "/organizations/acme-org")).status, 200);
    });

    it("401 without a valid token", async () => {
        const r = await call(emu, "GET", "/organizations/acme-org", { token: "nope" });
        assert.equal(r.status, 401);
        assert.deepEqual(r.json, { errors: [{ status: "401", title: "unauthorized" }] });
    });
});
