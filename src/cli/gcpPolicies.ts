/** `policies --cloud gcp`: the workload identity pool and provider, the service accounts' members and the workspace variables, as JSON. */
import { gcpWorkloadIdentityUserBindings } from "../clouds/gcp/bindings";
import { parseWorkloadIdentityPoolName } from "../clouds/gcp/names";
import { gcpWorkloadIdentityPool, gcpWorkloadIdentityPoolName, gcpWorkloadIdentityPoolProvider } from "../clouds/gcp/trust";
import { GCP_STATIC_CREDENTIAL_KEYS, GCP_VARIABLE_KEYS } from "../clouds/gcp/variables";
import { taggedVariableKeys } from "../clouds/variableKeys";
import { COMMON_CLOUD_FLAGS, build, printedVariables, tagFlag } from "./cloudCommon";
import { flagList, flagValue, requiredFlag, type FlagSpec, type ParsedFlags } from "./flags";
import { CliUsageError } from "./usageError";

/** The flags of `policies --cloud gcp`. */
export const GCP_FLAGS: Readonly<Record<string, FlagSpec>> = {
    ...COMMON_CLOUD_FLAGS,
    "organization-id": { metavar: "ORG_ID" },
    "workspace-id": { metavar: "WS_ID", repeatable: true },
    "project-id": { metavar: "PRJ_ID" },
    "project-number": { metavar: "NUMBER" },
    "pool-id": { metavar: "POOL_ID" },
    "pool-name": { metavar: "POOL_NAME" },
    "provider-id": { metavar: "PROVIDER_ID" },
    "gcp-project": { metavar: "PROJECT_ID" },
};

/** Flags of other clouds that users may try here, with what to do instead. */
export const GCP_HINTS: Readonly<Record<string, string>> = {
    workspace: "GCP binds workspaces by id: give --workspace-id ws-….",
    project: "GCP binds a project by id: give --project-scope --project-id prj-….",
};

/** Scope flags: workspace ids, or --project-scope with a project id. */
function scope(flags: ParsedFlags): { workspaceIds?: string[]; projectId?: string } {
    const workspaceIds = flagList(flags, "workspace-id");
    const projectId = flagValue(flags, "project-id");
    if (flags.has("project-scope")) {
        if (workspaceIds.length > 0) throw new CliUsageError("--workspace-id and --project-scope exclude each other: --project-scope trusts every workspace of the project.");
        if (projectId === undefined) throw new CliUsageError("--project-id is required with --project-scope (the project id, prj-…).");
        return { projectId };
    }
    if (projectId !== undefined) throw new CliUsageError("--project-id is used only with --project-scope (every workspace of the project).");
    if (workspaceIds.length === 0) {
        throw new CliUsageError("--workspace-id is required (a workspace id, ws-…; repeat the flag for several), or --project-scope --project-id for every workspace of a project.");
    }
    return { workspaceIds };
}

/** The pool: `--pool-name`, or `--project-number` and `--pool-id`. */
function pool(flags: ParsedFlags): { projectNumber: string; poolId: string; poolName: string } {
    const poolName = flagValue(flags, "pool-name");
    if (poolName !== undefined) {
        const conflict = ["project-number", "pool-id"].find((f) => flags.has(f));
        if (conflict !== undefined) throw new CliUsageError(`--pool-name and --${conflict} exclude each other: the pool name already holds the project number and pool id.`);
        return { ...build(() => parseWorkloadIdentityPoolName(poolName)), poolName };
    }
    const projectNumber = flagValue(flags, "project-number");
    const poolId = flagValue(flags, "pool-id");
    if (projectNumber === undefined || poolId === undefined) {
        throw new CliUsageError("--project-number and --pool-id are required (the GCP project number and the pool id), or --pool-name projects/<NUMBER>/locations/global/workloadIdentityPools/<POOL_ID>.");
    }
    return { projectNumber, poolId, poolName: build(() => gcpWorkloadIdentityPoolName(projectNumber, poolId)) };
}

/** `{ workloadIdentityPool, workloadIdentityPoolProvider, serviceAccounts, variables, removeVariables }`. */
export function gcpPolicies(flags: ParsedFlags): unknown {
    const organization = requiredFlag(flags, "organization", "the HCP Terraform organization name");
    const who = scope(flags);
    const p = pool(flags);
    const providerId = requiredFlag(flags, "provider-id", "the workload identity pool provider id");
    const keys = taggedVariableKeys(GCP_VARIABLE_KEYS, tagFlag(flags));
    const gcpProject = flagValue(flags, "gcp-project");
    const audience = flagValue(flags, "audience");
    const provider = build(() =>
        gcpWorkloadIdentityPoolProvider({
            organization,
            organizationId: flagValue(flags, "organization-id"),
            workloadIdentityPoolId: p.poolId,
            workloadIdentityPoolProviderId: providerId,
            hostname: flagValue(flags, "hostname"),
            audience,
            project: gcpProject,
        }),
    );
    const serviceAccounts = build(() => gcpWorkloadIdentityUserBindings({ poolName: p.poolName, ...who, splitPhases: flags.has("split-phases") })).map(({ identity, ...rest }) => ({
        identity,
        identityVariable: keys[identity],
        ...rest,
    }));
    return {
        workloadIdentityPool: build(() => gcpWorkloadIdentityPool({ workloadIdentityPoolId: p.poolId, project: gcpProject })),
        workloadIdentityPoolProvider: provider,
        serviceAccounts,
        variables: printedVariables([
            [keys.providerAuth, "true"],
            [keys.workloadProviderName, `${p.poolName}/providers/${providerId}`],
            ...serviceAccounts.map((sa) => [sa.identityVariable, `<email of the ${sa.identity} service account>`] as const),
            [keys.audience, audience],
        ]),
        removeVariables: [...GCP_STATIC_CREDENTIAL_KEYS],
    };
}
