// The bench's printed tables: the HCP scenarios side by side, the program side, the CPU profile.
import type { Row } from "./measure";
import { type ProgramSide, perRegistration } from "./programSide";

const f = (x: number, d = 2) => x.toFixed(d);

function table(headers: string[], rows: string[][], rightFrom = 1): string {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => "| " + cells.map((c, i) => (i >= rightFrom ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ") + " |";
    const sep = "|" + widths.map((w, i) => (i >= rightFrom ? "-".repeat(w + 1) + ":" : ":" + "-".repeat(w + 1))).join("|") + "|";
    return [line(headers), sep, ...rows.map(line)].join("\n");
}

/** The HCP scenarios: one line each. */
export function hcpTable(rows: Row[]): string {
    return table(
        ["scenario", "N", "org", "requests", "look-ups", "other", "req/ws", "429s", "429 %", "failures", "dups", "wall s", "limit s", "ratio"],
        rows.map((r) => [
            r.scenario,
            String(r.n),
            String(r.orgSize),
            String(r.requests),
            String(r.lookups),
            String(r.requests - r.lookups),
            f(r.requests / r.n, 3),
            String(r.rateLimited),
            f((r.rateLimited / Math.max(1, r.requests + r.rateLimited)) * 100),
            String(r.failures),
            String(r.duplicates),
            f(r.seconds),
            f(r.limitSeconds),
            r.requests === 0 ? "-" : f(r.seconds / r.limitSeconds),
        ]),
    );
}

/** What each row asked for, by kind, and its notes. */
export function hcpDetails(rows: Row[]): string[] {
    const out: string[] = [];
    for (const r of rows) {
        out.push(`${r.scenario}: ${Object.entries(r.kinds).map(([k, v]) => `${v} ${k}`).join(", ") || "no requests"}`);
        for (const n of r.notes) out.push(`  ${n}`);
    }
    return out;
}

const PROGRAM_LABEL = {
    aws: "plain @pulumi/aws: OIDC provider + per workspace role + inline EC2 policy",
    "aws-component": "the same, each workspace's role + policy in a ComponentResource",
    federation: "WorkspaceOidcFederation per workspace",
} as const;

/** The program side, per program and per registration. */
export function programTable(p: ProgramSide): string {
    const base = perRegistration(p.aws);
    const rows = [p.aws, p.awsComponent, p.federation].map((m) => {
        const per = perRegistration(m);
        return [
            PROGRAM_LABEL[m.kind],
            String(m.n),
            String(m.registrations),
            f(m.seconds),
            f(per.ms, 3),
            f(per.ms / base.ms),
            f(m.peakRssMb, 0),
            f(per.rssKb, 1),
            f(per.rssKb / base.rssKb),
            f(per.heapKb, 1),
            m.dynamicRegistrations === 0 ? "-" : String(m.serializations),
            m.dynamicRegistrations === 0 ? "-" : f(m.providerBytes / m.dynamicRegistrations / 1024, 1),
        ];
    });
    return table(
        ["program under setMocks (preview)", "N", "registrations", "seconds", "ms / reg", "x plain", "peak RSS MB", "RSS KB / reg", "x plain", "heap KB / reg", "provider serializations", "__provider KB / resource"],
        rows,
    );
}

/** The CPU profile of the federation program: samples per part, the package's busiest functions. */
export function profileLines(p: ProgramSide): string[] {
    const prof = p.profile;
    if (!prof) return [];
    const parts = Object.entries(prof.parts).sort((a, b) => b[1] - a[1]);
    return [
        `CPU profile of the federation program (node --cpu-prof, N = ${p.federation.n}): ${prof.samples} samples in the program's ${f(prof.seconds)} s window (idle excluded)`,
        ...parts.slice(0, 8).map(([k, v]) => `  ${f((v / prof.samples) * 100, 1).padStart(5)} %  ${k}`),
        ...prof.top.map((t) => `  package: ${t.samples} samples in ${t.name}`),
    ];
}
