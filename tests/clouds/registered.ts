// Reading what a cloud component's program registered under mocks, the same for every cloud: the
// federation's variables as HCP Terraform reads them, and the message a failing construction threw
// with nothing of it registered.
import { strict as assert } from "node:assert";
import { dynamicType, type MockRun, type MockRunOptions } from "../support/mocks";

const VARIABLE_SET_VARIABLE = dynamicType("hcp-oidc-federation", "VariableSetVariable");

/** Federation `c.name`'s variables (its group's, or its set's) by key, the tag suffix removed. */
export function registeredVariables(m: MockRun<unknown>, c: { name: string; mode: "single" | "list" | "project"; tag?: string }): Record<string, string> {
    const list: { key: string; value: string }[] =
        c.mode === "single" ? m.byName(`${c.name}-variables`).inputs.variables : m.ofType(VARIABLE_SET_VARIABLE).filter((v) => v.name.startsWith(`${c.name}-varset-`)).map((v) => v.inputs as any);
    const suffix = c.tag !== undefined ? `_${c.tag}` : "";
    return Object.fromEntries(list.map((v) => [v.key.slice(0, v.key.length - suffix.length), v.value]));
}

/** The message the construction in `program` throws (its last federation, `failing`), asserting that `failing` registered nothing. */
export async function constructionFailure(
    run: (program: () => unknown, opts?: MockRunOptions) => Promise<MockRun<unknown>>,
    program: () => void,
    failing: string,
): Promise<string> {
    let message = "";
    const r = await run(() => {
        try {
            program();
        } catch (err) {
            message = (err as Error).message;
        }
    });
    assert.deepEqual(r.resources.filter((x) => x.name === failing || x.name.startsWith(`${failing}-`)).map((x) => x.name), [], "nothing registered by the failing federation");
    return message;
}

/** The scope and ids of a federation a component-level property test generated. */
export interface GeneratedScope {
    organization: string;
    mode: "single" | "list" | "project";
    workspaces: string[];
    /** The workspaces' ids, in order. */
    wsIds: string[];
    project?: string;
    projectId: string;
}

/** The scope arguments of a generated federation: workspace, workspaces, or projectScope with project. */
export function scopeArgs(c: GeneratedScope): { workspace: string } | { workspaces: string[] } | { projectScope: true; project?: string } {
    return c.mode === "single" ? { workspace: c.workspaces[0] } : c.mode === "list" ? { workspaces: c.workspaces } : { projectScope: true, project: c.project };
}

/** The ids the mocks answer for the generated federations' workspaces and projects. */
export function generatedIds(cases: readonly GeneratedScope[]): { workspaceId: (org: string, name: string) => string; projectId: (org: string, name: string) => string } {
    const wsIds = new Map(cases.flatMap((c) => c.workspaces.map((w, k) => [`${c.organization}/${w}`, c.wsIds[k]] as [string, string])));
    const prjIds = new Map(cases.map((c) => [`${c.organization}/${c.project}`, c.projectId]));
    return { workspaceId: (org, name) => wsIds.get(`${org}/${name}`)!, projectId: (org, name) => prjIds.get(`${org}/${name}`)! };
}
