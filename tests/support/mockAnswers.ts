// What the mocked engine answers a captured program, shared by the in-process capture
// (tests/faults/engine.ts captureProgram) and the packed-install consumer (consumerRunner.ts):
// - AWS resources get what the real AWS provider answers (ARNs in ACCOUNT, ids as AWS gives them),
//   invokes get account ACCOUNT / partition aws; GCP's workload identity resources, service
//   accounts and IAM members what GCP answers (names with the project number, emails);
// - every output of a dynamic resource that another resource consumes (Workspace.workspaceId,
//   VariableSet.variableSetId, Project.projectId, a group's workspaceId) gets a PLACEHOLDER (`ws-PH000001`,
//   `varset-PH000002`): the engine model replaces it by the real output from its state before it
//   checks the consumer (engine/program.ts).
// Pure (no @pulumi/pulumi import): it runs next to whichever copy of the SDK the program uses.
import { azureResourceAnswer } from "./azureAnswers";
import { vaultResourceAnswer } from "./vaultAnswers";

/** The AWS account of every ARN the mocks answer. */
export const ACCOUNT = "123456789012";
/** Type-token prefix of this package's dynamic resources. */
export const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/hcp-oidc-federation:";

/** The short type name ("Workspace") of a dynamic resource type token. */
export function shortType(type: string): string {
    return type.startsWith(DYNAMIC_PREFIX) ? type.slice(DYNAMIC_PREFIX.length) : type;
}

/** Where a placeholder comes from: the resource (type token + name) and the output key it stands for ("id": its id). */
export interface PlaceholderSource {
    type: string;
    name: string;
    key: string;
}

export interface MockAnswers {
    /** setMocks' newResource: undefined = the default answer (id `<name>-id`, state = inputs). */
    newResource(args: { type: string; name: string; inputs: any; id?: string; custom?: boolean }): { id: string; state: Record<string, any> } | undefined;
    /** setMocks' call (invokes). */
    call(args: { token: string; inputs: any }): Record<string, any>;
    /** placeholder -> what it stands for, in the order they were handed out. */
    readonly placeholders: Map<string, PlaceholderSource>;
}

/** The project NUMBER GCP gives project `id` in the mocks (stable, 12 digits). */
export function gcpProjectNumber(id: string): string {
    let h = 7;
    for (const ch of id) h = (h * 131 + ch.charCodeAt(0)) % 900000000000;
    return String(100000000000 + h);
}

/**
 * What GCP answers for a workload identity pool or provider (its `name` with the project NUMBER),
 * a service account (email, name, member) and the IAM members; undefined for other types.
 */
export function gcpResourceAnswer(type: string, i: any): { id: string; state: Record<string, any> } | undefined {
    const pools = (project: string) => `projects/${gcpProjectNumber(project)}/locations/global/workloadIdentityPools`;
    const ids = (project: string) => `projects/${project}/locations/global/workloadIdentityPools`;
    switch (type) {
        case "gcp:iam/workloadIdentityPool:WorkloadIdentityPool":
            return { id: `${ids(i.project)}/${i.workloadIdentityPoolId}`, state: { ...i, name: `${pools(i.project)}/${i.workloadIdentityPoolId}`, state: "ACTIVE", mode: "FEDERATION_ONLY" } };
        case "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider": {
            const rest = `${i.workloadIdentityPoolId}/providers/${i.workloadIdentityPoolProviderId}`;
            return { id: `${ids(i.project)}/${rest}`, state: { ...i, name: `${pools(i.project)}/${rest}`, state: "ACTIVE" } };
        }
        case "gcp:serviceaccount/account:Account": {
            const email = `${i.accountId}@${i.project}.iam.gserviceaccount.com`;
            const name = `projects/${i.project}/serviceAccounts/${email}`;
            return { id: name, state: { ...i, email, name, member: `serviceAccount:${email}`, uniqueId: `1${gcpProjectNumber(email).slice(0, 11)}0000000000` } };
        }
        case "gcp:serviceaccount/iAMMember:IAMMember":
            return { id: `${i.serviceAccountId}/${i.role}/${i.member}`, state: { ...i, etag: "BwYAAAAAAAA=" } };
        case "gcp:projects/iAMMember:IAMMember":
            return { id: `${i.project}/${i.role}/${i.member}`, state: { ...i, etag: "BwYAAAAAAAA=" } };
        default:
            return undefined;
    }
}

const PLACEHOLDER_PREFIX: Record<string, string> = { workspaceId: "ws-PH", variableSetId: "varset-PH", projectId: "prj-PH" };

/** Fresh answers (placeholders numbered from 1) for one captured run. */
export function createMockAnswers(): MockAnswers {
    let counter = 0;
    const placeholders = new Map<string, PlaceholderSource>();
    const placeholderOf = (type: string, name: string, key: string) => {
        const p = `${PLACEHOLDER_PREFIX[key]}${String(++counter).padStart(6, "0")}`;
        placeholders.set(p, { type, name, key });
        return p;
    };
    return {
        placeholders,
        newResource(args) {
            const i = args.inputs;
            switch (args.type) {
                case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
                    const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(i.url).replace(/^https:\/\//, "")}`;
                    return { id: arn, state: { ...i, arn } };
                }
                case "aws:iam/role:Role": {
                    const path = i.path ?? "/";
                    return { id: i.name, state: { ...i, path, arn: `arn:aws:iam::${ACCOUNT}:role${path}${i.name}` } };
                }
                case "aws:iam/rolePolicy:RolePolicy":
                    return { id: `${i.role}:${i.name}`, state: i };
                case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
                    return { id: `${i.role}-${String(i.policyArn).split("/").pop()}`, state: i };
            }
            const gcp = gcpResourceAnswer(args.type, i) ?? azureResourceAnswer(args.type, args.name, i);
            if (gcp) return gcp;
            const vault = vaultResourceAnswer(args.type, i);
            if (vault) return vault;
            const t = shortType(args.type);
            if (t === "Workspace") {
                const workspaceId = placeholderOf(args.type, args.name, "workspaceId");
                return { id: workspaceId, state: { ...i, workspaceId, projectId: i.projectId ?? "prj-PHdefault", created: false } };
            }
            if (t === "WorkspaceVariableGroup") {
                // A group named by name gives the workspace id it looked up (the removal of static keys consumes it).
                const workspaceId = i.workspaceId ?? placeholderOf(args.type, args.name, "workspaceId");
                return { id: workspaceId, state: { ...i, workspaceId } };
            }
            if (t === "Project") {
                // A project looked up by name (projectScope): its ProjectVariableSet consumes the id.
                const projectId = placeholderOf(args.type, args.name, "projectId");
                return { id: projectId, state: { ...i, projectId } };
            }
            if (t === "VariableSet") {
                const variableSetId = placeholderOf(args.type, args.name, "variableSetId");
                return { id: variableSetId, state: { ...i, variableSetId } };
            }
            return undefined;
        },
        call(args) {
            switch (args.token) {
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/deployer`, userId: "AIDAEXAMPLEDEPLOYER", id: ACCOUNT };
                case "aws:index/getPartition:getPartition":
                    return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
                default:
                    return {};
            }
        },
    };
}
