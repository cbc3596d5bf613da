// The single path (one WorkspaceOidcFederation per workspace: a Workspace look-up and a
// WorkspaceVariableGroup each), through the real provider host, against the emulator:
//   - new workspaces: preview of the new stack, first apply, up and preview with nothing changed, refresh;
//   - adoption of stale TFC_AWS_*: each workspace already has plain TFC_AWS_PROVIDER_AUTH and
//     TFC_AWS_RUN_ROLE_ARN with stale values; first apply, refresh;
//   - the seed script's layout: the same, TFC_AWS_RUN_ROLE_ARN sensitive (what oidc_setup.py leaves);
//   - adoption + static-key removal: also AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and
//     removeStaticAwsCredentials; first apply, up with nothing changed, refresh (with removal).
import { newId, newVersionId, now, type Emulator } from "../emulator";
import { Engine, type ResourceState, type StepResult } from "./engine";
import { ORG, workspaceNames, type Fleet } from "./fleet";
import { type BenchOptions, type Row, command, freshEmulator, rowOf, stepNotes } from "./measure";

/** The role ARN the federation of `ws` sets (account of program.js's mocks). */
export const roleArnOf = (ws: string) => `arn:aws:iam::123456789012:role/tfc-${ws}-oidc`;

const STATIC_KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

/** What each workspace holds before the first apply. */
export type Layout = "new" | "stale" | "seed" | "stale+static";

function addVariable(emu: Emulator, workspaceId: string, key: string, value: string, sensitive: boolean): void {
    const id = newId("var");
    emu.store.variables.set(id, { id, workspaceId, key, value, description: "", category: "env", hcl: false, sensitive, versionId: newVersionId(), createdAt: now() });
}

/** The organization: `names`, each with the variables of `layout`. */
export function fillOrganization(emu: Emulator, names: string[], layout: Layout): void {
    for (const ws of names) {
        const { id } = emu.addWorkspace(ORG, ws);
        if (layout === "new") continue;
        addVariable(emu, id, "TFC_AWS_PROVIDER_AUTH", "true", false);
        if (layout === "seed") {
            // oidc_setup.py's own write: the role it made, marked sensitive.
            addVariable(emu, id, "TFC_AWS_RUN_ROLE_ARN", roleArnOf(ws), true);
        } else {
            addVariable(emu, id, "TFC_AWS_RUN_ROLE_ARN", `arn:aws:iam::123456789012:role/old-${ws}`, false);
        }
        if (layout === "stale+static") {
            addVariable(emu, id, "AWS_ACCESS_KEY_ID", "AKIAEXAMPLESTATIC01", false);
            addVariable(emu, id, "AWS_SECRET_ACCESS_KEY", "static-secret-example", true);
        }
    }
}

/**
 * Workspaces whose variables are not exactly TFC_AWS_PROVIDER_AUTH=true and TFC_AWS_RUN_ROLE_ARN=<role>,
 * once each, plain (unless `sensitiveRole`: the seed's own write), and with `removed`, without the static keys.
 */
export function wrongWorkspaces(emu: Emulator, names: string[], removed: boolean, sensitiveRole = false): string[] {
    const byId = new Map<string, string>();
    for (const ws of emu.store.workspaces.values()) byId.set(ws.id, ws.name);
    const vars = new Map<string, { key: string; value: string; sensitive: boolean }[]>();
    for (const v of emu.store.variables.values()) {
        const name = byId.get(v.workspaceId);
        if (name === undefined) continue;
        if (!vars.has(name)) vars.set(name, []);
        vars.get(name)!.push(v);
    }
    const wrong: string[] = [];
    for (const ws of names) {
        const list = vars.get(ws) ?? [];
        const one = (key: string, value: string, sensitive = false) => {
            const found = list.filter((v) => v.key === key);
            return found.length === 1 && found[0].value === value && found[0].sensitive === sensitive;
        };
        if (!one("TFC_AWS_PROVIDER_AUTH", "true") || !one("TFC_AWS_RUN_ROLE_ARN", roleArnOf(ws), sensitiveRole)) {
            wrong.push(`${ws}: OIDC variables not set right: ${JSON.stringify(list.map((v) => `${v.key}=${v.sensitive ? "(sensitive)" : v.value}`))}`);
        } else if (removed && list.some((v) => STATIC_KEYS.includes(v.key))) {
            wrong.push(`${ws}: static keys left: ${list.filter((v) => STATIC_KEYS.includes(v.key)).map((v) => v.key).join(", ")}`);
        }
    }
    return wrong;
}

export interface SingleFleets {
    up: Fleet;
    preview: Fleet;
    /** removeStaticAwsCredentials on every federation. */
    removeUp: Fleet;
    removePreview: Fleet;
}

const LABEL: Record<Layout, string> = {
    new: "single, first apply",
    stale: "single, adoption of stale TFC_AWS_*",
    seed: "single, adoption of the seed's layout (RUN_ROLE_ARN sensitive)",
    "stale+static": "single, adoption + static-key removal",
};

/** One layout: first apply (and what follows it); the rows in order. */
async function layoutScenarios(o: BenchOptions, layout: Layout, fleets: SingleFleets): Promise<Row[]> {
    const names = workspaceNames(o.n);
    const removing = layout === "stale+static";
    const up = removing ? fleets.removeUp : fleets.up;
    const preview = removing ? fleets.removePreview : fleets.preview;
    const { emu, token } = await freshEmulator(o, (e) => fillOrganization(e, names, layout));
    const rows: Row[] = [];
    const push = (scenario: string, r: StepResult, f: Fleet, label: string, wrong: string[] = []) => {
        rows.push(rowOf(scenario, "single", o, emu, o.n, { seconds: r.seconds, failures: r.failures.length + r.changed.length + wrong.length }, stepNotes(label, r, f, wrong)));
        o.log(`  ${scenario}: ${r.seconds.toFixed(1)} s`);
    };
    try {
        if (layout === "new") {
            const pre = await command(o, emu, token, (h) => new Engine(h, preview, o.parallel).previewNew());
            push("single, preview of the new stack", pre, preview, "check");
        }
        const applied = await command(o, emu, token, (h) => new Engine(h, up, o.parallel).up());
        push(LABEL[layout], applied, up, "check+create", wrongWorkspaces(emu, names, removing));
        const states: Map<string, ResourceState> = applied.states;
        if (layout === "new" || removing) {
            for (const [label, f] of [
                ["up", up],
                ["preview", preview],
            ] as const) {
                const r = await command(o, emu, token, (h) => new Engine(h, f, o.parallel).unchanged(states));
                push(`single${removing ? " + removal" : ""}, ${label}, nothing changed`, r, f, "check+diff");
            }
        }
        if (layout !== "seed") {
            const r = await command(o, emu, token, (h) => new Engine(h, up, o.parallel).refresh(states));
            push(`single, refresh${removing ? " (with removal)" : layout === "stale" ? " (after adoption)" : ""}`, r, up, "read");
        }
    } finally {
        await emu.close();
    }
    return rows;
}

/** Every single-path scenario, each layout on a fresh emulator of `o.n` workspaces. */
export async function singleScenarios(o: BenchOptions, fleets: SingleFleets): Promise<Row[]> {
    let rows: Row[] = [];
    for (const layout of ["new", "stale", "seed", "stale+static"] as const) {
        rows = rows.concat(await layoutScenarios(o, layout, fleets));
    }
    return rows;
}
