/**
 * Property test (seeded): for generated valid names, the Azure federated credentials admit exactly
 * the intended run tokens under Entra's exact, case-sensitive matching, and the flexible
 * (project-wide) credential admits every workspace of the project and nothing else: no look-alike
 * organization, project or workspace (case, prefix and suffix included), no other phase on a
 * split application, no other audience or issuer. The expected answer comes from a plain
 * equality oracle; decisions from the independent evaluator in tests/support/clouds/entra.ts.
 */
import { strict as assert } from "assert";
import { azureFederatedCredentials, azureFlexibleFederatedCredentials } from "../../../src/clouds/azure/trust";
import type { PhaseIdentity } from "../../../src/clouds/variableKeys";
import { entraExchange, entraTokenOf, type EntraRunToken } from "../../support/clouds/entra";
import { type Rng, int, pick, seededRandom } from "../../support/random";
import { lookalikes, otherAudiences, otherIssuers, projectName, simpleName, validProjectName, validSimpleName } from "../../support/clouds/runTokens";

const SEED = 0xa2e1;
const CASES = 300;

type Tok = EntraRunToken;
const tokenOf = entraTokenOf;
const phaseOk = (identity: PhaseIdentity, phase: "plan" | "apply"): boolean => identity === "run" || identity === phase;

interface Case {
    organization: string;
    workspaces: Array<{ name: string; project: string }>;
    hostname?: string;
    audience?: string;
    splitPhases: boolean;
    projectWide: boolean;
}

function genCase(r: Rng): Case {
    const projectWide = r() < 0.3;
    const shared = projectName(r);
    const workspaces: Array<{ name: string; project: string }> = [];
    for (let n = int(r, 1, projectWide ? 1 : 4); workspaces.length < n; ) {
        const name = simpleName(r);
        if (!workspaces.some((w) => w.name === name)) workspaces.push({ name, project: r() < 0.7 ? shared : projectName(r) });
    }
    const hosts = projectWide ? [undefined, "app.eu.terraform.io"] : [undefined, "app.eu.terraform.io", "tfe.example.com", "tfe-2.corp.example:8443"];
    return {
        organization: simpleName(r),
        workspaces,
        hostname: pick(r, hosts),
        audience: r() < 0.6 ? undefined : pick(r, ["custom.aud", "api://AzureADTokenExchange/prod", `aud-${int(r, 0, 9)}`]),
        splitPhases: r() < 0.5,
        projectWide,
    };
}

describe("clouds/azure trust property (seeded)", function () {
    this.timeout(30000);
    it(`admits exactly the intended run tokens over ${CASES} generated cases (seed ${SEED})`, () => {
        const r = seededRandom(SEED);
        let admitted = 0;
        let rejected = 0;
        let wide = 0;
        for (let i = 0; i < CASES; i++) {
            const c = genCase(r);
            const host = c.hostname ?? "app.terraform.io";
            const iss = `https://${host}`;
            const aud = c.audience ?? "api://AzureADTokenExchange";
            const project = c.workspaces[0].project;
            const apps = c.projectWide
                ? azureFlexibleFederatedCredentials({ organization: c.organization, project, hostname: c.hostname, audience: c.audience, splitPhases: c.splitPhases }).map((a) => ({
                      identity: a.identity,
                      credentials: [a.flexibleFederatedCredential],
                      names: [a.flexibleFederatedCredential.displayName],
                  }))
                : azureFederatedCredentials({ organization: c.organization, workspaces: c.workspaces, hostname: c.hostname, audience: c.audience, splitPhases: c.splitPhases }).map((a) => ({
                      identity: a.identity,
                      credentials: a.federatedCredentials,
                      names: a.federatedCredentials.map((f) => f.displayName),
                  }));
            if (c.projectWide) wide++;
            assert.deepStrictEqual(apps.map((a) => a.identity), c.splitPhases ? ["plan", "apply"] : ["run"]);

            /** The intended meaning, by plain equality. */
            const oracle = (identity: PhaseIdentity, t: Tok): boolean =>
                t.iss === iss &&
                t.aud === aud &&
                t.org === c.organization &&
                phaseOk(identity, t.phase) &&
                (c.projectWide ? t.project === project : c.workspaces.some((w) => w.name === t.ws && w.project === t.project));

            for (const app of apps) {
                // Display names: unique on the application, 3 to 120 URL-friendly characters.
                assert.equal(new Set(app.names).size, app.names.length, `case ${i}: duplicate names ${app.names}`);
                for (const n of app.names) assert.match(n, /^[A-Za-z0-9_-]{3,120}$/);
                if (!c.projectWide) assert.ok(app.credentials.length <= 20);

                const check = (t: Tok, expected: boolean, why: string): void => {
                    const d = entraExchange(app.credentials, tokenOf(t));
                    assert.equal(d.allowed, expected, `case ${i} app ${app.identity} (${why}): ${JSON.stringify(c)} token ${JSON.stringify(t)}: ${d.reason}`);
                    assert.equal(oracle(app.identity, t), expected, `oracle disagrees in case ${i} (${why})`);
                    if (expected) admitted++;
                    else rejected++;
                };
                const phases = (["plan", "apply"] as const).filter((p) => phaseOk(app.identity, p));
                const otherPhases = (["plan", "apply"] as const).filter((p) => !phaseOk(app.identity, p));
                const wsNames = c.projectWide ? [c.workspaces[0].name, simpleName(r), simpleName(r, 90)] : c.workspaces.map((w) => w.name);
                const projectOf = (ws: string): string => (c.projectWide ? project : (c.workspaces.find((w) => w.name === ws) as { project: string }).project);

                for (const ws of wsNames) for (const phase of phases) check({ iss, aud, org: c.organization, project: projectOf(ws), ws, phase }, true, "intended");
                const good: Tok = { iss, aud, org: c.organization, project: projectOf(wsNames[0]), ws: wsNames[0], phase: phases[0] };
                for (const org of lookalikes(c.organization, r, validSimpleName)) check({ ...good, org }, false, "other organization");
                for (const p of lookalikes(good.project, r, validProjectName)) {
                    if (c.projectWide || !c.workspaces.some((w) => w.name === good.ws && w.project === p)) check({ ...good, project: p }, false, "other project");
                }
                if (!c.projectWide) {
                    for (const w of c.workspaces) {
                        for (const other of lookalikes(w.name, r, validSimpleName)) {
                            if (!c.workspaces.some((x) => x.name === other)) check({ ...good, ws: other, project: w.project }, false, "other workspace");
                        }
                    }
                }
                for (const phase of otherPhases) check({ ...good, phase }, false, "other phase");
                for (const a of otherAudiences(aud)) check({ ...good, aud: a }, false, "other audience");
                for (const other of otherIssuers(host)) check({ ...good, iss: other }, false, "other issuer");

                // Random mixes of right and wrong parts, decided by the oracle.
                const orgs = [c.organization, ...lookalikes(c.organization, r, validSimpleName)];
                const projects = [...new Set([...c.workspaces.map((w) => w.project), ...lookalikes(project, r, validProjectName)])];
                const wss = [...wsNames, ...wsNames.flatMap((w) => lookalikes(w, r, validSimpleName))];
                for (let k = 0; k < 10; k++) {
                    const t: Tok = {
                        iss: r() < 0.85 ? iss : pick(r, otherIssuers(host)),
                        aud: r() < 0.85 ? aud : aud + "-other",
                        org: r() < 0.7 ? c.organization : pick(r, orgs),
                        project: pick(r, projects),
                        ws: pick(r, wss),
                        phase: pick(r, ["plan", "apply"] as const),
                    };
                    check(t, oracle(app.identity, t), "random mix");
                }
            }
        }
        assert.ok(admitted > 1000, `admitted ${admitted}`);
        assert.ok(rejected > 8000, `rejected ${rejected}`);
        assert.ok(wide > 60 && wide < 140, `project-wide cases ${wide}`);
    });
});
