/**
 * Who may impersonate a federation's service account(s): the `roles/iam.workloadIdentityUser`
 * members, as principal sets over the attributes the provider maps (trust.ts). Workspaces are
 * bound by WORKSPACE ID, a project by PROJECT ID; with `splitPhases`, the plan and apply service
 * accounts each admit only their phase through the composite `<id>:<phase>` attributes.
 * The whole pool (`…/*`) is never bound.
 */
import { PolicyInputError } from "../../policies/names";
import { validateProjectId, validateWorkspaceId } from "../../policies/hcpIds";
import { phaseIdentities, type PhaseIdentity } from "../variableKeys";
import { parseWorkloadIdentityPoolName } from "./names";
import { GCP_ATTRIBUTES } from "./trust";

/** The role that lets a federated principal impersonate a service account. */
export const GCP_WORKLOAD_IDENTITY_USER_ROLE = "roles/iam.workloadIdentityUser";

/** A principal set by one mapped attribute: `principalSet://iam.googleapis.com/<pool>/attribute.<attribute>/<value>`. */
export interface GcpPrincipal {
    /** Attribute name without `attribute.` (one of {@link GCP_ATTRIBUTES}). */
    readonly attribute: string;
    /** The value the attribute must have, e.g. `ws-…` or `ws-…:plan`. */
    readonly value: string;
}

/** Arguments of {@link gcpWorkloadIdentityPrincipals}: exactly one of `workspaceIds` and `projectId`. */
export interface GcpPrincipalsArgs {
    /** Workspace ids (`ws-…`) whose runs may impersonate. */
    readonly workspaceIds?: string | readonly string[];
    /** Project-wide: every workspace of this project (`prj-…`). */
    readonly projectId?: string;
    /** One service account per run phase (plan, apply) instead of one for both. Default false. */
    readonly splitPhases?: boolean;
}

/** The principals one service account admits, and which identity variable it serves. */
export interface GcpServiceAccountPrincipals {
    /** "run" (both phases), or "plan" / "apply" with `splitPhases`. */
    readonly identity: PhaseIdentity;
    readonly principals: GcpPrincipal[];
}

function workspaceIdList(ids: string | readonly string[]): string[] {
    const list: readonly unknown[] = typeof ids === "string" ? [ids] : Array.isArray(ids) ? ids : [ids];
    if (list.length === 0) throw new PolicyInputError("workspaceIds", ids, "workspaceIds []: give at least one workspace id. Fix the workspace id list.");
    return [...new Set(list.map((id) => validateWorkspaceId(id)))];
}

/**
 * The principals per service account (one, or plan and apply): workspace ids (or the project id),
 * or with `splitPhases` the composite `<id>:<phase>` values. Needs no pool name, so a component can
 * build members from the pool's `name` output with {@link gcpPrincipalSetMember}.
 */
export function gcpWorkloadIdentityPrincipals(args: GcpPrincipalsArgs): GcpServiceAccountPrincipals[] {
    if ((args.workspaceIds === undefined) === (args.projectId === undefined)) {
        throw new PolicyInputError(
            "workspaceIds",
            undefined,
            "workspaceIds / projectId: give exactly one: workspace ids (ws-…) for those workspaces, or a project id (prj-…) for every workspace of the project. Fix the arguments.",
        );
    }
    const ids = args.projectId !== undefined ? [validateProjectId(args.projectId)] : workspaceIdList(args.workspaceIds as string | readonly string[]);
    const project = args.projectId !== undefined;
    return phaseIdentities(args.splitPhases).map((identity) => ({
        identity,
        principals: ids.map((id) =>
            identity === "run"
                ? { attribute: project ? GCP_ATTRIBUTES.projectId : GCP_ATTRIBUTES.workspaceId, value: id }
                : { attribute: project ? GCP_ATTRIBUTES.projectRunPhase : GCP_ATTRIBUTES.workspaceRunPhase, value: `${id}:${identity}` },
        ),
    }));
}

/** `principalSet://iam.googleapis.com/<pool name>/attribute.<attribute>/<value>` (the pool name is validated). */
export function gcpPrincipalSetMember(poolName: string, principal: GcpPrincipal): string {
    parseWorkloadIdentityPoolName(poolName);
    return `principalSet://iam.googleapis.com/${poolName}/attribute.${principal.attribute}/${principal.value}`;
}

/** One `roles/iam.workloadIdentityUser` binding of a service account (one `gcp.serviceaccount.IAMMember` per member). */
export interface GcpServiceAccountBinding {
    /** "run" (both phases), or "plan" / "apply" with `splitPhases`. */
    readonly identity: PhaseIdentity;
    /** Always `roles/iam.workloadIdentityUser`. */
    readonly role: string;
    readonly members: string[];
}

/** {@link gcpWorkloadIdentityPrincipals} as members of the pool `poolName` (`projects/<NUMBER>/locations/global/workloadIdentityPools/<ID>`). */
export function gcpWorkloadIdentityUserBindings(args: GcpPrincipalsArgs & { readonly poolName: string }): GcpServiceAccountBinding[] {
    parseWorkloadIdentityPoolName(args.poolName);
    return gcpWorkloadIdentityPrincipals(args).map((sa) => ({
        identity: sa.identity,
        role: GCP_WORKLOAD_IDENTITY_USER_ROLE,
        members: sa.principals.map((p) => gcpPrincipalSetMember(args.poolName, p)),
    }));
}
