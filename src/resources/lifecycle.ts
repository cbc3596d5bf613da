// What every dynamic provider of this package shares: the client for a state's site, "404 means
// gone" only once a parent confirms it, creates by natural key, and the error that reports an
// object a failed create left behind. Nothing here captures credentials: providers resolve the
// client at call time from the resource's recorded site and the environment.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../hcp";
import { siteOf } from "./schema";

export { UNKNOWN, compact, diffResult, isUnknown } from "./schema";

/** The HCP client for inputs or a state: its recorded site (`site`), else what `hostname` names now. */
export function clientFor(values: Record<string, any>): hcp.HcpClient {
    return hcp.clientFor({ hostname: siteOf(values), allowInsecureHttp: values.allowInsecureHttp === true });
}

// Errors of the HCP client are recognised with the client's own code-based helpers (hcp.isNotFound,
// hcp.isAlreadyExists, hcp.isAmbiguous, `code`), never with `instanceof`: a provider serialized by
// value carries its own copy of the client module. The client's errors keep their message, code
// and flags in such a copy (see src/hcp/errors.ts), so providers pass them on or quote `message`.

/** What holds an object, nearest first: proving one of them visible proves the object gone. */
export type Parent = { readonly workspaceId: string } | { readonly variableSetId: string } | { readonly organization: string };

async function visible(c: hcp.HcpClient, parent: Parent): Promise<boolean> {
    try {
        if ("workspaceId" in parent) {
            await hcp.readWorkspace(c, parent.workspaceId);
        } else if ("variableSetId" in parent) {
            await hcp.readVariableSet(c, parent.variableSetId);
        } else {
            await hcp.readOrganization(c, parent.organization);
        }
        return true;
    } catch (err) {
        if (hcp.isNotFound(err)) {
            return false;
        }
        throw err;
    }
}

/**
 * After a 404 on `what`: returns when a parent is visible (so the object is really gone), and
 * throws when nothing up to the organization is visible, which is a credentials problem (another
 * team's token, another site), not a deletion. HCP Terraform answers 404 for both.
 */
export async function confirmGone(c: hcp.HcpClient, what: string, parents: readonly (Parent | undefined)[]): Promise<void> {
    const known = parents.filter((p): p is Parent => p !== undefined && Object.values(p)[0] !== undefined && Object.values(p)[0] !== "");
    for (const parent of known) {
        if (await visible(c, parent)) {
            return;
        }
    }
    const conn = c.connection();
    const org = known.find((p): p is { organization: string } => "organization" in p);
    if (org) {
        throw new hcp.VisibilityError({
            method: "GET",
            path: `/organizations/${encodeURIComponent(org.organization)}`,
            host: conn.host,
            status: 404,
            what,
            organization: org.organization,
            site: conn.site,
            tokenSource: conn.tokenSource,
        });
    }
    throw new Error(
        `${what} answered 404, and so does everything it belongs to, and its state (written by 0.2) does not record its organization: ` +
            `this cannot tell a deletion from a token that cannot see it (token from ${conn.tokenSource}, site ${conn.site}). ` +
            "If it was deleted, remove it from the stack with `pulumi state delete <urn>`; otherwise fix the token and run again.",
    );
}

/**
 * For read(): the object, or undefined when it is gone: a 404, confirmed by a visible parent
 * (see confirmGone). Other errors are thrown as they are.
 */
export async function readUnlessGone<T>(c: hcp.HcpClient, what: string, parents: readonly (Parent | undefined)[], read: () => Promise<T>): Promise<T | undefined> {
    try {
        return await read();
    } catch (err) {
        if (!hcp.isNotFound(err)) {
            throw err;
        }
    }
    await confirmGone(c, what, parents);
    return undefined;
}

/**
 * For delete(): sends the delete; a 404 means the object is gone already, which is what was
 * asked, once a visible parent confirms it. Other errors are thrown as they are.
 */
export async function deleteUnlessGone(c: hcp.HcpClient, what: string, parents: readonly (Parent | undefined)[], remove: () => Promise<unknown>): Promise<void> {
    try {
        await remove();
        return;
    } catch (err) {
        if (!hcp.isNotFound(err)) {
            throw err;
        }
    }
    await confirmGone(c, what, parents);
}

export interface ObjectLeftBehindError extends Error {
    readonly id: string;
    readonly properties: Record<string, unknown>;
    readonly reasons: string[];
}

/**
 * Thrown by create() when the remote object exists but a later step failed: the provider host
 * turns an error carrying `id`, `properties` and `reasons` into ErrorResourceInitFailed so the
 * engine records the object instead of leaking it. Used with `new`, it returns a plain Error with
 * those fields as own properties, so a copy serialized by value builds the same object (the host
 * reads `message`, `id`, `properties` and `reasons`).
 */
export const ObjectLeftBehindError = function ObjectLeftBehindError(message: string, id: string, properties: Record<string, unknown>) {
    return Object.assign(new Error(message), { name: "ObjectLeftBehindError", id, properties, reasons: [message] });
} as unknown as new (message: string, id: string, properties: Record<string, unknown>) => ObjectLeftBehindError;

/**
 * Largest `__provider` text copied into the properties of an ObjectLeftBehindError. The host sends
 * those properties in a gRPC trailer, which Node limits to 64 KiB: an installed package's provider
 * is a `require(…)` of a few hundred bytes; one serialized by value (run from source) is ~100 KB.
 */
export const MAX_RECORDED_PROVIDER = 16 * 1024;

/**
 * The provider with create() and update() reporting their `__provider` input along with a
 * half-made object (ObjectLeftBehindError). The engine records the error's properties as the
 * resource's outputs, and the host finds the provider for a later read or delete in the outputs:
 * without it, `pulumi refresh` and `pulumi destroy` of that resource would fail until the next
 * successful `pulumi up`. Too large a text (run from source) is left out: see MAX_RECORDED_PROVIDER.
 */
export function recordsProviderOnPartialFailure(provider: pulumi.dynamic.ResourceProvider): pulumi.dynamic.ResourceProvider {
    const keepProvider = (err: unknown, inputs: any): unknown => {
        const e = err as { id?: unknown; properties?: Record<string, unknown> };
        const text = inputs && inputs.__provider;
        if (e && e.id && e.properties && typeof text === "string" && text.length <= MAX_RECORDED_PROVIDER) {
            e.properties.__provider = text;
        }
        return err;
    };
    const wrapped: pulumi.dynamic.ResourceProvider = { ...provider };
    const create = provider.create;
    const update = provider.update;
    if (create) {
        wrapped.create = (inputs: any) => create(inputs).catch((err) => Promise.reject(keepProvider(err, inputs)));
    }
    if (update) {
        wrapped.update = (id: string, olds: any, news: any) => update(id, olds, news).catch((err) => Promise.reject(keepProvider(err, news)));
    }
    return wrapped;
}

/** How many times a create is sent in all, each repeat only after a look-up by natural key found nothing. */
export const CREATE_ATTEMPTS = 3;

/** How createByNaturalKey() ended. */
export type CreateOutcome<T> =
    /** The POST answered: the object it made. */
    | { readonly kind: "created"; readonly value: T }
    /** A POST of this create got no clear answer and the look-up found the object: that POST made it. */
    | { readonly kind: "found"; readonly value: T }
    /** `lookFirst`: the object existed before the first POST, which was not sent. It is not this create's. */
    | { readonly kind: "existing"; readonly value: T }
    /** 422 "has already been taken", on the first POST or on a repeat whose look-up found nothing: not this create's. */
    | { readonly kind: "taken"; readonly error: hcp.ValidationError };

export interface CreateSteps<T> {
    /** What is created, for messages: `variable "K" (env) of workspace ws-…`. */
    readonly what: string;
    /** Completes "… failed 3 times and <absent> afterwards": e.g. "no such variable was found". */
    readonly absent: string;
    /** Sends the create once (a POST: the client never repeats it). */
    post(): Promise<T>;
    /** The object by its natural key, or undefined when there is none. */
    find(): Promise<T | undefined>;
    /**
     * Look the object up before the first POST. Needed whenever an object that already exists must
     * not be taken over (no adoptExisting): without it, the look-up after an ambiguous POST cannot
     * tell an object that POST made from one the user had. With it, a later hit is this create's own.
     */
    readonly lookFirst?: boolean;
}

/**
 * Creates an object that has a natural key (workspace name, variable key + category, variable set
 * name) when a POST may get no clear answer (5xx, reset, timeout, lost answer: the client marks such
 * errors `ambiguous` and does not repeat them). After an ambiguous failure the object is looked up
 * by its key; only when it is not there is the POST sent again, at most CREATE_ATTEMPTS times in
 * all, and looked up once more after the last one. Other errors are thrown as they are.
 */
export async function createByNaturalKey<T>(steps: CreateSteps<T>): Promise<CreateOutcome<T>> {
    if (steps.lookFirst) {
        let existing: T | undefined;
        try {
            existing = await steps.find();
        } catch (err) {
            // A 404 here means the owner (workspace, variable set, organization) is missing or hidden
            // from the token: the POST below gets the same answer and reports it for the create.
            if (!hcp.isNotFound(err)) {
                throw err;
            }
        }
        if (existing !== undefined) {
            return { kind: "existing", value: existing };
        }
    }
    let lastError: unknown;
    for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
        if (attempt > 1) {
            // The previous POST may have created the object although its answer was lost.
            const made = await steps.find();
            if (made !== undefined) {
                return { kind: "found", value: made };
            }
        }
        try {
            return { kind: "created", value: await steps.post() };
        } catch (err) {
            if (hcp.isAlreadyExists(err)) {
                if (attempt > 1) {
                    // An earlier POST whose answer was lost may have landed after the look-up.
                    const made = await steps.find();
                    if (made !== undefined) {
                        return { kind: "found", value: made };
                    }
                }
                return { kind: "taken", error: err };
            }
            if (!hcp.isAmbiguous(err)) {
                throw err;
            }
            lastError = err;
        }
    }
    // The last POST may have acted too: without this look-up its object would be left to the next
    // run, which would then find it before any POST and take it for someone else's.
    const made = await steps.find();
    if (made !== undefined) {
        return { kind: "found", value: made };
    }
    throw new Error(`creating ${steps.what} failed ${CREATE_ATTEMPTS} times and ${steps.absent} afterwards: ${(lastError as Error).message}`);
}

