// The bad inputs of tests/security/badInput.test.ts: what a user may get wrong, resource by resource
// and in the component, each with the exact message the user sees.
import * as pulumi from "@pulumi/pulumi";
import {
    AwsOidcConfiguration,
    AzureOidcConfiguration,
    GcpOidcConfiguration,
    Project,
    ProjectVariableSet,
    VariableSet,
    VariableSetVariable,
    VariableSetWorkspaces,
    VaultOidcConfiguration,
    Workspace,
    WorkspaceVariable,
    WorkspaceVariableGroup,
    WorkspaceVariableRemoval,
    WorkspaceVariableSet,
} from "../../src/resources";
import workspaceProvider = require("../../src/resources/providers/workspace");
import variableSetWorkspacesProvider = require("../../src/resources/providers/variableSetWorkspaces");
import type { WorkspaceOidcFederationArgs } from "../../src/components";

export const WS_ID = "ws-AAAAAAAAAAAAAAAA";
export const SET_ID = "varset-AAAAAAAAAAAAAAAA";
export const PRJ_ID = "prj-AAAAAAAAAAAAAAAA";
export const ROLE_ARN = "arn:aws:iam::123456789012:role/hyok";
export const KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/0123abcd-4567-89ef-0123-456789abcdef";
const UUID = "00000000-1111-2222-3333-444444444444";
const GCP_PROVIDER = "projects/123456789012/locations/global/workloadIdentityPools/hcp/providers/tfc";
const PEM_B64 = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64");
/** A value the constructor cannot check (an Output): what a program computes reaches check() as it is. */
const late = (value: unknown): pulumi.Input<any> => pulumi.output(value);
/** The provider registered directly, as a program that bypasses the class does: unknown input names reach check(). */
class Raw extends pulumi.dynamic.Resource {}
const raw = (provider: pulumi.dynamic.ResourceProvider, type: string, name: string, props: Record<string, unknown>) =>
    new Raw(provider, name, props, undefined, "hcp-oidc-federation", type);

/** A component argument set that must be refused before anything is registered, with the message. */
export interface ComponentRow {
    what: string;
    args: WorkspaceOidcFederationArgs;
    message: string;
}

/** A resource whose check() must fail with exactly these failures (and no request). */
export interface CheckRow {
    what: string;
    make: (name: string) => unknown;
    failures: { property: string; reason: string }[];
}

const base: WorkspaceOidcFederationArgs = { organization: "acme", workspace: "app" };
const TAG_WILDCARD = 'tag "A*": a tag may contain only letters, digits and "_" and must not be empty. Fix the tag.';
const UNKNOWN_ARGUMENT =
    'unknown argument "removeStaticAwsCredential" (did you mean "removeStaticAwsCredentials"?). Fix: give only organization, workspace, workspaces, ' +
    "projectScope, project, projectId, hostname, allowInsecureHttp, audience, splitPhases, createWorkspace, deleteWorkspaceOnDestroy, tag, " +
    "removeStaticCredentials, verifyTrust, variableSetName, adoptExistingVariableSet, removeShadowingVariables, oidcProviderArn, " +
    "useExistingOidcProvider, existingRoleArn, importExistingRoles, roleName, roleNameTemplate, rolePath, permissionsBoundary, " +
    "maxSessionDuration, tags, ec2Policy, managedPolicyArns, inlinePolicies, planManagedPolicyArns, planInlinePolicies, " +
    "removeStaticAwsCredentials, hyok, trustPolicySizeLimit.";
const f = (name: string) => `WorkspaceOidcFederation "${name}": `;

/** `name` is the component's name in each row (`bad-<index>`). */
export function componentRows(): ((name: string) => ComponentRow)[] {
    return [
        (n) => ({ what: "wildcard in organization", args: { ...base, organization: "acme*" }, message: f(n) + "organization \"acme*\": organization names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name." }),
        (n) => ({ what: "colon in organization", args: { ...base, organization: "acme:project" }, message: f(n) + "organization \"acme:project\": organization names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name." }),
        (n) => ({ what: "empty organization", args: { ...base, organization: "" }, message: f(n) + "organization \"\": organization names must not be empty. Fix the name." }),
        (n) => ({ what: "space in workspace", args: { ...base, workspace: "app prod" }, message: f(n) + "workspace \"app prod\": workspace names may contain only letters, digits, \"-\" and \"_\". Fix the name." }),
        (n) => ({ what: "wildcard in workspace", args: { ...base, workspace: "app-*" }, message: f(n) + "workspace \"app-*\": workspace names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name." }),
        (n) => ({ what: "question mark in workspace", args: { ...base, workspace: "app?" }, message: f(n) + "workspace \"app?\": workspace names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name." }),
        (n) => ({ what: "colon in a listed workspace", args: { organization: "acme", workspaces: ["a", "b:run_phase"] }, message: f(n) + "workspaces: workspace \"b:run_phase\": workspace names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name." }),
        (n) => ({ what: "empty workspace", args: { ...base, workspace: "" }, message: f(n) + "workspace \"\": workspace names must not be empty. Fix the name." }),
        (n) => ({ what: "policy variable in workspace", args: { ...base, workspace: "${aws:username}" }, message: f(n) + "workspace \"${aws:username}\": workspace names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name." }),
        (n) => ({ what: "wildcard in project", args: { ...base, project: "Default*" }, message: f(n) + "project \"Default*\": project names may contain only letters, digits, spaces, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other projects. Fix the name." }),
        (n) => ({ what: "project too short", args: { ...base, project: "ab" }, message: f(n) + "project \"ab\": project names are 3 to 40 characters long (got 2). Fix the name." }),
        (n) => ({ what: "project with a leading space", args: { ...base, project: " Default Project" }, message: f(n) + "project \" Default Project\": project names may not begin or end with a space. Fix the name." }),
        (n) => ({ what: "wildcard in audience", args: { ...base, audience: "aws.*" }, message: f(n) + "audience \"aws.*\": an audience is matched exactly and may not contain \"*\", \"?\", \"$\" or whitespace. Fix the audience." }),
        (n) => ({ what: "empty audience", args: { ...base, audience: "" }, message: f(n) + "audience \"\": an audience must not be empty (the AWS default is \"aws.workload.identity\"). Fix the audience." }),
        (n) => ({ what: "wildcard in hostname", args: { ...base, hostname: "*.terraform.io" }, message: f(n) + "hostname: Invalid HCP Terraform hostname \"*.terraform.io\" from the hostname setting: expected a host name such as app.terraform.io or tfe.example.com:8443. Fix the hostname (e.g. \"app.terraform.io\" or \"tfe.example.com\")." }),
        (n) => ({ what: "workspace and workspaces", args: { ...base, workspaces: ["a"] }, message: f(n) + "give either workspace or workspaces, not both. Fix: use workspace for one workspace, or workspaces for one role shared by several." }),
        (n) => ({ what: "neither workspace nor workspaces", args: { organization: "acme" }, message: f(n) + "give workspace (one workspace), workspaces (a list) or projectScope: true with project (every workspace of a project). Fix: set exactly one of them." }),
        (n) => ({ what: "empty workspaces", args: { organization: "acme", workspaces: [] }, message: f(n) + "workspaces is empty. Fix: give at least one workspace name, or use workspace." }),
        (n) => ({ what: "duplicate workspaces", args: { organization: "acme", workspaces: ["a", "a"] }, message: f(n) + "workspaces lists \"a\" twice. Fix: give each workspace once." }),
        (n) => ({ what: "role name over 64 characters", args: { ...base, roleName: "r".repeat(65) }, message: f(n) + "roleName \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\" gives IAM role name \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\" of 65 characters; IAM role names are at most 64 characters. Fix: shorten or correct roleName." }),
        (n) => ({ what: "generated role name over 64 characters", args: { ...base, workspace: "w".repeat(60) }, message: f(n) + "the default roleNameTemplate \"tfc-{workspace}-oidc\" for workspace \"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww\" gives IAM role name \"tfc-wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww-oidc\" of 69 characters; IAM role names are at most 64 characters. Fix: set roleName or a shorter roleNameTemplate." }),
        (n) => ({ what: "split-phase suffix pushes the role name over 64", args: { ...base, roleName: "r".repeat(60), splitPhases: true }, message: f(n) + "roleName \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\" gives IAM role name \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr-plan\" (with the \"-plan\" suffix of splitPhases) of 65 characters; IAM role names are at most 64 characters. Fix: shorten or correct roleName." }),
        (n) => ({ what: "roleName and roleNameTemplate", args: { ...base, roleName: "x", roleNameTemplate: "tfc-{workspace}" }, message: f(n) + "give roleName or roleNameTemplate, not both. Fix: remove one of them." }),
        (n) => ({ what: "template without {workspace}", args: { ...base, roleNameTemplate: "tfc-role" }, message: f(n) + "roleNameTemplate \"tfc-role\" does not contain \"{workspace}\". Fix: include \"{workspace}\" (default \"tfc-{workspace}-oidc\"), or set roleName." }),
        (n) => ({ what: "malformed existingRoleArn", args: { ...base, existingRoleArn: "arn:aws:iam::12345:role/x" }, message: f(n) + "existingRoleArn: role ARN \"arn:aws:iam::12345:role/x\": expected arn:<partition>:iam::<12-digit account id>:role/<optional path/><role name>. Fix the ARN." }),
        (n) => ({ what: "existingRoleArn with splitPhases", args: { ...base, existingRoleArn: "arn:aws:iam::123456789012:role/x", splitPhases: true }, message: f(n) + "existingRoleArn brings your own role, so no AWS resources are made here and splitPhases: true cannot be used with it. Fix: remove splitPhases: true, or remove existingRoleArn to let this component make the role." }),
        (n) => ({ what: "malformed oidcProviderArn", args: { ...base, oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/" }, message: f(n) + "oidcProviderArn: OIDC provider ARN \"arn:aws:iam::123456789012:oidc-provider/\": expected arn:<partition>:iam::<12-digit account id>:oidc-provider/<host>. Fix the ARN." }),
        (n) => ({ what: "malformed managed policy ARN", args: { ...base, managedPolicyArns: ["arn:aws:iam::aws:role/ReadOnlyAccess"] }, message: f(n) + "managedPolicyArns: policy ARN \"arn:aws:iam::aws:role/ReadOnlyAccess\": expected arn:<partition>:iam::<12-digit account id or \"aws\">:policy/<optional path/><policy name>. Fix the ARN." }),
        (n) => ({ what: "KMS alias instead of key ARN", args: { ...base, hyok: { configurationName: "primary", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:alias/hyok" } }, message: f(n) + "hyok.kmsKeyArn: KMS key ARN \"arn:aws:kms:eu-west-1:123456789012:alias/hyok\": an alias ARN does not grant use of the key in an IAM policy; give the key ARN (arn:<partition>:kms:<region>:<12-digit account id>:key/<key id>). Fix the ARN." }),
        (n) => ({ what: "wildcard in HYOK configuration name", args: { ...base, hyok: { configurationName: "prim*", kmsKeyArn: KMS_KEY } }, message: f(n) + "hyok.configurationName: HYOK configuration \"prim*\": HYOK configuration names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other HYOK configurations. Fix the name." }),
        (n) => ({ what: "maxSessionDuration too short", args: { ...base, maxSessionDuration: 100 }, message: f(n) + "maxSessionDuration 100 is not a whole number of seconds in 3600..43200 (1 to 12 hours). Fix maxSessionDuration." }),
        (n) => ({ what: "variableSetName with a single workspace", args: { ...base, variableSetName: "x" }, message: f(n) + "variableSetName is for workspaces (a list), whose variables live in a variable set; a single workspace gets workspace variables. Fix: remove variableSetName, or use workspaces." }),
        (n) => ({ what: "role path without slashes", args: { ...base, rolePath: "hcp" }, message: f(n) + "rolePath: role path \"hcp\": an IAM role path begins and ends with \"/\" (e.g. \"/\" or \"/hcp-terraform/\"). Fix the path." }),
        // The arguments added since 0.2.
        (n) => ({ what: "projectScope without project", args: { organization: "acme", projectScope: true }, message: f(n) + "projectScope needs project, the name of the project whose workspaces are trusted (e.g. \"Default Project\"). Fix: set project." }),
        (n) => ({ what: "projectScope with workspace", args: { ...base, projectScope: true, project: "Platform" }, message: f(n) + "projectScope trusts every workspace of the project, so workspace and workspaces cannot be given with it. Fix: remove workspace, or projectScope." }),
        (n) => ({ what: "deleteWorkspaceOnDestroy without createWorkspace", args: { ...base, deleteWorkspaceOnDestroy: true }, message: f(n) + "deleteWorkspaceOnDestroy deletes a workspace this federation created, so it needs createWorkspace: true. Fix: set createWorkspace: true, or remove deleteWorkspaceOnDestroy." }),
        (n) => ({ what: "wildcard in tag", args: { ...base, tag: "A*" }, message: f(n) + TAG_WILDCARD }),
        (n) => ({ what: "adoptExistingVariableSet without variableSetName", args: { organization: "acme", workspaces: ["a"], adoptExistingVariableSet: true }, message: f(n) + "adoptExistingVariableSet takes over the variable set you name: give variableSetName too (the default name is this stack's own). Fix: set variableSetName, or remove adoptExistingVariableSet." }),
        (n) => ({ what: "trustPolicySizeLimit not an IAM limit", args: { ...base, trustPolicySizeLimit: 8192 }, message: f(n) + "trustPolicySizeLimit 8192 is not one of IAM's limits: give 2048 (the default quota) or 4096 (raised). Fix trustPolicySizeLimit." }),
        (n) => ({ what: "a boolean given as a string", args: { ...base, splitPhases: "true" as unknown as boolean }, message: f(n) + "splitPhases must be true or false (a boolean), not \"true\" (a string). Fix the splitPhases argument." }),
        (n) => ({ what: "a misspelt argument", args: { ...base, removeStaticAwsCredential: true } as WorkspaceOidcFederationArgs, message: f(n) + UNKNOWN_ARGUMENT }),
        (n) => ({ what: "plan policies without splitPhases", args: { ...base, planManagedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }, message: f(n) + "planManagedPolicyArns is for the plan role of splitPhases. Fix: set splitPhases: true, or move these policies to managedPolicyArns." }),
    ];
}

/** Each row makes ONE dynamic resource named `name`. */
export function checkRows(): CheckRow[] {
    return [
        {
            what: "Workspace: space in organization",
            make: (n) => new Workspace(n, { organization: "ac me", name: "app" }),
            failures: [{ property: "organization", reason: "organization \"ac me\" is not valid: organization names may contain only letters, digits, \"-\" and \"_\"." }],
        },
        {
            what: "Workspace: wildcard in name",
            make: (n) => new Workspace(n, { organization: "acme", name: "app*" }),
            failures: [{ property: "name", reason: "name \"app*\" is not valid: workspace names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other workspaces." }],
        },
        {
            what: "Workspace: empty name",
            make: (n) => new Workspace(n, { organization: "acme", name: "" }),
            failures: [{ property: "name", reason: "name is required: give a non-empty string." }],
        },
        {
            what: "Workspace: malformed project id",
            make: (n) => new Workspace(n, { organization: "acme", name: "app", projectId: "project-1" }),
            failures: [{ property: "projectId", reason: "projectId \"project-1\" is not valid: give a project id such as \"prj-123456789abcdefg\"." }],
        },
        {
            what: "Workspace: hostname with a path",
            make: (n) => new Workspace(n, { organization: "acme", name: "app", hostname: "https://tfe.example.com/app" }),
            failures: [{ property: "hostname", reason: "Invalid HCP Terraform hostname \"https://tfe.example.com/app\" from the hostname setting: a hostname has no path (got \"/app\"): HCP Terraform and Terraform Enterprise serve their API at the root of the site; give \"https://tfe.example.com\"." }],
        },
        {
            what: "WorkspaceVariable: malformed workspace id",
            make: (n) => new WorkspaceVariable(n, { workspaceId: "workspace-1", key: "K", category: "env" }),
            failures: [{ property: "workspaceId", reason: "workspaceId \"workspace-1\" is not valid: give the workspace id, e.g. \"ws-123456789abcdefg\"." }],
        },
        {
            what: "WorkspaceVariable: space in key",
            make: (n) => new WorkspaceVariable(n, { workspaceId: WS_ID, key: "MY KEY", category: "env" }),
            failures: [{ property: "key", reason: "key \"MY KEY\" is not valid: variable keys cannot contain white space." }],
        },
        {
            what: "WorkspaceVariable: empty key",
            make: (n) => new WorkspaceVariable(n, { workspaceId: WS_ID, key: "", category: "env" }),
            failures: [{ property: "key", reason: "key is required: give a non-empty string." }],
        },
        {
            what: "WorkspaceVariable: unknown category",
            make: (n) => new WorkspaceVariable(n, { workspaceId: WS_ID, key: "K", category: "secret" as any }),
            failures: [{ property: "category", reason: "category must be one of \"env\", \"terraform\", not \"secret\"." }],
        },
        {
            what: "WorkspaceVariable: HCL on an env variable",
            make: (n) => new WorkspaceVariable(n, { workspaceId: WS_ID, key: "K", category: "env", hcl: true }),
            failures: [{ property: "hcl", reason: "hcl applies only to terraform variables: set category: \"terraform\" or drop hcl for an env variable." }],
        },
        {
            what: "WorkspaceVariableGroup: workspaceId and a workspace name",
            make: (n) => new WorkspaceVariableGroup(n, { workspaceId: WS_ID, organization: "acme", workspaceName: "app", variables: [{ key: "K", category: "env" }] }),
            failures: [{ property: "workspaceId", reason: "workspaceId and organization/workspaceName both name the workspace: give workspaceId, or organization and workspaceName, not both." }],
        },
        {
            what: "WorkspaceVariableGroup: organization without workspaceName",
            make: (n) => new WorkspaceVariableGroup(n, { organization: "acme", variables: [{ key: "K", category: "env" }] }),
            failures: [{ property: "workspaceName", reason: "workspaceName is required with organization: give both, or workspaceId instead." }],
        },
        {
            what: "WorkspaceVariableGroup: no variables",
            make: (n) => new WorkspaceVariableGroup(n, { workspaceId: WS_ID, variables: [] }),
            failures: [{ property: "variables", reason: "variables is required: give a non-empty list of { key, category, value?, hcl?, description? }." }],
        },
        {
            what: "WorkspaceVariableGroup: a sensitive variable",
            make: (n) => new WorkspaceVariableGroup(n, { workspaceId: WS_ID, variables: [{ key: "K", category: "env" }, { key: "DB_PASSWORD", value: "x", category: "env", sensitive: true } as any] }),
            failures: [{ property: "variables", reason: "variables[1].sensitive: the variables of a group are not sensitive; declare a sensitive value as a WorkspaceVariable resource." }],
        },
        {
            what: "WorkspaceVariableGroup: the same key and category twice",
            make: (n) => new WorkspaceVariableGroup(n, { workspaceId: WS_ID, variables: [{ key: "K", category: "env" }, { key: "K", category: "terraform" }, { key: "K", category: "env" }] }),
            failures: [{ property: "variables", reason: "variables[0] and variables[2] are both the env variable \"K\": a key appears once per category in a group. Remove one of them." }],
        },
        {
            what: "WorkspaceVariableGroup: HCL on an env variable, space in a key",
            make: (n) => new WorkspaceVariableGroup(n, { workspaceId: WS_ID, variables: [{ key: "K", category: "env", hcl: true }, { key: "MY KEY", category: "terraform" }] }),
            failures: [
                { property: "variables", reason: "variables[0].hcl applies only to terraform variables: set category: \"terraform\" or drop hcl for an env variable." },
                { property: "variables", reason: "variables[1].key \"MY KEY\" is not valid: variable keys cannot contain white space." },
            ],
        },
        {
            what: "VariableSet: name with surrounding space",
            make: (n) => new VariableSet(n, { organization: "acme", name: " shared " }),
            failures: [{ property: "name", reason: "name \" shared \" is not valid: a variable set name must not start or end with white space, contain control characters or exceed 128 characters." }],
        },
        {
            what: "VariableSet: colon in organization",
            make: (n) => new VariableSet(n, { organization: "acme:x", name: "shared" }),
            failures: [{ property: "organization", reason: "organization \"acme:x\" is not valid: organization names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other organizations." }],
        },
        {
            what: "VariableSetVariable: malformed set id",
            make: (n) => new VariableSetVariable(n, { variableSetId: "vs-1", key: "K", category: "terraform" }),
            failures: [{ property: "variableSetId", reason: "variableSetId \"vs-1\" is not valid: give the variable set id, e.g. \"varset-123456789abcdefg\"." }],
        },
        {
            what: "VariableSetVariable: HCL on an env variable",
            make: (n) => new VariableSetVariable(n, { variableSetId: SET_ID, key: "K", category: "env", hcl: true }),
            failures: [{ property: "hcl", reason: "hcl applies only to terraform variables: set category: \"terraform\" or drop hcl for an env variable." }],
        },
        {
            what: "WorkspaceVariableSet: empty workspace id",
            make: (n) => new WorkspaceVariableSet(n, { variableSetId: SET_ID, workspaceId: "" }),
            failures: [{ property: "workspaceId", reason: "workspaceId is required: give a non-empty string." }],
        },
        {
            what: "ProjectVariableSet: malformed project id",
            make: (n) => new ProjectVariableSet(n, { variableSetId: SET_ID, projectId: "prj_bad!" }),
            failures: [{ property: "projectId", reason: "projectId \"prj_bad!\" is not valid: give the project id, e.g. \"prj-123456789abcdefg\"." }],
        },
        {
            what: "WorkspaceVariableRemoval: no keys",
            make: (n) => new WorkspaceVariableRemoval(n, { workspaceId: WS_ID, keys: [] }),
            failures: [{ property: "keys", reason: "keys is required: give a non-empty list of strings." }],
        },
        {
            what: "WorkspaceVariableRemoval: space in a key",
            make: (n) => new WorkspaceVariableRemoval(n, { workspaceId: WS_ID, keys: ["AWS KEY"] }),
            failures: [{ property: "keys", reason: "keys[0] \"AWS KEY\" is not valid: variable keys cannot contain white space." }],
        },
        {
            what: "AwsOidcConfiguration: malformed role ARN",
            make: (n) => new AwsOidcConfiguration(n, { organization: "acme", roleArn: "arn:aws:iam::12345:role/x" }),
            failures: [{ property: "roleArn", reason: "roleArn \"arn:aws:iam::12345:role/x\" is not valid: give an IAM role ARN such as \"arn:aws:iam::123456789012:role/hcp-terraform-hyok\"." }],
        },
        {
            what: "AwsOidcConfiguration: wildcard in organization",
            make: (n) => new AwsOidcConfiguration(n, { organization: "*", roleArn: ROLE_ARN }),
            failures: [{ property: "organization", reason: "organization \"*\" is not valid: organization names may contain only letters, digits, \"-\" and \"_\"; a wildcard or colon here would widen the trust policy to other organizations." }],
        },
        {
            what: "AzureOidcConfiguration: malformed client id",
            make: (n) => new AzureOidcConfiguration(n, { organization: "acme", clientId: "not-a-uuid", subscriptionId: UUID, tenantId: UUID }),
            failures: [{ property: "clientId", reason: "clientId \"not-a-uuid\" is not valid: give the application (client) id as a UUID such as \"00000000-1111-2222-3333-444444444444\"." }],
        },
        {
            what: "GcpOidcConfiguration: malformed e-mail",
            make: (n) => new GcpOidcConfiguration(n, { organization: "acme", serviceAccountEmail: "hyok-at-example.com", projectNumber: "123456789012", workloadProviderName: GCP_PROVIDER }),
            failures: [{ property: "serviceAccountEmail", reason: "serviceAccountEmail \"hyok-at-example.com\" is not valid: give the service account e-mail, e.g. \"hyok@my-project.iam.gserviceaccount.com\"." }],
        },
        {
            what: "GcpOidcConfiguration: project id instead of number",
            make: (n) => new GcpOidcConfiguration(n, { organization: "acme", serviceAccountEmail: "h@p.iam.gserviceaccount.com", projectNumber: "my-project", workloadProviderName: GCP_PROVIDER }),
            failures: [{ property: "projectNumber", reason: "projectNumber \"my-project\" is not valid: give the project NUMBER (digits only, e.g. \"123456789012\"), not the project id." }],
        },
        {
            what: "GcpOidcConfiguration: malformed provider name",
            make: (n) => new GcpOidcConfiguration(n, { organization: "acme", serviceAccountEmail: "h@p.iam.gserviceaccount.com", projectNumber: "123456789012", workloadProviderName: "projects/123456789012/providers/tfc" }),
            failures: [{ property: "workloadProviderName", reason: "workloadProviderName \"projects/123456789012/providers/tfc\" is not valid: give the full provider name \"projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>\"." }],
        },
        {
            what: "GcpOidcConfiguration: provider of another project",
            make: (n) => new GcpOidcConfiguration(n, { organization: "acme", serviceAccountEmail: "h@p.iam.gserviceaccount.com", projectNumber: "999", workloadProviderName: GCP_PROVIDER }),
            failures: [{ property: "workloadProviderName", reason: "workloadProviderName names project \"123456789012\" but projectNumber is \"999\": they must be the same project number." }],
        },
        {
            what: "VaultOidcConfiguration: http address",
            make: (n) => new VaultOidcConfiguration(n, { organization: "acme", address: "http://vault.example.com", role: "tfc" }),
            failures: [{ property: "address", reason: "address \"http://vault.example.com\" is not valid: give the Vault address as an https URL, e.g. \"https://vault.example.com:8200\"." }],
        },
        {
            what: "VaultOidcConfiguration: CA certificate not base64",
            make: (n) => new VaultOidcConfiguration(n, { organization: "acme", address: "https://vault.example.com", role: "tfc", encodedCacert: "not base64!" }),
            failures: [{ property: "encodedCacert", reason: "encodedCacert \"not base64!\" is not valid: give the PEM CA certificate encoded in base64 on one line (e.g. `base64 -w0 ca.pem`)." }],
        },
        {
            what: "VaultOidcConfiguration: base64 that is not a PEM",
            make: (n) => new VaultOidcConfiguration(n, { organization: "acme", address: "https://vault.example.com", role: "tfc", encodedCacert: Buffer.from("hello").toString("base64") }),
            failures: [{ property: "encodedCacert", reason: "encodedCacert \"aGVsbG8=\" is not valid: give the PEM CA certificate encoded in base64 on one line (e.g. `base64 -w0 ca.pem`)." }],
        },
        {
            what: "VaultOidcConfiguration: auth path with a leading slash",
            make: (n) => new VaultOidcConfiguration(n, { organization: "acme", address: "https://vault.example.com", role: "tfc", authPath: "/jwt", encodedCacert: PEM_B64 }),
            failures: [{ property: "authPath", reason: "authPath \"/jwt\" is not valid: give the JWT auth mount path without leading or trailing \"/\", e.g. \"jwt\"." }],
        },
        {
            what: "Workspace: deleteOnDestroy computed as a string",
            make: (n) => new Workspace(n, { organization: "acme", name: "app", deleteOnDestroy: late("yes") }),
            failures: [{ property: "deleteOnDestroy", reason: "deleteOnDestroy must be true or false, not \"yes\"." }],
        },
        {
            what: "Workspace: expectedProjectName too short",
            make: (n) => new Workspace(n, { organization: "acme", name: "app", expectedProjectName: "ab" }),
            failures: [{ property: "expectedProjectName", reason: "expectedProjectName \"ab\" is not valid: project names are 3 to 40 characters long (got 2)." }],
        },
        {
            what: "Workspace: createArgument that is not an argument name",
            make: (n) => new Workspace(n, { organization: "acme", name: "app", createArgument: "create it" }),
            failures: [{ property: "createArgument", reason: "createArgument \"create it\" is not valid: give an argument name." }],
        },
        {
            what: "Workspace: http:// to a host that is not a loopback address",
            make: (n) => new Workspace(n, { organization: "acme", name: "app", hostname: "http://tfe.lab.example" }),
            failures: [{ property: "hostname", reason: "Invalid HCP Terraform hostname \"http://tfe.lab.example\" from the hostname setting: http:// sends the API token unencrypted to that host. Use https://, or, for a lab install only, set allowInsecureHttp: true." }],
        },
        {
            what: "WorkspaceVariable: allowInsecureHttp computed as a string",
            make: (n) => new WorkspaceVariable(n, { workspaceId: WS_ID, key: "K", category: "env", allowInsecureHttp: late("true") }),
            failures: [{ property: "allowInsecureHttp", reason: "allowInsecureHttp must be true or false, not \"true\"." }],
        },
        {
            what: "Workspace: an unknown input name (provider registered directly)",
            make: (n) => raw(workspaceProvider, "Workspace", n, { organization: "acme", name: "app", colour: "red" }),
            failures: [{ property: "colour", reason: "colour is not an input of Workspace: give only hostname, allowInsecureHttp, organization, name, projectId, createIfMissing, createArgument, deleteOnDestroy, lookupProjectName, expectedProjectName." }],
        },
        {
            what: "VariableSetWorkspaces: an unknown input name (provider registered directly)",
            make: (n) => raw(variableSetWorkspacesProvider, "VariableSetWorkspaces", n, { variableSetId: SET_ID, workspaceIds: [WS_ID], workspaces: [WS_ID] }),
            failures: [{ property: "workspaces", reason: "workspaces is not an input of VariableSetWorkspaces: give only hostname, allowInsecureHttp, variableSetId, workspaceIds, shadowKeys, removeShadowing." }],
        },
        {
            what: "Project: name too short",
            make: (n) => new Project(n, { organization: "acme", name: "ab" }),
            failures: [{ property: "name", reason: "name \"ab\" is not valid: project names are 3 to 40 characters long (got 2)." }],
        },
        {
            what: "WorkspaceVariableGroup: removeKeys naming a declared key",
            make: (n) => new WorkspaceVariableGroup(n, { workspaceId: WS_ID, variables: [{ key: "K", category: "env" }], removeKeys: ["AWS_ACCESS_KEY_ID", "K"] }),
            failures: [{ property: "removeKeys", reason: "removeKeys lists [\"K\"], which the group also declares: a key is either written or removed. Remove it from one of them." }],
        },
        {
            what: "WorkspaceVariableGroup: space in a removeKeys key",
            make: (n) => new WorkspaceVariableGroup(n, { workspaceId: WS_ID, variables: [{ key: "K", category: "env" }], removeKeys: ["AWS KEY"] }),
            failures: [{ property: "removeKeys", reason: "removeKeys must be a list of variable keys (strings without white space)." }],
        },
        {
            what: "VariableSetWorkspaces: no workspaces",
            make: (n) => new VariableSetWorkspaces(n, { variableSetId: SET_ID, workspaceIds: [] }),
            failures: [{ property: "workspaceIds", reason: "workspaceIds is required: give a non-empty list of workspace ids." }],
        },
        {
            what: "VariableSetWorkspaces: a workspace name instead of an id",
            make: (n) => new VariableSetWorkspaces(n, { variableSetId: SET_ID, workspaceIds: [WS_ID, "app"] }),
            failures: [{ property: "workspaceIds", reason: "workspaceIds[1] \"app\" is not valid: give the workspace id, e.g. \"ws-123456789abcdefg\"." }],
        },
        {
            what: "VariableSetWorkspaces: a workspace twice",
            make: (n) => new VariableSetWorkspaces(n, { variableSetId: SET_ID, workspaceIds: [WS_ID, WS_ID] }),
            failures: [{ property: "workspaceIds", reason: `workspaceIds lists "${WS_ID}" twice: give each workspace once.` }],
        },
        {
            what: "VariableSetWorkspaces: space in a shadow key",
            make: (n) => new VariableSetWorkspaces(n, { variableSetId: SET_ID, workspaceIds: [WS_ID], shadowKeys: ["AWS KEY"] }),
            failures: [{ property: "shadowKeys", reason: "shadowKeys must be a list of variable keys." }],
        },
    ];
}
