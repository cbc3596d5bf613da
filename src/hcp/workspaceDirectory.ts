// Look-ups of many workspaces of one organization, at the request floor.
//
// A fleet stack looks up hundreds of workspaces at once (by name when a federation is created, by
// id when it is refreshed). One GET per workspace costs N requests; the organization's paginated
// list costs one request per 100 workspaces of the organization. Look-ups made within a short
// window are batched per (site, token, organization): a lone look-up is one GET; a batch reads the
// first page of the list, which tells how many pages there are, and reads the rest only when that
// is cheaper than one GET per workspace still missing. A complete listing is kept for the rest of
// the process (a `pulumi up` is one process) and serves later look-ups. A workspace the listing
// does not show is always asked for by name or id before it is reported missing: a listing is a
// snapshot, and a list that shrank between pages may have skipped it.
//
// State lives on globalThis (see processState.ts): copies of this module share it.
import type { HcpClient } from "./client";
import { isNotFound } from "./errors";
import { connectionKey } from "./processState";
import { Workspace, listWorkspacesPage, readWorkspace, readWorkspaceByName } from "./workspaces";

/** How long look-ups wait for others to join their batch, ms. */
export const BATCH_WINDOW_MS = 15;
/** How long a complete listing serves look-ups, ms. */
export const LISTING_TTL_MS = 5 * 60 * 1000;

type Key = { name: string } | { id: string };

interface Waiter {
    key: Key;
    resolve(ws: Workspace | undefined): void;
    reject(err: unknown): void;
}

interface Directory {
    /** A complete listing of the organization, by lower-cased name... */
    byName?: Map<string, Workspace>;
    /** ... and by id. */
    byId?: Map<string, Workspace>;
    listedAt: number;
    waiting: Waiter[];
    timer?: NodeJS.Timeout;
}

function directories(): Map<string, Directory> {
    const g = globalThis as any;
    const key = Symbol.for("hcp-oidc-federation.workspaceDirectory");
    if (!(g[key] instanceof Map)) {
        g[key] = new Map();
    }
    return g[key];
}

function directoryFor(c: HcpClient, org: string): Directory {
    const key = `${connectionKey(c.connection())} ${org.toLowerCase()}`;
    const all = directories();
    let dir = all.get(key);
    if (!dir) {
        dir = { listedAt: 0, waiting: [] };
        all.set(key, dir);
    }
    return dir;
}

/** Forgets every listing (tests; a Pulumi program never needs it). */
export function resetWorkspaceDirectory(): void {
    directories().clear();
}

function matches(ws: Workspace, key: Key): boolean {
    return "name" in key ? ws.name === key.name : ws.id === key.id;
}

function fresh(dir: Directory): boolean {
    return dir.byName !== undefined && Date.now() - dir.listedAt < LISTING_TTL_MS;
}

function fromListing(dir: Directory, key: Key): Workspace | undefined {
    const ws = "name" in key ? dir.byName!.get(key.name.toLowerCase()) : dir.byId!.get(key.id);
    // Workspace names compare exactly; the listing is indexed without case only to find candidates.
    return ws && ("id" in key || ws.name === key.name) ? { ...ws } : undefined;
}

/** One GET by name or id; undefined on 404 (missing, or hidden from the token). */
async function readOne(c: HcpClient, org: string, key: Key): Promise<Workspace | undefined> {
    try {
        return "name" in key ? await readWorkspaceByName(c, org, key.name) : await readWorkspace(c, key.id);
    } catch (err) {
        if (isNotFound(err)) {
            return undefined;
        }
        throw err;
    }
}

/** Records what this process learnt of one workspace (a create, a rename, a read). */
export function rememberWorkspace(c: HcpClient, ws: Workspace): void {
    const dir = directoryFor(c, ws.organization);
    if (!fresh(dir)) {
        return;
    }
    for (const [name, known] of dir.byName!) {
        if (known.id === ws.id) dir.byName!.delete(name);
    }
    dir.byName!.set(ws.name.toLowerCase(), { ...ws });
    dir.byId!.set(ws.id, { ...ws });
}

/** Records that a workspace is gone (a delete made by this process). */
export function forgetWorkspace(c: HcpClient, org: string, id: string): void {
    const dir = directoryFor(c, org);
    if (!fresh(dir)) {
        return;
    }
    const known = dir.byId!.get(id);
    dir.byId!.delete(id);
    if (known) dir.byName!.delete(known.name.toLowerCase());
}

async function flush(c: HcpClient, org: string, dir: Directory): Promise<void> {
    const batch = dir.waiting.splice(0);
    dir.timer = undefined;
    let seen: Workspace[] = [];
    if (fresh(dir)) {
        seen = [...dir.byId!.values()];
    } else if (batch.length > 1) {
        try {
            seen = await list(c, org, dir, batch.map((w) => w.key));
        } catch (err) {
            batch.forEach((w) => w.reject(err));
            return;
        }
    }
    await Promise.all(
        batch.map(async (w) => {
            const key = w.key;
            const hit = seen.find((ws) => matches(ws, key));
            try {
                // Not in the listing: ask for it before calling it missing.
                w.resolve(hit ? { ...hit } : await readOne(c, org, key));
            } catch (err) {
                w.reject(err);
            }
        }),
    );
}

/**
 * Lists the organization: the first page, then the rest only when the look-ups it did not serve
 * are more than the pages left. Answers what it saw; a complete listing is also kept for later
 * look-ups (dir.byName/byId).
 */
async function list(c: HcpClient, org: string, dir: Directory, keys: Key[]): Promise<Workspace[]> {
    const first = await listWorkspacesPage(c, org, 1);
    const seen = [...first.workspaces];
    const stillMissing = keys.filter((key) => !seen.some((ws) => matches(ws, key))).length;
    if (first.totalPages > 1 && stillMissing <= first.totalPages - 1) {
        // Cheaper to ask for each one still missing.
        return seen;
    }
    for (let page = 2; page <= first.totalPages; page++) {
        seen.push(...(await listWorkspacesPage(c, org, page)).workspaces);
    }
    dir.byName = new Map(seen.map((ws) => [ws.name.toLowerCase(), ws]));
    dir.byId = new Map(seen.map((ws) => [ws.id, ws]));
    dir.listedAt = Date.now();
    return seen;
}

function lookUp(c: HcpClient, org: string, key: Key): Promise<Workspace | undefined> {
    const dir = directoryFor(c, org);
    if (fresh(dir)) {
        const hit = fromListing(dir, key);
        if (hit) {
            return Promise.resolve(hit);
        }
    }
    return new Promise((resolve, reject) => {
        dir.waiting.push({ key, resolve, reject });
        if (!dir.timer) {
            dir.timer = setTimeout(() => void flush(c, org, dir), BATCH_WINDOW_MS);
        }
    });
}

/** The workspace `name` of `org` (exact name), or undefined when it is missing or hidden from the token (404). */
export function lookUpWorkspaceByName(c: HcpClient, org: string, name: string): Promise<Workspace | undefined> {
    return lookUp(c, org, { name });
}

/** The workspace `id` of `org`, or undefined when it is missing or hidden from the token (404). */
export function lookUpWorkspaceById(c: HcpClient, org: string, id: string): Promise<Workspace | undefined> {
    return lookUp(c, org, { id });
}
