// Plan logs: read the text behind a plan's log-read-url (no token, limit/offset chunks) and parse
// it: STX (0x02) ... ETX (0x03) framing, plain lines from the HCP worker, and the JSON lines of
// `terraform plan -json` (@level, @message, type, diagnostic, hook).

import type { HcpClient } from "./client";

export const STX = "\u0002";
export const ETX = "\u0003";

export interface LogDiagnostic {
    severity: "error" | "warning";
    summary: string;
    detail: string;
    /** e.g. provider["registry.terraform.io/hashicorp/aws"], when the diagnostic names one. */
    address?: string;
}

/** A data source read during the plan: "<address>: Read complete after 0s [id=<id>]". */
export interface LogRead {
    address: string;
    id: string;
}

export interface ParsedPlanLog {
    /** STX was seen. */
    started: boolean;
    /** ETX was seen: the log is whole. */
    complete: boolean;
    /** Every line, framing removed. */
    lines: string[];
    /** Diagnostics of the JSON lines, in order (errors and warnings). */
    diagnostics: LogDiagnostic[];
    /** Plain (non-JSON) lines that report a failure: "Error: …", "Operation failed: …". */
    workerErrors: string[];
    reads: LogRead[];
    /** The change_summary line's counts, when the plan got that far. */
    changeSummary?: { add: number; change: number; remove: number; import: number };
}

function str(value: unknown): string {
    return typeof value === "string" ? value : "";
}

function num(value: unknown): number {
    return typeof value === "number" && isFinite(value) ? value : 0;
}

const READ_COMPLETE = /^(.+): Read complete after [^[]*\[([^=\]]+)=([^\]]*)\]$/;

function readOf(entry: any): LogRead | undefined {
    const hook = entry.hook;
    if (hook && typeof hook === "object" && hook.action === "read" && hook.resource && typeof hook.resource.addr === "string") {
        return { address: hook.resource.addr, id: str(hook.id_value) };
    }
    const m = READ_COMPLETE.exec(str(entry["@message"]));
    return m ? { address: m[1], id: m[3] } : undefined;
}

/** Parses a plan log. Pure: the same text gives the same answer. */
export function parsePlanLog(text: string): ParsedPlanLog {
    const out: ParsedPlanLog = { started: false, complete: false, lines: [], diagnostics: [], workerErrors: [], reads: [] };
    let body = typeof text === "string" ? text : "";
    const start = body.indexOf(STX);
    if (start >= 0) {
        out.started = true;
        body = body.slice(start + 1);
    }
    const end = body.indexOf(ETX);
    if (end >= 0) {
        out.complete = true;
        body = body.slice(0, end);
    }
    for (const raw of body.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === "") {
            continue;
        }
        out.lines.push(line);
        let entry: any;
        if (line.startsWith("{")) {
            try {
                entry = JSON.parse(line);
            } catch {
                entry = undefined;
            }
        }
        if (!entry || typeof entry !== "object") {
            // Printed by the worker (or an old Terraform): kept verbatim, as the CLI does.
            if (/^(Error:|Operation failed:)/.test(line)) {
                out.workerErrors.push(line);
            }
            continue;
        }
        if (entry.type === "diagnostic" && entry.diagnostic && typeof entry.diagnostic === "object") {
            const d = entry.diagnostic;
            const diagnostic: LogDiagnostic = {
                severity: d.severity === "error" ? "error" : "warning",
                summary: str(d.summary),
                detail: str(d.detail),
            };
            if (typeof d.address === "string" && d.address !== "") {
                diagnostic.address = d.address;
            }
            out.diagnostics.push(diagnostic);
        } else if (entry.type === "apply_complete" || entry.type === "log") {
            const read = readOf(entry);
            if (read) {
                out.reads.push(read);
            }
        } else if (entry.type === "change_summary" && entry.changes && typeof entry.changes === "object") {
            const c = entry.changes;
            out.changeSummary = { add: num(c.add), change: num(c.change), remove: num(c.remove), import: num(c.import) };
        }
    }
    return out;
}

/** The error diagnostics of a parsed log, then its worker error lines as diagnostics. */
export function logErrors(log: ParsedPlanLog): LogDiagnostic[] {
    const errors = log.diagnostics.filter((d) => d.severity === "error");
    for (const line of log.workerErrors) {
        errors.push({ severity: "error", summary: line, detail: "" });
    }
    return errors;
}

export interface PlanLogReadOptions {
    /** Bytes asked per request (limit). Default 1 MiB. */
    chunkBytes?: number;
    /** Stop after this many bytes. Default 8 MiB. */
    maxBytes?: number;
}

/**
 * GET <log-read-url>?limit=…&offset=… until ETX or a short chunk, WITHOUT the token (the URL is
 * pre-signed). Answers the raw text, framing included. Read it once the plan is final.
 */
export async function readPlanLog(c: HcpClient, logReadUrl: string, opts: PlanLogReadOptions = {}): Promise<string> {
    if (typeof logReadUrl !== "string" || !/^https?:\/\//.test(logReadUrl)) {
        throw new Error("the plan has no log URL (log-read-url): read the plan again once it has started.");
    }
    const chunkBytes = opts.chunkBytes ?? 1024 * 1024;
    const maxBytes = opts.maxBytes ?? 8 * 1024 * 1024;
    let text = "";
    let offset = 0;
    while (offset < maxBytes) {
        const chunk = await c.foreign("GET", logReadUrl, {
            label: "<log-read-url>",
            query: { limit: chunkBytes, offset },
            notFoundHint: "or the log URL has expired: read the plan again for a fresh one",
        });
        text += chunk;
        const bytes = Buffer.byteLength(chunk, "utf8");
        offset += bytes;
        if (bytes < chunkBytes || chunk.includes(ETX)) {
            break;
        }
    }
    return text;
}
