// Client modules of the runs API against the emulator: configuration versions (create, upload
// without the token, read), runs (create plan-only, read with include=plan, cancel, discard),
// plans, and the workspace's run settings. Bad ids are refused before any request.
import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import {
    cancelRun, createConfigurationVersion, createRun, discardRun, readConfigurationVersion, readPlan, readRun,
    readWorkspaceRunSettings, uploadConfiguration,
} from "../../src/hcp";
import { buildArchive } from "../../src/checks";
import { ORG, TOKEN, rejection, useEmulator } from "./helpers";

describe("hcp/configurationVersions, runs, plans", () => {
    const fx = useEmulator();
    const archive = () => buildArchive({ "main.tf": 'output "x" { value = 1 }\n' });
    const settle = () => new Promise((r) => setTimeout(r, 30));

    async function uploadedVersion(wsId: string) {
        const cv = await createConfigurationVersion(fx.client(), wsId, { speculative: true, autoQueueRuns: false });
        await uploadConfiguration(fx.client(), cv.uploadUrl!, await archive());
        await settle();
        return cv;
    }

    it("createConfigurationVersion sends both flags, answers the upload URL once; readConfigurationVersion hides it", async () => {
        const ws = fx.emu.addWorkspace(ORG, "cv");
        const cv = await createConfigurationVersion(fx.client(), ws.id, { speculative: true, autoQueueRuns: false });
        assert.match(cv.id, /^cv-[A-Za-z0-9]{16}$/);
        assert.deepEqual({ ...cv, id: "", uploadUrl: "" }, { id: "", status: "pending", speculative: true, autoQueueRuns: false, source: "tfe-api", statusTimestamps: {}, uploadUrl: "" });
        assert.ok(cv.uploadUrl!.startsWith(`${fx.emu.url}/_archivist/v1/object/`));
        assert.deepEqual(fx.emu.log[0].body, { data: { type: "configuration-versions", attributes: { "auto-queue-runs": false, speculative: true } } });
        const read = await readConfigurationVersion(fx.client(), cv.id);
        assert.equal(read.uploadUrl, undefined);
        assert.equal(read.status, "pending");
    });

    it("uploadConfiguration PUTs the archive as octet-stream WITHOUT Authorization; the URL is one-shot and never quoted", async () => {
        const ws = fx.emu.addWorkspace(ORG, "upload");
        const cv = await createConfigurationVersion(fx.client(), ws.id, { speculative: true, autoQueueRuns: false });
        const body = await archive();
        await uploadConfiguration(fx.client(), cv.uploadUrl!, body);
        // The emulator's archivist refuses any Authorization header (400): this 200 proves none was sent.
        assert.deepEqual(fx.emu.log.slice(1).map((e) => [e.method, e.status, e.user]), [["PUT", 200, undefined]]);
        await settle();
        const uploaded = await readConfigurationVersion(fx.client(), cv.id);
        assert.equal(uploaded.status, "uploaded");
        assert.ok(uploaded.statusTimestamps["uploaded-at"]);
        assert.deepEqual(fx.emu.runs.configurationVersions.get(cv.id)!.files, { "main.tf": 'output "x" { value = 1 }\n' });
        const again = await rejection(uploadConfiguration(fx.client(), cv.uploadUrl!, body));
        assert.equal(again.code, "NOT_FOUND");
        assert.match(again.message, /^PUT <upload-url> on 127\.0\.0\.1:\d+ failed: 404 Not Found: .*, or the one-shot upload URL has expired or was used: create a new configuration version$/);
        assert.ok(!again.message.includes(cv.uploadUrl!.split("/").pop()!) && !again.message.includes(TOKEN));
    });

    it("foreign(): an error text that quotes the pre-signed URL reaches the message redacted", async () => {
        const server = http.createServer((req, res) => {
            const body = JSON.stringify({ errors: [{ status: "403", title: "forbidden", detail: `signature of http://${req.headers.host}${req.url} expired (path ${req.url})` }] });
            res.writeHead(403, { "Content-Type": "application/json" }).end(body);
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/object/s3cr3t-object?sig=s3cr3t-signature`;
            const err = await rejection(fx.client().foreign("GET", url, { label: "<log-url>" }));
            assert.equal(err.code, "FORBIDDEN");
            assert.match(err.message, /^GET <log-url> on 127\.0\.0\.1:\d+ failed: 403 Forbidden: /);
            assert.ok(err.message.endsWith(": signature of [redacted] expired (path [redacted]?[redacted])"), err.message);
            assert.ok(!err.message.includes("s3cr3t"), err.message);
        } finally {
            await new Promise((resolve) => server.close(resolve));
        }
    });

    it("an archive HCP cannot use: the version ends errored with the reason", async () => {
        const ws = fx.emu.addWorkspace(ORG, "bad-archive");
        const cv = await createConfigurationVersion(fx.client(), ws.id, { speculative: true, autoQueueRuns: false });
        await uploadConfiguration(fx.client(), cv.uploadUrl!, Buffer.from("not a tarball"));
        await settle();
        const read = await readConfigurationVersion(fx.client(), cv.id);
        assert.equal(read.status, "errored");
        assert.match(read.errorMessage!, /^The uploaded configuration is not a gzip-compressed tar archive: not gzip-compressed \(/);
    });

    it("createRun sends plan-only, the message, the targets and both relationships; readRun includes the plan", async () => {
        const ws = fx.emu.addWorkspace(ORG, "run");
        const cv = await uploadedVersion(ws.id);
        fx.emu.clearLog();
        const run = await createRun(fx.client(), { workspaceId: ws.id, configurationVersionId: cv.id, planOnly: true, message: "check", targetAddrs: ["data.x.y"] });
        assert.match(run.id, /^run-/);
        assert.deepEqual(
            { status: run.status, planOnly: run.planOnly, message: run.message, targetAddrs: run.targetAddrs, workspaceId: run.workspaceId, configurationVersionId: run.configurationVersionId },
            { status: "pending", planOnly: true, message: "check", targetAddrs: ["data.x.y"], workspaceId: ws.id, configurationVersionId: cv.id },
        );
        assert.match(run.planId, /^plan-/);
        assert.deepEqual(run.actions, { isCancelable: true, isDiscardable: true, isForceCancelable: false, isConfirmable: false });
        assert.deepEqual(run.permissions, { canCancel: true, canDiscard: true, canForceCancel: true });
        assert.ok(run.statusTimestamps["plan-queueable-at"]);
        const { run: again, plan } = await readRun(fx.client(), run.id);
        assert.deepEqual(fx.emu.log.slice(1).map((e) => [e.path, e.query]), [[`/api/v2/runs/${run.id}`, { include: "plan" }]]);
        assert.equal(again.id, run.id);
        assert.equal(plan!.id, run.planId);
        assert.ok(plan!.logReadUrl.startsWith(`${fx.emu.url}/_archivist/v1/object/`));
        assert.equal(plan!.executionMode, "remote");
        const direct = await readPlan(fx.client(), run.planId);
        assert.equal(direct.id, run.planId);
    });

    it("cancelRun and discardRun: 202 with the comment; 409 (ConflictError) when not allowed now; 403 without permission", async () => {
        const ws = fx.emu.addWorkspace(ORG, "cancel");
        const cv = await uploadedVersion(ws.id);
        fx.emu.setRunBehavior(ws.id, { holdAt: "plan_queued" });
        const run = await createRun(fx.client(), { workspaceId: ws.id, configurationVersionId: cv.id, planOnly: true, message: "m" });
        await cancelRun(fx.client(), run.id, "why");
        assert.deepEqual(fx.emu.log[fx.emu.log.length - 1].body, { comment: "why" });
        assert.equal((await readRun(fx.client(), run.id)).run.status, "canceled");
        assert.equal((await rejection(cancelRun(fx.client(), run.id))).code, "CONFLICT");
        fx.emu.setRunBehavior(ws.id, { holdAt: "pending" });
        const second = await createRun(fx.client(), { workspaceId: ws.id, configurationVersionId: cv.id, planOnly: true, message: "m" });
        await discardRun(fx.client(), second.id);
        assert.equal((await readRun(fx.client(), second.id)).run.status, "discarded");
        fx.emu.setRunBehavior(ws.id, { holdAt: "plan_queued", cancel: "forbidden" });
        const third = await createRun(fx.client(), { workspaceId: ws.id, configurationVersionId: cv.id, planOnly: true, message: "m" });
        assert.equal(third.permissions.canCancel, false);
        assert.equal((await rejection(cancelRun(fx.client(), third.id))).code, "FORBIDDEN");
    });

    it("readWorkspaceRunSettings: execution mode, can-queue-run, working directory (by id and by name)", async () => {
        const ws = fx.emu.addWorkspace(ORG, "settings");
        const record = fx.emu.store.workspaces.get(ws.id)!;
        assert.deepEqual(await readWorkspaceRunSettings(fx.client(), { workspaceId: ws.id }), {
            id: ws.id, name: "settings", organization: ORG, projectId: ws.projectId, executionMode: "remote", canQueueRun: true,
            workingDirectory: "", agentPoolId: "", locked: false,
        });
        record.executionMode = "local";
        record.workingDirectory = "infra";
        fx.emu.setWorkspacePermissions(TOKEN, ws.id, { canQueueRun: false });
        const byName = await readWorkspaceRunSettings(fx.client(), { organization: ORG, workspaceName: "settings" });
        assert.deepEqual([byName.executionMode, byName.canQueueRun, byName.workingDirectory], ["local", false, "infra"]);
    });

    it("bad ids and options are refused before any request", async () => {
        fx.emu.clearLog();
        const c = fx.client();
        await assert.rejects(createConfigurationVersion(c, "workspace", { speculative: true, autoQueueRuns: false }), { message: 'workspaceId "workspace" is not valid: give an id such as "ws-123456789abcdefg".' });
        await assert.rejects(readConfigurationVersion(c, "cv"), { message: 'configuration version id "cv" is not valid: give an id such as "cv-123456789abcdefg".' });
        await assert.rejects(uploadConfiguration(c, "file:///tmp/x", Buffer.from("x")), { message: "the upload URL is not an http(s) URL: use the upload-url of a configuration version just created." });
        await assert.rejects(uploadConfiguration(c, "https://h/x", Buffer.alloc(0)), { message: "the archive is empty: give the .tar.gz of the configuration." });
        await assert.rejects(createRun(c, { workspaceId: "ws-a", configurationVersionId: "cv-b", planOnly: true, message: " " }), { message: "message is required: name what the run is for." });
        await assert.rejects(createRun(c, { workspaceId: "ws-a", configurationVersionId: "x", planOnly: true, message: "m" }), /configurationVersionId "x" is not valid/);
        await assert.rejects(createRun(c, { workspaceId: "ws-a", configurationVersionId: "cv-b", planOnly: true, message: "m", targetAddrs: [""] }), /targetAddrs must be a list/);
        await assert.rejects(readRun(c, "nope"), { message: 'run id "nope" is not valid: give an id such as "run-123456789abcdefg".' });
        await assert.rejects(cancelRun(c, ""), /run id "" is not valid/);
        await assert.rejects(readPlan(c, "p"), { message: 'plan id "p" is not valid: give an id such as "plan-123456789abcdefg".' });
        await assert.rejects(readWorkspaceRunSettings(c, { organization: "a b", workspaceName: "w" }), { message: 'organization "a b" is not valid: use only letters, digits, "-" and "_".' });
        assert.deepEqual(fx.emu.log, []);
    });
});
