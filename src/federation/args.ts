// The arguments every federation component takes, whatever the cloud: which workspaces, where,
// how the cloud's variables are written, what is removed and checked.
import type * as pulumi from "@pulumi/pulumi";
import type { ArgKind } from "../resources/args";

/**
 * Arguments of every federation component (WorkspaceOidcFederation, AzureWorkspaceFederation,
 * GcpWorkspaceFederation, VaultWorkspaceFederation).
 *
 * Names placed in a trust (organization, workspaces, project, hostname, audience, tag) and flags
 * that decide which children exist are plain values: they are validated before any child exists.
 */
export interface FederationArgs {
    /** HCP Terraform organization, with the casing HCP Terraform stores (checked). Default: the TFE_ORGANIZATION environment variable. */
    readonly organization?: string;
    /** The one workspace whose runs get credentials. Give exactly one of `workspace`, `workspaces` and `projectScope`. */
    readonly workspace?: string;
    /**
     * Several workspaces sharing ONE identity, through one variable set attached to each of them.
     * For one identity per workspace, make one federation per workspace in a loop instead.
     */
    readonly workspaces?: readonly string[];
    /**
     * Trust every workspace of `project`, current and future, through one variable set attached
     * to the project: a constant cost whatever the number of workspaces, and the widest trust
     * (any workspace created in the project later is trusted too). Needs `project`. Default false.
     */
    readonly projectScope?: boolean;
    /** Project name pinned in the trust (e.g. "Default Project"); with `projectScope`, the project trusted. Checked against each workspace's real project. Default: any project. */
    readonly project?: string;
    /** Project (`prj-…`) to create missing workspaces in (with `createWorkspace`); an existing workspace must already be in it. */
    readonly projectId?: pulumi.Input<string>;
    /** HCP Terraform or Terraform Enterprise host. Default: TFE_HOSTNAME / TFE_ADDRESS, else "app.terraform.io". */
    readonly hostname?: string;
    /** Accept an http:// hostname that is not a loopback address (lab installs only: the token travels unencrypted). Default false. */
    readonly allowInsecureHttp?: boolean;
    /** Workload identity audience. Default: the cloud's (`aws.workload.identity`, …); another one also sets `TFC_<CLOUD>_WORKLOAD_IDENTITY_AUDIENCE`. */
    readonly audience?: string;
    /** Separate plan and apply identities, each trusting only its run phase. Default false. */
    readonly splitPhases?: boolean;
    /** Create a workspace that does not exist instead of failing. Default false. */
    readonly createWorkspace?: boolean;
    /** With `createWorkspace`: safe-delete a workspace this federation created when the federation is destroyed. Default false: workspaces hold state and history, so they are kept. */
    readonly deleteWorkspaceOnDestroy?: boolean;
    /** Multiple configurations: every `TFC_*` key gets the `_<TAG>` suffix (letters, digits, `_`; `TYPE` is reserved). Default: none. */
    readonly tag?: string;
    /** Delete the cloud's static credential variables from each workspace once the OIDC variables are in place. Default false. */
    readonly removeStaticCredentials?: boolean;
    /** Prove the trust with a plan-only check run in each workspace after every variable is in place (the plan phase only). Default false. */
    readonly verifyTrust?: boolean;
    /** Name of the variable set (with `workspaces` or `projectScope`). Default `<name>-<cloud>-oidc (<project>/<stack>)`, unique per stack. */
    readonly variableSetName?: string;
    /** Take over an existing variable set named `variableSetName` instead of failing (it is then kept, and what it holds besides the declared variables left alone). Default false. */
    readonly adoptExistingVariableSet?: boolean;
    /** With `workspaces`: delete workspace variables that would shadow the set's (workspace variables win over variable sets) after it is attached, instead of failing. Default false. */
    readonly removeShadowingVariables?: boolean;
}

/** The runtime kind of every core argument (checked for JavaScript callers and config values). */
export const FEDERATION_ARG_KINDS: Readonly<Record<keyof FederationArgs, ArgKind>> = {
    organization: "string",
    workspace: "string",
    workspaces: "string[]",
    projectScope: "boolean",
    project: "string",
    projectId: "string",
    hostname: "string",
    allowInsecureHttp: "boolean",
    audience: "string",
    splitPhases: "boolean",
    createWorkspace: "boolean",
    deleteWorkspaceOnDestroy: "boolean",
    tag: "string",
    removeStaticCredentials: "boolean",
    verifyTrust: "boolean",
    variableSetName: "string",
    adoptExistingVariableSet: "boolean",
    removeShadowingVariables: "boolean",
};
