// The HCP Terraform half of a federation, for any cloud: the workspace look-ups (or creations)
// that everything else waits for, and the writing of the cloud's variables (workspace variables
// for one workspace; a variable set for a list or a project), the static credentials removed last.
import * as pulumi from "@pulumi/pulumi";
import {
    Project,
    ProjectVariableSet,
    VariableSet,
    VariableSetVariable,
    VariableSetWorkspaces,
    Workspace,
    WorkspaceVariableGroup,
    WorkspaceVariableRemoval,
} from "../resources";
import { markedDescription } from "../resources/ownership";
import { type CorePlan, describeWorkspaces } from "./plan";
import { type FederationVariable, variableDescription } from "./variables";

/** The workspaces of a federation, as resources. */
export interface WorkspaceRefs {
    /** One per declared workspace, in order (none with projectScope). */
    readonly workspaces: readonly Workspace[];
    /** With projectScope: the project look-up. */
    readonly project?: Project;
    /** What the cloud's trust objects wait for: no cloud object is made for a workspace that does not exist. */
    readonly lookups: readonly pulumi.Resource[];
}

/** What the variables' writing made. */
export interface VariableRefs {
    /** Everything that must be in place before the trust is used (the variables and attachments). */
    readonly written: readonly pulumi.Resource[];
    /** The workspace ids (single and list). */
    readonly workspaceIds: readonly pulumi.Output<string>[];
    /** With a variable set. */
    readonly variableSetId?: pulumi.Output<string>;
}

/** The `hostname` / `allowInsecureHttp` inputs every HCP resource of the plan gets. */
export function hcpSite(plan: CorePlan): { hostname?: string; allowInsecureHttp?: boolean } {
    return {
        ...(plan.hcpHostname !== undefined ? { hostname: plan.hcpHostname } : {}),
        ...(plan.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
    };
}

/**
 * The look-ups (or creations) of the workspaces, or of the project. A workspace the federation
 * created is kept when the federation is deleted unless deleteWorkspaceOnDestroy: the engine then
 * does not even ask (retainOnDelete), and the provider would refuse anyway.
 */
export function buildWorkspaces(parent: pulumi.ComponentResource, plan: CorePlan): WorkspaceRefs {
    if (plan.mode === "project") {
        const project = new Project(`${plan.name}-project`, { organization: plan.organization, name: plan.project!, ...hcpSite(plan) }, { parent });
        return { workspaces: [], project, lookups: [project] };
    }
    const workspaces = plan.workspaces.map(
        (ws) =>
            new Workspace(
                plan.mode === "list" ? `${plan.name}-workspace-${ws}` : `${plan.name}-workspace`,
                {
                    organization: plan.organization,
                    name: ws,
                    createIfMissing: plan.createWorkspace,
                    createArgument: "createWorkspace",
                    // The project's name is read only when the trust needs it or a pinned project is checked.
                    lookupProjectName: plan.spec.needsProjectName === true || plan.project !== undefined,
                    ...(plan.project !== undefined ? { expectedProjectName: plan.project } : {}),
                    ...(plan.deleteWorkspaceOnDestroy ? { deleteOnDestroy: true } : {}),
                    ...(plan.projectId !== undefined ? { projectId: plan.projectId } : {}),
                    ...hcpSite(plan),
                },
                { parent, retainOnDelete: !plan.deleteWorkspaceOnDestroy },
            ),
    );
    return { workspaces, lookups: workspaces };
}

/**
 * Writes the variables: every variable waits for what it declares (its identity's permissions),
 * and PROVIDER_AUTH (the last one) for everything before it and for `after`. The static
 * credentials go only once the OIDC variables (and, with a list, the attachments) are in place.
 */
export function writeVariables(
    parent: pulumi.ComponentResource,
    plan: CorePlan,
    refs: WorkspaceRefs,
    variables: readonly FederationVariable[],
    after: readonly pulumi.Resource[],
): VariableRefs {
    const description = variableDescription(plan);
    const staticKeys = plan.removeStaticCredentials ? [...plan.spec.staticCredentialKeys] : undefined;
    if (plan.mode === "single") {
        // Named by name, after the look-up: turning createWorkspace, projectId or project on or off
        // then leaves the group as it is. The static keys go from the same variable list.
        const group = new WorkspaceVariableGroup(
            `${plan.name}-variables`,
            {
                organization: plan.organization,
                workspaceName: plan.workspaces[0],
                variables: variables.map((v) => ({ key: v.key, value: v.value, category: "env" as const, description })),
                adoptExisting: true,
                ...(staticKeys ? { removeKeys: staticKeys } : {}),
                ...hcpSite(plan),
            },
            { parent, dependsOn: [...refs.lookups, ...variables.flatMap((v) => v.dependsOn ?? []), ...after] },
        );
        return { written: [group], workspaceIds: [group.workspaceId] };
    }
    const set = new VariableSet(
        `${plan.name}-varset`,
        {
            organization: plan.organization,
            name: plan.variableSetName!,
            adoptArgument: "adoptExistingVariableSet",
            // An adopted set keeps its own description and scope.
            attached: true,
            ...(plan.adoptExistingVariableSet
                ? { adoptExisting: true }
                : {
                      description: markedDescription(`${plan.spec.label} dynamic credentials for ${plan.organization} ${describeWorkspaces(plan)}`, plan.owner),
                      global: false,
                  }),
            ...hcpSite(plan),
        },
        { parent, dependsOn: [...refs.lookups] },
    );
    const common = { variableSetId: set.variableSetId, category: "env" as const, sensitive: false, adoptExisting: true, description, ...hcpSite(plan) };
    const written: pulumi.Resource[] = [];
    for (const v of variables) {
        const last = v === variables[variables.length - 1];
        const dependsOn = [...(v.dependsOn ?? []), ...(last ? [...written, ...variables.flatMap((x) => x.dependsOn ?? []), ...after] : [])];
        written.push(new VariableSetVariable(`${plan.name}-varset-${v.suffix}`, { ...common, key: v.key, value: v.value }, { parent, dependsOn }));
    }
    if (plan.mode === "project") {
        const attachment = new ProjectVariableSet(
            `${plan.name}-varset-project`,
            { variableSetId: set.variableSetId, projectId: refs.project!.projectId, ...hcpSite(plan) },
            { parent, dependsOn: written },
        );
        return { written: [...written, attachment], workspaceIds: [], variableSetId: set.variableSetId };
    }
    const attachments = new VariableSetWorkspaces(
        `${plan.name}-varset-attachments`,
        {
            variableSetId: set.variableSetId,
            workspaceIds: refs.workspaces.map((w) => w.workspaceId),
            shadowKeys: variables.map((v) => v.key),
            ...(plan.removeShadowingVariables ? { removeShadowing: true } : {}),
            ...hcpSite(plan),
        },
        { parent, dependsOn: written },
    );
    const workspaceIds = refs.workspaces.map((w) => w.workspaceId);
    if (staticKeys) {
        workspaceIds.forEach(
            (workspaceId, i) =>
                new WorkspaceVariableRemoval(
                    `${plan.name}-remove-static-${plan.spec.cloud}-credentials-${plan.workspaces[i]}`,
                    { workspaceId, keys: staticKeys, category: "env", ...hcpSite(plan) },
                    { parent, dependsOn: [...written, attachments] },
                ),
        );
    }
    return { written: [...written, attachments], workspaceIds, variableSetId: set.variableSetId };
}
