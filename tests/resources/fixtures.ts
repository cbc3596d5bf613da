// Helpers the resource test files share (re-exported by harness.ts): the diff answers, the site and
// messages the emulator setting implies, 0.2-style states, and out-of-band edits of the store.
import {
    newId,
    now,
    type VariableFieldsRecord,
    type VariableRecord,
    type VarsetRecord,
    type VarsetVariableRecord,
} from "../emulator";
import type { PropertyMap } from "../support/providerHost";
import type { Harness, State } from "./harness";

/** The organization every harness's emulator has. */
export const ORG = "acme";

/** What diff() answers for no change, and for an update in place. */
export const NO_DIFF = { changes: false, replaces: [], deleteBeforeReplace: false, diffs: [] };
export const IN_PLACE = { changes: true, replaces: [], deleteBeforeReplace: false, diffs: [] };

/** What diff() answers for a replacement because of `fields`. */
export function replaced(fields: string[], deleteBeforeReplace: boolean) {
    return { changes: true, replaces: fields, deleteBeforeReplace, diffs: [] };
}

/** The site check() records for the emulator (TFE_HOSTNAME is its bare loopback host: http). */
export function siteOf(h: Harness): string {
    return `http://${h.emu.hostname}`;
}

/** Where the host's token comes from, as messages name it. */
export const TOKEN_SOURCE = "the TFE_TOKEN environment variable";

/** The VisibilityError message: `what` answered 404 and so does the organization on the emulator's site. */
export function visibilityMessage(h: Harness, what: string, organization = ORG): string {
    const site = siteOf(h);
    return (
        `${what} answered 404, and so does organization "${organization}" on ${site}: the token from ${TOKEN_SOURCE} cannot see that ` +
        `organization at all. This is a credentials problem (another team's token, or another site than the one the object was created on), ` +
        `not a deletion: nothing was removed from the stack. Use a token of a member of "${organization}" on ${site}, then run the command again.`
    );
}

/** Outputs without __provider, for exact comparisons. */
export function outsOf(state: { outs: PropertyMap }): PropertyMap {
    const { __provider: _p, ...outs } = state.outs;
    return outs;
}

/** The state as 0.2 wrote it: without the given keys (e.g. `site`, `organization`) in outputs and inputs. */
export function without(state: State, ...keys: string[]): State {
    const drop = (m: PropertyMap) => Object.fromEntries(Object.entries(m).filter(([k]) => !keys.includes(k)));
    return { id: state.id, outs: drop(state.outs), inputs: drop(state.inputs) };
}

let made = 0;

function variableRecord(f: Partial<VariableFieldsRecord> & { key: string }): VariableFieldsRecord {
    return { id: newId("var"), value: "", description: "", category: "env", hcl: false, sensitive: false, versionId: "0".repeat(36), createdAt: now(), ...f };
}

/** Puts a workspace variable in the emulator's store (out of band). */
export function addVariable(h: Harness, workspaceId: string, f: Partial<VariableRecord> & { key: string }): VariableRecord {
    const rec: VariableRecord = { ...variableRecord(f), workspaceId };
    h.emu.store.variables.set(rec.id, rec);
    return rec;
}

/** Puts a variable of a variable set in the emulator's store (out of band). */
export function addSetVariable(h: Harness, varsetId: string, f: Partial<VarsetVariableRecord> & { key: string }): VarsetVariableRecord {
    const rec: VarsetVariableRecord = { ...variableRecord(f), varsetId };
    h.emu.store.varsetVariables.set(rec.id, rec);
    return rec;
}

/** A workspace's own variables in the emulator's store. */
export function variablesOf(h: Harness, workspaceId: string): VariableRecord[] {
    return [...h.emu.store.variables.values()].filter((v) => v.workspaceId === workspaceId);
}

/** Puts a variable set in the emulator's store (out of band); the name is unique unless given. */
export function addSet(h: Harness, fields: Partial<VarsetRecord> = {}): VarsetRecord {
    const at = now();
    const rec: VarsetRecord = {
        id: newId("varset"), name: `set-${++made}`, description: "", global: false, priority: false, organization: ORG,
        parentProjectId: null, workspaceIds: [], projectIds: [], createdAt: at, updatedAt: at, ...fields,
    };
    h.emu.store.varsets.set(rec.id, rec);
    return rec;
}

/** A fresh workspace of `org` (unique name unless given); answers its id. */
export function addWorkspace(h: Harness, name = `ws-${++made}`, org = ORG, projectId?: string): string {
    return h.emu.addWorkspace(org, name, projectId ? { projectId } : undefined).id;
}
