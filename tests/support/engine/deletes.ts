// Deletes, as the engine schedules them (step_generator ScheduleDeletes): a condemned resource is
// deleted once every condemned resource that depends on it (parent, dependency, property
// dependency, as recorded in the STATE) is gone; independent deletes run in parallel. A resource
// whose state recorded retainOnDelete is dropped from the state without a delete; a protected one
// fails. The provider call uses the state's own outputs (their `__provider`: the text of the
// release that last wrote them) and inputs, never the program's.
import type { ProviderHost } from "../providerHost";
import { Limiter, fail, nameOf, type PassReport, type StepKind } from "./report";
import { stateDependencies, type ResourceState } from "./state";

/** One resource to delete. */
export interface Condemned {
    urn: string;
    state: ResourceState;
    /** Deleted through the host (a dynamic resource); others are only dropped. */
    dynamic: boolean;
    /** Removes it from the engine's state. */
    drop(): void;
    /** Records its step (absent for the old half of a replacement: the URN's step is "replace"). */
    step?(kind: StepKind): void;
}

/** Deletes `nodes` dependents first; answers whether all went. Failures skip what the failed ones depend on. */
export async function deleteInOrder(nodes: Condemned[], host: ProviderHost, limiter: Limiter, seen: string[], report: PassReport): Promise<boolean> {
    const done = new Map<Condemned, Promise<boolean>>();
    const visit = (node: Condemned): Promise<boolean> => {
        let p = done.get(node);
        if (!p) {
            p = (async () => {
                const dependents = nodes.filter((n) => n !== node && stateDependencies(n.state).includes(node.urn));
                const first = await Promise.all(dependents.map(visit));
                if (!first.every(Boolean)) {
                    report.skipped.push(nameOf(node.urn));
                    return false;
                }
                return limiter.run(() => deleteOne(node, host, seen, report));
            })();
            done.set(node, p);
        }
        return p;
    };
    const results = await Promise.all(nodes.map(visit));
    return results.every(Boolean);
}

async function deleteOne(node: Condemned, host: ProviderHost, seen: string[], report: PassReport): Promise<boolean> {
    const s = node.state;
    if (s.protect) {
        const message = `unable to delete resource "${node.urn}"\nas it is currently marked for protection. To unprotect the resource, remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``;
        return fail(seen, report, node.urn, "delete", new Error(message));
    }
    if (s.retainOnDelete) {
        node.drop();
        node.step?.("retain");
        return true;
    }
    if (node.dynamic) {
        try {
            await host.delete(s.id, node.urn, s.outs, { oldInputs: s.inputs });
        } catch (err) {
            return fail(seen, report, node.urn, "delete", err);
        }
        report.ops.push({ op: "delete", urn: node.urn });
    }
    node.drop();
    node.step?.("delete");
    return true;
}
