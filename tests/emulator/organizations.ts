// Organizations are created through the test controls only; routes below /organizations/:org use this.
import { RequestContext, notFound } from "./jsonapi";
import { OrganizationRecord, findOrganization } from "./store";

/** The organization (name compared case-insensitively), or 404 when unknown or invisible to the caller. */
export function visibleOrganization(ctx: RequestContext, name: string): OrganizationRecord {
    const org = findOrganization(ctx.store, name);
    if (!org || !ctx.canSee(org.name)) throw notFound();
    return org;
}
