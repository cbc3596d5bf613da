// What differs between the registrations of two captures of a program (e.g. the same program
// against two releases): for resources the model does not run (AWS under mocks), the same URN and
// the same inputs mean the real provider sees no change at all.
import assert from "node:assert/strict";
import { symbolicPlaceholders, type EngineProgram } from "./program";
import type { Registration } from "./registrations";

/** gone: the URN is no longer registered; new: a URN not registered before; inputs / options: what differs. */
export type RegistrationChange = "gone" | "new" | "inputs" | "options";

/** AWS resources under mocks: custom resources the model does not run. */
export const isAws = (r: Registration): boolean => r.custom && !r.dynamic;

function options(r: Registration) {
    return [r.parent, r.retainOnDelete, r.deleteBeforeReplace, r.protect, r.ignoreChanges, r.replaceOnChanges, r.aliases];
}

/** name -> how the registration of the selected resources (default: AWS) differs between `before` and `after`. */
export function registrationChanges(before: EngineProgram, after: EngineProgram, select: (r: Registration) => boolean = isAws): Record<string, RegistrationChange> {
    const pick = (p: EngineProgram) => new Map(p.registrations.filter(select).map((r) => [r.urn, { r, inputs: symbolicPlaceholders(r.inputs, p.placeholders) }]));
    const [a, b] = [pick(before), pick(after)];
    const out: Record<string, RegistrationChange> = {};
    const put = (name: string, change: RegistrationChange) => {
        assert.ok(!(name in out), `two changed registrations are named ${name}`);
        out[name] = change;
    };
    for (const [urn, old] of a) {
        const now = b.get(urn);
        if (!now) put(old.r.name, "gone");
        else if (JSON.stringify(now.inputs) !== JSON.stringify(old.inputs)) put(old.r.name, "inputs");
        else if (JSON.stringify(options(now.r)) !== JSON.stringify(options(old.r))) put(old.r.name, "options");
    }
    for (const [urn, now] of b) if (!a.has(urn)) put(now.r.name, "new");
    return out;
}
