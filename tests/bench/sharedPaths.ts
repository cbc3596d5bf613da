// The shared paths, through the real provider host, against the emulator:
//   - list: ONE federation for the biggest list its trust allows (IAM's limit 2048, and 4096), in
//     an organization that also holds the single path's workspaces: first apply (as the package
//     does it: with the shadow check, shadowKeys; and with shadowKeys [] to show what that check
//     costs), up and preview with nothing changed, refresh; and the list one over the cap refused;
//   - project scope: ONE federation trusting every workspace of a project of 1,000 workspaces,
//     which it never touches: first apply, up and preview with nothing changed, refresh.
import type { Emulator } from "../emulator";
import { Engine, type StepResult } from "./engine";
import { ORG, buildFleet, workspaceNames, type Fleet } from "./fleet";
import { type BenchOptions, type Row, command, freshEmulator, rowOf, stepNotes } from "./measure";
import { trustCap } from "./trustCap";

const SET_ROLE = (name: string) => `arn:aws:iam::123456789012:role/tfc-${name}-oidc`;
/** The workspaces of the organization besides the list's (the single path's fleet). */
export const OTHER_WORKSPACES = 500;
/** Workspaces of the project of the project-scope scenario. */
export const PROJECT_WORKSPACES = 1000;

/** What the set of federation `name` is missing: its two variables, and its attachments (`attached`: ids expected, sorted). */
function wrongSet(emu: Emulator, name: string, attached: { workspaces?: string[]; projects?: string[] }): string[] {
    const sets = [...emu.store.varsets.values()].filter((s) => s.name === `${name}-aws-oidc (project/stack)`);
    if (sets.length !== 1) return [`${sets.length} variable sets named "${name}-aws-oidc (project/stack)"`];
    const set = sets[0];
    const wrong: string[] = [];
    const vars = [...emu.store.varsetVariables.values()].filter((v) => v.varsetId === set.id);
    for (const [key, value] of [
        ["TFC_AWS_PROVIDER_AUTH", "true"],
        ["TFC_AWS_RUN_ROLE_ARN", SET_ROLE(name)],
    ]) {
        const found = vars.filter((v) => v.key === key);
        if (found.length !== 1 || found[0].value !== value || found[0].sensitive) wrong.push(`set variable ${key}: ${JSON.stringify(found.map((v) => v.value))}`);
    }
    const same = (a: string[], b: string[] | undefined) => b === undefined || JSON.stringify([...a].sort()) === JSON.stringify(b);
    if (!same(set.workspaceIds, attached.workspaces)) wrong.push(`set attached to ${set.workspaceIds.length} workspaces, not the ${attached.workspaces!.length} declared`);
    if (!same(set.projectIds, attached.projects)) wrong.push(`set attached to projects ${JSON.stringify(set.projectIds)}, not ${JSON.stringify(attached.projects)}`);
    if (emu.store.variables.size > 0) wrong.push(`${emu.store.variables.size} workspace variables written`);
    return wrong;
}

/** The fleet with every VariableSetWorkspaces' shadowKeys emptied: what the list path costs without the shadow check. */
function withoutShadowKeys(fleet: Fleet): Fleet {
    const strip = (r: Fleet["dynamic"][number]) => (r.type.endsWith(":VariableSetWorkspaces") ? { ...r, inputs: { ...r.inputs, shadowKeys: [] } } : r);
    return { ...fleet, resources: fleet.resources.map(strip), dynamic: fleet.dynamic.map(strip) };
}

/** What the refusal of the list one over the cap said, through the packed package. */
export interface CapRefusal {
    limit: number;
    cap: number;
    message: string;
    /** The message names the size, the limit and projectScope. */
    ok: boolean;
}

async function refusal(o: BenchOptions, limit: number, cap: number): Promise<CapRefusal> {
    let message = "";
    try {
        await buildFleet(o.source, cap + 1, { shape: "list", trustLimit: limit });
        message = `a list of ${cap + 1} was accepted`;
    } catch (err) {
        const m = /WorkspaceOidcFederation "team": [^\n]*/.exec((err as Error).message);
        message = m ? m[0] : (err as Error).message.slice(0, 400);
    }
    const size = /is (\d+) characters/.exec(message);
    const ok = size !== null && Number(size[1]) > limit && message.includes(`limit of ${limit}`) && message.includes("projectScope: true");
    return { limit, cap, message, ok };
}

/** The list path at the cap of `limit`. */
async function listScenarios(o: BenchOptions, limit: number): Promise<{ rows: Row[]; refused: CapRefusal }> {
    const { cap } = trustCap(limit);
    const names = workspaceNames(cap, "list");
    const setup = (e: Emulator) => {
        for (const ws of workspaceNames(OTHER_WORKSPACES)) e.addWorkspace(ORG, ws);
        for (const ws of names) e.addWorkspace(ORG, ws);
    };
    o.log(`  list path, trust limit ${limit}: cap ${cap} workspaces`);
    const up = await buildFleet(o.source, cap, { shape: "list", trustLimit: limit });
    const preview = await buildFleet(o.source, cap, { shape: "list", trustLimit: limit, preview: true });
    const tag = `list (${limit}: ${cap} ws)`;
    const rows: Row[] = [];
    const idsOf = (emu: Emulator) => [...emu.store.workspaces.values()].filter((w) => names.includes(w.name)).map((w) => w.id).sort();
    for (const [variant, fleet] of [
        ["", up],
        [", shadowKeys []", withoutShadowKeys(up)],
    ] as const) {
        const { emu, token } = await freshEmulator(o, setup);
        const push = (scenario: string, r: StepResult, f: Fleet, label: string, wrong: string[] = []) => {
            rows.push(rowOf(scenario, "list", o, emu, cap, { seconds: r.seconds, failures: r.failures.length + r.changed.length + wrong.length }, stepNotes(label, r, f, wrong)));
            o.log(`  ${scenario}: ${r.seconds.toFixed(1)} s`);
        };
        try {
            const applied = await command(o, emu, token, (h) => new Engine(h, fleet, o.parallel).up());
            push(`${tag}, first apply${variant}`, applied, fleet, "check+create", wrongSet(emu, "team", { workspaces: idsOf(emu) }));
            if (variant !== "") continue;
            for (const [label, f] of [
                ["up", fleet],
                ["preview", preview],
            ] as const) {
                const r = await command(o, emu, token, (h) => new Engine(h, f, o.parallel).unchanged(applied.states));
                push(`${tag}, ${label}, nothing changed`, r, f, "check+diff");
            }
            const r = await command(o, emu, token, (h) => new Engine(h, fleet, o.parallel).refresh(applied.states));
            push(`${tag}, refresh`, r, fleet, "read");
        } finally {
            await emu.close();
        }
    }
    return { rows, refused: await refusal(o, limit, cap) };
}

/** Project scope: one federation, a project of PROJECT_WORKSPACES workspaces it never touches. */
async function projectScenarios(o: BenchOptions): Promise<Row[]> {
    let projectId = "";
    const { emu, token } = await freshEmulator(o, (e) => {
        projectId = e.addProject(ORG, "Payments").id;
        for (const ws of workspaceNames(PROJECT_WORKSPACES, "payments")) e.addWorkspace(ORG, ws, { projectId });
    });
    const up = await buildFleet(o.source, 1, { shape: "project" });
    const preview = await buildFleet(o.source, 1, { shape: "project", preview: true });
    const rows: Row[] = [];
    const touched = () => {
        const n = emu.log.filter((e) => /\/workspaces\b/.test(e.path)).length;
        return n > 0 ? [`${n} requests about workspaces`] : [];
    };
    const push = (scenario: string, r: StepResult, f: Fleet, label: string, wrong: string[] = []) => {
        rows.push(rowOf(scenario, "project", o, emu, PROJECT_WORKSPACES, { seconds: r.seconds, failures: r.failures.length + r.changed.length + wrong.length }, stepNotes(label, r, f, wrong)));
        o.log(`  ${scenario}: ${r.seconds.toFixed(1)} s`);
    };
    try {
        const applied = await command(o, emu, token, (h) => new Engine(h, up, o.parallel).up());
        push("project scope, first apply", applied, up, "check+create", [...wrongSet(emu, "payments", { projects: [projectId], workspaces: [] }), ...touched()]);
        for (const [label, f] of [
            ["up", up],
            ["preview", preview],
        ] as const) {
            const r = await command(o, emu, token, (h) => new Engine(h, f, o.parallel).unchanged(applied.states));
            push(`project scope, ${label}, nothing changed`, r, f, "check+diff");
        }
        const r = await command(o, emu, token, (h) => new Engine(h, up, o.parallel).refresh(applied.states));
        push("project scope, refresh", r, up, "read", touched());
    } finally {
        await emu.close();
    }
    return rows;
}

/** The list path at both IAM limits, then project scope. */
export async function sharedScenarios(o: BenchOptions): Promise<{ rows: Row[]; refusals: CapRefusal[] }> {
    let rows: Row[] = [];
    const refusals: CapRefusal[] = [];
    for (const limit of [2048, 4096]) {
        const r = await listScenarios(o, limit);
        rows = rows.concat(r.rows);
        refusals.push(r.refused);
    }
    rows = rows.concat(await projectScenarios(o));
    return { rows, refusals };
}
