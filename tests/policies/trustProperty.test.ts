/**
 * Property test: for generated valid organization, project and workspace names, the emitted trust
 * admits exactly the run tokens of that organization and those workspaces (any project unless one
 * is pinned; only the admitted phases), and nothing else: no other organization or workspace
 * (prefix/suffix/case look-alikes included), no other phase when split, no other audience or issuer.
 * Decisions go through the package's evaluator, whose glob matcher evaluate.test.ts checks against
 * hand-written cases and an independent regex reference; the expected answer here comes from a
 * plain equality oracle that does not use globs at all.
 */
import { strict as assert } from "assert";
import {
    awsTrustPolicy,
    evaluateTrust,
    validateOrganizationName,
    validateProjectName,
    validateWorkspaceName,
    type RunPhase,
} from "../../src/policies";
import { type Rng, int, pick, seededRandom as prng } from "../support/random";

const SEED = 0x5eed2024;
const CASES = 500;

const NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
const SHORT_CHARS = "abAB01-_"; // a small alphabet makes near-collisions between generated names likely

function simpleName(r: Rng): string {
    const chars = r() < 0.3 ? SHORT_CHARS : NAME_CHARS;
    let s = "";
    for (let i = int(r, 1, 12); i > 0; i--) s += pick(r, chars);
    return s;
}

function projectName(r: Rng): string {
    if (r() < 0.2) return "Default Project";
    const inner = NAME_CHARS + "  ";
    let s = pick(r, NAME_CHARS);
    for (let i = int(r, 1, 38); i > 0; i--) s += pick(r, inner);
    return s + pick(r, NAME_CHARS);
}

const swapCase = (s: string): string => Array.from(s, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");

/** Valid names that differ from `name` by a prefix, suffix, truncation, doubling or case. */
function lookalikes(name: string, r: Rng, valid: (n: string) => boolean): string[] {
    const out = [name + "-2", name + "2", "x" + name, name + "_", "_" + name, "-" + name, name + name, swapCase(name), name + " 2", "x " + name];
    if (name.length > 1) out.push(name.slice(0, -1), name.slice(1));
    out.push(simpleName(r));
    return [...new Set(out)].filter((n) => n !== name && valid(n));
}

function isValid(validate: (n: unknown) => unknown): (n: string) => boolean {
    return (n) => {
        try {
            validate(n);
            return true;
        } catch {
            return false;
        }
    };
}
const validSimple = isValid(validateWorkspaceName);
const validProject = isValid(validateProjectName);

interface Case {
    organization: string;
    workspaces: string[];
    project?: string;
    runPhase: RunPhase;
    hostname?: string;
    audience?: string;
}

function genCase(r: Rng): Case {
    const workspaces: string[] = [];
    for (let n = int(r, 1, 3); workspaces.length < n; ) {
        const w = simpleName(r);
        if (!workspaces.includes(w)) workspaces.push(w);
    }
    return {
        organization: simpleName(r),
        workspaces,
        project: r() < 0.5 ? projectName(r) : undefined,
        runPhase: pick(r, ["*", "*", "plan", "apply"] as const),
        hostname: r() < 0.5 ? undefined : pick(r, ["tfe.example.com", "app.eu.terraform.io", `tfe-${int(r, 1, 99)}.corp.example`, "tfe.example.com:8443"]),
        audience: r() < 0.5 ? undefined : pick(r, ["custom.aud", "aws.workload.identity.prod", `aud-${int(r, 0, 9)}`]),
    };
}

interface Token {
    iss: string;
    aud: string;
    org: string;
    project: string;
    ws: string;
    phase: "plan" | "apply";
}

const subOf = (t: Token): string => `organization:${t.org}:project:${t.project}:workspace:${t.ws}:run_phase:${t.phase}`;

/** The intended meaning of the trust, by plain equality: no globs. */
function oracle(c: Case, t: Token): boolean {
    const host = c.hostname ?? "app.terraform.io";
    return (
        t.iss === `https://${host}` &&
        t.aud === (c.audience ?? "aws.workload.identity") &&
        t.org === c.organization &&
        c.workspaces.includes(t.ws) &&
        (c.project === undefined || t.project === c.project) &&
        (c.runPhase === "*" || t.phase === c.runPhase)
    );
}

describe("policies/trust property (seeded)", function () {
    this.timeout(30000); // ~0.5 s normally; the machine is shared
    it(`admits exactly the intended run tokens over ${CASES} generated cases (seed ${SEED})`, () => {
        const r = prng(SEED);
        let admitted = 0;
        let rejected = 0;
        let pinnedCases = 0;
        let splitCases = 0;
        for (let i = 0; i < CASES; i++) {
            const c = genCase(r);
            validateOrganizationName(c.organization);
            c.workspaces.forEach((w) => validateWorkspaceName(w));
            if (c.project !== undefined) {
                validateProjectName(c.project);
                pinnedCases++;
            }
            if (c.runPhase !== "*") splitCases++;
            const policy = awsTrustPolicy({ accountId: "123456789012", ...c });
            const host = c.hostname ?? "app.terraform.io";
            const aud = c.audience ?? "aws.workload.identity";
            const phases: Array<"plan" | "apply"> = c.runPhase === "*" ? ["plan", "apply"] : [c.runPhase];
            const otherPhases = (["plan", "apply"] as const).filter((p) => !phases.includes(p));
            const projects = c.project !== undefined ? [c.project] : ["Default Project", projectName(r), "abc"];

            const check = (t: Token, expected: boolean, why: string): void => {
                const decision = evaluateTrust(policy, { iss: t.iss, aud: t.aud, sub: subOf(t) });
                assert.equal(decision.allowed, expected, `case ${i} (${why}): ${JSON.stringify(c)} token ${JSON.stringify(t)}: ${decision.reason}`);
                assert.equal(oracle(c, t), expected, `oracle disagrees with the expectation in case ${i} (${why})`);
                if (expected) admitted++;
                else rejected++;
            };

            // Every intended token is admitted.
            for (const ws of c.workspaces) {
                for (const project of projects) {
                    for (const phase of phases) check({ iss: `https://${host}`, aud, org: c.organization, project, ws, phase }, true, "intended");
                }
            }
            const good: Token = { iss: `https://${host}`, aud, org: c.organization, project: projects[0], ws: c.workspaces[0], phase: phases[0] };
            // Other organizations, including look-alikes.
            for (const org of lookalikes(c.organization, r, validSimple)) check({ ...good, org }, false, "other organization");
            // Other workspaces, including look-alikes (unless that look-alike is itself listed).
            for (const ws of c.workspaces) {
                for (const other of lookalikes(ws, r, validSimple)) {
                    if (!c.workspaces.includes(other)) check({ ...good, ws: other }, false, "other workspace");
                }
            }
            // Other projects when pinned.
            if (c.project !== undefined) {
                for (const project of lookalikes(c.project, r, validProject)) check({ ...good, project }, false, "other project");
            }
            // The other phase when split.
            for (const phase of otherPhases) check({ ...good, phase }, false, "other phase");
            // Other audiences and issuers.
            for (const other of [aud + "x", "x" + aud, aud.toUpperCase(), "vault.workload.identity"]) check({ ...good, aud: other }, false, "other audience");
            const bareHost = host.replace(/:\d+$/, "");
            for (const iss of [`https://${bareHost}.evil.example`, `https://evil.${host}`, "https://app.terraform.io.example", host === "app.terraform.io" ? "https://tfe.example.com" : "https://app.terraform.io"]) {
                check({ ...good, iss }, false, "other issuer");
            }
            // HYOK tokens of the same organization never match a run trust.
            const hyok = evaluateTrust(policy, { iss: `https://${host}`, aud, sub: `organization:${c.organization}:hyok_config:${c.workspaces[0]}` });
            assert.equal(hyok.allowed, false);

            // Random mixes of right and wrong parts, decided by the oracle.
            const orgs = [c.organization, ...lookalikes(c.organization, r, validSimple)];
            const wss = [...c.workspaces, ...c.workspaces.flatMap((w) => lookalikes(w, r, validSimple))];
            const projs = c.project !== undefined ? [c.project, ...lookalikes(c.project, r, validProject)] : projects;
            for (let k = 0; k < 12; k++) {
                const t: Token = {
                    iss: r() < 0.8 ? `https://${host}` : "https://other.example",
                    aud: r() < 0.8 ? aud : aud + "-other",
                    org: r() < 0.6 ? c.organization : pick(r, orgs),
                    project: pick(r, projs),
                    ws: r() < 0.5 ? pick(r, c.workspaces) : pick(r, wss),
                    phase: pick(r, ["plan", "apply"] as const),
                };
                check(t, oracle(c, t), "random mix");
            }
        }
        // The generator really explored both sides and every mode.
        assert.ok(admitted > 2000, `admitted ${admitted}`);
        assert.ok(rejected > 10000, `rejected ${rejected}`);
        assert.ok(pinnedCases > 150 && pinnedCases < 350, `pinned ${pinnedCases}`);
        assert.ok(splitCases > 150 && splitCases < 350, `split ${splitCases}`);
    });
});
