// Look-ups of many workspaces of one organization, at the request floor.
//
// A fleet stack looks up hundreds of workspaces at once (by name when a federation is created, by
// id when it is refreshed). One GET per workspace costs N requests; the organization's paginated
// list costs one request per 100 workspaces of the organization. Look-ups made within a short
// window are batched per (site, token, organization): a lone look-up is one GET; a batch reads the
// first page of the list, which tells how many pages there are, and reads the rest only when that
// is cheaper than one GET per workspace still missing. Every page read is kept for the rest of the
// process (a `pulumi up` is one process) and serves later look-ups, and batches read pages one
// after another, so a page is read once however the look-ups arrive. A workspace the pages read
// do not show is always asked for by name or id before it is reported missing: a listing is a
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
    /** The workspaces of the pages read since `listedAt`, by lower-cased name... */
    byName: Map<string, Workspace>;
    /** ... and by id. */
    byId: Map<string, Workspace>;
    /** Page numbers read, and how many pages the list has (0: none read). */
    pagesRead: Set<number>;
    totalPages: number;
    listedAt: number;
    waiting: Waiter[];
    timer?: NodeJS.Timeout;
    /** The page reads of the batches, one batch after another. */
    listing: Promise<void>;
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
        dir = { byName: new Map(), byId: new Map(), pagesRead: new Set(), totalPages: 0, listedAt: 0, waiting: [], listing: Promise.resolve() };
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

/** Some pages were read, recently enough to serve look-ups. */
function fresh(dir: Directory): boolean {
    return dir.totalPages > 0 && Date.now() - dir.listedAt < LISTING_TTL_MS;
}

/** Drops what the pages showed (expired). */
function clearListing(dir: Directory): void {
    dir.byName.clear();
    dir.byId.clear();
    dir.pagesRead.clear();
    dir.totalPages = 0;
}

/** Records one workspace as seen (a page, a create, a rename): a renamed one is no longer found by its old name. */
function record(dir: Directory, ws: Workspace): void {
    const known = dir.byId.get(ws.id);
    if (known && dir.byName.get(known.name.toLowerCase())?.id === ws.id) {
        dir.byName.delete(known.name.toLowerCase());
    }
    dir.byName.set(ws.name.toLowerCase(), { ...ws });
    dir.byId.set(ws.id, { ...ws });
}

function fromListing(dir: Directory, key: Key): Workspace | undefined {
    if (!fresh(dir)) {
        return undefined;
    }
    const ws = "name" in key ? dir.byName.get(key.name.toLowerCase()) : dir.byId.get(key.id);
    // Workspace names compare exactly; the listing is indexed without case only to find candidates.
    return ws && matches(ws, key) ? { ...ws } : undefined;
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
    if (fresh(dir)) {
        record(dir, ws);
    }
}

/** Records that a workspace is gone (a delete made by this process). */
export function forgetWorkspace(c: HcpClient, org: string, id: string): void {
    const dir = directoryFor(c, org);
    if (!fresh(dir)) {
        return;
    }
    const known = dir.byId.get(id);
    dir.byId.delete(id);
    if (known && dir.byName.get(known.name.toLowerCase())?.id === id) dir.byName.delete(known.name.toLowerCase());
}

async function readPage(c: HcpClient, org: string, dir: Directory, page: number): Promise<void> {
    const answer = await listWorkspacesPage(c, org, page);
    if (dir.totalPages === 0) {
        dir.listedAt = Date.now();
    }
    // The latest answer says how many pages there are now (the organization may have changed).
    dir.totalPages = answer.totalPages;
    dir.pagesRead.add(page);
    answer.workspaces.forEach((ws) => record(dir, ws));
}

/**
 * Reads what the batch's look-ups need of the list: nothing when the pages read serve them all
 * (or for a lone look-up with no page read), else the first page, then the pages left only when
 * the look-ups still missing are more than those pages.
 */
async function extendListing(c: HcpClient, org: string, dir: Directory, keys: Key[]): Promise<void> {
    if (!fresh(dir)) {
        clearListing(dir);
    }
    const missing = () => keys.filter((key) => fromListing(dir, key) === undefined).length;
    if (missing() === 0 || (dir.totalPages === 0 && keys.length < 2)) {
        return;
    }
    if (dir.totalPages === 0) {
        await readPage(c, org, dir, 1);
    }
    const left = () => Array.from({ length: dir.totalPages }, (_, i) => i + 1).filter((page) => !dir.pagesRead.has(page));
    if (missing() <= left().length) {
        // Cheaper (or as cheap) to ask for each one still missing.
        return;
    }
    for (let next = left()[0]; next !== undefined; next = left()[0]) {
        await readPage(c, org, dir, next);
    }
}

async function flush(c: HcpClient, org: string, dir: Directory): Promise<void> {
    const batch = dir.waiting.splice(0);
    dir.timer = undefined;
    const keys = batch.map((w) => w.key);
    // After the page reads of the batches before this one: what they read serves this one too.
    const reads = dir.listing.then(() => extendListing(c, org, dir, keys));
    dir.listing = reads.catch(() => undefined);
    try {
        await reads;
    } catch (err) {
        batch.forEach((w) => w.reject(err));
        return;
    }
    await Promise.all(
        batch.map(async (w) => {
            try {
                // Not in the pages read: ask for it before calling it missing.
                w.resolve(fromListing(dir, w.key) ?? (await readOne(c, org, w.key)));
            } catch (err) {
                w.reject(err);
            }
        }),
    );
}

function lookUp(c: HcpClient, org: string, key: Key): Promise<Workspace | undefined> {
    const dir = directoryFor(c, org);
    const hit = fromListing(dir, key);
    if (hit) {
        return Promise.resolve(hit);
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
