// Replays the request sequence of the seed's `examples/oidc_setup.py` (see
// /work/shared/docs/seed-scripts.md) against the emulator, to put its request count and time next to
// the package's. Only the HCP Terraform side (the AWS calls are not part of the comparison):
//
//   for each workspace, strictly one after another:
//     GET  /organizations/:org/workspaces/:name
//     for TFC_AWS_PROVIDER_AUTH ("true", plain) and TFC_AWS_RUN_ROLE_ARN (the script marks it sensitive):
//       GET    /workspaces/:id/vars
//       DELETE /workspaces/:id/vars/:var      for each variable with that key (matched on key only)
//       POST   /workspaces/:id/vars
//
// First run: 5 requests per workspace; a re-run deletes and recreates both variables: 7.
//
// 429 handling is python-tfe's transport (hashicorp/python-tfe src/pytfe/_http.py, config.py): retry
// 429/502/503/504 up to max_retries = 5 times, sleeping Retry-After when present, else
// min(backoff_cap = 8 s, backoff_base = 0.5 s * 2^attempt). HCP's 429 carries X-RateLimit-Reset,
// which that SDK does not read. No client-side limiter. Connections are kept alive (httpx).
import * as http from "node:http";
import nodeFetch from "node-fetch";
import { ORG, workspaceNames } from "./fleet";
import { type BenchOptions, type Row, freshEmulator, rowOf } from "./measure";
import { fillOrganization, roleArnOf, wrongWorkspaces } from "./singlePath";

export interface SeedResult {
    workspaces: number;
    ok: number;
    failed: { workspace: string; message: string }[];
    seconds: number;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const MAX_RETRIES = 5;
const BACKOFF_BASE_S = 0.5;
const BACKOFF_CAP_S = 8;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function replaySeed(opts: { baseUrl: string; token: string; organization: string; workspaces: string[]; roleArn: (ws: string) => string }): Promise<SeedResult> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const api = `${opts.baseUrl}/api/v2`;
    const headers = { Authorization: `Bearer ${opts.token}`, Accept: "application/vnd.api+json", "Content-Type": "application/vnd.api+json" };

    async function request(method: string, path: string, body?: unknown): Promise<any> {
        for (let attempt = 0; ; attempt++) {
            const res = await nodeFetch(api + path, { method, headers, agent, body: body === undefined ? undefined : JSON.stringify(body) });
            const text = await res.text();
            if (RETRY_STATUSES.has(res.status) && attempt < MAX_RETRIES) {
                const retryAfter = res.headers.get("retry-after");
                const seconds = retryAfter !== null && retryAfter !== "" && isFinite(Number(retryAfter)) ? Number(retryAfter) : Math.min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** attempt);
                await sleep(seconds * 1000);
                continue;
            }
            if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
            return text === "" ? undefined : JSON.parse(text);
        }
    }

    const failed: SeedResult["failed"] = [];
    const t0 = performance.now();
    for (const ws of opts.workspaces) {
        try {
            const doc = await request("GET", `/organizations/${encodeURIComponent(opts.organization)}/workspaces/${encodeURIComponent(ws)}`);
            const wsId: string = doc.data.id;
            for (const [key, value, sensitive] of [
                ["TFC_AWS_PROVIDER_AUTH", "true", false],
                ["TFC_AWS_RUN_ROLE_ARN", opts.roleArn(ws), true],
            ] as const) {
                const list = await request("GET", `/workspaces/${wsId}/vars`);
                for (const v of list.data as any[]) {
                    if (v.attributes?.key === key) await request("DELETE", `/workspaces/${wsId}/vars/${v.id}`);
                }
                await request("POST", `/workspaces/${wsId}/vars`, {
                    data: { type: "vars", attributes: { key, value, category: "env", hcl: false, sensitive } },
                });
            }
        } catch (err) {
            failed.push({ workspace: ws, message: err instanceof Error ? err.message : String(err) });
        }
    }
    const seconds = (performance.now() - t0) / 1000;
    agent.destroy();
    return { workspaces: opts.workspaces.length, ok: opts.workspaces.length - failed.length, failed, seconds };
}

/** The seed's oidc_setup.py request sequence, first run (and optionally a re-run), on a fresh emulator of `o.n` workspaces. */
export async function seedScenarios(o: BenchOptions, rerun: boolean): Promise<Row[]> {
    const names = workspaceNames(o.n);
    const { emu, token } = await freshEmulator(o, (e) => fillOrganization(e, names, "new"));
    const rows: Row[] = [];
    try {
        const labels = ["seed oidc_setup.py, first run"];
        if (rerun) labels.push("seed oidc_setup.py, re-run");
        for (const label of labels) {
            emu.setRateLimit(o.rate);
            emu.clearLog();
            const r = await replaySeed({ baseUrl: emu.url, token, organization: ORG, workspaces: names, roleArn: roleArnOf });
            // The seed marks TFC_AWS_RUN_ROLE_ARN sensitive.
            const wrong = wrongWorkspaces(emu, names, false, true);
            const notes = [
                `sequential replay (python-tfe 429 handling: sleep 0.5 s * 2^attempt, no client limiter)`,
                ...r.failed.slice(0, 5).map((f) => `  ${f.workspace}: ${f.message}`),
                ...wrong.slice(0, 3).map((w) => `  ${w}`),
            ];
            rows.push(rowOf(label, "seed", o, emu, o.n, { seconds: r.seconds, failures: r.failed.length + wrong.length }, notes));
            o.log(`  ${label}: ${r.seconds.toFixed(1)} s`);
        }
    } finally {
        await emu.close();
    }
    return rows;
}
