// The targets of the fleet benchmark (issue 12), each checked on one run's figures.
//
// Requests are counted in two parts: the workspace look-ups (list pages, GETs by name or id),
// checked against the batched look-up rule (at most one request per 100 workspaces of the
// organization, or one per workspace, whichever is fewer), and every other request, checked
// against the row's own target. The all-in figure is printed with them.
import { type Row, lookupFloor } from "./measure";
import { type ProgramSide, perRegistration } from "./programSide";
import type { CapRefusal } from "./sharedPaths";

export interface Target {
    name: string;
    ok: boolean;
    detail: string;
}

const f = (x: number, d = 2) => x.toFixed(d);

/** A row's request target: other requests per workspace, or in all; and the wall-time ratio. */
interface RowTarget {
    perWorkspace?: number;
    total?: (r: Row) => number;
    totalLabel?: string;
    wallRatio?: number;
}

/** The target of a row by its scenario, undefined for rows reported without one (the seed's). */
export function rowTarget(r: Row): RowTarget | undefined {
    const s = r.scenario;
    if (r.path === "seed" || s.includes("seed's layout")) return undefined;
    if (s.includes("nothing changed") || s.includes("preview of the new stack")) return { total: () => 0, totalLabel: "0" };
    if (r.path === "single") {
        if (s === "single, first apply") return { perWorkspace: 2.05, wallRatio: 1.15 };
        if (s.startsWith("single, adoption of stale")) return { perWorkspace: 4, wallRatio: 1.15 };
        if (s.startsWith("single, adoption + static-key removal")) return { perWorkspace: 5, wallRatio: 1.15 };
        if (s.startsWith("single, refresh")) return { perWorkspace: 1, wallRatio: 1.15 };
    }
    if (r.path === "list") {
        if (s.includes("first apply")) return { total: (x) => Math.ceil(x.n / 100) + 8, totalLabel: "ceil(N/100) + 8" };
        if (s.includes("refresh")) return { total: () => 5, totalLabel: "5" };
    }
    if (r.path === "project") {
        if (s.includes("first apply")) return { total: () => 6, totalLabel: "6" };
        if (s.includes("refresh")) return { total: () => 3, totalLabel: "3" };
    }
    return undefined;
}

function rowTargets(r: Row): Target[] {
    const t = rowTarget(r);
    if (!t) return [];
    const out: Target[] = [];
    const other = r.requests - r.lookups;
    const lookedUp = r.path === "project" ? 0 : r.n;
    const floor = lookupFloor(r.orgSize, lookedUp);
    const kinds = Object.entries(r.kinds).map(([k, v]) => `${v} ${k}`).join(", ") || "no requests";
    if (t.total && t.totalLabel === "0") {
        out.push({ name: `${r.scenario}: 0 requests`, ok: r.requests === 0, detail: `${r.requests} requests` });
    } else {
        if (r.lookups > 0 || r.path !== "project") {
            out.push({
                name: `${r.scenario}: look-ups <= min(ceil(${r.orgSize} workspaces of the organization / 100), ${lookedUp})`,
                ok: r.lookups <= floor,
                detail: `${r.lookups} look-up requests (floor ${floor})`,
            });
        }
        if (t.perWorkspace !== undefined) {
            out.push({
                name: `${r.scenario}: <= ${t.perWorkspace} requests per workspace besides the look-ups`,
                ok: other / r.n <= t.perWorkspace,
                detail: `${f(other / r.n, 3)} (${other} for ${r.n}); all-in ${f(r.requests / r.n, 3)} per workspace; ${kinds}`,
            });
        }
        if (t.total) {
            const limit = t.total(r);
            out.push({
                name: `${r.scenario}: <= ${t.totalLabel}${t.totalLabel !== String(limit) ? ` = ${limit}` : ""} requests besides the look-ups`,
                ok: other <= limit,
                detail: `${other} (all-in ${r.requests}); ${kinds}`,
            });
        }
        if (t.wallRatio !== undefined) {
            const ratio = r.seconds / r.limitSeconds;
            out.push({ name: `${r.scenario}: wall <= ${t.wallRatio} x requests / rate`, ok: ratio <= t.wallRatio, detail: `${f(r.seconds)} s vs ${f(r.limitSeconds)} s: ${f(ratio)}` });
        }
    }
    const share = r.rateLimited / Math.max(1, r.requests + r.rateLimited);
    out.push({
        name: `${r.scenario}: 429s <= 1%, 0 failures, 0 duplicates`,
        ok: share <= 0.01 && r.failures === 0 && r.duplicates === 0,
        detail: `${r.rateLimited} 429s (${f(share * 100)} %), ${r.failures} failures, ${r.duplicates} duplicates`,
    });
    return out;
}

/** Every target of the run, in the order of the rows, then the cap refusals, then the program side. */
export function targets(rows: Row[], refusals: CapRefusal[], prog?: ProgramSide): Target[] {
    const out = rows.flatMap(rowTargets);
    for (const r of rows.filter((x) => x.path === "list" && x.scenario.endsWith("refresh"))) {
        const reads = r.kinds["GET /varsets/:varset"] ?? 0;
        out.push({ name: `${r.scenario}: the set read once`, ok: reads <= 1, detail: `${reads} GET /varsets/:varset` });
    }
    for (const c of refusals) {
        out.push({ name: `list of ${c.cap + 1} refused at limit ${c.limit}, naming the size, the limit and projectScope`, ok: c.ok, detail: c.message });
    }
    if (prog) {
        const fed = perRegistration(prog.federation);
        const aws = perRegistration(prog.aws);
        out.push({
            name: "program: time per registration <= 1.1 x plain @pulumi/aws",
            ok: fed.ms <= 1.1 * aws.ms,
            detail: `${f(fed.ms, 3)} ms vs ${f(aws.ms, 3)} ms: ${f(fed.ms / aws.ms)} (${prog.federation.registrations} vs ${prog.aws.registrations} registrations)`,
        });
        out.push({
            name: "program: memory per registration <= 1.1 x plain @pulumi/aws (peak RSS above the RSS before the program)",
            ok: fed.rssKb <= 1.1 * aws.rssKb,
            detail: `${f(fed.rssKb, 1)} KB vs ${f(aws.rssKb, 1)} KB: ${f(fed.rssKb / aws.rssKb)}; heap retained ${f(fed.heapKb, 1)} KB vs ${f(aws.heapKb, 1)} KB`,
        });
        out.push({
            name: "program: provider serialized once per provider, not per resource",
            ok: prog.federation.serializations <= 2 && prog.federation.distinctProviderTexts <= 2,
            detail: `${prog.federation.serializations} serializations, ${prog.federation.distinctProviderTexts} distinct __provider texts for ${prog.federation.dynamicRegistrations} dynamic resources`,
        });
        if (prog.profile) {
            const p = prog.profile;
            const share = p.packageSamples / Math.max(1, p.samples);
            out.push({
                name: "program: this package's code (dist/) <= 5% of the preview's CPU profile",
                ok: share <= 0.05,
                detail: `${p.packageSamples} of ${p.samples} samples in the program's window (${f(share * 100)} %); whole process ${p.processPackageSamples} of ${p.processSamples} (${f((p.processPackageSamples / Math.max(1, p.processSamples)) * 100)} %)`,
            });
        }
    }
    return out;
}
