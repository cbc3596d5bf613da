/**
 * Entra ID federated identity credentials for HCP Terraform run tokens (multicloud.md §2).
 *
 * Entra compares `iss`, `sub` and `aud` EXACTLY and case-sensitively, with no wildcard, so each
 * workspace needs one credential per run phase, and the subject must carry the workspace's real
 * project name (`Default Project` when projects are not used). The only wider trust is a FLEXIBLE
 * credential (`claims['sub'] matches '…'`), which Entra accepts from app.terraform.io and
 * app.eu.terraform.io only: that is the project-wide federation here. Every name is validated
 * first; none may contain `*`, `?`, `:` or `'`, so a pattern cannot reach into another segment.
 *
 * The builders return the argument objects of `azuread.ApplicationFederatedIdentityCredential` and
 * `azuread.ApplicationFlexibleFederatedIdentityCredential` without `applicationId`, grouped by
 * application: one ("run") or, with `splitPhases`, two ("plan" and "apply").
 */
import { runSubject } from "../../policies/awsTrustPolicy";
import { PolicyInputError, validateAudience, validateOrganizationName, validateProjectName, validateRunPhase, validateWorkspaceName, type RunPhase } from "../../policies/names";
import { issuerUrl } from "../issuer";
import { phaseIdentities, runPhasesOf, type PhaseIdentity } from "../variableKeys";
import { AZURE_CREDENTIAL_NAME_LENGTH, checkFederatedCredentialLimit, validateFlexibleCredentialHostname } from "./names";
import { AZURE_DEFAULT_AUDIENCE } from "./variables";

/** One workspace and the name of the project it is in (exact, e.g. "Default Project"). */
export interface AzureWorkspace {
    /** Workspace name (letters, digits, "-", "_"). */
    readonly name: string;
    /** The workspace's project name, exactly as HCP Terraform has it. */
    readonly project: string;
}

/** Arguments of {@link azureFederatedCredentials}. */
export interface AzureFederatedCredentialsArgs {
    /** HCP Terraform organization name, with the casing the API returns. */
    readonly organization: string;
    /** Project name of every workspace given as a plain name. Required unless each workspace names its project. */
    readonly project?: string;
    /** One workspace or several: names (in `project`) or `{ name, project }`. */
    readonly workspaces: string | readonly (string | AzureWorkspace)[];
    /** HCP Terraform / Terraform Enterprise host; default app.terraform.io. */
    readonly hostname?: string;
    /** Token audience; default "api://AzureADTokenExchange". */
    readonly audience?: string;
    /** One application per run phase (plan, apply) instead of one for both. Default false. */
    readonly splitPhases?: boolean;
}

/** The arguments of one `azuread.ApplicationFederatedIdentityCredential`, without `applicationId`. */
export interface AzureFederatedCredential {
    /** `tfc-<workspace>-<plan|apply>`: unique on the application, stable for a workspace and phase. */
    readonly displayName: string;
    /** `[audience]`: Entra allows exactly one. */
    readonly audiences: string[];
    /** `https://<host>`. */
    readonly issuer: string;
    /** `organization:<ORG>:project:<PROJECT>:workspace:<WS>:run_phase:<plan|apply>`. */
    readonly subject: string;
}

/** The federated credentials of one application, and which identity variable it serves. */
export interface AzureApplicationTrust {
    /** "run" (both phases), or "plan" / "apply" with `splitPhases`. */
    readonly identity: PhaseIdentity;
    readonly federatedCredentials: AzureFederatedCredential[];
}

/** Arguments of {@link azureFlexibleFederatedCredentials}: every workspace of one project. */
export interface AzureProjectFederationArgs {
    /** HCP Terraform organization name, with the casing the API returns. */
    readonly organization: string;
    /** The project name, exactly as HCP Terraform has it. */
    readonly project: string;
    /** app.terraform.io (default) or app.eu.terraform.io: Entra accepts no other host here. */
    readonly hostname?: string;
    /** Token audience; default "api://AzureADTokenExchange". */
    readonly audience?: string;
    /** One application per run phase. Default false. */
    readonly splitPhases?: boolean;
}

/** The arguments of one `azuread.ApplicationFlexibleFederatedIdentityCredential`, without `applicationId`. */
export interface AzureFlexibleFederatedCredential {
    /** `tfc-project-<project, spaces as "_">-<run|plan|apply>`. */
    readonly displayName: string;
    /** The one audience (this class takes a string, not a list). */
    readonly audience: string;
    /** `https://app.terraform.io` or `https://app.eu.terraform.io`. */
    readonly issuer: string;
    /** `claims['sub'] matches 'organization:<ORG>:project:<PROJECT>:workspace:*:run_phase:<*|phase>'`. */
    readonly claimsMatchingExpression: string;
}

/** The flexible credential of one application, and which identity variable it serves. */
export interface AzureFlexibleApplicationTrust {
    /** "run" (both phases), or "plan" / "apply" with `splitPhases`. */
    readonly identity: PhaseIdentity;
    readonly flexibleFederatedCredential: AzureFlexibleFederatedCredential;
}

/** The credential name of a workspace and phase: `tfc-<workspace>-<phase>` (3 to 120 characters, checked). */
export function azureCredentialDisplayName(workspace: string, phase: "plan" | "apply"): string {
    validateWorkspaceName(workspace);
    const name = `tfc-${workspace}-${phase}`;
    if (name.length > AZURE_CREDENTIAL_NAME_LENGTH.max) {
        throw new PolicyInputError(
            "workspace",
            workspace,
            `workspace ${JSON.stringify(workspace)}: its federated credential name ${JSON.stringify(name)} would be ${name.length} characters, ` +
                `and Entra allows at most ${AZURE_CREDENTIAL_NAME_LENGTH.max}. Fix the name (HCP Terraform workspace names have at most 90 characters).`,
        );
    }
    return name;
}

/** Validated, de-duplicated `{ name, project }` list; a workspace listed with two projects is refused. */
function azureWorkspaces(workspaces: AzureFederatedCredentialsArgs["workspaces"], project: string | undefined): AzureWorkspace[] {
    const list: readonly unknown[] = typeof workspaces === "string" ? [workspaces] : Array.isArray(workspaces) ? workspaces : [workspaces];
    if (list.length === 0) throw new PolicyInputError("workspaces", workspaces, "workspaces []: give at least one workspace name. Fix the workspace list.");
    const byName = new Map<string, AzureWorkspace>();
    for (const entry of list) {
        const isObject = typeof entry === "object" && entry !== null && !Array.isArray(entry);
        const name = validateWorkspaceName(isObject ? (entry as AzureWorkspace).name : entry);
        const own = isObject ? (entry as AzureWorkspace).project : undefined;
        if (own === undefined && project === undefined) {
            throw new PolicyInputError(
                "project",
                undefined,
                `project: Entra matches the subject exactly, so workspace ${JSON.stringify(name)} needs the name of its project. ` +
                    `Fix the arguments: give project (e.g. "Default Project") or { name, project } for the workspace.`,
            );
        }
        const ws: AzureWorkspace = { name, project: validateProjectName(own ?? project) };
        const seen = byName.get(name);
        if (seen !== undefined && seen.project !== ws.project) {
            throw new PolicyInputError(
                "workspaces",
                name,
                `workspaces: workspace ${JSON.stringify(name)} is listed in two projects (${JSON.stringify(seen.project)} and ${JSON.stringify(ws.project)}). Fix the workspace list.`,
            );
        }
        if (seen === undefined) byName.set(name, ws);
    }
    return [...byName.values()];
}

/**
 * The federated credentials of the workspaces' run tokens: per application (one, or plan and apply
 * with `splitPhases`), one credential per workspace and phase, in workspace order, plan before apply.
 * Throws if an application would exceed Entra's 20 credentials.
 */
export function azureFederatedCredentials(args: AzureFederatedCredentialsArgs): AzureApplicationTrust[] {
    const organization = validateOrganizationName(args.organization);
    const workspaces = azureWorkspaces(args.workspaces, args.project);
    const issuer = issuerUrl(args.hostname);
    const audience = validateAudience(args.audience ?? AZURE_DEFAULT_AUDIENCE);
    const split = args.splitPhases === true;
    checkFederatedCredentialLimit(workspaces.length, split);
    return phaseIdentities(split).map((identity) => ({
        identity,
        federatedCredentials: workspaces.flatMap((ws) =>
            runPhasesOf(identity).map((phase) => ({
                displayName: azureCredentialDisplayName(ws.name, phase),
                audiences: [audience],
                issuer,
                subject: runSubject(organization, ws.project, ws.name, phase),
            })),
        ),
    }));
}

/** `claims['sub'] matches 'organization:<ORG>:project:<PROJECT>:workspace:*:run_phase:<runPhase>'` (validated names). */
export function azureProjectSubjectExpression(organization: string, project: string, runPhase: RunPhase): string {
    validateOrganizationName(organization);
    validateProjectName(project);
    validateRunPhase(runPhase);
    return `claims['sub'] matches 'organization:${organization}:project:${project}:workspace:*:run_phase:${runPhase}'`;
}

/** The flexible credential name of a project and identity: `tfc-project-<project, spaces as "_">-<identity>`. */
export function azureFlexibleCredentialDisplayName(project: string, identity: PhaseIdentity): string {
    validateProjectName(project);
    return `tfc-project-${project.replace(/ /g, "_")}-${identity}`;
}

/**
 * Project-wide federation: per application (one, or plan and apply with `splitPhases`) ONE flexible
 * credential admitting every workspace of the project (in its phase). Only for app.terraform.io and
 * app.eu.terraform.io (Entra's rule); any other host is refused with the alternative.
 */
export function azureFlexibleFederatedCredentials(args: AzureProjectFederationArgs): AzureFlexibleApplicationTrust[] {
    const organization = validateOrganizationName(args.organization);
    const project = validateProjectName(args.project);
    const host = validateFlexibleCredentialHostname(args.hostname);
    const audience = validateAudience(args.audience ?? AZURE_DEFAULT_AUDIENCE);
    return phaseIdentities(args.splitPhases).map((identity) => ({
        identity,
        flexibleFederatedCredential: {
            displayName: azureFlexibleCredentialDisplayName(project, identity),
            audience,
            issuer: issuerUrl(host),
            claimsMatchingExpression: azureProjectSubjectExpression(organization, project, identity === "run" ? "*" : identity),
        },
    }));
}
