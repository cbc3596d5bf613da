/**
 * Property test (seeded): for generated valid names and ids, the GCP provider (attribute mapping
 * and condition, evaluated by a REAL CEL implementation), its issuer and audience check, and the
 * service accounts' workloadIdentityUser members admit exactly the declared workspaces (by id) or
 * the declared project (by id) of the organization, in the bound phases, whatever the names
 * (renames keep working; long names never overflow google.subject), and nothing else: no
 * look-alike organization (name or id, case included), workspace or project id, no other phase on
 * a split service account, no other audience or issuer. The expected answer comes from a plain
 * equality oracle; decisions from tests/support/clouds/gcpFederation.ts.
 */
import { strict as assert } from "assert";
import { gcpWorkloadIdentityUserBindings } from "../../../src/clouds/gcp/bindings";
import { gcpDefaultAudience, gcpWorkloadIdentityPoolName, gcpWorkloadIdentityPoolProvider, gcpWorkloadProviderName } from "../../../src/clouds/gcp/trust";
import type { PhaseIdentity } from "../../../src/clouds/variableKeys";
import { gcpCanImpersonate } from "../../support/clouds/gcpFederation";
import { type Rng, int, pick, seededRandom } from "../../support/random";
import { hcpId, idLookalikes, lookalikes, otherAudiences, otherIssuers, projectName, runToken, simpleName, validSimpleName, type RunTokenParts } from "../../support/clouds/runTokens";

const SEED = 0x6c9;
const CASES = 300;

interface Case {
    organization: string;
    organizationId: string;
    pinOrgId: boolean;
    workspaceIds?: string[];
    projectId?: string;
    hostname?: string;
    audience?: string;
    splitPhases: boolean;
    projectNumber: string;
    poolId: string;
    providerId: string;
}

function genCase(r: Rng): Case {
    const projectWide = r() < 0.3;
    const workspaceIds: string[] = [];
    if (!projectWide) for (let n = int(r, 1, 3); workspaceIds.length < n; ) workspaceIds.push(hcpId(r, "ws"));
    return {
        organization: simpleName(r, 40),
        organizationId: hcpId(r, "org"),
        pinOrgId: r() < 0.4,
        ...(projectWide ? { projectId: hcpId(r, "prj") } : { workspaceIds }),
        hostname: pick(r, [undefined, "app.eu.terraform.io", "tfe.example.com", "tfe-9.corp.example:8443"]),
        audience: r() < 0.6 ? undefined : pick(r, ["gcp.workload.identity", `aud-${int(r, 0, 9)}`]),
        splitPhases: r() < 0.5,
        projectNumber: String(int(r, 1, 999999999999)),
        poolId: pick(r, ["hcp-terraform", "pool-" + int(r, 1000, 9999)]),
        providerId: pick(r, ["app-terraform-io", "tfe-" + int(r, 1000, 9999)]),
    };
}

describe("clouds/gcp trust property (seeded, real CEL)", function () {
    this.timeout(60000);
    it(`admits exactly the intended run tokens over ${CASES} generated cases (seed ${SEED})`, () => {
        const r = seededRandom(SEED);
        let admitted = 0;
        let rejected = 0;
        let longSubs = 0;
        let wide = 0;
        for (let i = 0; i < CASES; i++) {
            const c = genCase(r);
            const host = c.hostname ?? "app.terraform.io";
            const providerName = gcpWorkloadProviderName(c.projectNumber, c.poolId, c.providerId);
            const provider = gcpWorkloadIdentityPoolProvider({
                organization: c.organization,
                ...(c.pinOrgId ? { organizationId: c.organizationId } : {}),
                workloadIdentityPoolId: c.poolId,
                workloadIdentityPoolProviderId: c.providerId,
                hostname: c.hostname,
                audience: c.audience,
            });
            const bindings = gcpWorkloadIdentityUserBindings({
                poolName: gcpWorkloadIdentityPoolName(c.projectNumber, c.poolId),
                workspaceIds: c.workspaceIds,
                projectId: c.projectId,
                splitPhases: c.splitPhases,
            });
            for (const b of bindings) for (const m of b.members) assert.ok(!m.endsWith("/*"), "never the whole pool");
            if (c.projectId !== undefined) wide++;
            const iss = `https://${host}`;
            const defaultAud = gcpDefaultAudience(c.projectNumber, c.poolId, c.providerId);
            const audiences = c.audience !== undefined ? [c.audience] : [defaultAud, `https:${defaultAud}`];

            const oracle = (identity: PhaseIdentity, t: RunTokenParts): boolean =>
                t.iss === iss &&
                audiences.includes(t.aud) &&
                (c.pinOrgId ? t.orgId === c.organizationId : t.org === c.organization) &&
                (c.projectId !== undefined ? t.projectId === c.projectId : (c.workspaceIds as string[]).includes(t.wsId)) &&
                (identity === "run" || identity === t.phase);

            for (const b of bindings) {
                const check = (t: RunTokenParts, expected: boolean, why: string): void => {
                    const token = runToken(t);
                    if (Buffer.byteLength(token.sub) > 127) longSubs++;
                    const d = gcpCanImpersonate(provider, providerName, b.members, { ...token });
                    assert.equal(d.allowed, expected, `case ${i} sa ${b.identity} (${why}): ${JSON.stringify(c)} token ${JSON.stringify(t)}: ${d.reason}`);
                    assert.equal(oracle(b.identity, t), expected, `oracle disagrees in case ${i} (${why})`);
                    if (expected) admitted++;
                    else rejected++;
                };
                const phases = (["plan", "apply"] as const).filter((p) => b.identity === "run" || b.identity === p);
                const otherPhases = (["plan", "apply"] as const).filter((p) => !phases.includes(p));
                const projectId = c.projectId ?? hcpId(r, "prj");
                const wsIds = c.workspaceIds ?? [hcpId(r, "ws"), hcpId(r, "ws")];
                // Names are free: any workspace, project or (with the id pinned) organization name, long ones included.
                const names = () => ({ project: projectName(r), ws: simpleName(r, r() < 0.3 ? 90 : 12) });
                const base = (wsId: string, phase: "plan" | "apply"): RunTokenParts => ({
                    iss,
                    aud: pick(r, audiences),
                    org: c.pinOrgId && r() < 0.3 ? simpleName(r) : c.organization,
                    orgId: c.organizationId,
                    projectId,
                    wsId,
                    phase,
                    ...names(),
                });
                for (const wsId of wsIds) for (const phase of phases) for (let k = 0; k < 2; k++) check(base(wsId, phase), true, "intended");
                const good = base(wsIds[0], phases[0]);
                for (const org of lookalikes(c.organization, r, validSimpleName)) check({ ...good, org, orgId: c.pinOrgId ? hcpId(r, "org") : good.orgId }, false, "other organization");
                for (const orgId of idLookalikes(c.organizationId, r)) check({ ...good, orgId, org: c.pinOrgId ? c.organization : simpleName(r) + "x" }, false, "other organization id");
                if (c.projectId !== undefined) for (const other of idLookalikes(c.projectId, r)) check({ ...good, projectId: other }, false, "other project id");
                else for (const other of wsIds.flatMap((w) => idLookalikes(w, r))) if (!wsIds.includes(other)) check({ ...good, wsId: other }, false, "other workspace id");
                for (const phase of otherPhases) check({ ...good, phase }, false, "other phase");
                for (const aud of [...otherAudiences(audiences[0]), c.audience !== undefined ? defaultAud : "gcp.workload.identity"]) {
                    if (!audiences.includes(aud)) check({ ...good, aud }, false, "other audience");
                }
                for (const other of otherIssuers(host)) check({ ...good, iss: other }, false, "other issuer");

                for (let k = 0; k < 8; k++) {
                    const t: RunTokenParts = {
                        ...base(r() < 0.6 ? pick(r, wsIds) : hcpId(r, "ws"), pick(r, ["plan", "apply"] as const)),
                        iss: r() < 0.85 ? iss : pick(r, otherIssuers(host)),
                        aud: r() < 0.85 ? pick(r, audiences) : "other",
                        org: r() < 0.7 ? c.organization : pick(r, lookalikes(c.organization, r, validSimpleName)),
                        orgId: r() < 0.7 ? c.organizationId : hcpId(r, "org"),
                        projectId: r() < 0.7 ? projectId : hcpId(r, "prj"),
                    };
                    check(t, oracle(b.identity, t), "random mix");
                }
            }
        }
        assert.ok(admitted > 1500, `admitted ${admitted}`);
        assert.ok(rejected > 5000, `rejected ${rejected}`);
        assert.ok(longSubs > 200, `tokens whose sub exceeds 127 bytes: ${longSubs}`);
        assert.ok(wide > 60 && wide < 140, `project-wide cases ${wide}`);
    });
});
