// parsePlanLog (pure) on logs in the documented shapes, and readPlanLog's chunked reads without the token.
import { strict as assert } from "node:assert";
import { ETX, STX, logErrors, parsePlanLog, readPlanLog } from "../../src/hcp";
import { TOKEN, useEmulator } from "./helpers";

const AWS_ERROR = {
    "@level": "error",
    "@message": "Error: No valid credential sources found",
    "@module": "terraform.ui",
    diagnostic: {
        severity: "error",
        summary: "No valid credential sources found",
        detail: "Please see https://registry.terraform.io/providers/hashicorp/aws\nfor more information about providing credentials.\n\nError: failed to refresh cached credentials, no EC2 IMDS role found",
        address: 'provider["registry.terraform.io/hashicorp/aws"]',
    },
    type: "diagnostic",
};

function jsonl(...entries: object[]): string {
    return entries.map((e) => JSON.stringify(e)).join("\n");
}

describe("hcp/planLog: parsePlanLog", () => {
    it("strips STX/ETX, keeps worker lines, reads diagnostics, data source reads and the change summary", () => {
        const text =
            `${STX}Terraform v1.9.7\non linux_amd64\nInitializing plugins and modules...\n` +
            jsonl(
                { "@level": "info", "@message": "Terraform 1.9.7", type: "version", terraform: "1.9.7", ui: "1.2" },
                { "@level": "info", "@message": "data.aws_arn.x: Reading...", type: "apply_start", hook: { resource: { addr: "data.aws_arn.x" }, action: "read" } },
                {
                    "@level": "info", "@message": "data.aws_arn.x: Read complete after 0s [id=arn:aws:sts::1:assumed-role/r/s]", type: "apply_complete",
                    hook: { resource: { addr: "data.aws_arn.x" }, action: "read", id_key: "id", id_value: "arn:aws:sts::1:assumed-role/r/s" },
                },
                { "@level": "warn", "@message": "Warning: Resource targeting is in effect", type: "diagnostic", diagnostic: { severity: "warning", summary: "Resource targeting is in effect", detail: "d" } },
                { "@level": "info", "@message": "Plan: 0 to add, 0 to change, 0 to destroy.", type: "change_summary", changes: { add: 0, change: 0, import: 0, remove: 0, operation: "plan" } },
            ) +
            `\n${ETX}`;
        const log = parsePlanLog(text);
        assert.equal(log.started, true);
        assert.equal(log.complete, true);
        assert.deepEqual(log.lines.slice(0, 3), ["Terraform v1.9.7", "on linux_amd64", "Initializing plugins and modules..."]);
        assert.equal(log.lines.length, 8);
        assert.deepEqual(log.reads, [{ address: "data.aws_arn.x", id: "arn:aws:sts::1:assumed-role/r/s" }]);
        assert.deepEqual(log.diagnostics, [{ severity: "warning", summary: "Resource targeting is in effect", detail: "d" }]);
        assert.deepEqual(log.workerErrors, []);
        assert.deepEqual(log.changeSummary, { add: 0, change: 0, remove: 0, import: 0 });
        assert.deepEqual(logErrors(log), []);
    });

    it("error diagnostics with their address, and worker failures before Terraform ran, in order", () => {
        const vault = "Operation failed: failed authenticating to Vault: Error making API request. Code: 400. Errors: * role \"tfc-role\" could not be found";
        const log = parsePlanLog(`${STX}${vault}\n${jsonl(AWS_ERROR)}\nError: something plain\n${ETX}`);
        assert.deepEqual(log.workerErrors, [vault, "Error: something plain"]);
        assert.deepEqual(logErrors(log), [
            { severity: "error", summary: AWS_ERROR.diagnostic.summary, detail: AWS_ERROR.diagnostic.detail, address: AWS_ERROR.diagnostic.address },
            { severity: "error", summary: vault, detail: "" },
            { severity: "error", summary: "Error: something plain", detail: "" },
        ]);
    });

    it("a log still being written (no ETX), one without framing, a read in the message only, and lines that are not JSON", () => {
        const partial = parsePlanLog(`${STX}Terraform v1.9.7\n{"broken json`);
        assert.deepEqual([partial.started, partial.complete, partial.lines], [true, false, ["Terraform v1.9.7", '{"broken json']]);
        const bare = parsePlanLog(jsonl({ type: "log", "@message": "data.google_client_openid_userinfo.p: Read complete after 1s [id=sa@p.iam.gserviceaccount.com]" }));
        assert.deepEqual([bare.started, bare.complete], [false, false]);
        assert.deepEqual(bare.reads, [{ address: "data.google_client_openid_userinfo.p", id: "sa@p.iam.gserviceaccount.com" }]);
        assert.deepEqual(parsePlanLog("").lines, []);
        assert.deepEqual(parsePlanLog(undefined as any).lines, []);
        assert.deepEqual(parsePlanLog("[1,2]\n42\nnull").diagnostics, []);
    });
});

describe("hcp/planLog: readPlanLog", () => {
    const fx = useEmulator();

    it("reads limit/offset chunks until ETX, without the Authorization header; validates the URL first", async () => {
        // A plan log served by the emulator's archivist: start a run through the raw store.
        const body = `${STX}${"x".repeat(2500)}\n${ETX}`;
        const plan = { id: "plan-chunky00000000001", runId: "run-none", status: "finished", statusTimestamps: {}, logObject: "", log: body, resourceDestructions: 0, executionMode: "remote" as const, agentPool: null };
        fx.emu.runs.plans.set(plan.id, plan);
        fx.emu.runs.runs.set("run-none", { id: "run-none", status: "planned_and_finished", planId: plan.id } as any);
        fx.emu.runs.objects.set("chunky", { kind: "log", planId: plan.id });
        const text = await readPlanLog(fx.client(), `${fx.emu.url}/_archivist/v1/object/chunky`, { chunkBytes: 1000 });
        assert.equal(text, body);
        assert.deepEqual(fx.emu.log.map((e) => [e.method, e.query, e.status]), [
            ["GET", { limit: "1000", offset: "0" }, 200],
            ["GET", { limit: "1000", offset: "1000" }, 200],
            ["GET", { limit: "1000", offset: "2000" }, 200],
        ]);
        await assert.rejects(readPlanLog(fx.client(), ""), { message: "the plan has no log URL (log-read-url): read the plan again once it has started." });
        const gone = await readPlanLog(fx.client(), `${fx.emu.url}/_archivist/v1/object/unknown`).then(() => undefined, (e) => e);
        assert.match(gone.message, /^GET <log-read-url> on 127\.0\.0\.1:\d+ failed: 404 Not Found: .*, or the log URL has expired: read the plan again for a fresh one$/);
        assert.ok(!gone.message.includes("unknown") && !gone.message.includes(TOKEN), "neither the URL nor the token is quoted");
    });
});
