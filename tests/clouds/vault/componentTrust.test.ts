/**
 * Property test (seeded) at the COMPONENT level: for generated organizations, workspaces (names and
 * ids), projects, hosts, audiences, namespaces, tags and split phases, the trust VaultWorkspaceFederation
 * REGISTERS under mocks (the backend's issuer; each role's audiences and glob bound claims; the
 * variables that tell HCP Terraform which mount, namespace, role and audience to use) admits exactly
 * the intended run tokens under Vault's glob semantics, and refuses look-alikes: another
 * organization (name, case), workspace name, workspace id (a re-created workspace), project (name
 * when pinned, id with projectScope), phase on a split role, issuer, audience. Decisions from the
 * independent evaluator tests/support/clouds/vaultJwt.ts; expectations from a plain oracle.
 */
import { strict as assert } from "assert";
import { VaultWorkspaceFederation } from "../../../src/clouds/vault/VaultWorkspaceFederation";
import { vaultLogin } from "../../support/clouds/vaultJwt";
import { hcpId, idLookalikes, lookalikes, otherAudiences, otherIssuers, projectName, runToken, simpleName, validProjectName, validSimpleName, type RunTokenParts } from "../../support/clouds/runTokens";
import { type GeneratedScope, generatedIds, registeredVariables, scopeArgs } from "../registered";
import { type Rng, int, pick, seededRandom } from "../../support/random";
import { V, backendConfig, isolateHostEnv, roleConfig, run } from "./harness";

const SEED = 0x7a017c;
const PROGRAMS = 10;
const PER_PROGRAM = 8;
/** One mount per host: a backend trusts one issuer. */
const MOUNT: Record<string, string> = { "app.terraform.io": "jwt", "app.eu.terraform.io": "jwt-eu", "tfe.example.com": "tfe", "tfe-9.corp.example:8443": "tfe/corp" };

/** `project` is pinned in `sub` (always with projectScope). */
interface Case extends GeneratedScope {
    name: string;
    hostname?: string;
    audience?: string;
    namespace?: string;
    tag?: string;
    splitPhases: boolean;
}

function genCase(r: Rng, i: number): Case {
    const mode = pick(r, ["single", "single", "list", "project"] as const);
    const workspaces = mode === "project" ? [] : Array.from({ length: mode === "single" ? 1 : int(r, 2, 3) }, (_, k) => `${simpleName(r, r() < 0.3 ? 60 : 12)}-${i}-${k}`);
    return {
        name: `fed${i}`,
        organization: `o${i}${simpleName(r, 10)}`,
        mode,
        workspaces,
        wsIds: workspaces.map(() => hcpId(r, "ws")),
        project: mode === "project" || r() < 0.3 ? `${projectName(r).slice(0, 30)} ${i}` : undefined,
        projectId: hcpId(r, "prj"),
        hostname: pick(r, [undefined, undefined, "app.eu.terraform.io", "tfe.example.com", "tfe-9.corp.example:8443"]),
        audience: r() < 0.7 ? undefined : `aud-${int(r, 0, 99)}`,
        namespace: r() < 0.7 ? undefined : pick(r, ["admin", "admin/team-a"]),
        tag: r() < 0.7 ? undefined : pick(r, ["prod", "B_2"]),
        splitPhases: r() < 0.5,
    };
}

describe("VaultWorkspaceFederation trust property (component level, seeded, Vault glob semantics)", function () {
    this.timeout(180000);
    isolateHostEnv();

    it(`the registered trust admits exactly the intended run tokens (${PROGRAMS}×${PER_PROGRAM} federations, seed ${SEED})`, async () => {
        const r = seededRandom(SEED);
        const counts = { admitted: 0, rejected: 0, split: 0, project: 0, list: 0 };
        for (let p = 0; p < PROGRAMS; p++) {
            const cases = Array.from({ length: PER_PROGRAM }, (_, k) => genCase(r, p * PER_PROGRAM + k));
            const m = await run(
                () =>
                    cases.map((c) => {
                        return new VaultWorkspaceFederation(c.name, {
                            organization: c.organization, vaultAddress: "https://vault.example.com", ...scopeArgs(c), project: c.project, hostname: c.hostname, audience: c.audience,
                            namespace: c.namespace, authPath: MOUNT[c.hostname ?? "app.terraform.io"], tag: c.tag, splitPhases: c.splitPhases, tokenPolicies: ["app-read"],
                        });
                    }),
                generatedIds(cases),
            );
            for (const c of cases) {
                if (c.mode === "project") counts.project++;
                if (c.mode === "list") counts.list++;
                if (c.splitPhases) counts.split++;
                const host = c.hostname ?? "app.terraform.io";
                const vars = registeredVariables(m, c);
                assert.equal(vars.TFC_VAULT_ADDR, "https://vault.example.com");
                assert.equal(vars.TFC_VAULT_NAMESPACE, c.namespace, "the namespace variable only when given");
                assert.equal(vars.TFC_VAULT_WORKLOAD_IDENTITY_AUDIENCE, c.audience, "the audience variable only for a custom audience");
                const mount = vars.TFC_VAULT_AUTH_PATH ?? "jwt";
                assert.equal(mount, MOUNT[host]);
                // What HCP Terraform's login reaches: the backend at the mount (in the namespace), the role named by the variable.
                const backends = m.ofType(V.backend).filter((b) => b.inputs.path === mount && b.inputs.namespace === c.namespace);
                assert.equal(backends.length, 1, "one shared backend per namespace and mount");
                const backend = backendConfig(backends[0]);
                const aud = c.audience ?? "vault.workload.identity";
                for (const identity of c.splitPhases ? (["plan", "apply"] as const) : (["run"] as const)) {
                    const roleName = vars[`TFC_VAULT_${identity.toUpperCase()}_ROLE`];
                    const found = m.ofType(V.role).filter((x) => x.inputs.roleName === roleName && x.inputs.backend === mount && x.inputs.namespace === c.namespace);
                    assert.equal(found.length, 1, `one role ${roleName} on ${mount}`);
                    assert.deepEqual(found[0].inputs.tokenPolicies, [roleName.toLowerCase(), "app-read"]);
                    const role = roleConfig(found[0]);
                    const oracle = (t: RunTokenParts): boolean =>
                        t.iss === `https://${host}` && t.aud === aud && t.org === c.organization && (c.project === undefined || t.project === c.project) &&
                        (c.mode === "project" ? t.projectId === c.projectId : c.workspaces.includes(t.ws) && c.wsIds.includes(t.wsId)) &&
                        (identity === "run" || identity === t.phase);
                    const check = (t: RunTokenParts, expected: boolean, why: string) => {
                        const d = vaultLogin(backend, role, { ...runToken(t) });
                        assert.equal(d.allowed, expected, `${why}: ${JSON.stringify(c)} ${identity} ${JSON.stringify(t)}: ${d.reason}`);
                        assert.equal(oracle(t), expected, `oracle disagrees (${why})`);
                        counts[expected ? "admitted" : "rejected"]++;
                    };
                    const phases = identity === "run" ? (["plan", "apply"] as const) : [identity];
                    const decl = c.mode === "project" ? [{ ws: simpleName(r, 40), wsId: hcpId(r, "ws") }, { ws: simpleName(r), wsId: hcpId(r, "ws") }] : c.workspaces.map((ws, k) => ({ ws, wsId: c.wsIds[k] }));
                    const good = (w: { ws: string; wsId: string }, phase: "plan" | "apply"): RunTokenParts => ({
                        iss: `https://${host}`, aud, org: c.organization, orgId: hcpId(r, "org"), projectId: c.projectId, project: c.project ?? projectName(r), ...w, phase,
                    });
                    for (const w of decl) for (const phase of phases) check(good(w, phase), true, "intended");
                    const t = good(decl[0], phases[0]);
                    for (const org of lookalikes(c.organization, r, validSimpleName)) check({ ...t, org }, false, "other organization");
                    if (c.project !== undefined) for (const project of lookalikes(c.project, r, validProjectName)) check({ ...t, project }, false, "other project name");
                    if (c.mode === "project") for (const projectId of idLookalikes(c.projectId, r)) check({ ...t, projectId }, false, "other project id");
                    else {
                        check({ ...t, wsId: hcpId(r, "ws") }, false, "re-created workspace (same name, new id)");
                        for (const wsId of idLookalikes(t.wsId, r)) if (!c.wsIds.includes(wsId)) check({ ...t, wsId }, false, "other workspace id");
                        for (const ws of lookalikes(t.ws, r, validSimpleName)) if (!c.workspaces.includes(ws)) check({ ...t, ws }, false, "other workspace name");
                    }
                    if (identity !== "run") check({ ...t, phase: identity === "plan" ? "apply" : "plan" }, false, "other phase");
                    for (const iss of otherIssuers(host)) check({ ...t, iss }, false, "other issuer");
                    for (const other of [...otherAudiences(aud), ...(c.audience !== undefined ? ["vault.workload.identity"] : [])]) check({ ...t, aud: other }, false, "other audience");
                }
            }
        }
        assert.ok(counts.admitted > 200, `admitted ${counts.admitted}`);
        assert.ok(counts.rejected > 4000, `rejected ${counts.rejected}`);
        assert.ok(counts.split > 15 && counts.project > 8 && counts.list > 8, JSON.stringify(counts));
    });
});
