// The cloud-neutral half of a federation's plan: which workspaces, on which site, with which
// names, validated before anything exists. Pure: the environment and the program's identity are
// parameters.
import type * as pulumi from "@pulumi/pulumi";
import { type Site, parseSite, resolveSite, siteUrl } from "../hcp/connection";
import {
    validateAudience,
    validateHostname,
    validateOrganizationName,
    validateProjectName,
    validateTag,
    validateWorkspaceName,
} from "../policies/names";
import type { Owner } from "../resources/ownership";
import type { FederationArgs } from "./args";
import type { CloudVariableKeys } from "../clouds/variableKeys";

/** What a cloud tells the core about itself. */
export interface CloudSpec {
    readonly cloud: "aws" | "azure" | "gcp" | "vault";
    /** "AWS", "Azure", "GCP", "Vault": in descriptions and messages. */
    readonly label: string;
    /** The component's class name, "WorkspaceOidcFederation": in messages and ownership marks. */
    readonly component: string;
    /** What one trusted identity is called in messages: "role", "application", "service account". */
    readonly identityNoun: string;
    readonly keys: CloudVariableKeys;
    readonly defaultAudience: string;
    /** The static credential variables `removeStaticCredentials` deletes. */
    readonly staticCredentialKeys: readonly string[];
    /** The trust names each workspace's real project (Azure's exact subjects): the workspaces' project names are read. */
    readonly needsProjectName?: boolean;
}

/** The program a federation is declared in: for its ownership mark and its default names. */
export interface ProgramIdentity {
    readonly project: string;
    readonly stack: string;
}

export type FederationMode = "single" | "list" | "project";

/** Everything the core builds from, validated. */
export interface CorePlan {
    readonly spec: CloudSpec;
    readonly name: string;
    readonly owner: Owner;
    readonly organization: string;
    readonly mode: FederationMode;
    /** The declared workspaces ([] with projectScope). */
    readonly workspaces: readonly string[];
    /** The pinned project (or, with projectScope, the project trusted). */
    readonly project?: string;
    readonly projectId?: pulumi.Input<string>;
    readonly site: Site;
    /** "https://app.terraform.io": the issuer of the run tokens. */
    readonly siteUrl: string;
    /** The `hostname` input of the HCP resources (undefined: app.terraform.io, nothing to say). */
    readonly hcpHostname?: string;
    readonly allowInsecureHttp: boolean;
    readonly audience: string;
    readonly splitPhases: boolean;
    readonly tag?: string;
    readonly createWorkspace: boolean;
    readonly deleteWorkspaceOnDestroy: boolean;
    readonly removeStaticCredentials: boolean;
    readonly verifyTrust: boolean;
    /** With workspaces or projectScope. */
    readonly variableSetName?: string;
    readonly adoptExistingVariableSet: boolean;
    readonly removeShadowingVariables: boolean;
}

/** Runs a validator, naming the argument in its error when the validator's own label does not. */
export function asArgument<T>(argument: string, validate: () => T): T {
    try {
        return validate();
    } catch (err) {
        throw new Error(`${argument}: ${(err as Error).message}`);
    }
}

/** Which workspaces: one, a list, or every workspace of a project. */
function planWorkspaces(spec: CloudSpec, args: FederationArgs): { mode: FederationMode; workspaces: string[] } {
    const given = [args.workspace !== undefined, args.workspaces !== undefined, args.projectScope === true].filter(Boolean).length;
    if (args.workspace !== undefined && args.workspaces !== undefined) {
        throw new Error(
            `give either workspace or workspaces, not both. Fix: use workspace for one workspace, or workspaces for one ${spec.identityNoun} shared by several.`,
        );
    }
    if (given > 1) {
        throw new Error(
            `projectScope trusts every workspace of the project, so workspace and workspaces cannot be given with it. ` +
                `Fix: remove ${args.workspace !== undefined ? "workspace" : "workspaces"}, or projectScope.`,
        );
    }
    if (given === 0) {
        throw new Error(
            `give workspace (one workspace), workspaces (a list) or projectScope: true with project (every workspace of a project). Fix: set exactly one of them.`,
        );
    }
    if (args.projectScope === true) {
        if (args.project === undefined) {
            throw new Error(`projectScope needs project, the name of the project whose workspaces are trusted (e.g. "Default Project"). Fix: set project.`);
        }
        return { mode: "project", workspaces: [] };
    }
    if (args.workspaces !== undefined) {
        const workspaces = [...args.workspaces];
        if (workspaces.length === 0) {
            throw new Error(`workspaces is empty. Fix: give at least one workspace name, or use workspace.`);
        }
        workspaces.forEach((w) => asArgument("workspaces", () => validateWorkspaceName(w)));
        const dup = workspaces.find((w, i) => workspaces.indexOf(w) !== i);
        if (dup !== undefined) {
            throw new Error(`workspaces lists ${JSON.stringify(dup)} twice. Fix: give each workspace once.`);
        }
        return { mode: "list", workspaces };
    }
    validateWorkspaceName(args.workspace);
    return { mode: "single", workspaces: [args.workspace as string] };
}

/** The site (explicit hostname, else the environment's) and the hostname input the HCP resources get. */
function planSite(args: FederationArgs, env: NodeJS.ProcessEnv): { site: Site; hcpHostname?: string } {
    let site: Site;
    try {
        site = args.hostname !== undefined ? parseSite(args.hostname, "the hostname setting", args) : resolveSite(undefined, env, args);
    } catch (err) {
        throw new Error(`hostname: ${(err as Error).message}. Fix the hostname (e.g. "app.terraform.io" or "tfe.example.com").`);
    }
    validateHostname(site.host);
    const url = siteUrl(site);
    // The environment's site is named when it is not the default (each resource also records the
    // site it was made on): a bare host for https, the URL for http (as 0.2 did).
    const fromEnv = url === "https://app.terraform.io" ? undefined : site.scheme === "http" ? url : site.host;
    return { site, hcpHostname: args.hostname ?? fromEnv };
}

/** Validates the core arguments and resolves names and defaults. Throws on the first problem. */
export function planCore(spec: CloudSpec, name: string, args: FederationArgs, env: NodeJS.ProcessEnv, program: ProgramIdentity): CorePlan {
    const { mode, workspaces } = planWorkspaces(spec, args);
    const organization = args.organization ?? (env.TFE_ORGANIZATION?.trim() || undefined);
    if (organization === undefined) {
        throw new Error(`organization is required: give organization, or set the TFE_ORGANIZATION environment variable.`);
    }
    validateOrganizationName(organization);
    if (args.project !== undefined) validateProjectName(args.project);
    const { site, hcpHostname } = planSite(args, env);
    const audience = validateAudience(args.audience ?? spec.defaultAudience);
    if (args.tag !== undefined) validateTag(args.tag);
    if (args.deleteWorkspaceOnDestroy === true && args.createWorkspace !== true) {
        throw new Error(
            `deleteWorkspaceOnDestroy deletes a workspace this federation created, so it needs createWorkspace: true. ` +
                `Fix: set createWorkspace: true, or remove deleteWorkspaceOnDestroy.`,
        );
    }
    if (mode === "project" && (args.createWorkspace === true || args.projectId !== undefined)) {
        throw new Error(`projectScope trusts the workspaces a project already has or will have: createWorkspace and projectId do not apply. Fix: remove them.`);
    }
    if (mode === "project" && args.removeStaticCredentials === true) {
        throw new Error(
            `removeStaticCredentials deletes variables from each declared workspace, and projectScope declares none (its workspaces change over time). ` +
                `Fix: remove it, or federate the workspaces by name (workspace or workspaces).`,
        );
    }
    if (mode === "project" && args.verifyTrust === true) {
        throw new Error(
            `verifyTrust runs a check in each declared workspace, and projectScope declares none. Fix: remove verifyTrust, and check a workspace ` +
                `of the project with the CLI's verify command (or a WorkspaceTrustCheck resource).`,
        );
    }
    const shared = mode !== "single";
    if (!shared && args.variableSetName !== undefined) {
        throw new Error(
            `variableSetName is for workspaces (a list), whose variables live in a variable set; a single workspace gets workspace variables. ` +
                `Fix: remove variableSetName, or use workspaces.`,
        );
    }
    if (args.adoptExistingVariableSet === true && args.variableSetName === undefined) {
        throw new Error(
            `adoptExistingVariableSet takes over the variable set you name: give variableSetName too (the default name is this stack's own). ` +
                `Fix: set variableSetName, or remove adoptExistingVariableSet.`,
        );
    }
    if (args.removeShadowingVariables === true && mode !== "list") {
        throw new Error(`removeShadowingVariables is for workspaces (a list). Fix: remove it.`);
    }
    const variableSetName = shared ? (args.variableSetName ?? `${name}-${spec.cloud}-oidc (${program.project}/${program.stack})`) : undefined;
    if (variableSetName !== undefined && variableSetName.trim() === "") {
        throw new Error(`variableSetName is empty. Fix: give a name, or omit it for "${name}-${spec.cloud}-oidc (${program.project}/${program.stack})".`);
    }
    return {
        spec,
        name,
        owner: { stack: `${program.project}/${program.stack}`, kind: spec.component, name },
        organization,
        mode,
        workspaces,
        project: args.project,
        projectId: args.projectId,
        site,
        siteUrl: siteUrl(site),
        hcpHostname,
        allowInsecureHttp: args.allowInsecureHttp === true,
        audience,
        splitPhases: args.splitPhases === true,
        tag: args.tag,
        createWorkspace: args.createWorkspace === true,
        deleteWorkspaceOnDestroy: args.deleteWorkspaceOnDestroy === true,
        removeStaticCredentials: args.removeStaticCredentials === true,
        verifyTrust: args.verifyTrust === true,
        variableSetName,
        adoptExistingVariableSet: args.adoptExistingVariableSet === true,
        removeShadowingVariables: args.removeShadowingVariables === true,
    };
}

/** "workspace a" / "workspaces a, b" / "workspaces of project P" (or "N workspaces" when long): it follows the organization's name. */
export function describeWorkspaces(plan: Pick<CorePlan, "mode" | "workspaces" | "project">): string {
    if (plan.mode === "project") return `workspaces of project ${plan.project}`;
    if (plan.workspaces.length === 1) return `workspace ${plan.workspaces[0]}`;
    const list = `workspaces ${plan.workspaces.join(", ")}`;
    return list.length <= 400 ? list : `${plan.workspaces.length} workspaces`;
}
