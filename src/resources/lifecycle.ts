// What every dynamic provider of this package shares: input validation helpers for check(),
// a field-by-field diff, "404 means gone" for read(), and the error that reports an object a
// failed create left behind. Nothing here captures credentials: providers resolve the client at
// call time from the resource's `hostname` input and the environment.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../hcp";

/** The value the engine sends for an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN;
}

/** Drops keys whose value is undefined: the provider host cannot encode them ("Unexpected struct type"). */
export function compact<T extends object>(value: T): T {
    const out: any = {};
    for (const [k, v] of Object.entries(value)) {
        if (v !== undefined) {
            out[k] = v;
        }
    }
    return out;
}

/** The HCP client for a resource, resolved now (never captured): explicit hostname, else the environment. */
export function clientFor(hostname: string | undefined): hcp.HcpClient {
    return hcp.clientFor({ hostname: hostname || undefined });
}

// Errors of the HCP client are recognised with the client's own code-based helpers (hcp.isNotFound,
// hcp.isAlreadyExists, hcp.isAmbiguous, `code`), never with `instanceof`: a provider serialized by
// value carries its own copy of the client module. The client's errors keep their message, code
// and flags in such a copy (see src/hcp/errors.ts), so providers pass them on or quote `message`.

/**
 * For read(): the object, or undefined when the server answers 404 (the object is gone, or the
 * token may not see it; the engine then drops it from the state). Other errors are thrown as they are.
 */
export async function readUnlessGone<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
        return await read();
    } catch (err) {
        if (hcp.isNotFound(err)) {
            return undefined;
        }
        throw err;
    }
}

/** For delete(): sends the delete; a 404 means the object is gone already, which is what was asked. Other errors are thrown as they are. */
export async function deleteUnlessGone(remove: () => Promise<unknown>): Promise<void> {
    try {
        await remove();
    } catch (err) {
        if (!hcp.isNotFound(err)) {
            throw err;
        }
    }
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

/** Collects check() failures, each naming the property and the fix. Unknown values are skipped. */
export class InputChecker {
    readonly failures: pulumi.dynamic.CheckFailure[];
    private readonly inputs: Record<string, any>;

    // Fields are assigned here, not by initializers: the closure serializer keeps only the constructor.
    constructor(inputs: Record<string, any>) {
        this.inputs = inputs;
        this.failures = [];
    }

    fail(property: string, reason: string): void {
        this.failures.push({ property, reason });
    }

    /** A required non-empty string, optionally matched against a pattern. */
    requireString(property: string, pattern?: RegExp, fix?: string): void {
        const value = this.inputs[property];
        if (isUnknown(value)) {
            return;
        }
        if (typeof value !== "string" || value === "") {
            this.fail(property, `${property} is required: give a non-empty string.`);
            return;
        }
        this.match(property, pattern, fix);
    }

    /** An optional string: checked only when given. */
    optionalString(property: string, pattern?: RegExp, fix?: string): void {
        const value = this.inputs[property];
        if (value === undefined || value === null || isUnknown(value)) {
            return;
        }
        if (typeof value !== "string") {
            this.fail(property, `${property} must be a string.`);
            return;
        }
        this.match(property, pattern, fix);
    }

    optionalBoolean(property: string): void {
        const value = this.inputs[property];
        if (value === undefined || value === null || isUnknown(value) || typeof value === "boolean") {
            return;
        }
        this.fail(property, `${property} must be true or false, not ${JSON.stringify(value)}.`);
    }

    oneOf(property: string, allowed: readonly string[]): void {
        const value = this.inputs[property];
        if (isUnknown(value)) {
            return;
        }
        if (!allowed.includes(value)) {
            this.fail(property, `${property} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, not ${JSON.stringify(value)}.`);
        }
    }

    /** A required non-empty list of strings, each matched against a pattern. Unknown elements are skipped. */
    requireStringList(property: string, pattern?: RegExp, fix?: string): void {
        const value = this.inputs[property];
        if (isUnknown(value)) {
            return;
        }
        if (!Array.isArray(value) || value.length === 0) {
            this.fail(property, `${property} is required: give a non-empty list of strings.`);
            return;
        }
        value.forEach((item, i) => {
            if (isUnknown(item)) {
                return;
            }
            if (typeof item !== "string" || item === "") {
                this.fail(property, `${property}[${i}] must be a non-empty string, not ${JSON.stringify(item)}.`);
            } else if (pattern && !pattern.test(item)) {
                this.fail(property, `${property}[${i}] ${JSON.stringify(item)} is not valid: ${fix ?? `it must match ${pattern}`}.`);
            }
        });
    }

    /** A string checked by a predicate (when given and known): `reason` names the fix. */
    validString(property: string, required: boolean, ok: (value: string) => boolean, fix: string): void {
        const value = this.inputs[property];
        if (isUnknown(value)) {
            return;
        }
        if (value === undefined || value === null || value === "") {
            if (required) {
                this.fail(property, `${property} is required: give a non-empty string.`);
            }
            return;
        }
        if (typeof value !== "string") {
            this.fail(property, `${property} must be a string.`);
            return;
        }
        if (!ok(value)) {
            this.fail(property, `${property} ${JSON.stringify(value)} is not valid: ${fix}.`);
        }
    }

    /** The optional `hostname` every resource has. */
    hostname(): void {
        this.optionalString("hostname", HOST_PATTERN, HOST_FIX);
    }

    /** A custom rule, evaluated only when every named property is known. */
    rule(property: string, known: string[], ok: () => boolean, reason: string): void {
        if (known.some((k) => isUnknown(this.inputs[k]))) {
            return;
        }
        if (!ok()) {
            this.fail(property, reason);
        }
    }

    private match(property: string, pattern: RegExp | undefined, fix: string | undefined): void {
        const value = this.inputs[property] as string;
        if (pattern && !pattern.test(value)) {
            this.fail(property, `${property} ${JSON.stringify(value)} is not valid: ${fix ?? `it must match ${pattern}`}.`);
        }
    }
}

/**
 * The declared fields whose values differ between old outputs and new inputs. `organization`
 * compares case-insensitively (so does the server) and `hostname` ignores a scheme, a trailing
 * slash and letter case ("https://App.Terraform.io/" is "app.terraform.io").
 */
export function changedFields(olds: Record<string, any>, news: Record<string, any>, fields: readonly string[]): string[] {
    return fields.filter((f) => !sameValue(normalize(f, olds[f]), normalize(f, news[f])));
}

/** The result of diff(): `replaces` are the changed properties that force a replacement. */
export function diffResult(changes: readonly string[], replaces: readonly string[], deleteBeforeReplace: boolean): pulumi.dynamic.DiffResult {
    return {
        changes: changes.length > 0,
        replaces: [...replaces],
        deleteBeforeReplace: replaces.length > 0 && deleteBeforeReplace,
    };
}

function normalize(field: string, value: unknown): unknown {
    if (typeof value !== "string" || isUnknown(value)) {
        return value;
    }
    if (field === "organization") {
        return value.toLowerCase();
    }
    if (field === "hostname") {
        return value.trim().toLowerCase().replace(/^https:\/\//, "").replace(/\/+$/, "") || undefined;
    }
    return value;
}

function sameValue(a: unknown, b: unknown): boolean {
    if (a === undefined || a === null) {
        return b === undefined || b === null;
    }
    return JSON.stringify(a) === JSON.stringify(b);
}

/** Shapes of the ids the HCP API hands out. */
export const ID_PATTERNS = {
    workspace: /^ws-[A-Za-z0-9]+$/,
    project: /^prj-[A-Za-z0-9]+$/,
    variableSet: /^varset-[A-Za-z0-9]+$/,
} as const;

/** Organization and workspace names: letters, digits, "-" and "_". */
export const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
export const NAME_FIX = 'use only letters, digits, "-" and "_"';

/** An HCP Terraform / Terraform Enterprise host, with an optional scheme and port. */
export const HOST_PATTERN = /^(https?:\/\/)?[A-Za-z0-9.-]+(:\d+)?\/?$/;
export const HOST_FIX = 'give a host name such as "app.terraform.io" or "tfe.example.com"';

/** Variable keys: anything without white space (env names and Terraform variable names). */
export const KEY_PATTERN = /^\S+$/;

/** What every resource says when its object or its owner answered 404. */
export const NOT_FOUND_OR_HIDDEN = "not found, or the token is not allowed to see it (HCP Terraform answers 404 for both)";
