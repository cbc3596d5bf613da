// Organizations: read one (the canonical casing of its name, and whether the token may see it).

import type { HcpClient } from "./client";
import { fromApiAttributes } from "./jsonapi";

export interface Organization {
    /** The name with the casing HCP Terraform stores (its JSON:API id). */
    name: string;
}

/** GET /organizations/:org (404: it does not exist, or the token is not a member). */
export async function readOrganization(c: HcpClient, name: string): Promise<Organization> {
    const path = `/organizations/${encodeURIComponent(name)}`;
    const org = await c.requestResource("GET", path);
    const attrs = fromApiAttributes(org!.attributes);
    return { name: typeof attrs.name === "string" && attrs.name !== "" ? attrs.name : org!.id };
}
