/** `policies --cloud azure`: the Entra federated identity credentials and workspace variables, as JSON. */
import { validateAzureSubscriptionId, validateAzureTenantId } from "../clouds/azure/names";
import { azureFederatedCredentials, azureFlexibleFederatedCredentials } from "../clouds/azure/trust";
import { AZURE_DEFAULT_AUDIENCE, AZURE_STATIC_CREDENTIAL_KEYS, AZURE_VARIABLE_KEYS } from "../clouds/azure/variables";
import { taggedVariableKeys } from "../clouds/variableKeys";
import { COMMON_CLOUD_FLAGS, build, printedVariables, tagFlag } from "./cloudCommon";
import { flagList, flagValue, requiredFlag, type FlagSpec, type ParsedFlags } from "./flags";
import { CliUsageError } from "./usageError";

/** The flags of `policies --cloud azure`. */
export const AZURE_FLAGS: Readonly<Record<string, FlagSpec>> = {
    ...COMMON_CLOUD_FLAGS,
    workspace: { metavar: "WS", repeatable: true },
    project: { metavar: "PROJECT" },
    "subscription-id": { metavar: "GUID" },
    "tenant-id": { metavar: "GUID" },
};

/** Flags of other clouds that users may try here, with what to do instead. */
export const AZURE_HINTS: Readonly<Record<string, string>> = {
    "workspace-id": "Entra matches names only: give --workspace and --project.",
    "project-id": "Entra matches names only: give --project (with --project-scope for the whole project).",
};

/** `{ applications: [{ identity, identityVariable, federatedCredentials | flexibleFederatedCredential }], variables, removeVariables }`. */
export function azurePolicies(flags: ParsedFlags): unknown {
    const organization = requiredFlag(flags, "organization", "the HCP Terraform organization name");
    const project = requiredFlag(flags, "project", 'the exact project name of the workspaces, e.g. "Default Project": Entra matches the subject exactly');
    const workspaces = flagList(flags, "workspace");
    const projectScope = flags.has("project-scope");
    if (projectScope && workspaces.length > 0) {
        throw new CliUsageError("--workspace and --project-scope exclude each other: --project-scope trusts every workspace of the project.");
    }
    if (!projectScope && workspaces.length === 0) {
        throw new CliUsageError("--workspace is required (a workspace name; repeat the flag for several), or --project-scope for every workspace of the project.");
    }
    const keys = taggedVariableKeys(AZURE_VARIABLE_KEYS, tagFlag(flags));
    const subscriptionId = flagValue(flags, "subscription-id");
    const tenantId = flagValue(flags, "tenant-id");
    if (subscriptionId !== undefined) build(() => validateAzureSubscriptionId(subscriptionId));
    if (tenantId !== undefined) build(() => validateAzureTenantId(tenantId));
    const audience = flagValue(flags, "audience");
    const common = { organization, project, hostname: flagValue(flags, "hostname"), audience, splitPhases: flags.has("split-phases") };
    const applications = projectScope
        ? build(() => azureFlexibleFederatedCredentials(common)).map(({ identity, ...rest }) => ({ identity, identityVariable: keys[identity], ...rest }))
        : build(() => azureFederatedCredentials({ ...common, workspaces })).map(({ identity, ...rest }) => ({ identity, identityVariable: keys[identity], ...rest }));
    return {
        applications,
        variables: printedVariables([
            [keys.providerAuth, "true"],
            ...applications.map((a) => [a.identityVariable, `<client id of the ${a.identity} application>`] as const),
            [keys.audience, audience !== undefined && audience !== AZURE_DEFAULT_AUDIENCE ? audience : undefined],
            [keys.subscriptionId, subscriptionId ?? "<subscription id>"],
            [keys.tenantId, tenantId ?? "<tenant id>"],
        ]),
        removeVariables: [...AZURE_STATIC_CREDENTIAL_KEYS],
    };
}
