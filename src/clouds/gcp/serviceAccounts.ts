// The identities of a GcpWorkspaceFederation: the service account(s) (made, or yours), the
// roles/iam.workloadIdentityUser bindings admitting the declared workspaces BY ID (or the project by
// id), phase by phase with splitPhases, and the project roles. It answers the email variables.
import * as pulumi from "@pulumi/pulumi";
import * as gcp from "@pulumi/gcp";
import type { WorkspaceRefs } from "../../federation/build";
import { describeWorkspaces } from "../../federation/plan";
import type { CloudVariable } from "../../federation/variables";
import { checkedArn as checkedInput } from "../aws/plan";
import { GCP_WORKLOAD_IDENTITY_USER_ROLE, gcpWorkloadIdentityUserBindings } from "./bindings";
import { projectOfServiceAccountEmail, validateGcpRole, validateServiceAccountEmail } from "./names";
import type { GcpPlan, GcpServiceAccountPlan } from "./plan";
import { GCP_VARIABLE_KEYS } from "./variables";

/** What the identities are, for the component's outputs and the trust check's triggers. */
export interface GcpIdentityParts {
    /** In the order of the plan's service accounts (run; or plan, apply). */
    readonly emails: pulumi.Output<string>[];
    readonly accounts: gcp.serviceaccount.Account[];
    /** Every workloadIdentityUser member, service account by service account. */
    readonly members: pulumi.Output<string>[];
    /** The email variables, each waiting for its account's bindings and roles. */
    readonly variables: CloudVariable[];
}

/** `text`, cut to `max` characters. */
function clip(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The resource name part of a role: `roles/viewer` -> `viewer`; an output by its place. */
function roleNamePart(role: pulumi.Input<string>, i: number): string {
    return typeof role === "string" ? role.replace(/^roles\//, "").replace(/\//g, "-") : `${i + 1}`;
}

/** Who the bindings admit: each workspace by id, or the project by id, with the resource name suffix of each. */
function targets(plan: GcpPlan, refs: WorkspaceRefs): { suffix: string; id: pulumi.Output<string> }[] {
    if (plan.core.mode === "project") return [{ suffix: "", id: refs.project!.projectId }];
    return refs.workspaces.map((w, i) => ({ suffix: plan.core.mode === "list" ? `-${plan.core.workspaces[i]}` : "", id: w.workspaceId }));
}

/**
 * The service account(s), their bindings and roles. Everything waits for the workspace look-ups
 * (`refs.lookups`): no GCP object is made for a workspace that does not exist. `poolName` is the
 * pool whose principal sets the bindings name.
 */
export function buildIdentities(component: pulumi.ComponentResource, plan: GcpPlan, refs: WorkspaceRefs, poolName: pulumi.Output<string>, prefix: string): GcpIdentityParts {
    const name = plan.core.name;
    const opts = { parent: component, dependsOn: [...refs.lookups] };
    const who = targets(plan, refs);
    const parts: GcpIdentityParts = { emails: [], accounts: [], members: [], variables: [] };
    plan.serviceAccounts.forEach((sa: GcpServiceAccountPlan, k) => {
        const label = sa.identity === "run" ? `${name}-sa` : `${name}-${sa.identity}-sa`;
        let email: pulumi.Output<string>;
        let accountName: pulumi.Output<string>;
        let accountMember: pulumi.Output<string>;
        if (sa.accountId !== undefined) {
            const phase = sa.identity === "run" ? "" : `${sa.identity} `;
            const account = new gcp.serviceaccount.Account(
                label,
                {
                    project: plan.gcpProject,
                    accountId: sa.accountId,
                    displayName: clip(`HCP Terraform ${phase}runs (${name})`, 100),
                    description: clip(`HCP Terraform ${phase}runs of ${plan.core.organization} ${describeWorkspaces(plan.core)} (GcpWorkspaceFederation ${name})`, 256),
                },
                opts,
            );
            parts.accounts.push(account);
            [email, accountName, accountMember] = [account.email, account.name, account.member];
        } else {
            email = checkedInput(prefix, "existingServiceAccountEmail", plan.existingServiceAccountEmail!, validateServiceAccountEmail);
            accountName = email.apply((e) => `projects/${projectOfServiceAccountEmail(e) ?? plan.gcpProject}/serviceAccounts/${e}`);
            accountMember = email.apply((e) => `serviceAccount:${e}`);
        }
        const waitFor: pulumi.Resource[] = [];
        for (const target of who) {
            const member = pulumi.all([poolName, target.id]).apply(([pool, id]) => {
                const scope = plan.core.mode === "project" ? { projectId: id } : { workspaceIds: [id] };
                return gcpWorkloadIdentityUserBindings({ poolName: pool, ...scope, splitPhases: plan.core.splitPhases })[k].members[0];
            });
            parts.members.push(member);
            waitFor.push(
                new gcp.serviceaccount.IAMMember(
                    `${label}-workload-identity-user${target.suffix}`,
                    { serviceAccountId: accountName, role: GCP_WORKLOAD_IDENTITY_USER_ROLE, member },
                    opts,
                ),
            );
        }
        const argument = sa.identity === "plan" ? "planProjectRoles" : "projectRoles";
        sa.roles.forEach((role, i) => {
            waitFor.push(
                new gcp.projects.IAMMember(
                    `${label}-role-${roleNamePart(role, i)}`,
                    { project: plan.gcpProject, role: checkedInput(prefix, argument, role, validateGcpRole), member: accountMember },
                    opts,
                ),
            );
        });
        parts.emails.push(email);
        parts.variables.push({ suffix: `${sa.identity}-service-account-email`, key: GCP_VARIABLE_KEYS[sa.identity], value: email, dependsOn: waitFor });
    });
    return parts;
}
