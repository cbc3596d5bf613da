// Captures a program in a packed-install consumer (packedInstall.ts), so its providers are
// serialized BY REFERENCE as in a user's install (`require("hcp-oidc-federation/dist/…")`), with the
// shared mock answers (realistic AWS, placeholders for consumed dynamic outputs), and answers the
// engine's program (tests/support/engine). The program runs in a fresh node process in the
// consumer (consumerRunner.ts through ts-node), with the consumer's @pulumi/pulumi, and WITHOUT
// TFE_TOKEN / TFE_HOSTNAME / TFE_ADDRESS: the program resolves app.terraform.io, as the component
// defaults do; only the provider host is pointed at an emulator.
//
// ```ts
// const install = await packedInstall();
// const { program } = await captureInConsumer(install, `const { Workspace } = require("hcp-oidc-federation");
// module.exports = () => { new Workspace("ws", { organization: "acme", name: "ws" }); };`);
// const engine = new Engine(await install.startHost({ env }), program);
// ```
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlaceholderSource } from "./mockAnswers";
import type { PackedInstall } from "./packedInstall";
import type { WireResource } from "./wire";
import { MARKER, type RunnerOptions } from "./consumerRunner";
import { buildProgram, toRegistrations, type EngineProgram } from "./engine";

export interface ConsumerCapture {
    program: EngineProgram;
    /** Every registration as the consumer's monitor received it. */
    resources: WireResource[];
    placeholders: Map<string, PlaceholderSource>;
}

const RUNNER = path.join(__dirname, "consumerRunner.ts");
let counter = 0;

/** The environment of the program: the test's, without HCP settings (TFE_*) and npm's npm_* variables. */
function programEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (/^(TFE_|npm_)/i.test(k)) continue;
        env[k] = v;
    }
    return { ...env, TS_NODE_PROJECT: path.join(__dirname, "..", "..", "tsconfig.json"), TS_NODE_TRANSPILE_ONLY: "true" };
}

/** Runs `source` (a CommonJS program) in the consumer under mocks and answers its registrations. */
export async function captureInConsumer(install: PackedInstall, source: string, opts: RunnerOptions & { timeoutMs?: number } = {}): Promise<ConsumerCapture> {
    const dir = path.join(install.consumerDir, ".support");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `capture-${process.pid}-${++counter}.js`);
    fs.writeFileSync(file, source);
    const { timeoutMs, ...options } = opts;
    const args = ["-r", require.resolve("ts-node/register/transpile-only"), RUNNER, file, JSON.stringify(options)];
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, args, { cwd: install.consumerDir, env: programEnv(), timeout: timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, out, errOut) => {
            resolve({ code: err ? Number((err as any).code ?? 1) || 1 : 0, stdout: String(out), stderr: String(errOut) });
        });
    });
    const at = stdout.lastIndexOf(MARKER);
    if (code !== 0 || at < 0) throw new Error(`the program failed in ${install.consumerDir} (exit ${code}):\n${stdout}\n${stderr}`);
    const parsed: { resources: WireResource[]; placeholders: [string, PlaceholderSource][] } = JSON.parse(stdout.slice(at + MARKER.length).split("\n")[0]);
    const placeholders = new Map(parsed.placeholders);
    return { program: buildProgram(toRegistrations(parsed.resources), placeholders), resources: parsed.resources, placeholders };
}
