// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
//
// A workspace is looked up by name (or created when asked). One this resource created is renamed
// and moved in place (PATCH), as terraform-provider-tfe does, and deleted on destroy only with
// deleteOnDestroy; one it only looked up is never changed and never deleted: another name or
// project is another look-up.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../../hcp";
import {
    NOT_FOUND_OR_HIDDEN,
    ORGANIZATION,
    PROJECT_ID_RULE,
    PROJECT_NAME_RULE,
    WORKSPACE_NAME_RULE,
    organizationCasingMessage,
} from "../commonFields";
import { type CreateOutcome, ObjectLeftBehindError, clientFor, confirmGone, createByNaturalKey, recordsProviderOnPartialFailure } from "../lifecycle";
import { type Schema, checkWith, compact, diffWith } from "../schema";

interface WorkspaceInputs {
    organization: string;
    name: string;
    projectId?: string;
    createIfMissing: boolean;
    createArgument: string;
    deleteOnDestroy: boolean;
    lookupProjectName: boolean;
    expectedProjectName?: string;
    hostname?: string;
    allowInsecureHttp?: boolean;
    site: string;
}

/** A field that is the workspace's identity while it is only looked up, and an update once this resource made it. */
const ownedChange = (olds: Record<string, any>) => (olds.created === true ? "update" : "replace");

const SCHEMA: Schema = {
    type: "Workspace",
    fields: {
        organization: ORGANIZATION,
        name: { kind: "string", required: true, validate: WORKSPACE_NAME_RULE, change: ownedChange },
        projectId: { kind: "string", validate: PROJECT_ID_RULE, onlyWhenDeclared: true, change: ownedChange },
        createIfMissing: { kind: "boolean", defaultValue: false, change: "local" },
        createArgument: { kind: "string", defaultValue: "createIfMissing", change: "local", validate: (v) => (/^[A-Za-z.]+$/.test(v) ? undefined : "give an argument name") },
        deleteOnDestroy: { kind: "boolean", defaultValue: false, change: "local" },
        lookupProjectName: { kind: "boolean", defaultValue: true, change: "update" },
        // Compared with the project the workspace is in (recorded by the last read): a workspace moved
        // out of band shows as a change, and the update says what is wrong before anything is written.
        expectedProjectName: {
            kind: "string",
            validate: PROJECT_NAME_RULE,
            change: "update",
            same: (a, b, olds) => (a ?? null) === (b ?? null) && (b === undefined || olds.projectName === undefined || olds.projectName === b),
        },
    },
    outputs: ["workspaceId", "projectName", "created"],
    // Another organization or site is another workspace; the old one (kept unless deleteOnDestroy)
    // goes after the new one exists, so nothing that waits for the look-up is deleted first.
    deleteBeforeReplace: false,
};

function where(inputs: { name: string; organization: string }): string {
    return `workspace "${inputs.name}" of organization "${inputs.organization}"`;
}

/** The project's name when asked for (one cached read per project per process), after checking a pinned one. */
async function projectNameOf(c: hcp.HcpClient, ws: hcp.Workspace, inputs: WorkspaceInputs): Promise<string | undefined> {
    if (inputs.lookupProjectName === false && inputs.expectedProjectName === undefined) {
        return undefined;
    }
    const name = (await hcp.readProject(c, ws.projectId)).name;
    if (inputs.expectedProjectName !== undefined && name !== inputs.expectedProjectName) {
        throw new Error(pinnedProjectMessage(inputs, name));
    }
    return name;
}

function pinnedProjectMessage(inputs: WorkspaceInputs, name: string): string {
    return (
        `${where(inputs)} is in project "${name}", but the trust pins project "${inputs.expectedProjectName}": its runs could not get ` +
        `credentials, so nothing was written. Fix: move the workspace to project "${inputs.expectedProjectName}" in HCP Terraform, ` +
        `or pin project "${name}".`
    );
}

async function outputsOf(c: hcp.HcpClient, ws: hcp.Workspace, inputs: WorkspaceInputs, created: boolean): Promise<Record<string, unknown>> {
    if (ws.organization !== "" && ws.organization !== inputs.organization) {
        throw new Error(organizationCasingMessage(inputs.organization, ws.organization));
    }
    const projectName = await projectNameOf(c, ws, inputs);
    return compact({
        ...inputs,
        organization: ws.organization || inputs.organization,
        name: ws.name,
        projectId: ws.projectId,
        workspaceId: ws.id,
        projectName,
        created,
    });
}

function unknownProjectMessage(inputs: WorkspaceInputs): string {
    return (
        `creating ${where(inputs)} failed: project ${inputs.projectId} (projectId) was ${NOT_FOUND_OR_HIDDEN}. ` +
        `Check projectId: the id (prj-…) of a project of "${inputs.organization}", shown in the project's settings.`
    );
}

function notFoundMessage(inputs: WorkspaceInputs): string {
    return (
        `${where(inputs)} was ${NOT_FOUND_OR_HIDDEN}. Check the names and the token's access, ` +
        `or set ${inputs.createArgument}: true to create it.`
    );
}

/** An existing workspace is used as it is (created: false: never changed or deleted by the stack). */
async function useExisting(c: hcp.HcpClient, inputs: WorkspaceInputs, ws: hcp.Workspace): Promise<pulumi.dynamic.CreateResult> {
    if (inputs.projectId && ws.projectId !== inputs.projectId) {
        throw new Error(
            `${where(inputs)} exists in project ${ws.projectId}, not in the declared projectId ${inputs.projectId}. ` +
                `Move the workspace in HCP Terraform or fix projectId.`,
        );
    }
    return { id: ws.id, outs: await outputsOf(c, ws, inputs, false) };
}

/** Creates the workspace, its organization's casing checked first (the server would accept any). */
async function createNew(c: hcp.HcpClient, inputs: WorkspaceInputs): Promise<pulumi.dynamic.CreateResult> {
    let org: hcp.Organization;
    try {
        org = await hcp.readOrganization(c, inputs.organization);
    } catch (err) {
        if (hcp.isNotFound(err)) {
            throw new Error(`creating ${where(inputs)} failed: the organization was ${NOT_FOUND_OR_HIDDEN}. Check the name and the token's access.`);
        }
        throw err;
    }
    if (org.name !== inputs.organization) {
        throw new Error(organizationCasingMessage(inputs.organization, org.name));
    }
    if (inputs.expectedProjectName !== undefined && inputs.projectId) {
        // Checked before the POST: a workspace made in another project than the pinned one would be left behind.
        let name: string;
        try {
            name = (await hcp.readProject(c, inputs.projectId)).name;
        } catch (err) {
            if (hcp.isNotFound(err)) throw new Error(unknownProjectMessage(inputs));
            throw err;
        }
        if (name !== inputs.expectedProjectName) throw new Error(pinnedProjectMessage(inputs, name));
    }
    let outcome: CreateOutcome<hcp.Workspace>;
    try {
        outcome = await createByNaturalKey({
            what: where(inputs),
            absent: "no workspace with that name was found",
            post: () => hcp.createWorkspace(c, inputs.organization, { name: inputs.name, projectId: inputs.projectId }),
            find: () => hcp.lookUpWorkspaceByName(c, inputs.organization, inputs.name),
            // Looked up already (not found): a workspace found after an ambiguous POST is that POST's.
        });
    } catch (err) {
        // The organization answered above: a 404 with a projectId is the project's.
        if (hcp.isNotFound(err) && inputs.projectId) throw new Error(unknownProjectMessage(inputs));
        throw err;
    }
    if (outcome.kind === "existing" || outcome.kind === "taken") {
        // Made by someone else between the look-up and the POST, or not visible to the token.
        throw outcome.kind === "taken" ? outcome.error : new Error(notFoundMessage(inputs));
    }
    const ws = outcome.value;
    hcp.rememberWorkspace(c, ws);
    try {
        return { id: ws.id, outs: await outputsOf(c, ws, inputs, true) };
    } catch (err) {
        // The workspace exists now: report it so that the engine records it instead of leaking it.
        throw new ObjectLeftBehindError(
            `${where(inputs)} was created (${ws.id}) but ${(err as Error).message}`,
            ws.id,
            compact({ ...inputs, organization: ws.organization || inputs.organization, projectId: ws.projectId, workspaceId: ws.id, created: true }),
        );
    }
}

const workspaceProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        return checkWith(SCHEMA, news);
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        return diffWith(SCHEMA, olds, news);
    },

    async create(inputs: WorkspaceInputs): Promise<pulumi.dynamic.CreateResult> {
        const c = clientFor(inputs);
        const existing = await hcp.lookUpWorkspaceByName(c, inputs.organization, inputs.name);
        if (existing) {
            return useExisting(c, inputs, existing);
        }
        if (!inputs.createIfMissing) {
            throw new Error(notFoundMessage(inputs));
        }
        return createNew(c, inputs);
    },

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        const c = clientFor(props);
        const ws = await hcp.lookUpWorkspaceById(c, props.organization, id);
        if (ws === undefined) {
            await confirmGone(c, `workspace ${id} ("${props.name}")`, [{ organization: props.organization }]);
            return { id: "" };
        }
        // A rename or a move made outside Pulumi shows in the next preview: an update back for a
        // workspace the stack made, another look-up for one it only found.
        // The organization is recorded as HCP Terraform stores it (a 0.2 state may hold another
        // casing: refresh must not fail on it, and a casing-only change is no diff to fix it by).
        const outs: Record<string, unknown> = compact({
            ...(await outputsOf(c, ws, { ...props, organization: ws.organization || props.organization, expectedProjectName: undefined }, props.created === true)),
            expectedProjectName: props.expectedProjectName,
        });
        const { workspaceId: _w, projectName: _p, created: _c, ...inputs } = outs;
        return { id, props: outs, inputs };
    },

    async update(id: string, olds: any, news: WorkspaceInputs): Promise<pulumi.dynamic.UpdateResult> {
        const c = clientFor(olds);
        let ws: hcp.Workspace | undefined;
        if (olds.created === true && (news.name !== olds.name || (news.projectId !== undefined && news.projectId !== olds.projectId))) {
            try {
                ws = await hcp.updateWorkspace(c, id, {
                    name: news.name !== olds.name ? news.name : undefined,
                    projectId: news.projectId !== undefined && news.projectId !== olds.projectId ? news.projectId : undefined,
                });
            } catch (err) {
                if (hcp.isNotFound(err)) {
                    await confirmGone(c, `workspace ${id}`, [{ organization: olds.organization }]);
                    throw new Error(`${where(olds)} (${id}) no longer exists: run \`pulumi refresh\` to drop it from the stack, then \`pulumi up\`.`);
                }
                throw err;
            }
            hcp.rememberWorkspace(c, ws);
        }
        if (ws === undefined && news.organization !== olds.organization) {
            // Another casing (other names replace): the casing HCP Terraform stores decides, not the state's.
            ws = await hcp.readWorkspace(c, id);
        }
        const current: hcp.Workspace = ws ?? {
            id,
            name: olds.name,
            organization: olds.organization,
            projectId: olds.projectId,
            executionMode: "remote",
        };
        const outs = await outputsOf(c, current, { ...news, site: olds.site ?? news.site }, olds.created === true);
        return { outs };
    },

    async delete(id: string, props: any): Promise<void> {
        if (props.created !== true || props.deleteOnDestroy !== true) {
            // Looked up, or kept: a workspace holds state and history, so only an explicit
            // deleteOnDestroy deletes one this stack made.
            return;
        }
        const c = clientFor(props);
        try {
            await hcp.safeDeleteWorkspace(c, id);
            hcp.forgetWorkspace(c, props.organization, id);
        } catch (err) {
            if (hcp.isNotFound(err)) {
                await confirmGone(c, `workspace ${id} ("${props.name}")`, [{ organization: props.organization }]);
                return;
            }
            if (hcp.isHcpError(err) && err.code === "CONFLICT") {
                throw new Error(
                    `workspace "${props.name}" (${id}) still manages resources, so HCP Terraform refused the safe delete. ` +
                        `Queue a destroy run in the workspace first, or set deleteOnDestroy: false (the component's ` +
                        `deleteWorkspaceOnDestroy) to keep it.`,
                );
            }
            throw err;
        }
    },
};

export = recordsProviderOnPartialFailure(workspaceProvider);
