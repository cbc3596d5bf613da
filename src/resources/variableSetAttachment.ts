// One provider implementation for attaching a variable set to a workspace or to a project. The
// attachment is a relationship of the set, not an object of its own: its id is
// `<varset>/<owner>`, attaching is safe to repeat, and it is gone when the set's relationships no
// longer name the owner (or the set answers 404).
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../hcp";
import {
    ID_PATTERNS,
    InputChecker,
    NOT_FOUND_OR_HIDDEN,
    changedFields,
    clientFor,
    compact,
    diffResult,
    deleteUnlessGone,
    readUnlessGone,
} from "./lifecycle";

/** What differs between a workspace attachment and a project attachment. */
export interface AttachmentOwner {
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
}

export function attachmentProvider(owner: AttachmentOwner): pulumi.dynamic.ResourceProvider {
    const ownerId = (inputs: Record<string, any>): string => inputs[owner.property];
    const where = (inputs: Record<string, any>): string =>
        `the attachment of variable set ${inputs.variableSetId} to ${owner.noun} ${ownerId(inputs)}`;
    const outputsOf = (inputs: Record<string, any>): Record<string, unknown> =>
        compact({ variableSetId: inputs.variableSetId, [owner.property]: ownerId(inputs), hostname: inputs.hostname });

    return {
        async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
            const inputs = compact(news);
            const checker = new InputChecker(inputs);
            checker.requireString("variableSetId", ID_PATTERNS.variableSet, 'give the variable set id, e.g. "varset-123456789abcdefg"');
            checker.requireString(owner.property, owner.idPattern, `give the ${owner.noun} id, e.g. "${owner.idExample}"`);
            checker.hostname();
            return { inputs, failures: checker.failures };
        },

        async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
            // Any change is another attachment.
            const changes = changedFields(olds, news, ["variableSetId", owner.property, "hostname"]);
            // Attach the new pair before detaching the old one (no gap), except when the pair is the
            // same (only the spelling of the site changed): detaching last would undo the attach.
            const samePair = !changes.includes("variableSetId") && !changes.includes(owner.property);
            return diffResult(changes, changes, samePair);
        },

        async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
            const c = clientFor(inputs.hostname);
            try {
                // A POST that is safe to repeat: the client retries it after a 5xx or a lost answer.
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
            return { id: `${inputs.variableSetId}/${ownerId(inputs)}`, outs: outputsOf(inputs) };
        },

        async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
            const c = clientFor(props.hostname);
            const set = await readUnlessGone(() => hcp.readVariableSet(c, props.variableSetId));
            if (set === undefined || !owner.attachedTo(set).includes(ownerId(props))) {
                // The set is gone (404), or it was detached out of band, or the owner was deleted.
                return { id: "" };
            }
            const outs = outputsOf(props);
            return { id, props: outs, inputs: outs };
        },

        async update(_id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
            // Every real change replaces; nothing to send.
            return { outs: compact({ ...olds, hostname: news.hostname }) };
        },

        async delete(_id: string, props: any): Promise<void> {
            const c = clientFor(props.hostname);
            await deleteUnlessGone(() => owner.detach(c, props.variableSetId, ownerId(props)));
        },
    };
}
