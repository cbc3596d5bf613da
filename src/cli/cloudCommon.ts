/** What the azure, gcp and vault `policies` commands share: flags, their input fields, and the printed variables. */
import { validateTag, type PolicyInputField } from "../policies";
import { flagValue, withFlags, type FlagSpec, type ParsedFlags } from "./flags";

/** Flags every cloud takes. */
export const COMMON_CLOUD_FLAGS: Readonly<Record<string, FlagSpec>> = {
    organization: { metavar: "ORG" },
    hostname: { metavar: "HOST" },
    audience: { metavar: "AUDIENCE" },
    "split-phases": {},
    "project-scope": {},
    tag: { metavar: "TAG" },
};

/** Which flag carries each builder input (for error messages). */
export const CLOUD_FIELD_FLAGS: Partial<Record<PolicyInputField, string>> = {
    organization: "--organization",
    organizationId: "--organization-id",
    workspace: "--workspace",
    workspaces: "--workspace",
    workspaceId: "--workspace-id",
    workspaceIds: "--workspace-id",
    project: "--project",
    projectId: "--project-id",
    hostname: "--hostname",
    audience: "--audience",
    tag: "--tag",
    subscriptionId: "--subscription-id",
    tenantId: "--tenant-id",
    gcpProject: "--gcp-project",
    projectNumber: "--project-number",
    poolId: "--pool-id",
    providerId: "--provider-id",
    poolName: "--pool-name",
    roleName: "--role-name",
    authPath: "--auth-path",
    namespace: "--namespace",
    tokenTtl: "--token-ttl",
    policyName: "--role-name",
    policyRules: "--policy-rule",
};

/** Runs a builder, naming the flag of an invalid input. */
export function build<T>(fn: () => T): T {
    return withFlags(CLOUD_FIELD_FLAGS, fn);
}

/** The validated `--tag`, if given. */
export function tagFlag(flags: ParsedFlags): string | undefined {
    const tag = flagValue(flags, "tag");
    return tag === undefined ? undefined : build(() => validateTag(tag));
}

/** The workspace variables to set, as an object in order; entries without a value are left out. */
export function printedVariables(entries: ReadonlyArray<readonly [string, string | undefined]>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of entries) if (value !== undefined) out[key] = value;
    return out;
}
