// End to end on the HCP side: the federation's dynamic children, exactly as the SDK serialized them
// under setMocks (`__provider` text + inputs), are played through the REAL dynamic-provider host
// (check -> create, in dependency order, like the engine) against the HCP Terraform emulator, and
// the emulator's state is what the issue promises. AWS stays mocked (role ARNs are the mock's).
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { startEmulator, type Emulator } from "../emulator";
import { startProviderHost, type ProviderHost, type PropertyMap } from "../support/providerHost";
import type { CapturedResource, MockRun } from "../support/mocks";
import { WorkspaceOidcFederation } from "../../src/components";
import { ACCOUNT, T, federationDescription, realisticState, run } from "./harness";

const ORG = "acme";
const TOKEN = `e2e${randomBytes(8).toString("hex")}.atlasv1.${randomBytes(16).toString("hex")}`;

/** Replaces every string equal to a mock id with the real one (deeply). */
function substitute(value: any, ids: Map<string, string>): any {
    if (typeof value === "string") return ids.get(value) ?? value;
    if (Array.isArray(value)) return value.map((v) => substitute(v, ids));
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, ids)]));
    }
    return value;
}

/**
 * Plays the engine for every dynamic resource of a mocked run: topological order over the captured
 * dependencies, mock ids swapped for the real ones the host returned, check (no failures) then create.
 */
async function deploy(host: ProviderHost, r: MockRun<unknown>): Promise<Map<string, { id: string; properties: PropertyMap }>> {
    const dynamic = r.resources.filter((x) => x.providerText !== undefined);
    const byUrn = new Map(dynamic.map((x) => [x.urn, x]));
    const done = new Map<string, { id: string; properties: PropertyMap }>();
    const ids = new Map<string, string>();
    const visit = async (res: CapturedResource, stack: string[]): Promise<void> => {
        if (done.has(res.urn)) return;
        assert.ok(!stack.includes(res.urn), `dependency cycle at ${res.name}`);
        const deps = new Set([...res.dependencies, ...Object.values(res.propertyDependencies).flat()]);
        for (const dep of deps) {
            const d = byUrn.get(dep);
            if (d) await visit(d, [...stack, res.urn]);
        }
        const news = substitute(res.inputs, ids);
        const checked = await host.check(res.urn, {}, news);
        assert.deepEqual(checked.failures, [], `check of ${res.name}`);
        const created = await host.create(res.urn, checked.inputs);
        done.set(res.urn, created);
        // Map the mock's ids (and id-valued outputs) to the real ones.
        const mock = realisticState({ type: res.type, name: res.name, inputs: res.inputs } as any);
        if (mock) {
            ids.set(mock.id as string, created.id);
            for (const [k, v] of Object.entries(mock.state ?? {})) {
                if (typeof v === "string" && /Id$/.test(k) && typeof created.properties[k] === "string" && v !== res.inputs[k]) {
                    ids.set(v, created.properties[k]);
                }
            }
        }
    };
    for (const res of dynamic) await visit(res, []);
    return done;
}

describe("WorkspaceOidcFederation end to end: serialized children -> real provider host -> HCP emulator", function () {
    this.timeout(30000);
    let emu: Emulator;
    let host: ProviderHost;

    before(async () => {
        emu = await startEmulator({ rateLimit: null });
        emu.addToken(TOKEN);
        emu.addOrganization(ORG);
        host = await startProviderHost({ env: { TFE_TOKEN: TOKEN }, cwd: process.cwd() });
    });
    after(async () => {
        await host?.stop();
        await emu?.close();
    });

    it("one workspace: variables present with the right values, static keys removed; re-running adopts instead of recreating", async () => {
        const ws = emu.addWorkspace(ORG, "app-prod");
        // Static keys the federation must remove (and one unrelated variable it must keep).
        for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "KEEP_ME"]) {
            emu.store.variables.set(`var-static${key.length}${key.slice(0, 4)}`, {
                id: `var-static${key.length}${key.slice(0, 4)}`,
                key,
                value: "x",
                description: "",
                category: "env",
                hcl: false,
                sensitive: key !== "KEEP_ME",
                versionId: "0".repeat(36),
                createdAt: new Date().toISOString(),
                workspaceId: ws.id,
            });
        }
        const program = () =>
            new WorkspaceOidcFederation("app", { organization: ORG, workspace: "app-prod", hostname: emu.hostname, removeStaticAwsCredentials: true });
        const r = await run(program);
        await deploy(host, r);

        const vars = () =>
            [...emu.store.variables.values()]
                .filter((v) => v.workspaceId === ws.id)
                .map((v) => ({ key: v.key, value: v.value, category: v.category, sensitive: v.sensitive, hcl: v.hcl }))
                .sort((a, b) => a.key.localeCompare(b.key));
        assert.deepEqual(vars(), [
            { key: "KEEP_ME", value: "x", category: "env", sensitive: false, hcl: false },
            { key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env", sensitive: false, hcl: false },
            { key: "TFC_AWS_RUN_ROLE_ARN", value: `arn:aws:iam::${ACCOUNT}:role/tfc-app-prod-oidc`, category: "env", sensitive: false, hcl: false },
        ]);
        const idsBefore = [...emu.store.variables.values()].filter((v) => v.workspaceId === ws.id).map((v) => v.id).sort();

        // The seed scripts delete and re-create both variables on every run; a fresh stack over the
        // same workspace adopts them (same ids, never a moment without them).
        emu.clearLog();
        await deploy(host, await run(program));
        assert.deepEqual([...emu.store.variables.values()].filter((v) => v.workspaceId === ws.id).map((v) => v.id).sort(), idsBefore);
        assert.deepEqual(emu.log.filter((e) => e.method === "DELETE"), []);
    });

    it("a workspace the seed's oidc_setup.py set up (TFC_AWS_RUN_ROLE_ARN sensitive) is taken over: both variables plain, declared values", async () => {
        const ws = emu.addWorkspace(ORG, "seeded");
        const at = new Date().toISOString();
        const seeded = (id: string, key: string, value: string, sensitive: boolean) =>
            emu.store.variables.set(id, { id, key, value, description: "", category: "env", hcl: false, sensitive, versionId: "0".repeat(36), createdAt: at, workspaceId: ws.id });
        seeded("var-seededroleaaaaaa", "TFC_AWS_RUN_ROLE_ARN", "arn:aws:iam::123456789012:role/tfc-seeded-oidc", true);
        seeded("var-seededauthaaaaaa", "TFC_AWS_PROVIDER_AUTH", "true", false);
        await deploy(host, await run(() => new WorkspaceOidcFederation("seeded", { organization: ORG, workspace: "seeded", hostname: emu.hostname })));
        assert.deepEqual(
            [...emu.store.variables.values()]
                .filter((v) => v.workspaceId === ws.id)
                .map((v) => ({ key: v.key, value: v.value, sensitive: v.sensitive, description: v.description }))
                .sort((x, y) => x.key.localeCompare(y.key)),
            [
                { key: "TFC_AWS_PROVIDER_AUTH", value: "true", sensitive: false, description: federationDescription("seeded") },
                { key: "TFC_AWS_RUN_ROLE_ARN", value: `arn:aws:iam::${ACCOUNT}:role/tfc-seeded-oidc`, sensitive: false, description: federationDescription("seeded") },
            ],
        );
        // TFC_AWS_PROVIDER_AUTH was adopted in place; only the sensitive one was made again.
        assert.ok(emu.store.variables.has("var-seededauthaaaaaa"));
        assert.equal(emu.store.variables.has("var-seededroleaaaaaa"), false);
    });

    it("several workspaces: one variable set with the variables, attached to each workspace", async () => {
        const a = emu.addWorkspace(ORG, "svc-a");
        const b = emu.addWorkspace(ORG, "svc-b");
        const r = await run(() =>
            new WorkspaceOidcFederation("svc", { organization: ORG, workspaces: ["svc-a", "svc-b"], hostname: emu.hostname, variableSetName: "aws-dynamic-creds" }),
        );
        await deploy(host, r);
        const sets = [...emu.store.varsets.values()].filter((s) => s.name === "aws-dynamic-creds");
        assert.equal(sets.length, 1);
        const set = sets[0];
        assert.equal(set.global, false);
        assert.deepEqual([...set.workspaceIds].sort(), [a.id, b.id].sort());
        assert.deepEqual(
            [...emu.store.varsetVariables.values()]
                .filter((v) => v.varsetId === set.id)
                .map((v) => ({ key: v.key, value: v.value, category: v.category, sensitive: v.sensitive }))
                .sort((x, y) => x.key.localeCompare(y.key)),
            [
                { key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env", sensitive: false },
                { key: "TFC_AWS_RUN_ROLE_ARN", value: `arn:aws:iam::${ACCOUNT}:role/tfc-svc-oidc`, category: "env", sensitive: false },
            ],
        );
        assert.equal(r.ofType(T.variableGroup).length, 0);
        assert.equal(r.ofType(T.variableSetWorkspaces).length, 1);
    });
});
