// Bad input to AzureWorkspaceFederation: the exact message (naming the argument and the fix), thrown
// at construction before anything is registered.
import { strict as assert } from "node:assert";
import { AzureWorkspaceFederation } from "../../../src/clouds/azure/AzureWorkspaceFederation";
import { isolateHostEnv, run } from "./harness";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
const OK = { organization: "acme", workspace: "app", tenantId: TENANT, subscriptionId: SUB };
const CONTRIBUTOR = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`;
const ROLE = { scope: `/subscriptions/${SUB}`, roleDefinitionId: CONTRIBUTOR };
const GUID_RULE = 'is a GUID (e.g. "00000000-0000-0000-0000-000000000000")';
const ROLE_RULE =
    "expected the role's full id, /subscriptions/<subscription id>/providers/Microsoft.Authorization/roleDefinitions/<role guid> " +
    "(or /providers/Microsoft.Authorization/roleDefinitions/<role guid>), not its name; Contributor's guid is b24988ac-6180-42a0-ab88-20f7382dd24c";
const ARGS =
    "organization, workspace, workspaces, projectScope, project, projectId, hostname, allowInsecureHttp, audience, splitPhases, createWorkspace, deleteWorkspaceOnDestroy, " +
    "tag, removeStaticCredentials, verifyTrust, variableSetName, adoptExistingVariableSet, removeShadowingVariables, tenantId, subscriptionId, existingClientId, applicationName, " +
    "roleAssignments, planRoleAssignments";
const names = (n: number) => Array.from({ length: n }, (_, i) => `ws-${i}`);

/** [case, args, exact message after the `AzureWorkspaceFederation "fed": ` prefix] */
const CASES: [string, any, string][] = [
    ["no tenantId", { organization: "acme", workspace: "app", subscriptionId: SUB },
        'tenantId is required: the Entra tenant (directory) id the runs sign in to, written as ARM_TENANT_ID. Fix: set tenantId (a GUID, e.g. "00000000-0000-0000-0000-000000000000").'],
    ["no subscriptionId", { organization: "acme", workspace: "app", tenantId: TENANT },
        'subscriptionId is required: the Azure subscription the workspace\'s azurerm provider uses, written as ARM_SUBSCRIPTION_ID. Fix: set subscriptionId (a GUID, e.g. "00000000-0000-0000-0000-000000000000").'],
    ["tenantId a domain", { ...OK, tenantId: "contoso.onmicrosoft.com" },
        `tenantId: tenant id "contoso.onmicrosoft.com": an Azure tenant id ${GUID_RULE}. Fix the tenant id.`],
    ["subscriptionId a resource id", { ...OK, subscriptionId: `/subscriptions/${SUB}` },
        `subscriptionId: subscription id "/subscriptions/${SUB}": an Azure subscription id ${GUID_RULE}. Fix the subscription id.`],
    ["an unknown argument", { ...OK, tenantID: TENANT },
        `unknown argument "tenantID" (did you mean "tenantId"?). Fix: give only ${ARGS}.`],
    ["roleAssignments one object, not a list", { ...OK, roleAssignments: ROLE },
        `roleAssignments must be a list of objects, not ${JSON.stringify(ROLE)} (an object). Fix the roleAssignments argument.`],
    ["a role by name", { ...OK, roleAssignments: [{ scope: ROLE.scope, roleDefinitionId: "Contributor" }] },
        `roleAssignments[0].roleDefinitionId: role definition id "Contributor": ${ROLE_RULE}. Fix the role definition id.`],
    ["a role assignment without scope", { ...OK, roleAssignments: [ROLE, { roleDefinitionId: CONTRIBUTOR }] },
        "roleAssignments[1].scope is required: a role assignment is { scope, roleDefinitionId }. Fix the roleAssignments argument."],
    ["a role assignment with roleDefinitionName", { ...OK, roleAssignments: [{ ...ROLE, roleDefinitionName: "Contributor" }] },
        'roleAssignments[0] has unknown field "roleDefinitionName": a role assignment is { scope, roleDefinitionId }. Fix the roleAssignments argument.'],
    ["a scope that is not a resource id", { ...OK, roleAssignments: [{ ...ROLE, scope: "app-rg" }] },
        'roleAssignments[0].scope: scope "app-rg": a scope is an Azure resource id starting with "/" (e.g. "/subscriptions/<id>/resourceGroups/<name>"). Fix the scope.'],
    ["a role assignment twice (case-insensitively)", { ...OK, roleAssignments: [ROLE, { ...ROLE, scope: ROLE.scope.toUpperCase() }] },
        `roleAssignments grants ${JSON.stringify(CONTRIBUTOR)} on ${JSON.stringify(ROLE.scope.toUpperCase())} twice. Fix: give each role assignment once.`],
    ["planRoleAssignments without splitPhases", { ...OK, planRoleAssignments: [ROLE] },
        "planRoleAssignments is for the plan service principal of splitPhases. Fix: set splitPhases: true, or move these roles to roleAssignments."],
    ["existingClientId with roleAssignments and applicationName", { ...OK, existingClientId: TENANT, roleAssignments: [ROLE], applicationName: "x" },
        "existingClientId brings your own application, so nothing is made on the Azure side and applicationName and roleAssignments cannot be used with it. " +
            "Fix: remove applicationName and roleAssignments (grant the roles to your application's service principal yourself), or remove existingClientId."],
    ["existingClientId with splitPhases", { ...OK, existingClientId: TENANT, splitPhases: true },
        "existingClientId is one application for both run phases, and splitPhases needs one per phase. Fix: remove splitPhases, or remove existingClientId to let this component make the plan and apply applications."],
    ["existingClientId a name", { ...OK, existingClientId: "tfc-app" },
        `existingClientId: client id "tfc-app": an Azure client id ${GUID_RULE}. Fix the client id.`],
    ["applicationName blank", { ...OK, applicationName: " " },
        'applicationName " " is blank: an application needs a display name. Fix: give a name, or omit applicationName for the default (tfc-<workspace> or tfc-<component name>).'],
    ["11 workspaces on one application", { ...OK, workspace: undefined, workspaces: names(11) },
        "workspaces: 22 federated identity credentials on one Azure application (11 workspaces, one credential per run phase) exceed Entra's limit of 20 per application. " +
            "Fix the workspace list: federate at most 10 workspaces per application (one federation per group of workspaces), " +
            "set splitPhases (one credential per workspace on each of a plan and an apply application: up to 20 workspaces), " +
            "or federate the whole project with a flexible credential (app.terraform.io and app.eu.terraform.io only)."],
    ["21 workspaces with splitPhases", { ...OK, workspace: undefined, workspaces: names(21), splitPhases: true },
        "workspaces: 21 federated identity credentials on one Azure application (21 workspaces, one credential each on the plan and on the apply application) exceed Entra's limit of 20 per application. " +
            "Fix the workspace list: federate at most 20 workspaces per pair of applications (one federation per group of workspaces), " +
            "or federate the whole project with a flexible credential (app.terraform.io and app.eu.terraform.io only)."],
    ["projectScope on Terraform Enterprise", { ...OK, workspace: undefined, projectScope: true, project: "Payments", hostname: "tfe.example.com" },
        'hostname "tfe.example.com": Entra accepts a flexible federated identity credential from HCP Terraform only for the issuers https://app.terraform.io and https://app.eu.terraform.io, ' +
            "so project-wide federation is not possible for this host. Fix the hostname, or federate each workspace (one credential per workspace and run phase)."],
    ["a wildcard workspace", { ...OK, workspace: "prod-*" },
        'workspace "prod-*": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
    ["workspace and workspaces (the core, in Azure's words)", { ...OK, workspaces: ["b"] },
        "give either workspace or workspaces, not both. Fix: use workspace for one workspace, or workspaces for one application shared by several."],
    ["an invalid tag", { ...OK, tag: "no-dash" },
        'tag "no-dash": a tag may contain only letters, digits and "_" and must not be empty. Fix the tag.'],
];

async function expectRefused(args: unknown, message: string): Promise<void> {
    let thrown: Error | undefined;
    const r = await run(() => {
        try {
            new AzureWorkspaceFederation("fed", args as any);
        } catch (err) {
            thrown = err as Error;
        }
    });
    assert.equal(thrown?.message, `AzureWorkspaceFederation "fed": ${message}`);
    assert.deepEqual(r.resources, [], "nothing registered");
}

describe("AzureWorkspaceFederation: invalid input throws before anything is registered", function () {
    isolateHostEnv();
    for (const [what, args, message] of CASES) it(what, () => expectRefused(args, message));

    it("two Azure federations of one program on one workspace, even with different tags (ARM_* take no suffix)", async () => {
        let thrown: Error | undefined;
        const r = await run(() => {
            new AzureWorkspaceFederation("first", { ...OK, workspace: undefined, workspaces: ["a", "app"] });
            try {
                new AzureWorkspaceFederation("second", { ...OK, tag: "second" });
            } catch (err) {
                thrown = err as Error;
            }
        });
        assert.equal(
            thrown?.message,
            'AzureWorkspaceFederation "second": workspace "app" of organization "acme" already gets ARM_SUBSCRIPTION_ID and ARM_TENANT_ID from AzureWorkspaceFederation "first" in this program: ' +
                "these keys take no tag suffix, so two Azure configurations of one workspace would overwrite each other's. Fix: federate the workspace to Azure once (one federation serves several workspaces).",
        );
        assert.equal(r.resources.filter((x) => x.name.startsWith("second")).length, 0, "nothing of the second registered");
    });

    describe("roleAssignments without @pulumi/azure-native installed", () => {
        const Module = require("node:module");
        let original: any;
        before(() => {
            original = Module._resolveFilename;
            Module._resolveFilename = function (request: string, ...rest: unknown[]) {
                if (request === "@pulumi/azure-native" || request.startsWith("@pulumi/azure-native/")) {
                    throw Object.assign(new Error(`Cannot find module '${request}'`), { code: "MODULE_NOT_FOUND" });
                }
                return original.call(this, request, ...rest);
            };
        });
        after(() => (Module._resolveFilename = original));

        it("fails at construction saying what to install; without roles the peer is not needed", async () => {
            await expectRefused(
                { ...OK, roleAssignments: [ROLE] },
                "AzureWorkspaceFederation's roleAssignments (hcp-oidc-federation/azure) needs the optional peer dependency @pulumi/azure-native, which is not installed. " +
                    "Fix: npm install @pulumi/azure-native (in the project that uses AzureWorkspaceFederation's roleAssignments (hcp-oidc-federation/azure)).",
            );
            const r = await run(() => new AzureWorkspaceFederation("fine", OK));
            assert.equal(r.resources.length, 7, "the federation, the workspace, the application, its service principal, two credentials, the variables");
        });
    });
});
