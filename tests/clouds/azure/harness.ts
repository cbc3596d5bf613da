// The Azure component's test harness: what Entra ID and ARM answer for the applications, service
// principals, federated credentials and role assignments (tests/support/azureAnswers.ts), the HCP
// resources of the shared harness (each workspace's project name optionally given), and helpers
// to read the trust the program registered.
import type * as pulumi from "@pulumi/pulumi";
import { dynamicType, type CapturedResource, type MockRun, type MockRunOptions } from "../../support/mocks";
import { fakeId, realisticState as hcpAndAwsState, run as runWithHarness } from "../../components/harness";
import { AZURE_TYPES, azureApplicationObjectId, azureClientId, azureResourceAnswer } from "../../support/azureAnswers";
import type { EntraCredential, EntraFlexibleCredential } from "../../support/clouds/entra";

export { fakeId, fakeWorkspaceId, inputsOf, isolateHostEnv, outputOf } from "../../components/harness";
export { azureApplicationObjectId, azureClientId, azureServicePrincipalObjectId } from "../../support/azureAnswers";

export const A = {
    federation: "hcp-oidc-federation:index:AzureWorkspaceFederation",
    ...AZURE_TYPES,
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

export interface AzureStateOptions {
    /** The id of workspace <org>/<name> (default: the shared harness's fake id). */
    workspaceId?: (org: string, name: string) => string;
    /** The project name HCP Terraform has for workspace <org>/<name> (default "Default Project"). */
    projectName?: (org: string, name: string) => string;
    /** The id of HCP project <org>/<name> (default: a fake `prj-` id). */
    projectId?: (org: string, name: string) => string;
}

/** Azure's answers, and the shared harness's for HCP resources (ids and project names optionally the given ones). */
export function azureState(opts: AzureStateOptions = {}) {
    return (args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult | undefined => {
        const i = args.inputs;
        switch (args.type) {
            case A.workspace: {
                const base = hcpAndAwsState(args)!;
                const workspaceId = opts.workspaceId ? opts.workspaceId(i.organization, i.name) : base.state.workspaceId;
                const projectName = opts.projectName ? opts.projectName(i.organization, i.name) : base.state.projectName;
                return { id: workspaceId, state: { ...base.state, workspaceId, projectName } };
            }
            case A.project: {
                const projectId = opts.projectId ? opts.projectId(i.organization, i.name) : fakeId("prj-", `${i.organization}/${i.name}`);
                return { id: projectId, state: { ...i, projectId } };
            }
            case A.variableGroup: {
                const base = hcpAndAwsState(args)!;
                if (!opts.workspaceId || i.workspaceId !== undefined) return base;
                const workspaceId = opts.workspaceId(i.organization, i.workspaceName);
                return { id: workspaceId, state: { ...base.state, workspaceId } };
            }
            default:
                return azureResourceAnswer(args.type, args.name, i) ?? hcpAndAwsState(args);
        }
    };
}

/** Runs a program under mocks with Azure's realistic answers, every program memo reset first. */
export function run<R>(program: () => R, opts: MockRunOptions & AzureStateOptions = {}): Promise<MockRun<R>> {
    const { workspaceId, projectName, projectId, ...rest } = opts;
    return runWithHarness(program, { newResource: azureState({ workspaceId, projectName, projectId }), ...rest });
}

/** application resource id (`/applications/<object id>`) -> its registered credentials, as the Entra evaluator takes them. */
export function credentialsByApplication(r: MockRun<unknown>): Map<string, Array<EntraCredential | EntraFlexibleCredential>> {
    const out = new Map<string, Array<EntraCredential | EntraFlexibleCredential>>();
    const add = (id: string, c: EntraCredential | EntraFlexibleCredential) => out.set(id, [...(out.get(id) ?? []), c]);
    for (const c of r.ofType(A.credential)) add(c.inputs.applicationId, { issuer: c.inputs.issuer, subject: c.inputs.subject, audiences: c.inputs.audiences });
    for (const c of r.ofType(A.flexibleCredential)) {
        add(c.inputs.applicationId, { issuer: c.inputs.issuer, audience: c.inputs.audience, claimsMatchingExpression: c.inputs.claimsMatchingExpression });
    }
    return out;
}

/** client id -> the application's resource id, from the captured applications. */
export function applicationIdsByClientId(r: MockRun<unknown>): Map<string, string> {
    return new Map(r.ofType(A.application).map((a: CapturedResource) => [azureClientId(a.name), `/applications/${azureApplicationObjectId(a.name)}`]));
}
