/**
 * GCP identifiers used by workload identity federation (multicloud.md §3.2, the @pulumi/gcp docs).
 * Same contract as src/policies/names.ts: the input back when valid, else a `PolicyInputError`
 * whose message names the input, the rule and the fix.
 */
import { rejectInput, requireStringInput, type PolicyInputField } from "../../policies/names";

/** Workload identity pool and provider ids: 4 to 32 of `[a-z0-9-]`, not starting with the reserved `gcp-`. */
function workloadIdentityId(field: PolicyInputField, label: string, id: unknown): string {
    requireStringInput(field, label, id, "id");
    if (!/^[a-z0-9-]*$/.test(id)) rejectInput(field, label, id, `a ${label} may contain only lower-case letters, digits and "-"`, "id");
    if (id.length < 4 || id.length > 32) rejectInput(field, label, id, `a ${label} is 4 to 32 characters long (got ${id.length})`, "id");
    if (id.startsWith("gcp-")) rejectInput(field, label, id, `the prefix "gcp-" is reserved by Google`, "id");
    return id;
}

/** A workload identity pool id (`workloadIdentityPoolId`): 4 to 32 of `[a-z0-9-]`, no `gcp-` prefix. */
export function validateWorkloadIdentityPoolId(id: unknown): string {
    return workloadIdentityId("poolId", "workload identity pool id", id);
}

/** A workload identity pool provider id (`workloadIdentityPoolProviderId`): 4 to 32 of `[a-z0-9-]`, no `gcp-` prefix. */
export function validateWorkloadIdentityPoolProviderId(id: unknown): string {
    return workloadIdentityId("providerId", "workload identity pool provider id", id);
}

/** A service account id (the part of the email before `@`): 6 to 30 characters, `[a-z]` then `[a-z0-9-]`, ending in a letter or digit. */
export function validateServiceAccountId(id: unknown): string {
    const label = "service account id";
    requireStringInput("serviceAccountId", label, id, "id");
    if (!/^[a-z](?:[a-z0-9-]{4,28}[a-z0-9])$/.test(id)) {
        rejectInput(
            "serviceAccountId",
            label,
            id,
            `a service account id is 6 to 30 characters: a lower-case letter first, then lower-case letters, digits and "-", not ending with "-"`,
            "id",
        );
    }
    return id;
}

/** A GCP project id: 6 to 30 characters, `[a-z]` then `[a-z0-9-]`, ending in a letter or digit. */
export function validateGcpProjectId(id: unknown): string {
    const label = "GCP project id";
    requireStringInput("gcpProject", label, id, "project id");
    if (!/^[a-z](?:[a-z0-9-]{4,28}[a-z0-9])$/.test(id)) {
        rejectInput(
            "gcpProject",
            label,
            id,
            `a GCP project id is 6 to 30 characters: a lower-case letter first, then lower-case letters, digits and "-", not ending with "-" (the id, not the display name or number)`,
            "project id",
        );
    }
    return id;
}

/** A GCP project NUMBER (digits, as a string): the pool and provider names and the default audience carry it, not the id. */
export function validateGcpProjectNumber(projectNumber: unknown): string {
    const label = "GCP project number";
    requireStringInput("projectNumber", label, projectNumber, "project number");
    if (!/^[1-9][0-9]{0,19}$/.test(projectNumber)) {
        rejectInput("projectNumber", label, projectNumber, "a GCP project number is digits only (e.g. \"123456789012\"), not the project id", "project number");
    }
    return projectNumber;
}

/** A workload identity pool or provider display name: at most 32 characters. */
export function validateWorkloadIdentityDisplayName(name: unknown): string {
    const label = "display name";
    requireStringInput("displayName", label, name, "display name");
    if (name.length > 32) rejectInput("displayName", label, name, `a workload identity pool or provider display name is at most 32 characters (got ${name.length})`, "display name");
    return name;
}

/** The parts of a pool's resource name. */
export interface WorkloadIdentityPoolNameParts {
    readonly projectNumber: string;
    readonly poolId: string;
}

const POOL_NAME = /^projects\/([^/]+)\/locations\/global\/workloadIdentityPools\/([^/]+)$/;

/** Parses (and validates) `projects/<NUMBER>/locations/global/workloadIdentityPools/<POOL_ID>` (the pool's `name` output). */
export function parseWorkloadIdentityPoolName(name: unknown): WorkloadIdentityPoolNameParts {
    const label = "workload identity pool name";
    requireStringInput("poolName", label, name, "pool name");
    const m = POOL_NAME.exec(name);
    const valid = (check: (v: string) => unknown, v: string): boolean => {
        try {
            check(v);
            return true;
        } catch {
            return false;
        }
    };
    if (!m || !valid(validateGcpProjectNumber, m[1]) || !valid(validateWorkloadIdentityPoolId, m[2])) {
        rejectInput("poolName", label, name, "expected projects/<project number>/locations/global/workloadIdentityPools/<pool id>", "pool name");
    }
    return { projectNumber: m[1], poolId: m[2] };
}

/** The parts of a workload identity pool provider's resource name. */
export interface WorkloadProviderNameParts extends WorkloadIdentityPoolNameParts {
    readonly providerId: string;
    /** `projects/<NUMBER>/locations/global/workloadIdentityPools/<POOL_ID>`. */
    readonly poolName: string;
}

const PROVIDER_NAME = /^(projects\/[^/]+\/locations\/global\/workloadIdentityPools\/[^/]+)\/providers\/([^/]+)$/;

/** Parses (and validates) `projects/<NUMBER>/locations/global/workloadIdentityPools/<POOL_ID>/providers/<PROVIDER_ID>` (a provider's `name`, the value of TFC_GCP_WORKLOAD_PROVIDER_NAME). */
export function parseWorkloadProviderName(name: unknown): WorkloadProviderNameParts {
    const label = "workload identity provider name";
    requireStringInput("providerName", label, name, "provider name");
    const m = PROVIDER_NAME.exec(name);
    const rule = "expected projects/<project number>/locations/global/workloadIdentityPools/<pool id>/providers/<provider id>";
    if (!m) rejectInput("providerName", label, name, rule, "provider name");
    let pool: WorkloadIdentityPoolNameParts;
    try {
        pool = parseWorkloadIdentityPoolName(m[1]);
        validateWorkloadIdentityPoolProviderId(m[2]);
    } catch {
        rejectInput("providerName", label, name, rule, "provider name");
    }
    return { ...pool, providerId: m[2], poolName: m[1] };
}

const SERVICE_ACCOUNT_EMAIL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?@(?:[a-z0-9-]+\.)+gserviceaccount\.com$/;

/** A service account email, e.g. `deployer@my-project.iam.gserviceaccount.com` (also Google-managed ones on `*.gserviceaccount.com`). */
export function validateServiceAccountEmail(email: unknown): string {
    const label = "service account email";
    requireStringInput("serviceAccountEmail", label, email, "email");
    if (!SERVICE_ACCOUNT_EMAIL.test(email)) {
        rejectInput("serviceAccountEmail", label, email, "expected <account id>@<project id>.iam.gserviceaccount.com (a service account's email, lower case)", "email");
    }
    return email;
}

/** The project id in a user-managed service account's email (`<id>@<project>.iam.gserviceaccount.com`), else undefined. */
export function projectOfServiceAccountEmail(email: string): string | undefined {
    const m = /@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(email);
    return m ? m[1] : undefined;
}

const ROLE = /^(?:roles\/[A-Za-z0-9_.]+|projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/roles\/[A-Za-z0-9_.]+|organizations\/[0-9]+\/roles\/[A-Za-z0-9_.]+)$/;

/** An IAM role name: `roles/<name>` (predefined), `projects/<id>/roles/<name>` or `organizations/<number>/roles/<name>` (custom). */
export function validateGcpRole(role: unknown): string {
    const label = "IAM role";
    requireStringInput("gcpRole", label, role, "role");
    if (!ROLE.test(role)) {
        rejectInput("gcpRole", label, role, `expected roles/<name> (e.g. "roles/viewer"), projects/<project id>/roles/<name> or organizations/<number>/roles/<name>`, "role");
    }
    return role;
}
