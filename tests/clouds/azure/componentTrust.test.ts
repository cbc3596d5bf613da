/**
 * Property test (seeded) at the COMPONENT level: for generated organizations, workspaces, their
 * projects (pinned, or read from each workspace), hosts, audiences, tags and split phases, the
 * federated credentials AzureWorkspaceFederation REGISTERS under mocks (on the application whose
 * client id the variables name) admit exactly the intended run tokens under Entra's exact,
 * case-sensitive matching, and refuse look-alikes: another organization, project (the workspace
 * moved), workspace, phase on a split application, issuer, audience. Decisions from the independent
 * evaluator tests/support/clouds/entra.ts; expectations from a plain equality oracle.
 */
import { strict as assert } from "assert";
import { AzureWorkspaceFederation } from "../../../src/clouds/azure/AzureWorkspaceFederation";
import { entraExchange, entraTokenOf, type EntraRunToken } from "../../support/clouds/entra";
import { lookalikes, otherAudiences, otherIssuers, projectName, simpleName, validProjectName, validSimpleName } from "../../support/clouds/runTokens";
import type { MockRun } from "../../support/mocks";
import { type Rng, int, pick, seededRandom } from "../../support/random";
import { A, applicationIdsByClientId, credentialsByApplication, isolateHostEnv, run } from "./harness";

const SEED = 0xa2e7;
const PROGRAMS = 10;
const PER_PROGRAM = 8;
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";

interface Case {
    name: string;
    organization: string;
    mode: "single" | "list" | "project";
    workspaces: string[];
    /** Each workspace's real project (all the pinned one when pinned). */
    projects: string[];
    pinned?: string;
    hostname?: string;
    audience?: string;
    tag?: string;
    splitPhases: boolean;
}

function genCase(r: Rng, i: number): Case {
    const mode = pick(r, ["single", "single", "list", "project"] as const);
    const workspaces = mode === "project" ? [] : Array.from({ length: mode === "single" ? 1 : int(r, 2, 4) }, (_, k) => `${simpleName(r, r() < 0.3 ? 70 : 12)}-${i}-${k}`);
    const pinned = mode === "project" || r() < 0.3 ? projectName(r) : undefined;
    return {
        name: `fed${i}`,
        organization: `o${i}${simpleName(r, r() < 0.3 ? 30 : 10)}`,
        mode,
        workspaces,
        projects: workspaces.map(() => pinned ?? projectName(r)),
        pinned,
        hostname: mode === "project" ? pick(r, [undefined, "app.eu.terraform.io"]) : pick(r, [undefined, undefined, "app.eu.terraform.io", "tfe.example.com", "tfe-9.corp.example:8443"]),
        audience: r() < 0.7 ? undefined : `api://aud-${int(r, 0, 99)}`,
        tag: r() < 0.7 ? undefined : pick(r, ["prod", "B_2"]),
        splitPhases: r() < 0.5,
    };
}

/** The federation's variables as HCP Terraform would read them (tag suffix removed from TFC_* keys). */
function variablesOf(r: MockRun<unknown>, c: Case): Record<string, string> {
    const list: { key: string; value: string }[] =
        c.mode === "single" ? r.byName(`${c.name}-variables`).inputs.variables : r.ofType(A.variableSetVariable).filter((v) => v.name.startsWith(`${c.name}-varset-`)).map((v) => v.inputs as any);
    const suffix = c.tag !== undefined ? `_${c.tag}` : "";
    return Object.fromEntries(list.map((v) => [v.key.startsWith("TFC_") ? v.key.slice(0, v.key.length - suffix.length) : v.key, v.value]));
}

type Tok = EntraRunToken;
const tokenOf = entraTokenOf;

describe("AzureWorkspaceFederation trust property (component level, seeded, Entra evaluator)", function () {
    this.timeout(180000);
    isolateHostEnv();

    it(`the registered credentials admit exactly the intended run tokens (${PROGRAMS}×${PER_PROGRAM} federations, seed ${SEED})`, async () => {
        const r = seededRandom(SEED);
        const counts = { admitted: 0, rejected: 0, split: 0, project: 0, readProject: 0 };
        for (let p = 0; p < PROGRAMS; p++) {
            const cases = Array.from({ length: PER_PROGRAM }, (_, k) => genCase(r, p * PER_PROGRAM + k));
            const projectOf = new Map(cases.flatMap((c) => c.workspaces.map((w, k) => [`${c.organization}/${w}`, c.projects[k]] as [string, string])));
            const m = await run(
                () =>
                    cases.map((c) => {
                        const scope = c.mode === "single" ? { workspace: c.workspaces[0] } : c.mode === "list" ? { workspaces: c.workspaces } : { projectScope: true };
                        return new AzureWorkspaceFederation(c.name, {
                            organization: c.organization, tenantId: TENANT, subscriptionId: SUB, ...scope, project: c.pinned,
                            hostname: c.hostname, audience: c.audience, tag: c.tag, splitPhases: c.splitPhases,
                        });
                    }),
                { projectName: (org, name) => projectOf.get(`${org}/${name}`)! },
            );
            const apps = applicationIdsByClientId(m);
            const credentials = credentialsByApplication(m);
            for (const c of cases) {
                if (c.splitPhases) counts.split++;
                if (c.mode === "project") counts.project++;
                if (c.pinned === undefined) counts.readProject++;
                const host = c.hostname ?? "app.terraform.io";
                const aud = c.audience ?? "api://AzureADTokenExchange";
                const vars = variablesOf(m, c);
                assert.equal(vars.TFC_AZURE_WORKLOAD_IDENTITY_AUDIENCE, c.audience, "the audience variable only for a custom audience");
                assert.deepEqual([vars.ARM_SUBSCRIPTION_ID, vars.ARM_TENANT_ID], [SUB, TENANT]);
                assert.equal(vars.TFC_AZURE_PROVIDER_AUTH, "true");
                const identities = c.splitPhases ? (["plan", "apply"] as const) : (["run"] as const);
                assert.equal(vars.TFC_AZURE_RUN_CLIENT_ID === undefined, c.splitPhases, "RUN only without splitPhases");
                for (const identity of identities) {
                    const clientId = vars[`TFC_AZURE_${identity.toUpperCase()}_CLIENT_ID`];
                    const fics = credentials.get(apps.get(clientId)!)!;
                    assert.ok(fics.length <= 20, "Entra's cap");
                    const intendedProject = (ws: string): string | undefined => (c.mode === "project" ? c.pinned : c.projects[c.workspaces.indexOf(ws)]);
                    const oracle = (t: Tok): boolean =>
                        t.iss === `https://${host}` && t.aud === aud && t.org === c.organization && (identity === "run" || identity === t.phase) &&
                        (c.mode === "project" ? t.project === c.pinned : c.workspaces.includes(t.ws) && t.project === intendedProject(t.ws));
                    const check = (t: Tok, expected: boolean, why: string) => {
                        const d = entraExchange(fics, tokenOf(t));
                        assert.equal(d.allowed, expected, `${why}: ${JSON.stringify(c)} ${identity} ${JSON.stringify(t)}: ${d.reason}`);
                        assert.equal(oracle(t), expected, `oracle disagrees (${why})`);
                        counts[expected ? "admitted" : "rejected"]++;
                    };
                    const phases = identity === "run" ? (["plan", "apply"] as const) : [identity];
                    const wss = c.mode === "project" ? [simpleName(r), simpleName(r, 90)] : c.workspaces;
                    const good = (ws: string, phase: "plan" | "apply"): Tok => ({ iss: `https://${host}`, aud, org: c.organization, project: c.mode === "project" ? c.pinned! : intendedProject(ws)!, ws, phase });
                    for (const ws of wss) for (const phase of phases) check(good(ws, phase), true, "intended");
                    const t = good(wss[0], phases[0]);
                    for (const org of lookalikes(c.organization, r, validSimpleName)) check({ ...t, org }, false, "other organization");
                    for (const project of lookalikes(t.project, r, validProjectName)) check({ ...t, project }, false, "other project (moved)");
                    if (c.mode !== "project") {
                        for (const ws of lookalikes(wss[0], r, validSimpleName)) if (!c.workspaces.includes(ws)) check({ ...t, ws }, false, "other workspace");
                        if (c.workspaces.length > 1) check({ ...t, project: c.projects[1] === t.project ? `${t.project}x` : c.projects[1] }, false, "another listed workspace's project");
                    }
                    if (identity !== "run") check({ ...t, phase: identity === "plan" ? "apply" : "plan" }, false, "other phase");
                    for (const iss of otherIssuers(host)) check({ ...t, iss }, false, "other issuer");
                    for (const other of otherAudiences(aud)) check({ ...t, aud: other }, false, "other audience");
                }
            }
        }
        assert.ok(counts.admitted > 150, `admitted ${counts.admitted}`);
        assert.ok(counts.rejected > 2000, `rejected ${counts.rejected}`);
        assert.ok(counts.split > 15 && counts.project > 8 && counts.readProject > 20, JSON.stringify(counts));
    });
});
