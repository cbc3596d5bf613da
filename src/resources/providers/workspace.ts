// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../../hcp";
import {
    ID_PATTERNS,
    InputChecker,
    NAME_FIX,
    NAME_PATTERN,
    ObjectLeftBehindError,
    changedFields,
    clientFor,
    compact,
    createByNaturalKey,
    diffResult,
    deleteUnlessGone,
    readUnlessGone,
    recordsProviderOnPartialFailure,
} from "../lifecycle";

interface WorkspaceInputs {
    organization: string;
    name: string;
    projectId?: string;
    createIfMissing: boolean;
    lookupProjectName: boolean;
    hostname?: string;
}

async function workspaceOutputs(c: hcp.HcpClient, ws: hcp.Workspace, inputs: WorkspaceInputs, created: boolean) {
    // One read per project per process (cached), and none at all when the name is not wanted.
    const lookupProjectName = inputs.lookupProjectName !== false;
    const projectName = lookupProjectName ? (await hcp.readProject(c, ws.projectId)).name : undefined;
    return compact({
        organization: ws.organization,
        name: ws.name,
        projectId: ws.projectId,
        createIfMissing: inputs.createIfMissing,
        lookupProjectName,
        hostname: inputs.hostname,
        workspaceId: ws.id,
        projectName,
        created,
    });
}

/** The workspace with the declared name, or undefined (404: missing, or hidden from the token). */
async function findWorkspace(c: hcp.HcpClient, inputs: WorkspaceInputs): Promise<hcp.Workspace | undefined> {
    try {
        return await hcp.readWorkspaceByName(c, inputs.organization, inputs.name);
    } catch (err) {
        if (hcp.isNotFound(err)) {
            return undefined;
        }
        throw err;
    }
}

function notFoundMessage(inputs: WorkspaceInputs): string {
    return (
        `workspace "${inputs.name}" was not found in organization "${inputs.organization}", or the token is not allowed to see it ` +
        `(HCP Terraform answers 404 for both). Check the names and the token's access, or set createIfMissing: true to create it.`
    );
}

function wrongProjectMessage(inputs: WorkspaceInputs, ws: hcp.Workspace): string {
    return (
        `workspace "${inputs.name}" exists in project ${ws.projectId}, not in the declared projectId ${inputs.projectId}. ` +
        `Move the workspace in HCP Terraform or fix projectId.`
    );
}

const workspaceProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        const inputs = { createIfMissing: false, lookupProjectName: true, ...compact(news) };
        const checker = new InputChecker(inputs);
        checker.requireString("organization", NAME_PATTERN, NAME_FIX);
        checker.requireString("name", NAME_PATTERN, NAME_FIX);
        checker.optionalString("projectId", ID_PATTERNS.project, 'give a project id such as "prj-123456789abcdefg"');
        checker.optionalBoolean("createIfMissing");
        checker.optionalBoolean("lookupProjectName");
        checker.hostname();
        return { inputs, failures: checker.failures };
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        const changes = changedFields(olds, news, ["organization", "name", "hostname", "createIfMissing", "lookupProjectName"]);
        // projectId is optional: when omitted, whichever project the workspace is in is fine.
        if (news.projectId !== undefined && news.projectId !== olds.projectId) {
            changes.push("projectId");
        }
        // A different organization, name, project or site is a different workspace.
        const replaces = changes.filter((f) => f !== "createIfMissing" && f !== "lookupProjectName");
        return diffResult(changes, replaces, true);
    },

    async create(inputs: WorkspaceInputs): Promise<pulumi.dynamic.CreateResult> {
        const c = clientFor(inputs.hostname);
        /** An existing workspace is used as it is (created: false: never deleted by the stack). */
        const useExisting = async (existing: hcp.Workspace): Promise<pulumi.dynamic.CreateResult> => {
            if (inputs.projectId && existing.projectId !== inputs.projectId) {
                throw new Error(wrongProjectMessage(inputs, existing));
            }
            return { id: existing.id, outs: await workspaceOutputs(c, existing, inputs, false) };
        };
        if (!inputs.createIfMissing) {
            const existing = await findWorkspace(c, inputs);
            if (!existing) {
                throw new Error(notFoundMessage(inputs));
            }
            return useExisting(existing);
        }
        // Looked up first: a workspace found after an ambiguous POST is then that POST's (created: true).
        const outcome = await createByNaturalKey({
            what: `workspace "${inputs.name}" in organization "${inputs.organization}"`,
            absent: "no workspace with that name was found",
            post: () => hcp.createWorkspace(c, inputs.organization, { name: inputs.name, projectId: inputs.projectId }),
            find: () => findWorkspace(c, inputs),
            lookFirst: true,
        });
        if (outcome.kind === "existing") {
            return useExisting(outcome.value);
        }
        if (outcome.kind === "taken") {
            // Made by someone else between the look-up and the POST, or not visible to the token.
            throw outcome.error;
        }
        const ws = outcome.value;
        try {
            return { id: ws.id, outs: await workspaceOutputs(c, ws, inputs, true) };
        } catch (err) {
            // The workspace exists now: report it so that the engine records it instead of leaking it.
            const made = ws;
            throw new ObjectLeftBehindError(
                `workspace "${made.name}" was created (${made.id}) but reading its project failed: ${(err as Error).message}`,
                made.id,
                compact({
                    organization: made.organization,
                    name: made.name,
                    projectId: made.projectId,
                    createIfMissing: inputs.createIfMissing,
                    hostname: inputs.hostname,
                    workspaceId: made.id,
                    created: true,
                }),
            );
        }
    },

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        const c = clientFor(props.hostname);
        const ws = await readUnlessGone(() => hcp.readWorkspace(c, id));
        if (ws === undefined) {
            return { id: "" };
        }
        const outs = await workspaceOutputs(c, ws, props, props.created === true);
        const inputs = compact({
            organization: ws.organization,
            name: ws.name,
            projectId: ws.projectId,
            createIfMissing: props.createIfMissing,
            lookupProjectName: props.lookupProjectName,
            hostname: props.hostname,
        });
        return { id, props: outs, inputs } as pulumi.dynamic.ReadResult;
    },

    async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
        // Only createIfMissing, lookupProjectName (and the spelling of the same hostname) change in place.
        const outs = compact({ ...olds, createIfMissing: news.createIfMissing, lookupProjectName: news.lookupProjectName, hostname: news.hostname });
        if (news.lookupProjectName === false) {
            delete outs.projectName;
        } else if (outs.projectName === undefined) {
            outs.projectName = (await hcp.readProject(clientFor(news.hostname), olds.projectId)).name;
        }
        return { outs };
    },

    async delete(id: string, props: any): Promise<void> {
        if (props.created !== true) {
            // Adopted, not made by this stack: never deleted by it.
            return;
        }
        const c = clientFor(props.hostname);
        try {
            await deleteUnlessGone(() => hcp.safeDeleteWorkspace(c, id));
        } catch (err) {
            if (hcp.isHcpError(err) && err.code === "CONFLICT") {
                throw new Error(
                    `workspace "${props.name}" (${id}) still manages resources, so HCP Terraform refused the safe delete. ` +
                        `Queue a destroy run in the workspace first, or remove it from the stack with \`pulumi state delete\` to keep it.`,
                );
            }
            throw err;
        }
    },
};

export = recordsProviderOnPartialFailure(workspaceProvider);
