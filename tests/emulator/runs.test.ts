// The emulator's runs API, pinned over plain HTTP: configuration versions and the archivist,
// runs and plans with their documented progression and timestamps, the plan log format, the run
// controls, and what a cloud simulator is handed (token claims, effective variables, tags).
import assert from "node:assert/strict";
import nodeFetch from "node-fetch";
import { buildArchive } from "../../src/checks";
import { call, doc } from "./http";
import { startEmulator, newId, now, type Emulator, type ProbeInput, type ProbeOutcome } from "./index";

const T = "token-alice";

describe("emulator: runs API", function () {
    this.timeout(20_000);
    let emu: Emulator;
    const seen: ProbeInput[] = [];
    let answer: ProbeOutcome = { reads: [{ address: "data.fake_identity.p", id: "who-am-i" }] };

    before(async () => {
        emu = await startEmulator({ rateLimit: null });
        emu.addToken(T, "alice");
        emu.addOrganization("Acme");
        emu.setRunTiming({ stepMs: 100_000 }); // steps are forced one at a time (step())
        emu.addCloudSimulator({
            provider: "fake", providerSource: "registry.terraform.io/hashicorp/fake", variablePrefix: "FAKE",
            defaultAudience: () => "fake.workload.identity",
            probe: (input) => (seen.push(input), answer),
        });
    });
    after(() => emu.close());

    const FILES = { "main.tf": 'provider "fake" {}\ndata "fake_identity" "p" {}\n' };
    const put = (url: string, body: Buffer, headers: Record<string, string> = { "Content-Type": "application/octet-stream" }) =>
        nodeFetch(url, { method: "PUT", body, headers }).then(async (r) => ({ status: r.status, json: await r.json().catch(() => undefined) }));
    const get = (url: string) => nodeFetch(url).then(async (r) => ({ status: r.status, text: await r.text() }));
    /** Forces the run's next status change now. */
    const step = (runId: string) => (emu.runs.runs.get(runId)!.nextStepAt = Date.now());
    const setVar = (workspaceId: string, key: string, value: string) => {
        const id = newId("var");
        emu.store.variables.set(id, { id, key, value, description: "", category: "env", hcl: false, sensitive: false, versionId: "0".repeat(36), createdAt: now(), workspaceId });
    };
    const varset = (vars: Record<string, string>, attach: { workspaceIds?: string[]; projectIds?: string[]; global?: boolean; priority?: boolean }) => {
        const id = newId("varset");
        emu.store.varsets.set(id, {
            id, name: id, description: "", global: attach.global ?? false, priority: attach.priority ?? false, organization: "Acme", parentProjectId: null,
            workspaceIds: attach.workspaceIds ?? [], projectIds: attach.projectIds ?? [], createdAt: now(), updatedAt: now(),
        });
        for (const [key, value] of Object.entries(vars)) {
            const vid = newId("var");
            emu.store.varsetVariables.set(vid, { id: vid, key, value, description: "", category: "env", hcl: false, sensitive: false, versionId: "0".repeat(36), createdAt: now(), varsetId: id });
        }
    };

    async function uploaded(wsId: string, files: Record<string, string> = FILES): Promise<string> {
        const cv = await call(emu, "POST", `/workspaces/${wsId}/configuration-versions`, { body: doc("configuration-versions", { "auto-queue-runs": false, speculative: true }) });
        assert.equal(cv.status, 201, cv.text);
        assert.equal((await put(cv.json.data.attributes["upload-url"], await buildArchive(files))).status, 200);
        emu.runs.configurationVersions.get(cv.json.data.id)!.readyAt = 0;
        return cv.json.data.id;
    }
    async function newRun(wsId: string, attrs: Record<string, unknown> = { "plan-only": true, message: "m", "target-addrs": ["data.fake_identity.p"] }) {
        const cvId = await uploaded(wsId);
        const r = await call(emu, "POST", "/runs", { body: doc("runs", attrs, { relationships: { workspace: { data: { type: "workspaces", id: wsId } }, "configuration-version": { data: { type: "configuration-versions", id: cvId } } } }) });
        assert.equal(r.status, 201, r.text);
        return r.json.data.id as string;
    }
    const readRun = async (id: string) => (await call(emu, "GET", `/runs/${id}?include=plan`)).json;

    describe("configuration versions and the archivist", () => {
        it("create answers the upload URL once; the PUT refuses Authorization, a wrong type, a second use; the version settles", async () => {
            const ws = emu.addWorkspace("Acme", "cv");
            const r = await call(emu, "POST", `/workspaces/${ws.id}/configuration-versions`, { body: doc("configuration-versions", { "auto-queue-runs": false, speculative: true }) });
            assert.equal(r.status, 201);
            const a = r.json.data.attributes;
            assert.deepEqual({ ...a, "upload-url": "", "created-at": "" }, {
                "auto-queue-runs": false, error: null, "error-message": null, source: "tfe-api", speculative: true, provisional: false, status: "pending",
                "status-timestamps": {}, "upload-url": "", "created-at": "",
            });
            assert.match(a["upload-url"], new RegExp(`^${emu.url}/_archivist/v1/object/[A-Za-z0-9_-]+$`));
            const body = await buildArchive(FILES);
            assert.deepEqual(await put(a["upload-url"], body, { "Content-Type": "application/octet-stream", Authorization: `Bearer ${T}` }), {
                status: 400, json: { errors: ["An Authorization header is not accepted here: archivist URLs are pre-signed."] },
            });
            assert.equal((await put(a["upload-url"], body, { "Content-Type": "application/x-tar" })).status, 415);
            assert.equal((await put(`${emu.url}/_archivist/v1/object/nope`, body)).status, 404);
            assert.equal((await put(a["upload-url"], body)).status, 200);
            assert.equal((await put(a["upload-url"], body)).status, 404, "one-shot");
            const read = await call(emu, "GET", `/configuration-versions/${r.json.data.id}`);
            assert.equal(read.json.data.attributes["upload-url"], undefined);
            emu.runs.configurationVersions.get(r.json.data.id)!.readyAt = 0;
            const settled = (await call(emu, "GET", `/configuration-versions/${r.json.data.id}`)).json.data.attributes;
            assert.equal(settled.status, "uploaded");
            assert.ok(settled["status-timestamps"]["uploaded-at"]);
        });

        it("what HCP cannot ingest ends errored with its reason (not gzip; no .tf at the root or in the working directory)", async () => {
            const ws = emu.addWorkspace("Acme", "ingest");
            const errorOf = async (body: Buffer) => {
                const r = await call(emu, "POST", `/workspaces/${ws.id}/configuration-versions`, { body: doc("configuration-versions", {}) });
                assert.equal(r.json.data.attributes["auto-queue-runs"], true, "the API's default");
                await put(r.json.data.attributes["upload-url"], body);
                emu.runs.configurationVersions.get(r.json.data.id)!.readyAt = 0;
                const a = (await call(emu, "GET", `/configuration-versions/${r.json.data.id}`)).json.data.attributes;
                return [a.status, a["error-message"]];
            };
            assert.match((await errorOf(Buffer.from("plain")))[1], /^The uploaded configuration is not a gzip-compressed tar archive: not gzip-compressed/);
            assert.deepEqual(await errorOf(await buildArchive({ "sub/main.tf": "" })), ["errored", "No Terraform configuration files (*.tf) at the root of the uploaded configuration."]);
            emu.store.workspaces.get(ws.id)!.workingDirectory = "infra";
            assert.deepEqual(await errorOf(await buildArchive({ "main.tf": "" })), ["errored", 'No Terraform configuration files (*.tf) in the working directory "infra" of the uploaded configuration.']);
            assert.deepEqual(await errorOf(await buildArchive({ "infra/main.tf": "" })), ["uploaded", null]);
        });

        it("a token without queue permission gets 403; a hidden workspace 404", async () => {
            const ws = emu.addWorkspace("Acme", "no-queue");
            emu.setWorkspacePermissions(T, ws.id, { canQueueRun: false });
            assert.equal((await call(emu, "GET", `/workspaces/${ws.id}`)).json.data.attributes.permissions["can-queue-run"], false);
            assert.equal((await call(emu, "POST", `/workspaces/${ws.id}/configuration-versions`, { body: doc("configuration-versions", {}) })).status, 403);
            emu.denyAccess(T, ws.id);
            assert.equal((await call(emu, "POST", `/workspaces/${ws.id}/configuration-versions`, { body: doc("configuration-versions", {}) })).status, 404);
        });
    });

    describe("runs and plans", () => {
        it("success: run pending -> plan_queued -> planning -> planned_and_finished, plan pending -> queued -> running -> finished", async () => {
            const ws = emu.addWorkspace("Acme", "progress");
            const id = await newRun(ws.id);
            const statuses: string[][] = [];
            for (let i = 0; i < 4; i++) {
                const r = await readRun(id);
                statuses.push([r.data.attributes.status, r.included[0].attributes.status]);
                step(id);
            }
            assert.deepEqual(statuses, [["pending", "pending"], ["plan_queued", "queued"], ["planning", "running"], ["planned_and_finished", "finished"]]);
            const r = await readRun(id);
            assert.deepEqual(Object.keys(r.data.attributes["status-timestamps"]), ["plan-queueable-at", "plan-queued-at", "planning-at", "planned-and-finished-at"]);
            assert.deepEqual(Object.keys(r.included[0].attributes["status-timestamps"]), ["pending-at", "queued-at", "started-at", "finished-at"]);
            assert.deepEqual(r.data.attributes.actions, { "is-cancelable": false, "is-confirmable": false, "is-discardable": false, "is-force-cancelable": false });
            assert.equal(r.data.relationships.plan.data.id, r.included[0].id);
            assert.equal((await call(emu, "GET", `/plans/${r.included[0].id}`)).json.data.attributes.status, "finished");
            // The log: STX, the worker's lines, JSON lines, the targeting warning, the summary, ETX.
            const log = await get(r.included[0].attributes["log-read-url"]);
            const lines = log.text.split("\n");
            assert.deepEqual(lines.slice(0, 3), ["\u0002Terraform v1.9.7", "on linux_amd64", "Initializing plugins and modules..."]);
            const json = lines.slice(3, -1).map((l) => JSON.parse(l));
            assert.deepEqual(json.map((j) => [j.type, j["@level"], j["@message"]]), [
                ["version", "info", "Terraform 1.9.7"],
                ["apply_start", "info", "data.fake_identity.p: Reading..."],
                ["apply_complete", "info", "data.fake_identity.p: Read complete after 0s [id=who-am-i]"],
                ["diagnostic", "warn", "Warning: Resource targeting is in effect"],
                ["change_summary", "info", "Plan: 0 to add, 0 to change, 0 to destroy."],
            ]);
            assert.equal(json[2].hook.id_value, "who-am-i");
            assert.equal(lines[lines.length - 1], "\u0003");
            const chunk = await get(`${r.included[0].attributes["log-read-url"]}?offset=1&limit=16`);
            assert.equal(chunk.text, "Terraform v1.9.7");
            assert.equal((await nodeFetch(r.included[0].attributes["log-read-url"], { headers: { Authorization: `Bearer ${T}` } })).status, 400);
        });

        it("failure: the plan and the run end errored, the log carries the simulator's diagnostic, no summary", async () => {
            const ws = emu.addWorkspace("Acme", "failing");
            answer = { diagnostics: [{ severity: "error", summary: "Denied", detail: "no", address: 'provider["x"]' }] };
            try {
                const id = await newRun(ws.id);
                for (let i = 0; i < 3; i++) step(id), await readRun(id);
                const r = await readRun(id);
                assert.deepEqual([r.data.attributes.status, r.included[0].attributes.status], ["errored", "errored"]);
                assert.ok(r.data.attributes["status-timestamps"]["errored-at"] && r.included[0].attributes["status-timestamps"]["errored-at"]);
                const log = (await get(r.included[0].attributes["log-read-url"])).text;
                assert.ok(log.includes('"diagnostic":{"severity":"error","summary":"Denied","detail":"no","address":"provider[\\"x\\"]"}'));
                assert.ok(!log.includes("change_summary") && log.endsWith("\u0003"));
            } finally {
                answer = { reads: [{ address: "data.fake_identity.p", id: "who-am-i" }] };
            }
        });

        it("policy, run task, hold and agent pool behaviours; an untargeted plan of a populated workspace destroys its resources", async () => {
            const ws = emu.addWorkspace("Acme", "behaviours");
            const through = async (behavior: Parameters<Emulator["setRunBehavior"]>[1], steps: number) => {
                emu.setRunBehavior(ws.id, behavior);
                const id = await newRun(ws.id);
                const out: string[] = [];
                for (let i = 0; i < steps; i++) step(id), out.push((await readRun(id)).data.attributes.status);
                return out;
            };
            assert.deepEqual(await through({ policy: "hard-failed" }, 6), ["plan_queued", "planning", "planned", "policy_checking", "errored", "errored"]);
            assert.deepEqual(await through({ policy: "soft-failed" }, 5), ["plan_queued", "planning", "planned", "policy_checking", "policy_soft_failed"]);
            assert.deepEqual(await through({ runTask: "awaiting-decision" }, 6), ["plan_queued", "planning", "planned", "post_plan_running", "post_plan_awaiting_decision", "post_plan_awaiting_decision"]);
            assert.deepEqual(await through({ holdAt: "plan_queued" }, 3), ["plan_queued", "plan_queued", "plan_queued"]);
            emu.setRunBehavior(ws.id, {});
            emu.setAgentPool(ws.id, { name: "pool", freeAgents: 0 });
            const queued = await newRun(ws.id);
            for (let i = 0; i < 3; i++) step(queued), await readRun(queued);
            const r = await readRun(queued);
            assert.equal(r.data.attributes.status, "plan_queued");
            assert.deepEqual(Object.keys(r.included[0].attributes["execution-details"]), ["mode", "agent-pool-id", "agent-pool-name"]);
            assert.equal((await call(emu, "GET", `/workspaces/${ws.id}`)).json.data.attributes["execution-mode"], "agent");
            emu.setAgentPool(ws.id, { name: "pool", freeAgents: 1 });
            step(queued);
            assert.equal((await readRun(queued)).data.attributes.status, "planning");
            emu.store.workspaces.get(ws.id)!.managesResources = true;
            const untargeted = await newRun(ws.id, { "plan-only": true, message: "m" });
            for (let i = 0; i < 3; i++) step(untargeted), await readRun(untargeted);
            const plan = (await readRun(untargeted)).included[0].attributes;
            assert.deepEqual([plan.status, plan["resource-destructions"], plan["has-changes"]], ["finished", 1, true]);
        });

        it("the plan's execution mode follows the workspace's: agent without a pool waits queued, back to remote runs without the pool", async () => {
            const ws = emu.addWorkspace("Acme", "agent-mode", { executionMode: "agent" });
            const waiting = await newRun(ws.id);
            for (let i = 0; i < 3; i++) step(waiting), await readRun(waiting);
            const r = await readRun(waiting);
            assert.equal(r.data.attributes.status, "plan_queued");
            assert.deepEqual(r.included[0].attributes["execution-details"], { mode: "agent" });
            emu.setAgentPool(ws.id, { name: "late-pool", freeAgents: 1 });
            step(waiting);
            assert.equal((await readRun(waiting)).data.attributes.status, "planning");
            emu.setAgentPool(ws.id, { name: "late-pool", freeAgents: 0 });
            const patched = await call(emu, "PATCH", `/workspaces/${ws.id}`, { body: doc("workspaces", { "execution-mode": "remote" }) });
            assert.equal(patched.json.data.attributes["execution-mode"], "remote", patched.text);
            const remote = await newRun(ws.id);
            for (let i = 0; i < 3; i++) step(remote), await readRun(remote);
            const done = await readRun(remote);
            assert.deepEqual([done.data.attributes.status, done.included[0].attributes["execution-details"]], ["planned_and_finished", { mode: "remote" }]);
        });

        it("cancel: 202 while queued or planning, 409 otherwise, 403 without permission; discard while pending", async () => {
            const ws = emu.addWorkspace("Acme", "cancels");
            const id = await newRun(ws.id);
            step(id);
            assert.equal((await readRun(id)).data.attributes.actions["is-cancelable"], true);
            assert.equal((await call(emu, "POST", `/runs/${id}/actions/cancel`, { body: { comment: "c" } })).status, 202);
            const r = await readRun(id);
            assert.deepEqual([r.data.attributes.status, r.included[0].attributes.status], ["canceled", "unreachable"]);
            assert.ok(r.data.attributes["canceled-at"]);
            assert.equal((await call(emu, "POST", `/runs/${id}/actions/cancel`, { body: {} })).status, 409);
            const pending = await newRun(ws.id);
            assert.equal((await call(emu, "POST", `/runs/${pending}/actions/discard`, { body: {} })).status, 202);
            assert.equal((await readRun(pending)).data.attributes.status, "discarded");
            emu.setRunBehavior(ws.id, { cancel: "forbidden" });
            const locked = await newRun(ws.id);
            assert.equal((await readRun(locked)).data.attributes.permissions["can-cancel"], false);
            assert.equal((await call(emu, "POST", `/runs/${locked}/actions/cancel`, { body: {} })).status, 403);
        });

        it("create refuses: no workspace, no or unready configuration version, a non-plan-only run on a speculative one, local mode, no permission", async () => {
            const ws = emu.addWorkspace("Acme", "refusals");
            const cvId = await uploaded(ws.id);
            const post = (attrs: Record<string, unknown>, rel: Record<string, unknown>) => call(emu, "POST", "/runs", { body: doc("runs", attrs, { relationships: rel }) });
            const wsRel = { workspace: { data: { type: "workspaces", id: ws.id } } };
            const cvRel = (id: string) => ({ "configuration-version": { data: { type: "configuration-versions", id } } });
            const detail = (r: any) => [r.status, r.json.errors[0].detail];
            assert.deepEqual(detail(await post({}, cvRel(cvId))), [422, "Workspace is required"]);
            assert.deepEqual(detail(await post({ "plan-only": true }, wsRel)), [422, "Configuration version is missing"]);
            assert.deepEqual(detail(await post({}, { ...wsRel, ...cvRel(cvId) })), [422, "A speculative configuration version can only be used by plan-only runs"]);
            const pendingCv = (await call(emu, "POST", `/workspaces/${ws.id}/configuration-versions`, { body: doc("configuration-versions", { speculative: true }) })).json.data.id;
            assert.deepEqual(detail(await post({ "plan-only": true }, { ...wsRel, ...cvRel(pendingCv) })), [422, "Configuration version is pending, not uploaded"]);
            emu.store.workspaces.get(ws.id)!.executionMode = "local";
            assert.deepEqual(detail(await post({ "plan-only": true }, { ...wsRel, ...cvRel(cvId) })), [422, "Runs cannot be queued on a workspace in local execution mode"]);
            emu.store.workspaces.get(ws.id)!.executionMode = "remote";
            emu.setWorkspacePermissions(T, ws.id, { canQueueRun: false });
            assert.equal((await post({ "plan-only": true }, { ...wsRel, ...cvRel(cvId) })).status, 403);
        });
    });

    describe("the cloud simulator's input", () => {
        const probeOf = async (wsId: string, files = FILES) => {
            seen.length = 0;
            const cvId = await uploaded(wsId, files);
            const r = await call(emu, "POST", "/runs", { body: doc("runs", { "plan-only": true, message: "m" }, { relationships: { workspace: { data: { type: "workspaces", id: wsId } }, "configuration-version": { data: { type: "configuration-versions", id: cvId } } } }) });
            for (let i = 0; i < 3; i++) step(r.json.data.id), await readRun(r.json.data.id);
            assert.equal(seen.length, 1);
            return { input: seen[0], runId: r.json.data.id as string };
        };

        it("the token's claims from the workspace's real names and the run phase; issuer and audience", async () => {
            const prj = emu.addProject("Acme", "Platform Team");
            const ws = emu.addWorkspace("Acme", "claims", { projectId: prj.id });
            setVar(ws.id, "TFC_FAKE_PROVIDER_AUTH", "true");
            const first = await probeOf(ws.id);
            const runId = first.runId;
            let input = first.input;
            const { iat, nbf, exp, ...claims } = input.token!;
            assert.deepEqual(claims, {
                iss: `https://${emu.hostname}`, aud: "fake.workload.identity",
                sub: "organization:Acme:project:Platform Team:workspace:claims:run_phase:plan", jti: `${runId}-plan`,
                terraform_organization_id: claims.terraform_organization_id, terraform_organization_name: "Acme",
                terraform_project_id: prj.id, terraform_project_name: "Platform Team", terraform_workspace_id: ws.id, terraform_workspace_name: "claims",
                terraform_full_workspace: "organization:Acme:project:Platform Team:workspace:claims", terraform_run_id: runId, terraform_run_phase: "plan",
            });
            assert.match(claims.terraform_organization_id, /^org-/);
            assert.ok(iat === nbf && exp > iat);
            assert.deepEqual([input.phase, input.tag, input.dynamicCredentials, input.providerAddress, input.targetAddrs], ["plan", null, true, 'provider["registry.terraform.io/hashicorp/fake"]', null]);
            emu.setIssuerHost("tfe.example.com");
            setVar(ws.id, "TFC_FAKE_WORKLOAD_IDENTITY_AUDIENCE", "custom");
            input = (await probeOf(ws.id)).input;
            assert.deepEqual([input.token!.iss, input.token!.aud], ["https://tfe.example.com", "custom"]);
            emu.setIssuerHost(null);
        });

        it("the effective variables: priority set > workspace > set on the workspace > set on its project > global set", async () => {
            const ws = emu.addWorkspace("Acme", "precedence");
            const pid = ws.projectId;
            varset({ A: "global", B: "global", C: "global", D: "global", E: "global" }, { global: true });
            varset({ A: "project", B: "project", C: "project", D: "project" }, { projectIds: [pid] });
            varset({ A: "ws-set", B: "ws-set", C: "ws-set" }, { workspaceIds: [ws.id] });
            setVar(ws.id, "A", "workspace");
            setVar(ws.id, "B", "workspace");
            varset({ A: "priority" }, { workspaceIds: [ws.id], priority: true });
            const { input } = await probeOf(ws.id);
            assert.deepEqual([input.env.A, input.env.B, input.env.C, input.env.D, input.env.E], ["priority", "workspace", "ws-set", "project", "global"]);
            assert.equal(input.dynamicCredentials, false);
            assert.equal(input.token, null);
        });

        it("a tag: its variables (TFC_DEFAULT_ as fallback) and the alias's provider address; a tag not enabled fails on the index", async () => {
            const ws = emu.addWorkspace("Acme", "tags");
            setVar(ws.id, "TFC_FAKE_PROVIDER_AUTH_blue", "true");
            setVar(ws.id, "TFC_FAKE_RUN_ROLE_blue", "blue-role");
            setVar(ws.id, "TFC_FAKE_RUN_ROLE", "default-role");
            setVar(ws.id, "TFC_DEFAULT_FAKE_REGION", "eu");
            const files = { "main.tf": 'provider "fake" {\n  alias = "p"\n  file = var.tfc_fake_dynamic_credentials.aliases["blue"].file\n}\n' };
            const { input } = await probeOf(ws.id, files);
            assert.deepEqual([input.tag, input.dynamicCredentials, input.settings.RUN_ROLE, input.settings.REGION], ["blue", true, "blue-role", "eu"]);
            assert.equal(input.providerAddress, 'provider["registry.terraform.io/hashicorp/fake"].p');
            const green = { "main.tf": files["main.tf"].replace('"blue"', '"green"') };
            seen.length = 0;
            const cvId = await uploaded(ws.id, green);
            const r = await call(emu, "POST", "/runs", { body: doc("runs", { "plan-only": true, message: "m" }, { relationships: { workspace: { data: { type: "workspaces", id: ws.id } }, "configuration-version": { data: { type: "configuration-versions", id: cvId } } } }) });
            for (let i = 0; i < 3; i++) step(r.json.data.id), await readRun(r.json.data.id);
            const run = await readRun(r.json.data.id);
            assert.equal(run.included[0].attributes.status, "errored");
            assert.equal(seen.length, 0, "the cloud is never asked");
            assert.ok((await get(run.included[0].attributes["log-read-url"])).text.includes('"summary":"Invalid index","detail":"The given key does not identify an element in this collection value."'));
        });
    });
});
