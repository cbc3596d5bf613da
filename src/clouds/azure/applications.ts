// The identities of an AzureWorkspaceFederation: the Entra application(s) and service principal(s)
// (made, or yours), one federated identity credential per workspace and run phase with the EXACT
// subject (the pinned project, or the project read from each workspace), or with projectScope one
// flexible credential per application, and the role assignments. It answers the client id variables.
import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import type { WorkspaceRefs } from "../../federation/build";
import { describeWorkspaces } from "../../federation/plan";
import type { CloudVariable } from "../../federation/variables";
import { checkedArn as checkedInput } from "../aws/plan";
import { validateAzureClientId } from "./names";
import type { AzureApplicationPlan, AzureCredentialPlan, AzurePlan } from "./plan";
import { buildRoleAssignments } from "./roleAssignments";
import { azureFederatedCredentials } from "./trust";
import { AZURE_VARIABLE_KEYS } from "./variables";

/** What the identities are, for the component's outputs and the trust check's triggers. */
export interface AzureIdentityParts {
    /** In the order of the plan's applications (run; or plan, apply). */
    readonly clientIds: pulumi.Output<string>[];
    /** The applications' resource ids (`/applications/<object id>`); none with existingClientId. */
    readonly applicationIds: pulumi.Output<string>[];
    readonly applicationObjectIds: pulumi.Output<string>[];
    readonly servicePrincipalObjectIds: pulumi.Output<string>[];
    /** Every standard credential's subject, application by application, workspace by workspace, plan before apply. */
    readonly subjects: pulumi.Output<string>[];
    /** With projectScope: each flexible credential's claimsMatchingExpression. */
    readonly expressions: string[];
    /** The client id variables, each waiting for its application's credentials, service principal and roles. */
    readonly variables: CloudVariable[];
}

/** The credential's subject with the workspace's real project: the builder's, from the name read by the look-up. */
function subjectFor(plan: AzurePlan, c: AzureCredentialPlan, project: string | undefined, prefix: string): string {
    const workspace = plan.core.workspaces[c.workspaceIndex];
    if (project === undefined) {
        throw new Error(`${prefix}the project of workspace ${JSON.stringify(workspace)} could not be read, and Entra needs it in the subject. Fix: set project (e.g. "Default Project").`);
    }
    const [app] = azureFederatedCredentials({
        organization: plan.core.organization,
        workspaces: [{ name: workspace, project }],
        hostname: plan.core.site.host,
        audience: plan.core.audience,
    });
    return app.federatedCredentials.find((f) => f.displayName === c.credential.displayName)!.subject;
}

/** The subject: plain with a pinned project (known at preview), else from the workspace's project name. */
function subjectOf(plan: AzurePlan, refs: WorkspaceRefs, c: AzureCredentialPlan, prefix: string): pulumi.Output<string> {
    if (plan.core.project !== undefined) return pulumi.output(c.credential.subject);
    return refs.workspaces[c.workspaceIndex].projectName.apply((p) => subjectFor(plan, c, p, prefix));
}

/** One application, its service principal, credentials and roles. */
function buildApplication(component: pulumi.ComponentResource, plan: AzurePlan, app: AzureApplicationPlan, refs: WorkspaceRefs, prefix: string, parts: AzureIdentityParts): void {
    const core = plan.core;
    const opts = { parent: component, dependsOn: [...refs.lookups] };
    const label = app.identity === "run" ? core.name : `${core.name}-${app.identity}`;
    const phase = app.identity === "run" ? "" : `${app.identity} `;
    const application = new azuread.Application(
        `${label}-app`,
        { displayName: app.displayName!, notes: `HCP Terraform ${phase}runs of ${core.organization} ${describeWorkspaces(core)} (AzureWorkspaceFederation ${core.name})`.slice(0, 1024) },
        opts,
    );
    const sp = new azuread.ServicePrincipal(`${label}-sp`, { clientId: application.clientId }, opts);
    const waitFor: pulumi.Resource[] = [sp];
    for (const c of app.credentials) {
        const workspace = core.workspaces[c.workspaceIndex];
        const subject = subjectOf(plan, refs, c, prefix);
        parts.subjects.push(subject);
        waitFor.push(
            new azuread.ApplicationFederatedIdentityCredential(
                `${core.name}-credential-${workspace}-${c.phase}`,
                {
                    applicationId: application.id,
                    displayName: c.credential.displayName,
                    description: `HCP Terraform ${c.phase} runs of ${core.organization}/${workspace} (AzureWorkspaceFederation ${core.name})`,
                    audiences: c.credential.audiences,
                    issuer: c.credential.issuer,
                    subject,
                },
                opts,
            ),
        );
    }
    if (app.flexibleCredential !== undefined) {
        const f = app.flexibleCredential;
        parts.expressions.push(f.claimsMatchingExpression);
        waitFor.push(
            new azuread.ApplicationFlexibleFederatedIdentityCredential(
                `${label}-credential-project`,
                {
                    applicationId: application.id,
                    displayName: f.displayName,
                    description: `HCP Terraform ${phase}runs of ${core.organization} ${describeWorkspaces(core)} (AzureWorkspaceFederation ${core.name})`,
                    audience: f.audience,
                    issuer: f.issuer,
                    claimsMatchingExpression: f.claimsMatchingExpression,
                },
                opts,
            ),
        );
    }
    const argument = app.identity === "plan" ? "planRoleAssignments" : "roleAssignments";
    waitFor.push(...buildRoleAssignments(label, argument, app.roles, sp.objectId, prefix, { parent: component, dependsOn: [...refs.lookups, sp] }));
    parts.clientIds.push(application.clientId);
    parts.applicationIds.push(application.id);
    parts.applicationObjectIds.push(application.objectId);
    parts.servicePrincipalObjectIds.push(sp.objectId);
    parts.variables.push({ suffix: `${app.identity}-client-id`, key: AZURE_VARIABLE_KEYS[app.identity], value: application.clientId, dependsOn: waitFor });
}

/**
 * The application(s) and everything on them, or (existingClientId) only the subjects your
 * application must trust. Everything waits for the workspace look-ups (`refs.lookups`): no Azure
 * object is made for a workspace that does not exist.
 */
export function buildIdentities(component: pulumi.ComponentResource, plan: AzurePlan, refs: WorkspaceRefs, prefix: string): AzureIdentityParts {
    const parts: AzureIdentityParts = { clientIds: [], applicationIds: [], applicationObjectIds: [], servicePrincipalObjectIds: [], subjects: [], expressions: [], variables: [] };
    if (plan.existingClientId === undefined) {
        for (const app of plan.applications) buildApplication(component, plan, app, refs, prefix, parts);
        return parts;
    }
    const [app] = plan.applications;
    for (const c of app.credentials) parts.subjects.push(subjectOf(plan, refs, c, prefix));
    if (app.flexibleCredential !== undefined) parts.expressions.push(app.flexibleCredential.claimsMatchingExpression);
    const clientId = checkedInput(prefix, "existingClientId", plan.existingClientId, validateAzureClientId);
    parts.clientIds.push(clientId);
    parts.variables.push({ suffix: "run-client-id", key: AZURE_VARIABLE_KEYS.run, value: clientId });
    return parts;
}
