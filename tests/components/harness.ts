// Shared test harness for the components: realistic mock ids/ARNs for AWS and HCP resources, the
// type tokens, and helpers to run a program under setMocks and look at what it registered.
import * as pulumi from "@pulumi/pulumi";
import { dynamicType, outputOf, runWithMocks, type CapturedResource, type MockRun, type MockRunOptions } from "../support/mocks";
import { resetSharedOidcProviders } from "../../src/components";
import { verifiedEc2Actions } from "../support/fixtures/verifiedEc2Policy";

export const ACCOUNT = "123456789012";

export const T = {
    federation: "hcp-oidc-federation:index:WorkspaceOidcFederation",
    oidcProviderComponent: "hcp-oidc-federation:index:HcpTerraformOidcProvider",
    oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    workspace: dynamicType("hcp-oidc-federation", "Workspace"),
    workspaceVariable: dynamicType("hcp-oidc-federation", "WorkspaceVariable"),
    variableGroup: dynamicType("hcp-oidc-federation", "WorkspaceVariableGroup"),
    variableSet: dynamicType("hcp-oidc-federation", "VariableSet"),
    variableSetVariable: dynamicType("hcp-oidc-federation", "VariableSetVariable"),
    workspaceVariableSet: dynamicType("hcp-oidc-federation", "WorkspaceVariableSet"),
    variableSetWorkspaces: dynamicType("hcp-oidc-federation", "VariableSetWorkspaces"),
    project: dynamicType("hcp-oidc-federation", "Project"),
    projectVariableSet: dynamicType("hcp-oidc-federation", "ProjectVariableSet"),
    trustCheck: dynamicType("hcp-oidc-federation", "WorkspaceTrustCheck"),
    variableRemoval: dynamicType("hcp-oidc-federation", "WorkspaceVariableRemoval"),
    awsOidcConfiguration: dynamicType("hcp-oidc-federation", "AwsOidcConfiguration"),
    azureOidcConfiguration: dynamicType("hcp-oidc-federation", "AzureOidcConfiguration"),
    gcpOidcConfiguration: dynamicType("hcp-oidc-federation", "GcpOidcConfiguration"),
    vaultOidcConfiguration: dynamicType("hcp-oidc-federation", "VaultOidcConfiguration"),
} as const;

/** A stable fake id: `<prefix>` + 16 characters derived from the name. */
export function fakeId(prefix: string, name: string): string {
    let h = 0;
    for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return prefix + (h.toString(36) + "0000000000000000").slice(0, 16);
}

/** The mock id of workspace `<org>/<name>` (what the Workspace resource and a group that looks it up get). */
export function fakeWorkspaceId(org: string, name: string): string {
    return fakeId("ws-", `${org}/${name}`);
}

/** What a real provider would answer: ARNs in account 123456789012, HCP ids with their prefixes. */
export function realisticState(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult | undefined {
    const i = args.inputs;
    switch (args.type) {
        case T.oidcProvider: {
            const host = String(i.url).replace(/^https:\/\//, "");
            const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}`;
            return { id: arn, state: { ...i, arn } };
        }
        case T.role: {
            const path = i.path ?? "/";
            return { id: i.name, state: { ...i, path, arn: `arn:aws:iam::${ACCOUNT}:role${path}${i.name}`, uniqueId: fakeId("AROA", i.name) } };
        }
        case T.rolePolicy:
            return { id: `${i.role}:${i.name}`, state: i };
        case T.attachment:
            return { id: `${i.role}-${String(i.policyArn).split("/").pop()}`, state: i };
        case T.workspace: {
            const workspaceId = fakeWorkspaceId(i.organization, i.name);
            return { id: workspaceId, state: { ...i, workspaceId, projectId: i.projectId ?? "prj-default000000000", projectName: "Default Project", created: false } };
        }
        case T.variableSet: {
            const variableSetId = fakeId("varset-", `${i.organization}/${i.name}`);
            return { id: variableSetId, state: { ...i, variableSetId } };
        }
        case T.project: {
            const projectId = fakeId("prj-", `${i.organization}/${i.name}`);
            return { id: projectId, state: { ...i, projectId } };
        }
        case T.variableGroup: {
            // Looked up by name: the id the Workspace resource would get for the same workspace.
            const workspaceId = i.workspaceId ?? fakeWorkspaceId(i.organization, i.workspaceName);
            const variables = (i.variables as any[]).map((v) => ({ hcl: false, description: "", value: "", ...v, id: fakeId("var-", `${args.name}/${v.key}`) }));
            return { id: workspaceId, state: { ...i, workspaceId, variables } };
        }
        case T.workspaceVariable:
        case T.variableSetVariable:
            return { id: fakeId("var-", `${args.name}`), state: i };
        case T.awsOidcConfiguration: {
            const oidcConfigurationId = fakeId("awsoidc-", args.name);
            return { id: oidcConfigurationId, state: { ...i, oidcConfigurationId } };
        }
        case "aws:kms/key:Key": {
            const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
            return { id: keyId, state: { ...i, keyId, arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}` } };
        }
        default:
            return undefined;
    }
}

/** The invoke tokens the components make (during preview too): the AWS provider's account and partition. */
export const INVOKE = {
    callerIdentity: "aws:index/getCallerIdentity:getCallerIdentity",
    partition: "aws:index/getPartition:getPartition",
} as const;

/** What AWS answers to the invokes: account 123456789012, partition aws. */
export function realisticCall(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    switch (args.token) {
        case INVOKE.callerIdentity:
            return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/deployer`, userId: "AIDAEXAMPLEDEPLOYER", id: ACCOUNT };
        case INVOKE.partition:
            return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
        default:
            return {};
    }
}

/** Runs a program under mocks with realistic state and invokes, the shared-provider memo reset first. */
export function run<R>(program: () => R, opts: MockRunOptions = {}): Promise<MockRun<R>> {
    resetSharedOidcProviders();
    return runWithMocks(program, { newResource: realisticState, call: realisticCall, ...opts });
}

/** The captured resource's inputs without the serialized provider. */
export function inputsOf(r: CapturedResource): Record<string, any> {
    const { __provider: _p, ...rest } = r.inputs;
    return rest;
}

/** The resources whose parent is `parent`. */
export function childrenOf(run: MockRun<unknown>, parent: CapturedResource): CapturedResource[] {
    return run.resources.filter((r) => r.parent === parent.urn);
}

/** `"<type>::<name>"` of every resource, in registration order. */
export function inventory(run: MockRun<unknown>): string[] {
    return run.resources.map((r) => `${r.type}::${r.name}`).sort();
}

/** The verified trust policy of trust-model.md with the placeholders substituted. */
export function verifiedTrust(org: string, workspace: string, account = ACCOUNT): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/app.terraform.io` },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
                    StringLike: { "app.terraform.io:sub": `organization:${org}:project:*:workspace:${workspace}:run_phase:*` },
                },
            },
        ],
    };
}

/** The 24 actions of the verified minimal EC2 policy (trust-model.md), from the oracle fixture. */
export const VERIFIED_EC2_ACTIONS = verifiedEc2Actions();

export function verifiedEc2Policy(actions = VERIFIED_EC2_ACTIONS): any {
    return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] };
}

/** The ownership mark of the variables a federation writes (stack "project/stack" under the mocks). */
export function federationDescription(name: string, stack = "project/stack"): string {
    return `HCP Terraform AWS dynamic credentials (managed by Pulumi stack "${stack}", WorkspaceOidcFederation "${name}")`;
}

/** Clears TFE_HOSTNAME / TFE_ADDRESS / TFE_ORGANIZATION for the duration of a suite (restored after). */
export function isolateHostEnv(): void {
    const saved: Record<string, string | undefined> = {};
    before(() => {
        for (const k of ["TFE_HOSTNAME", "TFE_ADDRESS", "TFE_ORGANIZATION"]) {
            saved[k] = process.env[k];
            delete process.env[k];
        }
    });
    after(() => {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    });
}

export { outputOf };
