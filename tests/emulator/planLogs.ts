// Plan logs in the documented format: STX, the worker's plain lines, then `terraform plan -json`
// lines (@level, @message, @module, @timestamp, type + payload), ETX when complete.
import type { ProbeDiagnostic, ProbeOutcome } from "./cloudSimulator";

export const STX = "\u0002";
export const ETX = "\u0003";
export const TERRAFORM_VERSION = "1.9.7";

const TARGETING_DETAIL =
    "You are creating a plan with the -target option, which means that the result of this plan may not represent all of the changes " +
    "requested by the current configuration.\n\nThe -target option is not for routine use, and is provided only for exceptional " +
    "situations such as recovering from errors or mistakes, or when Terraform specifically suggests to use it as part of an error message.";

function line(level: string, message: string, type: string, payload: Record<string, unknown>): string {
    return JSON.stringify({ "@level": level, "@message": message, "@module": "terraform.ui", "@timestamp": new Date().toISOString(), ...payload, type });
}

/** What the worker prints when a plan starts (framing opened). */
export function logPreamble(): string {
    return `${STX}Terraform v${TERRAFORM_VERSION}\non linux_amd64\nInitializing plugins and modules...\n`;
}

function resourceOf(address: string) {
    const parts = address.split(".");
    const [type, name] = parts[0] === "data" ? [parts[1], parts[2]] : [parts[0], parts[1]];
    return { addr: address, module: "", resource: address, implied_provider: type.split("_")[0], resource_type: type, resource_name: name, resource_key: null };
}

function diagnosticLine(d: ProbeDiagnostic): string {
    const level = d.severity === "error" ? "error" : "warn";
    const diagnostic: Record<string, unknown> = { severity: d.severity, summary: d.summary, detail: d.detail };
    if (d.address !== undefined) diagnostic.address = d.address;
    return line(level, `${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}`, "diagnostic", { diagnostic });
}

/** The rest of the log once the plan is done (framing closed); `ok` is whether the plan succeeded. */
export function logBody(outcome: ProbeOutcome, opts: { targeted: boolean; destroys: number }): { text: string; ok: boolean } {
    if (outcome.workerError !== undefined) {
        return { text: `${outcome.workerError}\n${ETX}`, ok: false };
    }
    const lines = [line("info", `Terraform ${TERRAFORM_VERSION}`, "version", { terraform: TERRAFORM_VERSION, ui: "1.2" })];
    for (const read of outcome.reads ?? []) {
        const resource = resourceOf(read.address);
        lines.push(line("info", `${read.address}: Reading...`, "apply_start", { hook: { resource, action: "read" } }));
        lines.push(line("info", `${read.address}: Read complete after 0s [id=${read.id}]`, "apply_complete", {
            hook: { resource, action: "read", id_key: "id", id_value: read.id, elapsed_seconds: 0 },
        }));
    }
    const diagnostics = outcome.diagnostics ?? [];
    for (const d of diagnostics) lines.push(diagnosticLine(d));
    const ok = !diagnostics.some((d) => d.severity === "error");
    if (ok) {
        if (opts.targeted) lines.push(diagnosticLine({ severity: "warning", summary: "Resource targeting is in effect", detail: TARGETING_DETAIL }));
        const changes = { add: 0, change: 0, import: 0, remove: opts.destroys, operation: "plan" };
        lines.push(line("info", `Plan: 0 to add, 0 to change, ${opts.destroys} to destroy.`, "change_summary", { changes }));
    }
    return { text: `${lines.join("\n")}\n${ETX}`, ok };
}
