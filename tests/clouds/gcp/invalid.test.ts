// Bad input to GcpWorkspaceFederation: the exact message (naming the argument and the fix), thrown
// at construction before anything is registered.
import { strict as assert } from "node:assert";
import { GcpWorkspaceFederation } from "../../../src/clouds/gcp/GcpWorkspaceFederation";
import { isolateHostEnv, run } from "./harness";

const OK = { organization: "acme", workspace: "app", gcpProject: "acme-prod" };
const SA_RULE = 'a service account id is 6 to 30 characters: a lower-case letter first, then lower-case letters, digits and "-", not ending with "-"';
const PROVIDER_RULE = "expected projects/<project number>/locations/global/workloadIdentityPools/<pool id>/providers/<provider id>";

/** [case, args, exact message after the `GcpWorkspaceFederation "fed": ` prefix] */
const CASES: [string, any, string][] = [
    ["no gcpProject", { organization: "acme", workspace: "app" },
        'gcpProject is required: the GCP project ID (not its number or display name) that holds the workload identity pool, the service account(s) and the role grants. Fix: set gcpProject (e.g. "my-project-123").'],
    ["gcpProject a display name", { ...OK, gcpProject: "My Project" },
        'gcpProject: GCP project id "My Project": a GCP project id is 6 to 30 characters: a lower-case letter first, then lower-case letters, digits and "-", not ending with "-" (the id, not the display name or number). Fix the project id.'],
    ["gcpProject a number", { ...OK, gcpProject: "123456789012" },
        'gcpProject: GCP project id "123456789012": a GCP project id is 6 to 30 characters: a lower-case letter first, then lower-case letters, digits and "-", not ending with "-" (the id, not the display name or number). Fix the project id.'],
    ["unknown argument", { ...OK, gcpProjectId: "x" },
        'unknown argument "gcpProjectId" (did you mean "gcpProject"?). Fix: give only organization, workspace, workspaces, projectScope, project, projectId, hostname, allowInsecureHttp, audience, splitPhases, createWorkspace, deleteWorkspaceOnDestroy, tag, removeStaticCredentials, verifyTrust, variableSetName, adoptExistingVariableSet, removeShadowingVariables, gcpProject, poolId, providerId, existingProviderName, serviceAccountId, existingServiceAccountEmail, projectRoles, planProjectRoles.'],
    ["projectRoles a string", { ...OK, projectRoles: "roles/viewer" },
        'projectRoles must be a list of strings, not "roles/viewer" (a string). Fix the projectRoles argument.'],
    ["poolId with the reserved prefix", { ...OK, poolId: "gcp-pool" },
        'poolId: workload identity pool id "gcp-pool": the prefix "gcp-" is reserved by Google. Fix the id.'],
    ["providerId too short", { ...OK, providerId: "abc" },
        'providerId: workload identity pool provider id "abc": a workload identity pool provider id is 4 to 32 characters long (got 3). Fix the id.'],
    ["existingProviderName with poolId and providerId", { ...OK, existingProviderName: "projects/1/locations/global/workloadIdentityPools/pool/providers/prov", poolId: "pool", providerId: "prov" },
        "existingProviderName names a provider made elsewhere, so no pool or provider is made here and poolId and providerId cannot be used with it. Fix: remove poolId and providerId, or remove existingProviderName to use the shared pool and provider."],
    ["existingProviderName a pool name", { ...OK, existingProviderName: "projects/1/locations/global/workloadIdentityPools/pool" },
        `existingProviderName: workload identity provider name "projects/1/locations/global/workloadIdentityPools/pool": ${PROVIDER_RULE}. Fix the provider name.`],
    ["existingProviderName with the project id", { ...OK, existingProviderName: "projects/acme-prod/locations/global/workloadIdentityPools/pool/providers/prov" },
        `existingProviderName: workload identity provider name "projects/acme-prod/locations/global/workloadIdentityPools/pool/providers/prov": ${PROVIDER_RULE}. Fix the provider name.`],
    ["serviceAccountId invalid", { ...OK, serviceAccountId: "Deployer" },
        `serviceAccountId "Deployer": service account id "Deployer": ${SA_RULE}. Fix the id.`],
    ["serviceAccountId too long with the -apply suffix", { ...OK, serviceAccountId: "a".repeat(25), splitPhases: true },
        `serviceAccountId "${"a".repeat(25)}" (with the "-apply" suffix of splitPhases): service account id "${"a".repeat(25)}-apply": ${SA_RULE}. Fix the id.`],
    ["existingServiceAccountEmail with serviceAccountId", { ...OK, existingServiceAccountEmail: "d@acme-prod.iam.gserviceaccount.com", serviceAccountId: "deployer" },
        "give serviceAccountId or existingServiceAccountEmail, not both: one makes a service account, the other uses yours. Fix: remove one of them."],
    ["existingServiceAccountEmail with splitPhases", { ...OK, existingServiceAccountEmail: "d@acme-prod.iam.gserviceaccount.com", splitPhases: true },
        "existingServiceAccountEmail is one service account for both run phases, and splitPhases needs one per phase. Fix: remove splitPhases, or remove existingServiceAccountEmail to let this component make the plan and apply service accounts."],
    ["existingServiceAccountEmail a user", { ...OK, existingServiceAccountEmail: "me@gmail.com" },
        'existingServiceAccountEmail: service account email "me@gmail.com": expected <account id>@<project id>.iam.gserviceaccount.com (a service account\'s email, lower case). Fix the email.'],
    ["planProjectRoles without splitPhases", { ...OK, planProjectRoles: ["roles/viewer"] },
        "planProjectRoles is for the plan service account of splitPhases. Fix: set splitPhases: true, or move these roles to projectRoles."],
    ["a role without roles/", { ...OK, projectRoles: ["viewer"] },
        'projectRoles: IAM role "viewer": expected roles/<name> (e.g. "roles/viewer"), projects/<project id>/roles/<name> or organizations/<number>/roles/<name>. Fix the role.'],
    ["a role twice", { ...OK, splitPhases: true, planProjectRoles: ["roles/viewer", "roles/viewer"] },
        'planProjectRoles lists "roles/viewer" twice. Fix: give each role once.'],
    ["the audience placeholder", { ...OK, audience: "//iam.googleapis.com/{workloadProviderName}" },
        'audience "//iam.googleapis.com/{workloadProviderName}" is a placeholder, not an audience. Fix: omit audience for GCP\'s default (//iam.googleapis.com/<the provider\'s name>), or give your own.'],
    ["workspace and workspaces (the core, in GCP's words)", { ...OK, workspaces: ["b"] },
        "give either workspace or workspaces, not both. Fix: use workspace for one workspace, or workspaces for one service account shared by several."],
    ["an invalid tag", { ...OK, tag: "no-dash" },
        'tag "no-dash": a tag may contain only letters, digits and "_" and must not be empty. Fix the tag.'],
];

describe("GcpWorkspaceFederation: invalid input throws before anything is registered", function () {
    isolateHostEnv();
    for (const [what, args, message] of CASES) {
        it(what, async () => {
            let thrown: Error | undefined;
            const r = await run(() => {
                try {
                    new GcpWorkspaceFederation("fed", args);
                } catch (err) {
                    thrown = err as Error;
                }
            });
            assert.equal(thrown?.message, `GcpWorkspaceFederation "fed": ${message}`);
            assert.deepEqual(r.resources, [], "nothing registered");
        });
    }
});
