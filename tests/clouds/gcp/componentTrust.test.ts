/**
 * Property test (seeded) at the COMPONENT level: for generated organizations, workspaces (by id),
 * projects, hosts, audiences, tags and split phases, the trust objects GcpWorkspaceFederation
 * REGISTERS under mocks (the provider's mapping, condition, issuer and audiences; each service
 * account's workloadIdentityUser members; the variables that tell HCP Terraform which provider,
 * audience and service account to use) admit exactly the intended run tokens, whatever their names
 * (long names included: google.subject stays under 127 bytes), and refuse look-alikes: another
 * organization (name, case), workspace id, project id, phase on a split account, issuer, audience.
 * Decisions from the real-CEL evaluator tests/support/clouds/gcpFederation.ts; expectations from a
 * plain equality oracle.
 */
import { strict as assert } from "assert";
import { GcpWorkspaceFederation } from "../../../src/clouds/gcp/GcpWorkspaceFederation";
import { gcpCanImpersonate } from "../../support/clouds/gcpFederation";
import { hcpId, idLookalikes, lookalikes, otherAudiences, otherIssuers, projectName, runToken, simpleName, validSimpleName, type RunTokenParts } from "../../support/clouds/runTokens";
import { type GeneratedScope, generatedIds, registeredVariables, scopeArgs } from "../registered";
import { type Rng, int, pick, seededRandom } from "../../support/random";
import { G, emailOf, isolateHostEnv, membersByAccount, providerConfig, providerName, run } from "./harness";

const SEED = 0x7a1;
const PROGRAMS = 12;
const PER_PROGRAM = 8;

interface Case extends GeneratedScope {
    name: string;
    orgId: string;
    project: string;
    hostname?: string;
    audience?: string;
    tag?: string;
    splitPhases: boolean;
}

function genCase(r: Rng, i: number): Case {
    const mode = pick(r, ["single", "single", "list", "project"] as const);
    const workspaces = mode === "project" ? [] : Array.from({ length: mode === "single" ? 1 : int(r, 2, 3) }, (_, k) => `${simpleName(r, r() < 0.3 ? 80 : 12)}-${i}-${k}`);
    return {
        name: `fed${i}`,
        // The index keeps organizations (case-insensitively) apart within one program.
        organization: `o${i}${simpleName(r, r() < 0.3 ? 40 : 10)}`,
        orgId: hcpId(r, "org"),
        mode,
        workspaces,
        wsIds: workspaces.map(() => hcpId(r, "ws")),
        project: projectName(r),
        projectId: hcpId(r, "prj"),
        hostname: pick(r, [undefined, undefined, "app.eu.terraform.io", "tfe.example.com", "tfe-9.corp.example:8443"]),
        audience: r() < 0.7 ? undefined : `aud-${int(r, 0, 99)}`,
        tag: r() < 0.7 ? undefined : pick(r, ["prod", "B_2"]),
        splitPhases: r() < 0.5,
    };
}

describe("GcpWorkspaceFederation trust property (component level, seeded, real CEL)", function () {
    this.timeout(180000);
    isolateHostEnv();

    it(`the registered trust admits exactly the intended run tokens (${PROGRAMS}×${PER_PROGRAM} federations, seed ${SEED})`, async () => {
        const r = seededRandom(SEED);
        const counts = { admitted: 0, rejected: 0, longSubs: 0, split: 0, project: 0 };
        for (let p = 0; p < PROGRAMS; p++) {
            const cases = Array.from({ length: PER_PROGRAM }, (_, k) => genCase(r, p * PER_PROGRAM + k));
            const m = await run(
                () =>
                    cases.map((c) => {
                        return new GcpWorkspaceFederation(c.name, {
                            organization: c.organization, gcpProject: "acme-prod", ...scopeArgs(c), hostname: c.hostname, audience: c.audience, tag: c.tag, splitPhases: c.splitPhases,
                        });
                    }),
                generatedIds(cases),
            );
            const members = membersByAccount(m);
            for (const c of cases) {
                if (c.splitPhases) counts.split++;
                if (c.mode === "project") counts.project++;
                const host = c.hostname ?? "app.terraform.io";
                const vars = registeredVariables(m, c);
                const provider = m.ofType(G.provider).find((x) => x.inputs.attributeCondition.includes(`"${c.organization}"`))!;
                const name = providerName(provider);
                assert.equal(vars.TFC_GCP_WORKLOAD_PROVIDER_NAME, name, "the variable names the registered provider");
                const config = providerConfig(provider);
                const aud = vars.TFC_GCP_WORKLOAD_IDENTITY_AUDIENCE ?? `//iam.googleapis.com/${name}`;
                assert.equal(vars.TFC_GCP_WORKLOAD_IDENTITY_AUDIENCE, c.audience, "the audience variable only for a custom audience");
                const accounts = c.splitPhases ? (["plan", "apply"] as const) : (["run"] as const);
                for (const identity of accounts) {
                    const email = vars[`TFC_GCP_${identity.toUpperCase()}_SERVICE_ACCOUNT_EMAIL`];
                    const saMembers = [...members.entries()].find(([id]) => emailOf(id) === email)![1];
                    for (const member of saMembers) assert.ok(!member.endsWith("/*"), "never the whole pool");
                    const oracle = (t: RunTokenParts): boolean =>
                        t.iss === `https://${host}` && t.aud === aud && t.org === c.organization &&
                        (c.mode === "project" ? t.projectId === c.projectId : c.wsIds.includes(t.wsId)) && (identity === "run" || identity === t.phase);
                    const check = (t: RunTokenParts, expected: boolean, why: string) => {
                        const token = runToken(t);
                        if (Buffer.byteLength(token.sub) > 127) counts.longSubs++;
                        const d = gcpCanImpersonate(config, name, saMembers, { ...token });
                        assert.equal(d.allowed, expected, `${why}: ${JSON.stringify(c)} ${identity} ${JSON.stringify(t)}: ${d.reason}`);
                        assert.equal(oracle(t), expected, `oracle disagrees (${why})`);
                        counts[expected ? "admitted" : "rejected"]++;
                    };
                    const phases = identity === "run" ? (["plan", "apply"] as const) : [identity];
                    const ids = c.mode === "project" ? [hcpId(r, "ws"), hcpId(r, "ws")] : c.wsIds;
                    const good = (wsId: string, phase: "plan" | "apply"): RunTokenParts => ({
                        iss: `https://${host}`, aud, org: c.organization, orgId: c.orgId, projectId: c.projectId, project: projectName(r),
                        wsId, ws: simpleName(r, r() < 0.4 ? 90 : 12), phase,
                    });
                    for (const wsId of ids) for (const phase of phases) check(good(wsId, phase), true, "intended (any names)");
                    const t = good(ids[0], phases[0]);
                    for (const org of lookalikes(c.organization, r, validSimpleName)) check({ ...t, org }, false, "other organization");
                    if (c.mode === "project") for (const projectId of idLookalikes(c.projectId, r)) check({ ...t, projectId }, false, "other project id");
                    else for (const wsId of c.wsIds.flatMap((w) => idLookalikes(w, r))) if (!c.wsIds.includes(wsId)) check({ ...t, wsId }, false, "other workspace id");
                    if (identity !== "run") check({ ...t, phase: identity === "plan" ? "apply" : "plan" }, false, "other phase");
                    for (const iss of otherIssuers(host)) check({ ...t, iss }, false, "other issuer");
                    for (const other of [...otherAudiences(aud), c.audience !== undefined ? `//iam.googleapis.com/${name}` : "gcp.workload.identity"]) check({ ...t, aud: other }, false, "other audience");
                }
            }
        }
        assert.ok(counts.admitted > 250, `admitted ${counts.admitted}`);
        assert.ok(counts.rejected > 2000, `rejected ${counts.rejected}`);
        assert.ok(counts.longSubs > 50, `tokens whose sub exceeds 127 bytes: ${counts.longSubs}`);
        assert.ok(counts.split > 20 && counts.project > 10, JSON.stringify(counts));
    });
});
