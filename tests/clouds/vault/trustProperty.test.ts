/**
 * Property test (seeded): for generated valid names and ids, the Vault backend and roles admit
 * exactly the intended run tokens under Vault's glob semantics (`*` crosses ":" and ",",
 * comma-separated alternatives checked claim by claim), and nothing else: no look-alike
 * organization (case included), project, workspace name or id, no re-created workspace (same
 * name, new id), no other phase on a split role, no other audience or issuer.
 *
 * Several workspaces on one role are judged safe here: Vault matches `sub` and
 * `terraform_workspace_id` independently, so the role admits "name in the names AND id in the ids".
 * The test proves that every admitted token carries a DECLARED workspace id (project-wide: the
 * declared project id), and that each declared (name, id) pair is admitted. A cross pair (the name
 * of one declared workspace with the id of another: a rename among them) is admitted too; it is
 * still a declared workspace getting the role's one policy. The oracle states exactly that.
 */
import { strict as assert } from "assert";
import { vaultJwtAuthBackend, vaultJwtRoles, type VaultWorkspace } from "../../../src/clouds/vault/trust";
import type { PhaseIdentity } from "../../../src/clouds/variableKeys";
import { vaultLogin } from "../../support/clouds/vaultJwt";
import { type Rng, int, pick, seededRandom } from "../../support/random";
import { hcpId, idLookalikes, lookalikes, otherAudiences, otherIssuers, projectName, runToken, simpleName, validProjectName, validSimpleName, type RunTokenParts } from "../../support/clouds/runTokens";

const SEED = 0x7a017;
const CASES = 300;

interface Case {
    organization: string;
    workspaces?: VaultWorkspace[];
    projectId?: string;
    project?: string;
    hostname?: string;
    audience?: string;
    splitPhases: boolean;
}

function genCase(r: Rng): Case {
    const projectWide = r() < 0.3;
    const workspaces: VaultWorkspace[] = [];
    if (!projectWide) {
        for (let n = int(r, 1, 4); workspaces.length < n; ) {
            const name = simpleName(r);
            if (!workspaces.some((w) => w.name === name)) workspaces.push({ name, id: hcpId(r, "ws") });
        }
    }
    return {
        organization: simpleName(r),
        ...(projectWide ? { projectId: hcpId(r, "prj") } : { workspaces }),
        project: r() < 0.4 ? projectName(r) : undefined,
        hostname: pick(r, [undefined, "app.eu.terraform.io", "tfe.example.com", "vault-tfe.corp.example:8443"]),
        audience: r() < 0.6 ? undefined : pick(r, ["vault.example.com", `aud-${int(r, 0, 9)}`]),
        splitPhases: r() < 0.5,
    };
}

describe("clouds/vault trust property (seeded)", function () {
    this.timeout(30000);
    it(`admits exactly the intended run tokens over ${CASES} generated cases (seed ${SEED})`, () => {
        const r = seededRandom(SEED);
        let admitted = 0;
        let rejected = 0;
        let crossPairs = 0;
        let multi = 0;
        for (let i = 0; i < CASES; i++) {
            const c = genCase(r);
            const host = c.hostname ?? "app.terraform.io";
            const iss = `https://${host}`;
            const aud = c.audience ?? "vault.workload.identity";
            const backend = vaultJwtAuthBackend({ hostname: c.hostname });
            const roles = vaultJwtRoles({ organization: c.organization, workspaces: c.workspaces, projectId: c.projectId, project: c.project, audience: c.audience, splitPhases: c.splitPhases });
            if ((c.workspaces?.length ?? 0) > 1) multi++;
            const names = (c.workspaces ?? []).map((w) => w.name);
            const ids = (c.workspaces ?? []).map((w) => w.id);

            const oracle = (identity: PhaseIdentity, t: RunTokenParts): boolean =>
                t.iss === iss &&
                t.aud === aud &&
                t.org === c.organization &&
                (c.project === undefined || t.project === c.project) &&
                (c.projectId !== undefined ? t.projectId === c.projectId : names.includes(t.ws) && ids.includes(t.wsId)) &&
                (identity === "run" || identity === t.phase);

            for (const { identity, role } of roles) {
                const check = (t: RunTokenParts, expected: boolean, why: string): void => {
                    const d = vaultLogin(backend, role, { ...runToken(t) });
                    assert.equal(d.allowed, expected, `case ${i} role ${identity} (${why}): ${JSON.stringify(c)} token ${JSON.stringify(t)}: ${d.reason}`);
                    assert.equal(oracle(identity, t), expected, `oracle disagrees in case ${i} (${why})`);
                    if (d.allowed) {
                        // The safety claim: only declared workspaces (by id), or the declared project, get in.
                        if (c.projectId !== undefined) assert.equal(t.projectId, c.projectId);
                        else assert.ok(ids.includes(t.wsId), `case ${i}: undeclared workspace id ${t.wsId} admitted`);
                        admitted++;
                    } else rejected++;
                };
                const phases = (["plan", "apply"] as const).filter((p) => identity === "run" || identity === p);
                const otherPhases = (["plan", "apply"] as const).filter((p) => !phases.includes(p));
                const projectId = c.projectId ?? hcpId(r, "prj");
                const decl = c.workspaces ?? [{ name: simpleName(r), id: hcpId(r, "ws") }, { name: simpleName(r, 90), id: hcpId(r, "ws") }];
                // Project names that try to smuggle a workspace segment into `sub` (names cannot contain ":").
                const sneaky = decl.flatMap((w) => [`workspace ${w.name}`, `${w.name} run_phase`]).filter(validProjectName);
                const projects = c.project !== undefined ? [c.project] : ["Default Project", projectName(r), ...sneaky];
                const tok = (w: VaultWorkspace, phase: "plan" | "apply", project = pick(r, projects)): RunTokenParts => ({
                    iss,
                    aud,
                    org: c.organization,
                    orgId: hcpId(r, "org"),
                    project,
                    projectId,
                    ws: w.name,
                    wsId: w.id,
                    phase,
                });

                for (const w of decl) for (const phase of phases) for (const project of projects) check(tok(w, phase, project), true, "intended");
                const good = tok(decl[0], phases[0]);
                for (const org of lookalikes(c.organization, r, validSimpleName)) check({ ...good, org }, false, "other organization");
                if (c.project !== undefined) for (const project of lookalikes(c.project, r, validProjectName)) check({ ...good, project }, false, "other project");
                if (c.projectId !== undefined) {
                    for (const other of idLookalikes(c.projectId, r)) check({ ...good, projectId: other }, false, "other project id");
                } else {
                    for (const w of decl) {
                        check({ ...tok(w, phases[0]), wsId: hcpId(r, "ws") }, false, "re-created workspace (same name, new id)");
                        for (const other of idLookalikes(w.id, r)) if (!ids.includes(other)) check({ ...tok(w, phases[0]), wsId: other }, false, "other workspace id");
                        for (const other of lookalikes(w.name, r, validSimpleName)) if (!names.includes(other)) check({ ...tok(w, phases[0]), ws: other }, false, "other workspace name");
                    }
                    for (const a of decl) {
                        for (const b of decl) {
                            if (a !== b) {
                                crossPairs++;
                                check({ ...tok(a, phases[0]), wsId: b.id }, true, "a rename among the declared workspaces");
                            }
                        }
                    }
                }
                for (const phase of otherPhases) check({ ...good, phase }, false, "other phase");
                for (const a of otherAudiences(aud)) check({ ...good, aud: a }, false, "other audience");
                for (const other of otherIssuers(host)) check({ ...good, iss: other }, false, "other issuer");

                const allNames = [...decl.map((w) => w.name), ...decl.flatMap((w) => lookalikes(w.name, r, validSimpleName))];
                const allIds = [...decl.map((w) => w.id), hcpId(r, "ws")];
                for (let k = 0; k < 10; k++) {
                    const t: RunTokenParts = {
                        ...tok(pick(r, decl), pick(r, ["plan", "apply"] as const)),
                        iss: r() < 0.85 ? iss : pick(r, otherIssuers(host)),
                        aud: r() < 0.85 ? aud : aud + "-other",
                        org: r() < 0.7 ? c.organization : pick(r, lookalikes(c.organization, r, validSimpleName)),
                        ws: pick(r, allNames),
                        wsId: pick(r, allIds),
                        projectId: r() < 0.7 ? projectId : hcpId(r, "prj"),
                    };
                    check(t, oracle(identity, t), "random mix");
                }
            }
        }
        assert.ok(admitted > 2000, `admitted ${admitted}`);
        assert.ok(rejected > 8000, `rejected ${rejected}`);
        assert.ok(multi > 100, `multi-workspace cases ${multi}`);
        assert.ok(crossPairs > 300, `cross pairs ${crossPairs}`);
    });
});
