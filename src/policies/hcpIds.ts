/**
 * Validators for the HCP Terraform ids that GCP and Vault trusts pin (`terraform_workspace_id`,
 * `terraform_project_id`, `terraform_organization_id` claims). Ids never change when a name does,
 * and a deleted and re-created workspace gets a new id, so an id-pinned trust does not pass to it.
 * Same contract as names.ts: the input back when valid, else a `PolicyInputError`.
 */
import { rejectInput, requireStringInput, type PolicyInputField } from "./names";

/** `<prefix>-` + 16 letters or digits (hcp-api.md: "Ids: ws- + 16 alphanumerics"). */
function hcpId(field: PolicyInputField, label: string, prefix: string, example: string, value: unknown): string {
    requireStringInput(field, label, value, label);
    if (!new RegExp(`^${prefix}-[A-Za-z0-9]{16}$`).test(value)) {
        rejectInput(field, label, value, `an HCP Terraform ${label} is "${prefix}-" followed by 16 letters or digits (e.g. "${example}"), not a name`, label);
    }
    return value;
}

/** An HCP Terraform workspace id: `ws-` + 16 letters or digits. */
export function validateWorkspaceId(id: unknown): string {
    return hcpId("workspaceId", "workspace id", "ws", "ws-4j8p6jX1w33MiDC7", id);
}

/** An HCP Terraform project id: `prj-` + 16 letters or digits. */
export function validateProjectId(id: unknown): string {
    return hcpId("projectId", "project id", "prj", "prj-AbCdEfGh12345678", id);
}

/** An HCP Terraform organization id: `org-` + 16 letters or digits (the org's API id is its name; this is the token claim). */
export function validateOrganizationId(id: unknown): string {
    return hcpId("organizationId", "organization id", "org", "org-AbCdEfGh12345678", id);
}
