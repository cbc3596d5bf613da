// Organizations: GET /organizations/:org (organizations are created through the test controls only);
// routes below /organizations/:org find theirs with visibleOrganization.
import { RequestContext, Route, notFound, ok, seg } from "./jsonapi";
import { OrganizationRecord, findOrganization } from "./store";

/** The keys of the documented organization permissions; every one is true for a token that sees the org. */
export const ORGANIZATION_PERMISSIONS = [
    "can-update", "can-destroy", "can-access-via-teams", "can-create-module", "can-create-team", "can-create-workspace",
    "can-manage-users", "can-manage-subscription", "can-manage-sso", "can-update-oauth", "can-update-sentinel",
    "can-update-ssh-keys", "can-update-api-token", "can-traverse", "can-start-trial", "can-update-agent-pools",
    "can-manage-tags", "can-manage-varsets", "can-read-varsets", "can-manage-public-providers", "can-create-provider",
    "can-manage-public-modules", "can-manage-custom-providers", "can-manage-run-tasks", "can-read-run-tasks",
    "can-create-project",
] as const;

/** The organization (name compared case-insensitively), or 404 when unknown or invisible to the caller. */
export function visibleOrganization(ctx: RequestContext, name: string): OrganizationRecord {
    const org = findOrganization(ctx.store, name);
    if (!org || !ctx.canSee(org.name)) throw notFound();
    return org;
}

/** The organization document: its JSON:API id is its name in the stored casing. */
export function organizationResource(org: OrganizationRecord) {
    const permissions: Record<string, boolean> = {};
    for (const p of ORGANIZATION_PERMISSIONS) permissions[p] = true;
    return {
        id: org.name,
        type: "organizations",
        attributes: {
            "external-id": org.externalId,
            "created-at": org.createdAt,
            email: org.email,
            name: org.name,
            permissions,
        },
        links: { self: `/api/v2/organizations/${seg(org.name)}` },
    };
}

export const organizationRoutes: Route[] = [
    { method: "GET", pattern: "/organizations/:org", handler: (ctx, p) => ok({ data: organizationResource(visibleOrganization(ctx, p.org)) }) },
];
