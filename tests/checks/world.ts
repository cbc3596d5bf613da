// A federated AWS world for trust-check tests: the emulator (HCP side, issuer app.terraform.io),
// the AWS simulator (an account's OIDC provider and roles), and helpers that write the workspace's
// variables the way a federation does. Tests then break one thing and check the verdict.
import { awsTrustPolicy } from "../../src/policies";
import { newId, now, startEmulator, type Emulator, type VariableRecord, type VarsetRecord } from "../emulator";
import { awsSimulator, type AwsSimulator } from "../support/awsSimulator";

export const TOKEN = "trust-check-token-0123456789.atlasv1.secretsecret";
export const ORG = "acme";
export const ACCOUNT = "123456789012";
export const ISSUER_HOST = "app.terraform.io";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/hcp-prod`;
/** Fast polling for tests (the default is 1000 -> 3000 ms). */
export const FAST_POLL = { minMs: 5, maxMs: 20 };

export interface AwsWorld {
    emu: Emulator;
    aws: AwsSimulator;
    /** A workspace with a working federation: OIDC provider, role trusting it, TFC_AWS_* variables. */
    federatedWorkspace(name: string, opts?: { projectId?: string; trust?: Parameters<typeof awsTrustPolicy>[0] }): string;
    setVar(workspaceId: string, key: string, value: string): VariableRecord;
    removeVar(workspaceId: string, key: string): void;
    /** A variable set attached to the workspace, holding `vars`. */
    addVarset(workspaceId: string, vars: Record<string, string>, opts?: { priority?: boolean }): VarsetRecord;
    /** Everything the check must never change: workspaces, variables, variable sets, as JSON. */
    snapshot(): string;
    /** API requests since the last clearLog(), "METHOD /path" (archivist paths kept whole). */
    calls(): string[];
}

export function roleTrust(workspace: string, extra: Partial<Parameters<typeof awsTrustPolicy>[0]> = {}) {
    return awsTrustPolicy({ accountId: ACCOUNT, organization: ORG, workspaces: [workspace], hostname: ISSUER_HOST, ...extra });
}

/** Installs before/after hooks: one emulator and one AWS simulator per test file. */
export function useAwsWorld(): AwsWorld {
    const w = {} as AwsWorld;
    before(async () => {
        w.emu = await startEmulator({ rateLimit: null });
        w.emu.addToken(TOKEN, "alice");
        w.emu.addOrganization(ORG);
        w.emu.setIssuerHost(ISSUER_HOST);
        w.aws = awsSimulator();
        w.emu.addCloudSimulator(w.aws);
        w.aws.addOidcProvider({ url: `https://${ISSUER_HOST}`, clientIds: ["aws.workload.identity"], accountId: ACCOUNT });
    });
    after(async () => {
        await w.emu.close();
    });
    w.setVar = (workspaceId, key, value) => {
        w.removeVar(workspaceId, key);
        const rec: VariableRecord = {
            id: newId("var"), key, value, description: "", category: "env", hcl: false, sensitive: false,
            versionId: "0".repeat(36), createdAt: now(), workspaceId,
        };
        w.emu.store.variables.set(rec.id, rec);
        return rec;
    };
    w.removeVar = (workspaceId, key) => {
        for (const v of [...w.emu.store.variables.values()]) {
            if (v.workspaceId === workspaceId && v.key === key) w.emu.store.variables.delete(v.id);
        }
    };
    w.addVarset = (workspaceId, vars, opts = {}) => {
        const at = now();
        const set: VarsetRecord = {
            id: newId("varset"), name: `set-${newId("x")}`, description: "", global: false, priority: opts.priority ?? false,
            organization: ORG, parentProjectId: null, workspaceIds: [workspaceId], projectIds: [], createdAt: at, updatedAt: at,
        };
        w.emu.store.varsets.set(set.id, set);
        for (const [key, value] of Object.entries(vars)) {
            const id = newId("var");
            w.emu.store.varsetVariables.set(id, {
                id, key, value, description: "", category: "env", hcl: false, sensitive: false, versionId: "0".repeat(36), createdAt: at, varsetId: set.id,
            });
        }
        return set;
    };
    w.federatedWorkspace = (name, opts = {}) => {
        const ws = w.emu.addWorkspace(ORG, name, { projectId: opts.projectId });
        const roleArn = `arn:aws:iam::${ACCOUNT}:role/hcp-${name}`;
        w.aws.addRole(roleArn, awsTrustPolicy(opts.trust ?? { accountId: ACCOUNT, organization: ORG, workspaces: [name], hostname: ISSUER_HOST }));
        w.setVar(ws.id, "TFC_AWS_PROVIDER_AUTH", "true");
        w.setVar(ws.id, "TFC_AWS_RUN_ROLE_ARN", roleArn);
        return ws.id;
    };
    w.snapshot = () =>
        JSON.stringify([[...w.emu.store.workspaces.values()], [...w.emu.store.variables.values()], [...w.emu.store.varsets.values()], [...w.emu.store.varsetVariables.values()]]);
    w.calls = () => w.emu.log.map((e) => `${e.method} ${e.path.replace(/^\/api\/v2/, "")}`);
    return w;
}
