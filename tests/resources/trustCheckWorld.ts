// The AWS side of the resource-level trust-check tests, installed on a harness's emulator: issuer
// app.terraform.io, an AWS simulator with the account's OIDC provider, fast polls in the host.
import { POLL_ENV } from "../../src/checks";
import { awsTrustPolicy } from "../../src/policies";
import { newId, now } from "../emulator";
import { awsSimulator, type AwsSimulator } from "../support/awsSimulator";
import { ORG, type Harness } from "./harness";

export const ACCOUNT = "123456789012";
export const ISSUER_HOST = "app.terraform.io";

/** Before the harness starts its host (register it first): the host inherits fast polls from this process. */
export function useFastPollsInHost(): void {
    let saved: string | undefined;
    before(() => {
        saved = process.env[POLL_ENV];
        process.env[POLL_ENV] = "5,20";
    });
    after(() => {
        if (saved === undefined) delete process.env[POLL_ENV];
        else process.env[POLL_ENV] = saved;
    });
}

export interface TrustWorld {
    aws: AwsSimulator;
    /** A workspace whose role trusts it; answers its id. */
    federated(name: string): string;
    setVar(workspaceId: string, key: string, value: string): void;
}

/** After the harness's before hook: the simulator, the issuer, and helpers on h.emu. */
export function useTrustWorld(h: Harness): TrustWorld {
    const t = {} as TrustWorld;
    before(() => {
        h.emu.setIssuerHost(ISSUER_HOST);
        t.aws = awsSimulator();
        t.aws.addOidcProvider({ url: `https://${ISSUER_HOST}`, clientIds: ["aws.workload.identity"], accountId: ACCOUNT });
        h.emu.addCloudSimulator(t.aws);
    });
    t.setVar = (workspaceId, key, value) => {
        for (const v of [...h.emu.store.variables.values()]) {
            if (v.workspaceId === workspaceId && v.key === key) h.emu.store.variables.delete(v.id);
        }
        const id = newId("var");
        h.emu.store.variables.set(id, {
            id, key, value, description: "", category: "env", hcl: false, sensitive: false, versionId: "0".repeat(36), createdAt: now(), workspaceId,
        });
    };
    t.federated = (name) => {
        const ws = h.emu.addWorkspace(ORG, name);
        const roleArn = `arn:aws:iam::${ACCOUNT}:role/hcp-${name}`;
        t.aws.addRole(roleArn, awsTrustPolicy({ accountId: ACCOUNT, organization: ORG, workspaces: [name], hostname: ISSUER_HOST }));
        t.setVar(ws.id, "TFC_AWS_PROVIDER_AUTH", "true");
        t.setVar(ws.id, "TFC_AWS_RUN_ROLE_ARN", roleArn);
        return ws.id;
    };
    return t;
}
