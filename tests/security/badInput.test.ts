// Bad input, across every resource and the component: each row asserts the exact message a user
// sees and that nothing was written to HCP Terraform.
//  - Component arguments: refused by the constructor, before any child is registered (so nothing
//    can reach the engine, let alone the API).
//  - Resource inputs: refused by check() through the real provider host, with 0 requests.
//  - What only the server can tell (unknown workspace, 401, no token, no HYOK entitlement, a
//    sensitive variable declared non-sensitive, ...): refused by create() with the store unchanged
//    and no write request carried out (every write the package sent, if any, was refused).
import assert from "node:assert/strict";
import { WorkspaceOidcFederation } from "../../src/components";
import { AwsOidcConfiguration, VariableSet, Workspace, WorkspaceVariable, WorkspaceVariableGroup, WorkspaceVariableSet } from "../../src/resources";
import { runWithMocks } from "../support/mocks";
import { HostError, type ProviderHost } from "../support/providerHost";
import { Engine, captureProgram } from "../faults/engine";
import { ORG, inventory, packageWrites, seedVariable, startWorld, type World } from "../faults/world";
import { KMS_KEY, ROLE_ARN, checkRows, componentRows } from "./badInputRows";

const DISCOVER = process.env.BAD_INPUT_DISCOVER === "1";

describe("security: bad input is refused with an exact message and writes nothing", function () {
    this.timeout(120_000);
    let world: World;
    let host: ProviderHost;

    before(async () => {
        world = await startWorld({ rateLimit: null });
        host = await world.startHost();
    });
    after(async () => world?.close());

    it(`component arguments: ${componentRows().length} bad argument sets, each refused before anything is registered`, async () => {
        const rows = componentRows().map((row, i) => row(`bad-${i}`));
        const messages: string[] = [];
        const run = await runWithMocks(() => {
            rows.forEach((row, i) => {
                try {
                    new WorkspaceOidcFederation(`bad-${i}`, row.args);
                    messages.push("(no error)");
                } catch (err) {
                    messages.push((err as Error).message);
                }
            });
        });
        if (DISCOVER) console.log(JSON.stringify(rows.map((r, i) => [r.what, messages[i]]), null, 1));
        rows.forEach((row, i) => assert.equal(messages[i], row.message, `${row.what}`));
        assert.deepEqual(run.resources, [], "a refused component registered something");
    });

    it(`resource inputs: ${checkRows().length} bad inputs, each refused by check() through the real host with 0 requests`, async () => {
        const rows = checkRows();
        const run = await runWithMocks(() => rows.forEach((row, i) => row.make(`bad-${i}`)));
        world.emu.clearLog();
        const actual = await Promise.all(
            rows.map(async (_, i) => {
                const r = run.byName(`bad-${i}`);
                return (await host.check(r.urn, {}, r.inputs)).failures;
            }),
        );
        if (DISCOVER) console.log(JSON.stringify(rows.map((r, i) => [r.what, actual[i]]), null, 1));
        rows.forEach((row, i) => assert.deepEqual(actual[i], row.failures, row.what));
        assert.deepEqual(world.emu.log, [], "check() made requests");
    });

    describe("refused by the server: exact message, store unchanged, no write carried out", () => {
        let ws: { id: string };
        let otherProject: { id: string };
        let globalSet: string;
        let engine: Engine;
        let badTokenHost: ProviderHost;
        let noTokenHost: ProviderHost;
        const messages: Record<string, string> = {};

        before(async () => {
            ws = world.emu.addWorkspace(ORG, "app");
            otherProject = world.emu.addProject(ORG, "Platform");
            seedVariable(world.emu, ws.id, { key: "DB_PASSWORD", value: "s3cret", category: "env", sensitive: true });
            const set = "varset-GLOBAL0000000000";
            world.emu.store.varsets.set(set, {
                id: set, name: "org-wide", description: "", global: true, priority: false, organization: ORG,
                parentProjectId: null, workspaceIds: [], projectIds: [], createdAt: "", updatedAt: "",
            });
            globalSet = set;
            const program = await captureProgram(() => {
                new Workspace("unknown-workspace", { organization: ORG, name: "does-not-exist" });
                new Workspace("wrong-project", { organization: ORG, name: "app", projectId: otherProject.id });
                new Workspace("unauthorized", { organization: ORG, name: "app" });
                new Workspace("no-token", { organization: ORG, name: "app" });
                new AwsOidcConfiguration("no-hyok", { organization: ORG, roleArn: ROLE_ARN });
                new WorkspaceVariable("sensitive-to-plain", { workspaceId: ws.id, key: "DB_PASSWORD", value: "x", category: "env", adoptExisting: true });
                new WorkspaceVariable("unknown-owner", { workspaceId: "ws-DoesNotExist0000", key: "K", value: "v", category: "env" });
                new WorkspaceVariableGroup("group-unknown-workspace", { organization: ORG, workspaceName: "does-not-exist", variables: [{ key: "K", value: "v", category: "env" }] });
                new VariableSet("unknown-organization", { organization: "nope", name: "shared" });
                new WorkspaceVariableSet("attach-global", { variableSetId: globalSet, workspaceId: ws.id });
                new WorkspaceOidcFederation("component-unknown-workspace", { organization: ORG, workspace: "missing" });
            });
            engine = new Engine(host, program);
            [badTokenHost, noTokenHost] = await Promise.all([
                world.startHost({ TFE_TOKEN: "not-a-valid-token.atlasv1.xxxxxxxx" }),
                world.startHost({ TFE_TOKEN: "" }),
            ]);
            const snapshot = JSON.stringify(inventory(world.emu));
            world.emu.clearLog();
            const report = await engine.up((r) => r.name !== "unauthorized" && r.name !== "no-token");
            for (const f of report.failures) messages[f.name] = f.message;
            for (const [name, h] of [["unauthorized", badTokenHost], ["no-token", noTokenHost]] as const) {
                const r = program.byName(name);
                const inputs = engine.desiredInputs(r)!;
                const { inputs: checked } = await h.check(r.urn, {}, inputs);
                messages[name] = await h.create(r.urn, checked).then(
                    () => "(created)",
                    (e: HostError) => e.details,
                );
            }
            if (DISCOVER) console.log(JSON.stringify(messages, null, 1));
            assert.equal(JSON.stringify(inventory(world.emu)), snapshot, "the store changed");
            for (const w of packageWrites(world.emu.log)) {
                assert.ok(w.status < 200 || w.status >= 300, `a write was carried out: ${w.method} ${w.path} ${w.status}`);
            }
        });

        const E = "<emulator>";
        const NOT_FOUND = "404 Not Found: the object was not found, or the token is not allowed to see it";
        const NO_HYOK =
            'creating the AWS OIDC configuration of organization "acme" failed: organization "acme" not found, the token may not see it, or the organization lacks the HYOK entitlement ' +
            "(HYOK, hold-your-own-key, is an HCP Terraform Premium feature; the API answers 404 for all three). Check the organization name and the token's access, or have HYOK enabled for the organization. " +
            `(POST /organizations/acme/oidc-configurations on ${E} failed: ${NOT_FOUND})`;
        const rows: [string, string, () => string][] = [
            [
                "an unknown workspace",
                "unknown-workspace",
                () =>
                    'workspace "does-not-exist" of organization "acme" was not found, or the token is not allowed to see it (HCP Terraform answers 404 for both). ' +
                    "Check the names and the token's access, or set createIfMissing: true to create it.",
            ],
            [
                // The component looks its workspace up first (its Workspace child): nothing waits on a workspace that does not exist.
                "an unknown workspace, through the component",
                "component-unknown-workspace-workspace",
                () =>
                    'workspace "missing" of organization "acme" was not found, or the token is not allowed to see it (HCP Terraform answers 404 for both). ' +
                    "Check the names and the token's access, or set createWorkspace: true to create it.",
            ],
            [
                "an existing workspace in another project than the declared one (conflicting options)",
                "wrong-project",
                () =>
                    `workspace "app" of organization "acme" exists in project ${world.emu.store.workspaces.get(ws.id)!.projectId}, not in the declared projectId ${otherProject.id}. ` +
                    "Move the workspace in HCP Terraform or fix projectId.",
            ],
            ["a token the server rejects (401)", "unauthorized", () => `GET /organizations/acme/workspaces/app on ${E} failed: 401 Unauthorized: the API token was rejected (missing, invalid or expired)`],
            [
                "no token anywhere",
                "no-token",
                () =>
                    `No HCP Terraform API token found for ${E}. Looked in, in order: the TFE_TOKEN environment variable; ` +
                    `the TF_TOKEN_127_0_0_1 environment variable; the Terraform CLI credentials file /nonexistent-home/.terraform.d/credentials.tfrc.json ` +
                    `(credentials["${E}"].token: file does not exist). Set one of them (for example run "terraform login ${E}" or set TFE_TOKEN).`,
            ],
            ["an organization without HYOK", "no-hyok", () => NO_HYOK],
            [
                "a sensitive variable declared non-sensitive",
                "sensitive-to-plain",
                () =>
                    `variable "DB_PASSWORD" (env) of workspace ${ws.id} already exists and is sensitive; HCP Terraform cannot make a sensitive variable non-sensitive. ` +
                    "Declare sensitive: true, or delete the variable in HCP Terraform and run again.",
            ],
            [
                "a variable of a workspace that does not exist",
                "unknown-owner",
                () =>
                    'creating variable "K" (env) of workspace ws-DoesNotExist0000 failed: the workspace was not found, or the token is not allowed to see it (HCP Terraform answers 404 for both). ' +
                    `POST /workspaces/ws-DoesNotExist0000/vars on ${E} failed: ${NOT_FOUND}`,
            ],
            [
                "an unknown workspace, through a variable group",
                "group-unknown-workspace",
                () =>
                    'workspace "does-not-exist" of organization "acme" was not found, or the token is not allowed to see it (HCP Terraform answers 404 for both). ' +
                    "Check the names and the token's access.",
            ],
            [
                "a variable set in an unknown organization",
                "unknown-organization",
                () =>
                    'creating variable set "shared" of organization "nope" failed: the organization was not found, or the token is not allowed to see it (HCP Terraform answers 404 for both). ' +
                    `POST /organizations/nope/varsets on ${E} failed: ${NOT_FOUND}`,
            ],
            [
                "a global variable set attached to a workspace (conflicting options)",
                "attach-global",
                () =>
                    `HCP Terraform refused the attachment of variable set varset-GLOBAL0000000000 to workspace ${ws.id}: A global variable set cannot be applied to workspaces. ` +
                    `POST /varsets/varset-GLOBAL0000000000/relationships/workspaces on ${E} failed: 422 Unprocessable Entity: A global variable set cannot be applied to workspaces`,
            ],
        ];
        for (const [what, name, expected] of rows) {
            it(`${what} (${name})`, () => assert.equal(messages[name]?.split(world.emu.hostname).join(E), expected()));
        }
        it(`${rows.length} server-side refusals, no other failure`, () => assert.deepEqual(Object.keys(messages).sort(), rows.map((r) => r[1]).sort()));
    });

    it("an organization without HYOK, through the component: the HYOK configuration is refused and none is written", async () => {
        const program = await captureProgram(() =>
            new WorkspaceOidcFederation("hyok", { organization: ORG, workspace: "hyok-ws", hyok: { configurationName: "primary", kmsKeyArn: KMS_KEY } }),
        );
        world.emu.addWorkspace(ORG, "hyok-ws");
        world.emu.clearLog();
        const report = await new Engine(host, program).up();
        assert.deepEqual(
            report.failures.map((f) => [f.name, f.message.split(world.emu.hostname).join("<emulator>")]),
            [
                [
                    "hyok-hyok-oidc-configuration",
                    'creating the AWS OIDC configuration of organization "acme" failed: organization "acme" not found, the token may not see it, or the organization lacks the HYOK entitlement ' +
                        "(HYOK, hold-your-own-key, is an HCP Terraform Premium feature; the API answers 404 for all three). Check the organization name and the token's access, or have HYOK enabled for the organization. " +
                        "(POST /organizations/acme/oidc-configurations on <emulator> failed: 404 Not Found: the object was not found, or the token is not allowed to see it)",
                ],
            ],
        );
        assert.equal(world.emu.store.oidcConfigurations.size, 0);
        // The workspace variables do not depend on HYOK: they are applied (HYOK only adds the key role).
        assert.deepEqual(
            world.emu.log.filter((e) => e.method === "POST").map((e) => `${e.path.replace(/ws-[A-Za-z0-9]+/, "ws-*")} ${e.status}`).sort(),
            ["/api/v2/organizations/acme/oidc-configurations 404", "/api/v2/workspaces/ws-*/vars 201", "/api/v2/workspaces/ws-*/vars 201"],
        );
    });
});
