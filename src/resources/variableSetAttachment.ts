// One provider implementation for attaching a variable set to a workspace or to a project. The
// attachment is a relationship of the set, not an object of its own: its id is
// `<varset>/<owner>`, attaching is safe to repeat, and it is gone when the set's relationships no
// longer name the owner (or the set is confirmed gone).
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../hcp";
import { NOT_FOUND_OR_HIDDEN, VARIABLE_SET_ID_RULE } from "./commonFields";
import { clientFor, confirmGone } from "./lifecycle";
import { ownerOf } from "./ownership";
import { type Schema, checkWith, compact, diffResult, changesWith } from "./schema";

/** What differs between a workspace attachment and a project attachment. */
export interface AttachmentOwner {
    /** The resource type, for messages: "WorkspaceVariableSet". */
    readonly type: string;
    /** The input naming the owner: "workspaceId" or "projectId". */
    readonly property: string;
    /** What the owner is called in messages: "workspace" or "project". */
    readonly noun: string;
    readonly idPattern: RegExp;
    readonly idExample: string;
    /** The owners the set is attached to now. */
    attachedTo(set: hcp.VariableSet): string[];
    attach(c: hcp.HcpClient, setId: string, ownerId: string): Promise<void>;
    detach(c: hcp.HcpClient, setId: string, ownerId: string): Promise<void>;
    /**
     * Leave the attachment in place on delete when the set carries a federation's ownership mark:
     * such a set's attachments are managed as a whole by the federation's VariableSetWorkspaces,
     * and a 0.2 federation's per-workspace attachments leave the program when it is upgraded.
     */
    readonly keepOnFederationSets?: boolean;
}

export function attachmentProvider(owner: AttachmentOwner): pulumi.dynamic.ResourceProvider {
    const ownerId = (inputs: Record<string, any>): string => inputs[owner.property];
    const where = (inputs: Record<string, any>): string =>
        `the attachment of variable set ${inputs.variableSetId} to ${owner.noun} ${ownerId(inputs)}`;
    const schema: Schema = {
        type: owner.type,
        fields: {
            variableSetId: { kind: "string", required: true, change: "replace", validate: VARIABLE_SET_ID_RULE },
            [owner.property]: {
                kind: "string",
                required: true,
                change: "replace",
                validate: (v) => (owner.idPattern.test(v) ? undefined : `give the ${owner.noun} id, e.g. "${owner.idExample}"`),
            },
        },
        outputs: ["organization"],
        deleteBeforeReplace: false,
    };
    const readSet = async (c: hcp.HcpClient, props: Record<string, any>): Promise<hcp.VariableSet | undefined> => {
        try {
            return await hcp.readVariableSet(c, props.variableSetId);
        } catch (err) {
            if (!hcp.isNotFound(err)) throw err;
            await confirmGone(c, where(props), [{ organization: props.organization }]);
            return undefined;
        }
    };

    return {
        async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
            return checkWith(schema, news);
        },

        async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
            const { changes, replaces } = changesWith(schema, olds, news);
            // Attach the new pair before detaching the old one (no gap), except when the pair is the
            // same (only the site changed): detaching last would undo the attach.
            const samePair = !replaces.includes("variableSetId") && !replaces.includes(owner.property);
            return diffResult(changes, replaces, samePair);
        },

        async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
            const c = clientFor(inputs);
            let organization: string | undefined;
            try {
                // The set's organization (recorded to tell "gone" from "not visible" later; known
                // already when this process made the set), then a POST that is safe to repeat.
                organization = (await c.cached(`varset ${inputs.variableSetId}`, () => hcp.readVariableSet(c, inputs.variableSetId))).organization;
                await owner.attach(c, inputs.variableSetId, ownerId(inputs));
            } catch (err) {
                if (hcp.isNotFound(err)) {
                    throw new Error(
                        `creating ${where(inputs)} failed: the variable set or the ${owner.noun} was ${NOT_FOUND_OR_HIDDEN}. ${err.message}`,
                    );
                }
                if (hcp.isHcpError(err) && err.code === "VALIDATION") {
                    // 422 (or 400): the server's detail says why, e.g. a global set cannot be attached.
                    throw new Error(`HCP Terraform refused ${where(inputs)}: ${err.detail ? `${err.detail}. ` : ""}${err.message}`);
                }
                throw err;
            }
            return { id: `${inputs.variableSetId}/${ownerId(inputs)}`, outs: compact({ ...inputs, organization }) };
        },

        async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
            const c = clientFor(props);
            const set = await readSet(c, props);
            if (set === undefined || !owner.attachedTo(set).includes(ownerId(props))) {
                // The set is gone, or it was detached out of band, or the owner was deleted.
                return { id: "" };
            }
            const { organization: _o, ...inputs } = props;
            return { id, props: compact({ ...props, organization: set.organization || props.organization }), inputs };
        },

        async update(_id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
            // Every real change replaces; nothing to send.
            return { outs: compact({ ...olds, ...news, site: olds.site ?? news.site, organization: olds.organization }) };
        },

        async delete(_id: string, props: any): Promise<void> {
            const c = clientFor(props);
            if (owner.keepOnFederationSets) {
                const set = await readSet(c, props);
                if (set === undefined || ownerOf(set.description) !== undefined) {
                    return;
                }
            }
            try {
                await owner.detach(c, props.variableSetId, ownerId(props));
            } catch (err) {
                if (!hcp.isNotFound(err)) throw err;
                await confirmGone(c, where(props), [{ variableSetId: props.variableSetId }, { organization: props.organization }]);
            }
        },
    };
}
