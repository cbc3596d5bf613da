// The GCP components' test harness: what GCP really answers for the pool, the provider, the service
// accounts and the IAM members (names with the project NUMBER, emails, members), the HCP resources
// of the shared harness, and helpers to read the trust the program registered.
import type * as pulumi from "@pulumi/pulumi";
import { dynamicType, type CapturedResource, type MockRun, type MockRunOptions } from "../../support/mocks";
import { fakeId, realisticState as hcpAndAwsState, run as runWithHarness } from "../../components/harness";
import type { GcpProviderConfig } from "../../support/clouds/gcpFederation";
import { gcpProjectNumber, gcpResourceAnswer } from "../../support/mockAnswers";

export { fakeId, fakeWorkspaceId, inputsOf, isolateHostEnv, outputOf } from "../../components/harness";

export const G = {
    federation: "hcp-oidc-federation:index:GcpWorkspaceFederation",
    pool: "gcp:iam/workloadIdentityPool:WorkloadIdentityPool",
    provider: "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
    account: "gcp:serviceaccount/account:Account",
    saMember: "gcp:serviceaccount/iAMMember:IAMMember",
    projectMember: "gcp:projects/iAMMember:IAMMember",
    gcpProvider: "pulumi:providers:gcp",
    workspace: dynamicType("hcp-oidc-federation", "Workspace"),
    project: dynamicType("hcp-oidc-federation", "Project"),
    variableGroup: dynamicType("hcp-oidc-federation", "WorkspaceVariableGroup"),
    variableSet: dynamicType("hcp-oidc-federation", "VariableSet"),
    variableSetVariable: dynamicType("hcp-oidc-federation", "VariableSetVariable"),
    variableSetWorkspaces: dynamicType("hcp-oidc-federation", "VariableSetWorkspaces"),
    projectVariableSet: dynamicType("hcp-oidc-federation", "ProjectVariableSet"),
    variableRemoval: dynamicType("hcp-oidc-federation", "WorkspaceVariableRemoval"),
    trustCheck: dynamicType("hcp-oidc-federation", "WorkspaceTrustCheck"),
} as const;

export { gcpProjectNumber as projectNumber };

export const POOL_BASE = (project: string) => `projects/${gcpProjectNumber(project)}/locations/global/workloadIdentityPools`;

export interface GcpStateOptions {
    /** The id of workspace <org>/<name> (default: the shared harness's fake id), e.g. the emulator's. */
    workspaceId?: (org: string, name: string) => string;
    /** The id of HCP project <org>/<name> (default: a fake `prj-` id). */
    projectId?: (org: string, name: string) => string;
}

/** What GCP answers for the pool, the provider, a service account and the IAM members (the shared mock answers); undefined for other types. */
export function gcpAnswer(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult | undefined {
    return gcpResourceAnswer(args.type, args.inputs);
}

/** GCP's answers, and the shared harness's for HCP and AWS resources (ids optionally the given ones). */
export function gcpState(opts: GcpStateOptions = {}) {
    return (args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult | undefined => {
        const i = args.inputs;
        switch (args.type) {
            case G.workspace: {
                const base = hcpAndAwsState(args)!;
                if (!opts.workspaceId) return base;
                const workspaceId = opts.workspaceId(i.organization, i.name);
                return { id: workspaceId, state: { ...base.state, workspaceId } };
            }
            case G.project: {
                const projectId = opts.projectId ? opts.projectId(i.organization, i.name) : fakeId("prj-", `${i.organization}/${i.name}`);
                return { id: projectId, state: { ...i, projectId } };
            }
            case G.variableGroup: {
                const base = hcpAndAwsState(args)!;
                if (!opts.workspaceId || i.workspaceId !== undefined) return base;
                return { id: opts.workspaceId(i.organization, i.workspaceName), state: { ...base.state, workspaceId: opts.workspaceId(i.organization, i.workspaceName) } };
            }
            default:
                return gcpAnswer(args) ?? hcpAndAwsState(args);
        }
    };
}

/** Runs a program under mocks with GCP's realistic answers, every program memo reset first. */
export function run<R>(program: () => R, opts: MockRunOptions & GcpStateOptions = {}): Promise<MockRun<R>> {
    const { workspaceId, projectId, ...rest } = opts;
    return runWithHarness(program, { newResource: gcpState({ workspaceId, projectId }), ...rest });
}

/** The provider's configuration as the GCP evaluator takes it, from its captured inputs. */
export function providerConfig(r: CapturedResource): GcpProviderConfig {
    const i = r.inputs;
    return {
        attributeMapping: i.attributeMapping,
        ...(i.attributeCondition !== undefined ? { attributeCondition: i.attributeCondition } : {}),
        oidc: { issuerUri: i.oidc.issuerUri, ...(i.oidc.allowedAudiences !== undefined ? { allowedAudiences: i.oidc.allowedAudiences } : {}) },
    };
}

/** The resource name GCP gives a captured provider. */
export function providerName(r: CapturedResource): string {
    return `${POOL_BASE(r.inputs.project)}/${r.inputs.workloadIdentityPoolId}/providers/${r.inputs.workloadIdentityPoolProviderId}`;
}

/** service account resource id (`projects/<p>/serviceAccounts/<email>`) -> its workloadIdentityUser members, from the captured IAM members. */
export function membersByAccount(r: MockRun<unknown>): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const m of r.ofType(G.saMember)) {
        const list = out.get(m.inputs.serviceAccountId) ?? [];
        list.push(m.inputs.member);
        out.set(m.inputs.serviceAccountId, list);
    }
    return out;
}

/** `projects/<p>/serviceAccounts/<email>` -> `<email>`. */
export function emailOf(serviceAccountId: string): string {
    return serviceAccountId.slice(serviceAccountId.lastIndexOf("/") + 1);
}
