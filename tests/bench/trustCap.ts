// The biggest list one shared role can trust: the list path's N is capped by IAM's limit on the
// size of a role trust policy. Computed with the package's own check (src/clouds/aws/plan.ts,
// planAws -> checkTrustSize), for the names and organization the bench's list program uses.
import { AWS_CLOUD } from "../../src/clouds/aws/WorkspaceOidcFederation";
import { planAws } from "../../src/clouds/aws/plan";
import { planCore } from "../../src/federation/plan";
import { ORG, workspaceNames } from "./fleet";

const PROGRAM = { project: "project", stack: "stack" };

/** The error planAws throws for a list of `n` (undefined when the trust fits). */
export function trustError(n: number, limit: number): string | undefined {
    try {
        const core = planCore(AWS_CLOUD, "team", { organization: ORG, workspaces: workspaceNames(n, "list") }, {}, PROGRAM);
        planAws(core, { trustPolicySizeLimit: limit });
        return undefined;
    } catch (err) {
        return (err as Error).message;
    }
}

/** The largest n (at most `max`) whose trust fits `limit`, and the error of n + 1. */
export function trustCap(limit: number, max = 5000): { cap: number; error: string } {
    if (trustError(1, limit) !== undefined) throw new Error(`even one workspace is over the limit ${limit}: ${trustError(1, limit)}`);
    let lo = 1;
    let hi = max;
    while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (trustError(mid, limit) === undefined) lo = mid;
        else hi = mid - 1;
    }
    return { cap: lo, error: trustError(lo + 1, limit) ?? `no error for ${lo + 1}` };
}
