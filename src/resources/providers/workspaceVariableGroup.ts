// Several non-sensitive variables of one workspace as ONE resource: one engine step, one variable
// list per refresh. Each variable is created exactly as one WorkspaceVariable would be
// (createOwnedVariable: natural key, adoptExisting, lost-POST recovery, never another owner's
// variable), in the declared order; `removeKeys` (static credentials) are deleted afterwards, from
// the same list. The resource id is the workspace id; every output variable carries its own id.
//
// A create or update that fails midway reports what it did (ObjectLeftBehindError, with the real
// current state) so that the engine records the progress, and the next `pulumi up` finishes.
// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../../hcp";
import { NOT_FOUND_OR_HIDDEN, WORKSPACE_ID_RULE, WORKSPACE_NAME_RULE, organizationCasingMessage, sameName } from "../commonFields";
import { type GroupEntry, VARIABLES_REQUIRED, entryOf, removeKeysFailures, sameVariables, variablesFailures, withDefaults } from "../groupEntries";
import { ObjectLeftBehindError, clientFor, confirmGone, recordsProviderOnPartialFailure } from "../lifecycle";
import { type GroupInputs, applyGroup, removeGroup } from "../groupWrites";
import { type Schema, changesWith, checkWith, compact, diffResult, isUnknown, nameRule } from "../schema";
import { validateOrganizationName } from "../../policies/names";

const byName = (news: Record<string, any>) => news.workspaceId === undefined;

const SCHEMA: Schema = {
    type: "WorkspaceVariableGroup",
    fields: {
        // Named by id: the id is the identity. Named by name: the names are (the id is an output).
        workspaceId: { kind: "string", validate: WORKSPACE_ID_RULE, onlyWhenDeclared: true, change: "replace" },
        organization: {
            kind: "string",
            validate: nameRule(validateOrganizationName),
            same: sameName,
            // Named by id, the organization is an output (recorded at create), not a declared input.
            onlyWhenDeclared: true,
            change: (_olds, news) => (byName(news) ? "replace" : "local"),
        },
        workspaceName: { kind: "string", validate: WORKSPACE_NAME_RULE, change: (_olds, news) => (byName(news) ? "replace" : "local") },
        variables: { kind: "list", required: VARIABLES_REQUIRED, same: sameVariables },
        adoptExisting: { kind: "boolean", defaultValue: false, change: "local" },
        removeKeys: { kind: "stringList" },
    },
    outputs: ["removedKeys", "presentKeys"],
    // Another workspace or site: the old variables go first.
    deleteBeforeReplace: true,
};

function given(value: unknown): boolean {
    return value !== undefined && value !== null && value !== "";
}

function workspaceFailures(inputs: Record<string, any>): { property: string; reason: string }[] {
    const byId = given(inputs.workspaceId);
    const named = given(inputs.organization) || given(inputs.workspaceName);
    if (byId && named) {
        return [{ property: "workspaceId", reason: "workspaceId and organization/workspaceName both name the workspace: give workspaceId, or organization and workspaceName, not both." }];
    }
    if (!byId && !named) {
        return [{ property: "workspaceId", reason: 'workspaceId is required: give workspaceId (e.g. "ws-123456789abcdefg"), or organization and workspaceName.' }];
    }
    if (named && !given(inputs.organization)) {
        return [{ property: "organization", reason: "organization is required with workspaceName: give both, or workspaceId instead." }];
    }
    if (named && !given(inputs.workspaceName)) {
        return [{ property: "workspaceName", reason: "workspaceName is required with organization: give both, or workspaceId instead." }];
    }
    return [];
}

/** The workspace the group writes to, and its organization (canonical casing, checked when named). */
async function resolveWorkspace(c: hcp.HcpClient, inputs: GroupInputs): Promise<{ workspaceId: string; organization?: string }> {
    if (inputs.workspaceId) {
        try {
            return { workspaceId: inputs.workspaceId, organization: (await c.cached(`workspace ${inputs.workspaceId}`, () => hcp.readWorkspace(c, inputs.workspaceId!))).organization };
        } catch (err) {
            // The writes report a missing workspace themselves.
            if (hcp.isNotFound(err)) return { workspaceId: inputs.workspaceId };
            throw err;
        }
    }
    const ws = await hcp.lookUpWorkspaceByName(c, inputs.organization!, inputs.workspaceName!);
    if (!ws) {
        throw new Error(
            `workspace "${inputs.workspaceName}" of organization "${inputs.organization}" was ${NOT_FOUND_OR_HIDDEN}. Check the names and the token's access.`,
        );
    }
    if (ws.organization !== "" && ws.organization !== inputs.organization) {
        throw new Error(organizationCasingMessage(inputs.organization!, ws.organization));
    }
    return { workspaceId: ws.id, organization: ws.organization };
}

function outputsOf(inputs: GroupInputs, workspaceId: string, organization: string | undefined, variables: GroupEntry[], removedKeys?: string[], presentKeys?: string[]): Record<string, unknown> {
    return compact({
        ...inputs,
        workspaceId,
        organization: organization ?? inputs.organization,
        variables,
        removedKeys: inputs.removeKeys === undefined ? undefined : (removedKeys ?? []),
        presentKeys: inputs.removeKeys === undefined ? undefined : (presentKeys ?? []),
    });
}

const workspaceVariableGroupProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        const prepared = { ...news };
        if (Array.isArray(prepared.variables)) {
            prepared.variables = prepared.variables.map(withDefaults);
        }
        const { inputs, failures = [] } = checkWith(SCHEMA, prepared);
        const all = [
            ...workspaceFailures(inputs!),
            ...failures.filter((f) => f.property !== "variables" || !Array.isArray(inputs!.variables)),
            ...(Array.isArray(inputs!.variables) || isUnknown(inputs!.variables) || inputs!.variables === undefined
                ? variablesFailures(inputs!.variables).map((reason) => ({ property: "variables", reason }))
                : []),
            ...removeKeysFailures(inputs!.removeKeys, inputs!.variables).map((reason) => ({ property: "removeKeys", reason })),
        ];
        // "variables is required" once, whichever check said it.
        const seen = new Set<string>();
        return { inputs, failures: all.filter((f) => (seen.has(f.reason) ? false : (seen.add(f.reason), true))) };
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        const { changes, replaces } = changesWith(SCHEMA, olds, news);
        // Keys that came back since the last run (seen by refresh): the next up removes them again.
        if (Array.isArray(olds.presentKeys) && olds.presentKeys.length > 0) {
            changes.push("presentKeys");
        }
        return diffResult(changes, replaces, true);
    },

    async create(inputs: GroupInputs): Promise<pulumi.dynamic.CreateResult> {
        const c = clientFor(inputs);
        const { workspaceId, organization } = await resolveWorkspace(c, inputs);
        const result = await applyGroup(c, workspaceId, [], inputs, organization);
        if (result.error) {
            if (result.variables.length === 0) throw result.error;
            throw new ObjectLeftBehindError(
                `${result.error.message}; ${result.progress}. Run \`pulumi up\` again to finish.`,
                workspaceId,
                outputsOf(inputs, workspaceId, organization, result.variables, result.removedKeys),
            );
        }
        return { id: workspaceId, outs: outputsOf(inputs, workspaceId, organization, result.variables, result.removedKeys) };
    },

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        const c = clientFor(props);
        const workspaceId: string = props.workspaceId || id;
        let all: hcp.Variable[];
        try {
            all = await hcp.listVariables(c, workspaceId);
        } catch (err) {
            if (!hcp.isNotFound(err)) throw err;
            await confirmGone(c, `the variables of workspace ${workspaceId}`, [{ workspaceId }, { organization: props.organization }]);
            return { id: "" };
        }
        const variables: GroupEntry[] = [];
        for (const s of Array.isArray(props.variables) ? props.variables : []) {
            const v = all.find((x) => x.id === s.id);
            // A variable deleted in HCP Terraform is dropped: the next `pulumi up` creates it again.
            if (v) {
                variables.push(entryOf(v));
            }
        }
        if (variables.length === 0) {
            return { id: "" };
        }
        const removeKeys: string[] | undefined = props.removeKeys;
        const presentKeys = removeKeys === undefined ? undefined : [...new Set(all.filter((v) => v.category === "env" && removeKeys.includes(v.key)).map((v) => v.key))];
        const outs = outputsOf(props, workspaceId, props.organization, variables, props.removedKeys, presentKeys);
        const inputs = compact({
            workspaceId: given(props.workspaceName) ? undefined : workspaceId,
            organization: given(props.workspaceName) ? props.organization : undefined,
            workspaceName: props.workspaceName,
            variables: variables.map((v) => ({ key: v.key, value: v.value, category: v.category, hcl: v.hcl, description: v.description })),
            adoptExisting: props.adoptExisting,
            removeKeys,
            hostname: props.hostname,
            allowInsecureHttp: props.allowInsecureHttp,
            site: props.site,
        });
        return { id, props: outs, inputs };
    },

    async update(id: string, olds: any, news: GroupInputs): Promise<pulumi.dynamic.UpdateResult> {
        const c = clientFor(olds);
        const workspaceId: string = olds.workspaceId || id;
        const kept = { ...news, site: olds.site ?? news.site };
        const result = await applyGroup(c, workspaceId, Array.isArray(olds.variables) ? olds.variables : [], kept, olds.organization);
        const outs = outputsOf(kept, workspaceId, olds.organization, result.variables, result.removedKeys);
        if (result.error) {
            if (!result.progressed) throw result.error;
            throw new ObjectLeftBehindError(`${result.error.message}; ${result.progress}. Run \`pulumi up\` again to finish.`, workspaceId, outs);
        }
        return { outs };
    },

    async delete(id: string, props: any): Promise<void> {
        const c = clientFor(props);
        await removeGroup(c, props.workspaceId || id, Array.isArray(props.variables) ? props.variables : [], props.organization);
    },
};

export = recordsProviderOnPartialFailure(workspaceVariableGroupProvider);
