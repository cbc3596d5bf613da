/**
 * Component-level trust property test. tests/policies/trustProperty.test.ts proves that
 * awsTrustPolicy() admits exactly the intended tokens; this file proves the COMPONENT wires it
 * right: for generated names and options, what WorkspaceOidcFederation actually registers
 *  - each role's assumeRolePolicy (what AWS enforces) equals the trust the component outputs (what
 *    `pulumi preview` shows), and names the OIDC provider the stack makes for that issuer/audience;
 *  - admits exactly the run tokens of that organization and those workspaces (project pinned or
 *    not, issuer = the site the component resolved from `hostname` or TFE_HOSTNAME, audience),
 *    and rejects look-alike organizations, workspaces, projects, issuers, audiences, HYOK tokens;
 *  - with splitPhases, the role that TFC_AWS_PLAN_ROLE_ARN names admits only plan tokens and the
 *    one TFC_AWS_APPLY_ROLE_ARN names only apply tokens (variables point at the right role);
 *  - the HYOK role (the one the AwsOidcConfiguration names) admits only its hyok_config subject;
 *  - with existingRoleArn, no role is made, the variable names that role, and the trust the
 *    component outputs for it admits exactly the intended tokens.
 * The expected answer comes from a plain-equality oracle (no globs).
 */
import { strict as assert } from "assert";
import { WorkspaceOidcFederation, type WorkspaceOidcFederationArgs } from "../../src/components";
import { evaluateTrust, validateProjectName, validateWorkspaceName } from "../../src/policies";
import { outputOf } from "../support/mocks";
import { ACCOUNT, captureProgram } from "../faults/engine";
import { isolateHostEnv } from "../components/harness";
import { type Rng, int, pick, seededRandom as prng } from "../support/random";

const SEED = 0x7e57c0de;
const CASES = 48;
const KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-4567-89ef-0123-456789abcdef";

const CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
const SHORT = "abAB01-_";

function simpleName(r: Rng): string {
    const chars = r() < 0.4 ? SHORT : CHARS;
    let s = "";
    for (let i = int(r, 1, 10); i > 0; i--) s += pick(r, chars);
    return s;
}
function projectName(r: Rng): string {
    if (r() < 0.3) return "Default Project";
    let s = pick(r, CHARS);
    for (let i = int(r, 1, 20); i > 0; i--) s += pick(r, CHARS + "  ");
    return s + pick(r, CHARS);
}
const valid = (fn: (n: string) => unknown) => (n: string) => {
    try {
        fn(n);
        return true;
    } catch {
        return false;
    }
};
const validSimple = valid(validateWorkspaceName);
const validProject = valid(validateProjectName);
const swapCase = (s: string) => Array.from(s, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
function lookalikes(name: string, ok: (n: string) => boolean): string[] {
    const out = [name + "-2", "x" + name, name + "_", swapCase(name), name + name, name + " 2"];
    if (name.length > 1) out.push(name.slice(0, -1), name.slice(1));
    return [...new Set(out)].filter((n) => n !== name && ok(n));
}

interface Site {
    /** `hostname` argument, or undefined (then TFE_HOSTNAME, or app.terraform.io). */
    hostname?: string;
    env?: string;
    /** The issuer host the trust must name. */
    host: string;
    audience?: string;
}

const SITES: Site[] = [
    { host: "app.terraform.io" },
    { hostname: "tfe.example.com", host: "tfe.example.com" },
    { hostname: "https://TFE.Corp.Example:8443", host: "tfe.corp.example:8443", audience: "aws.corp.tfe" },
    { env: "app.eu.terraform.io", host: "app.eu.terraform.io" },
    { hostname: "tfe-2.example.com", host: "tfe-2.example.com", audience: "custom-aud" },
    { env: "https://tfe.lab.example", host: "tfe.lab.example" },
];

interface Case {
    fed: string;
    args: WorkspaceOidcFederationArgs;
    org: string;
    workspaces: string[];
    project?: string;
    mode: "single" | "list" | "split" | "byo" | "hyok";
}

function genCase(r: Rng, fed: string, site: Site): Case {
    const org = simpleName(r);
    const mode = pick(r, ["single", "single", "list", "split", "byo", "hyok"] as const);
    const workspaces: string[] = [];
    for (let n = mode === "list" ? int(r, 2, 3) : 1; workspaces.length < n; ) {
        const w = simpleName(r);
        if (!workspaces.includes(w)) workspaces.push(w);
    }
    const project = r() < 0.5 ? projectName(r) : undefined;
    const args: WorkspaceOidcFederationArgs = {
        organization: org,
        ...(mode === "list" ? { workspaces } : { workspace: workspaces[0] }),
        ...(project !== undefined ? { project } : {}),
        ...(site.hostname !== undefined ? { hostname: site.hostname } : {}),
        ...(site.audience !== undefined ? { audience: site.audience } : {}),
        ...(mode === "split" ? { splitPhases: true } : {}),
        ...(mode === "byo" ? { existingRoleArn: `arn:aws:iam::${ACCOUNT}:role/byo-${fed}` } : {}),
        ...(mode === "hyok" && site.audience === undefined ? { hyok: { configurationName: simpleName(r), kmsKeyArn: KMS_KEY } } : {}),
        roleName: `role-${fed}`,
    };
    if (mode === "byo") delete (args as any).roleName;
    return { fed, args, org, workspaces, project, mode: mode === "hyok" && site.audience !== undefined ? "single" : mode };
}

interface Token {
    iss: string;
    aud: string;
    sub: string;
}
const runSub = (org: string, project: string, ws: string, phase: string) => `organization:${org}:project:${project}:workspace:${ws}:run_phase:${phase}`;

describe("security: the trust the COMPONENT emits admits exactly the intended tokens (generated names, every mode)", function () {
    this.timeout(120_000);
    isolateHostEnv();

    it(`${CASES} federations over ${SITES.length} sites, in one program (seed ${SEED})`, async () => {
        const r = prng(SEED);
        let admitted = 0;
        let rejected = 0;
        const modes = new Set<string>();
        const cases = Array.from({ length: CASES }, (_, i) => ({ site: SITES[i % SITES.length], ...genCase(r, `f${i}`, SITES[i % SITES.length]) }));
        // The site comes from `hostname`, else TFE_HOSTNAME as it is when the component is constructed.
        const program = await captureProgram(() =>
            cases.map((c) => {
                if (c.site.env !== undefined) process.env.TFE_HOSTNAME = c.site.env;
                try {
                    return new WorkspaceOidcFederation(c.fed, c.args);
                } finally {
                    delete process.env.TFE_HOSTNAME;
                }
            }),
        );
        const components = program.run.result as WorkspaceOidcFederation[];
        const all = program.run.resources;
        const byName = (name: string, type: string) => {
            const found = all.filter((x) => x.name === name && x.type === type);
            assert.equal(found.length, 1, `${name} (${type})`);
            return found[0];
        };
        // One OIDC provider per site: its URL is the issuer, its client ids the audience.
        const providers = all.filter((x) => x.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
        assert.deepEqual(
            providers.map((p) => `${p.inputs.url} ${JSON.stringify(p.inputs.clientIdLists)}`).sort(),
            SITES.map((s) => `https://${s.host} ${JSON.stringify([s.audience ?? "aws.workload.identity"])}`).sort(),
        );
        for (let i = 0; i < cases.length; i++) {
            const c = cases[i];
            const site = c.site;
            const aud = site.audience ?? "aws.workload.identity";
            const iss = `https://${site.host}`;
            const providerArn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${site.host}`;
            modes.add(c.mode + (c.project ? "+project" : ""));
            const comp = components[i];
            const decide = (trust: string, t: Token, expected: boolean, why: string) => {
                const d = evaluateTrust(trust, t);
                assert.equal(d.allowed, expected, `${c.fed} (${c.mode}, ${why}): ${JSON.stringify(c.args)} token ${JSON.stringify(t)}: ${d.reason}`);
                if (expected) admitted++;
                else rejected++;
            };
            /** Every intended token admitted; every look-alike rejected, for the phases `phases`. */
            const checkRunTrust = (trust: string, phases: ("plan" | "apply")[]) => {
                const projects = c.project !== undefined ? [c.project] : ["Default Project", projectName(r)];
                for (const ws of c.workspaces) for (const p of projects) for (const ph of phases) decide(trust, { iss, aud, sub: runSub(c.org, p, ws, ph) }, true, "intended");
                const good = { org: c.org, project: projects[0], ws: c.workspaces[0], phase: phases[0] };
                const tok = (o: Partial<typeof good>, extra: Partial<Token> = {}): Token => {
                    const m = { ...good, ...o };
                    return { iss, aud, sub: runSub(m.org, m.project, m.ws, m.phase), ...extra };
                };
                for (const org of lookalikes(c.org, validSimple)) decide(trust, tok({ org }), false, "other organization");
                for (const ws of c.workspaces) for (const other of lookalikes(ws, validSimple)) if (!c.workspaces.includes(other)) decide(trust, tok({ ws: other }), false, "other workspace");
                if (c.project !== undefined) for (const p of lookalikes(c.project, validProject)) decide(trust, tok({ project: p }), false, "other project");
                for (const ph of (["plan", "apply"] as const).filter((x) => !phases.includes(x))) decide(trust, tok({ phase: ph }), false, "other phase");
                for (const a of [aud + "x", aud.toUpperCase(), "vault.workload.identity"]) if (a !== aud) decide(trust, tok({}, { aud: a }), false, "other audience");
                for (const other of [`https://evil.${site.host}`, "https://app.terraform.io.evil.example", site.host === "app.terraform.io" ? "https://tfe.example.com" : "https://app.terraform.io"]) {
                    decide(trust, tok({}, { iss: other }), false, "other issuer");
                }
                decide(trust, { iss, aud, sub: `organization:${c.org}:hyok_config:${c.workspaces[0]}` }, false, "HYOK token");
            };
            const role = (suffix: string) => {
                const res = byName(`${c.fed}-${suffix}`, "aws:iam/role:Role");
                assert.equal(res.parent, all.find((x) => x.name === c.fed && !x.custom)!.urn);
                const trust = res.inputs.assumeRolePolicy as string;
                assert.equal(JSON.parse(trust).Statement[0].Principal.Federated, providerArn, `${c.fed}-${suffix}: another OIDC provider`);
                return { trust, arn: `arn:aws:iam::${ACCOUNT}:role/${res.inputs.name}` };
            };
            /** Every variable the federation sets: variable-set variables, or the entries of its variable group. */
            const declared = all
                .filter((x) => x.parent?.endsWith(`::${c.fed}`) && x.custom)
                .flatMap((x) => (Array.isArray(x.inputs.variables) ? x.inputs.variables : x.inputs.key !== undefined ? [x.inputs] : []))
                .map((v: any) => ({ key: v.key as string, value: v.value as string }));
            const variable = (key: string) => {
                const vars = declared.filter((v) => v.key === key);
                assert.equal(vars.length, 1, `${c.fed}: ${key}`);
                return vars[0].value;
            };
            const output = await outputOf(comp.trustPolicy);

            if (c.mode === "byo") {
                assert.equal(all.filter((x) => x.parent?.endsWith(`::${c.fed}`) && x.type === "aws:iam/role:Role").length, 0, "byo made a role");
                assert.equal(variable("TFC_AWS_RUN_ROLE_ARN"), c.args.existingRoleArn);
                checkRunTrust(output, ["plan", "apply"]);
            } else if (c.mode === "split") {
                const plan = role("plan-role");
                const apply = role("apply-role");
                assert.equal(await outputOf(comp.planTrustPolicy!), plan.trust);
                assert.equal(output, apply.trust);
                // The variables point at the role whose trust admits that phase only.
                assert.equal(variable("TFC_AWS_PLAN_ROLE_ARN"), plan.arn);
                assert.equal(variable("TFC_AWS_APPLY_ROLE_ARN"), apply.arn);
                assert.equal(declared.filter((v) => v.key === "TFC_AWS_RUN_ROLE_ARN").length, 0);
                checkRunTrust(plan.trust, ["plan"]);
                checkRunTrust(apply.trust, ["apply"]);
            } else {
                const run = role("role");
                assert.equal(output, run.trust);
                assert.equal(variable("TFC_AWS_RUN_ROLE_ARN"), run.arn);
                checkRunTrust(run.trust, ["plan", "apply"]);
            }
            if (c.args.audience !== undefined && c.args.audience !== "aws.workload.identity") {
                assert.equal(variable("TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE"), c.args.audience);
            }
            if (c.mode === "hyok") {
                const hyok = role("hyok-role");
                const name = c.args.hyok!.configurationName;
                assert.equal(await outputOf(comp.hyokTrustPolicy!), hyok.trust);
                const conf = byName(`${c.fed}-hyok-oidc-configuration`, "pulumi-nodejs:dynamic/hcp-oidc-federation:AwsOidcConfiguration");
                assert.equal(conf.inputs.roleArn, hyok.arn);
                decide(hyok.trust, { iss, aud: "aws.workload.identity", sub: `organization:${c.org}:hyok_config:${name}` }, true, "HYOK intended");
                for (const other of lookalikes(name, validSimple)) decide(hyok.trust, { iss, aud: "aws.workload.identity", sub: `organization:${c.org}:hyok_config:${other}` }, false, "other HYOK configuration");
                for (const org of lookalikes(c.org, validSimple)) decide(hyok.trust, { iss, aud: "aws.workload.identity", sub: `organization:${org}:hyok_config:${name}` }, false, "HYOK of another organization");
                decide(hyok.trust, { iss, aud: "aws.workload.identity", sub: runSub(c.org, "Default Project", c.workspaces[0], "apply") }, false, "run token on the HYOK role");
            }
        }
        for (const m of ["single", "list", "split", "byo", "hyok"]) assert.ok([...modes].some((x) => x.startsWith(m)), `mode ${m} not generated: ${[...modes]}`);
        assert.ok(admitted > 150, `admitted ${admitted}`);
        assert.ok(rejected > 1000, `rejected ${rejected} (admitted ${admitted})`);
    });
});
