// Everything in an HCP emulator's store (tests/emulator store.ts: organizations, projects,
// workspaces, variables, variable sets and their variables, OIDC configurations) as plain JSON, put
// back into another emulator, and the difference between two snapshots. Generic over the store's
// Maps (key -> record), so a map the emulator gains later is carried too.
import type { Emulator } from "../emulator";

/** Every map of the store: name -> [key, record] in insertion order. */
export type StoreDump = Record<string, [string, Record<string, any>][]>;

/** A deep copy of every record of the store. */
export function dumpStore(emu: Emulator): StoreDump {
    const out: StoreDump = {};
    for (const [name, map] of Object.entries(emu.store)) {
        if (map instanceof Map) out[name] = structuredClone([...map.entries()]);
    }
    return out;
}

/** Replaces the content of every map of the store with the dump's (a map the dump does not know is emptied). */
export function restoreStore(emu: Emulator, dump: StoreDump): void {
    for (const [name, map] of Object.entries(emu.store)) {
        if (!(map instanceof Map)) continue;
        map.clear();
        for (const [key, record] of structuredClone(dump[name] ?? [])) map.set(key, record);
    }
    const unknown = Object.keys(dump).filter((name) => !((emu.store as any)[name] instanceof Map));
    if (unknown.length > 0) throw new Error(`restoreStore: the emulator's store has no map ${unknown.join(", ")}`);
}

/** What changed between two dumps, per map: keys removed, records added and records changed (their new version). */
export interface StoreChanges {
    removed: Record<string, string[]>;
    added: Record<string, Record<string, any>[]>;
    changed: Record<string, Record<string, any>[]>;
}

/** Fields that differ between two runs doing the same thing (new ids, clocks, version ids). */
const VOLATILE = new Set(["createdAt", "updatedAt", "versionId"]);

function stable(record: Record<string, any>, withoutId: boolean): Record<string, any> {
    return Object.fromEntries(Object.entries(record).filter(([k]) => !VOLATILE.has(k) && !(withoutId && k === "id")));
}

/**
 * The changes from `before` to `after`, comparable between two runs: records compared and shown
 * without their clock and version fields; added records without their (new) id; maps with no change left out.
 */
export function storeChanges(before: StoreDump, after: StoreDump): StoreChanges {
    const out: StoreChanges = { removed: {}, added: {}, changed: {} };
    for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
        const b = new Map(before[name] ?? []);
        const a = new Map(after[name] ?? []);
        const removed = [...b.keys()].filter((k) => !a.has(k));
        const added = [...a.entries()].filter(([k]) => !b.has(k)).map(([, r]) => stable(r, true));
        const changed = [...a.entries()]
            .filter(([k, r]) => b.has(k) && JSON.stringify(stable(b.get(k)!, false)) !== JSON.stringify(stable(r, false)))
            .map(([, r]) => stable(r, false));
        if (removed.length > 0) out.removed[name] = removed;
        if (added.length > 0) out.added[name] = added;
        if (changed.length > 0) out.changed[name] = changed;
    }
    return out;
}
