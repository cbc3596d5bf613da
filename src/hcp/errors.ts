// Typed errors of the HCP Terraform API client.
//
// Every message names the request ("GET /workspaces/ws-x on app.terraform.io") and never the token.
// Each class also carries a stable `code` string so that callers holding a copy of this module that
// was serialized by value (Pulumi's closure serializer) can still recognise the error without
// relying on `instanceof`: see the `is*` helpers at the end of this file.
//
// Serialized by value (a provider built from this package's source rather than `require`d from an
// installed copy), a class is rebuilt from its constructor alone: class fields and their
// initializers are dropped, and `super(message)` in an Error subclass becomes
// `Error.call(this, message)`, which sets nothing on `this`. So these classes declare no class
// fields (`declare` only: nothing is emitted), and every constructor assigns `message` (through
// initError), `name`, `code` and every flag itself. Each prototype also carries its `name` (see
// the end of the file), which makes the serializer keep the prototype chain: copies are then
// still `instanceof Error` and keep the `request` getter.

/** One entry of a JSON:API `errors` array, normalised (status as a number when the server gave one). */
export interface ApiErrorObject {
    status?: number;
    title?: string;
    detail?: string;
    pointer?: string;
}

export type HcpErrorCode =
    | "HCP_ERROR"
    | "UNAUTHORIZED"
    | "FORBIDDEN"
    | "NOT_FOUND"
    | "CONFLICT"
    | "VALIDATION"
    | "RATE_LIMITED"
    | "SERVER_ERROR"
    | "TRANSPORT"
    | "UNEXPECTED_ANSWER"
    | "VISIBILITY"
    | "MISSING_TOKEN"
    | "CREDENTIALS_FILE";

export interface HcpErrorInit {
    /** HTTP status, absent for transport failures. */
    status?: number;
    method: string;
    /** Path relative to /api/v2, e.g. "/workspaces/ws-x" (no query string). */
    path: string;
    /** Host the request went to, e.g. "app.terraform.io". */
    host?: string;
    /** The server's error detail(s), joined with "; ". */
    detail?: string;
    errors?: ApiErrorObject[];
    /** Number of attempts made (1 when nothing was retried). */
    attempts?: number;
}

/** "GET /workspaces/ws-x on app.terraform.io" */
export function describeRequest(method: string, path: string, host?: string): string {
    return host ? `${method} ${path} on ${host}` : `${method} ${path}`;
}

/**
 * What Error's constructor gives a real instance, given explicitly: the message (an own,
 * non-enumerable property, as on any Error) and a stack. In a copy serialized by value, `super()`
 * set neither (see the note at the top).
 */
function initError(err: Error, message: string): void {
    Object.defineProperty(err, "message", { value: message, writable: true, enumerable: false, configurable: true });
    if (!Object.prototype.hasOwnProperty.call(err, "stack")) {
        Error.captureStackTrace(err, err.constructor);
    }
}

/** Base class of every error answered by (or on the way to) the HCP Terraform API. */
export class HcpError extends Error {
    declare readonly code: HcpErrorCode;
    declare readonly status: number | undefined;
    declare readonly method: string;
    declare readonly path: string;
    declare readonly host: string | undefined;
    declare readonly detail: string | undefined;
    declare readonly errors: ApiErrorObject[];
    declare readonly attempts: number;
    /** True when the server may have acted on a request that was not repeated (a create may exist). */
    declare readonly ambiguous: boolean;

    constructor(message: string, init: HcpErrorInit) {
        super(message);
        initError(this, message);
        this.name = "HcpError";
        this.code = "HCP_ERROR";
        this.ambiguous = false;
        this.status = init.status;
        this.method = init.method;
        this.path = init.path;
        this.host = init.host;
        this.detail = init.detail;
        this.errors = init.errors || [];
        this.attempts = init.attempts || 1;
    }

    /** "GET /workspaces/ws-x on app.terraform.io" */
    get request(): string {
        return describeRequest(this.method, this.path, this.host);
    }
}

function withDetail(detail: string | undefined): string {
    return detail ? `: ${detail}` : "";
}

/** 401: the token is missing, invalid or expired. */
export class UnauthorizedError extends HcpError {
    declare readonly code: "UNAUTHORIZED";
    constructor(init: HcpErrorInit) {
        super(
            `${describeRequest(init.method, init.path, init.host)} failed: 401 Unauthorized: ` +
                `the API token was rejected (missing, invalid or expired)`,
            init,
        );
        this.name = "UnauthorizedError";
        this.code = "UNAUTHORIZED";
    }
}

/** 403: the token may see the object but may not do this to it. */
export class ForbiddenError extends HcpError {
    declare readonly code: "FORBIDDEN";
    constructor(init: HcpErrorInit) {
        super(
            `${describeRequest(init.method, init.path, init.host)} failed: 403 Forbidden: ` +
                `the token is not allowed to do this${withDetail(init.detail)}`,
            init,
        );
        this.name = "ForbiddenError";
        this.code = "FORBIDDEN";
    }
}

/**
 * 404. HCP Terraform answers 404 both for objects that do not exist and for objects the token may not
 * see (and for features the organization is not entitled to). A DELETE answering 404 means "gone".
 */
export class NotFoundError extends HcpError {
    declare readonly code: "NOT_FOUND";
    /** Extra explanation given by the caller (e.g. the HYOK entitlement), if any. */
    declare readonly hint: string | undefined;
    constructor(init: HcpErrorInit & { hint?: string }) {
        super(
            `${describeRequest(init.method, init.path, init.host)} failed: 404 Not Found: ` +
                `the object was not found, or the token is not allowed to see it` +
                (init.hint ? `, ${init.hint}` : ""),
            init,
        );
        this.name = "NotFoundError";
        this.code = "NOT_FOUND";
        this.hint = init.hint;
    }
}

/** 409, e.g. a safe delete refused while the workspace still manages resources. */
export class ConflictError extends HcpError {
    declare readonly code: "CONFLICT";
    constructor(init: HcpErrorInit) {
        super(`${describeRequest(init.method, init.path, init.host)} failed: 409 Conflict${withDetail(init.detail)}`, init);
        this.name = "ConflictError";
        this.code = "CONFLICT";
    }
}

/** 422 (or 400): the server refused the payload; `detail` is the server's explanation. */
export class ValidationError extends HcpError {
    declare readonly code: "VALIDATION";
    /** True when the server said a unique key or name "has already been taken". */
    declare readonly alreadyExists: boolean;
    constructor(init: HcpErrorInit) {
        const label = init.status === 400 ? "400 Bad Request" : `${init.status ?? 422} Unprocessable Entity`;
        super(`${describeRequest(init.method, init.path, init.host)} failed: ${label}${withDetail(init.detail)}`, init);
        this.name = "ValidationError";
        this.code = "VALIDATION";
        this.alreadyExists = /has already been taken/i.test(init.detail || "");
    }
}

/** 429 answered more times than the client is willing to wait for. */
export class RateLimitedError extends HcpError {
    declare readonly code: "RATE_LIMITED";
    constructor(init: HcpErrorInit) {
        super(
            `${describeRequest(init.method, init.path, init.host)} failed: 429 Too Many Requests: ` +
                `still rate limited after ${init.attempts ?? 1} attempt(s)${withDetail(init.detail)}`,
            init,
        );
        this.name = "RateLimitedError";
        this.code = "RATE_LIMITED";
    }
}

/** Sentence appended to errors after which a create may nevertheless have happened. */
export const MAY_HAVE_ACTED =
    "the request was not repeated because it is not safe to repeat, and the server may have acted on it " +
    "(an object may have been created): look it up by its natural key before creating it again";

/** 5xx. `ambiguous` is true for a request that was not repeated (a POST): it may have taken effect. */
export class ServerError extends HcpError {
    declare readonly code: "SERVER_ERROR";
    declare readonly ambiguous: boolean;
    constructor(init: HcpErrorInit & { ambiguous?: boolean }) {
        const attempts = init.attempts ?? 1;
        super(
            `${describeRequest(init.method, init.path, init.host)} failed: ${init.status ?? 500} server error` +
                (attempts > 1 ? ` after ${attempts} attempts` : "") +
                withDetail(init.detail) +
                (init.ambiguous ? `; ${MAY_HAVE_ACTED}` : ""),
            init,
        );
        this.name = "ServerError";
        this.code = "SERVER_ERROR";
        this.ambiguous = !!init.ambiguous;
    }
}

/**
 * No HTTP answer: timeout, connection reset or refused, DNS failure. `ambiguous` is true when the
 * request may have reached the server and was not repeated.
 */
export class TransportError extends HcpError {
    declare readonly code: "TRANSPORT";
    declare readonly ambiguous: boolean;
    /** "timeout", or the system error code (ECONNRESET, ECONNREFUSED, ...). */
    declare readonly reason: string;
    constructor(init: HcpErrorInit & { reason: string; description: string; ambiguous?: boolean }) {
        const attempts = init.attempts ?? 1;
        super(
            `${describeRequest(init.method, init.path, init.host)} failed: ${init.description}` +
                (attempts > 1 ? ` (after ${attempts} attempts)` : "") +
                (init.ambiguous ? `; ${MAY_HAVE_ACTED}` : ""),
            init,
        );
        this.name = "TransportError";
        this.code = "TRANSPORT";
        this.ambiguous = !!init.ambiguous;
        this.reason = init.reason;
    }
}

/**
 * A 2xx answer that does not carry what the request must answer (no JSON, no resource object).
 * `ambiguous` is true for a request that was not repeated (a POST): the server may have acted on
 * it, so a create is looked up by its natural key, as after a lost answer.
 */
export class UnexpectedAnswerError extends HcpError {
    declare readonly code: "UNEXPECTED_ANSWER";
    declare readonly ambiguous: boolean;
    constructor(init: HcpErrorInit & { what: string; ambiguous: boolean }) {
        super(
            `${describeRequest(init.method, init.path, init.host)} failed: the ${init.status ?? 200} answer ${init.what}` +
                (init.ambiguous ? `; ${MAY_HAVE_ACTED}` : ""),
            init,
        );
        this.name = "UnexpectedAnswerError";
        this.code = "UNEXPECTED_ANSWER";
        this.ambiguous = init.ambiguous;
    }
}

/**
 * An object answered 404 and so did everything above it, up to its organization: the token in use
 * cannot see the organization at all. That is a credentials problem (another team's token, another
 * site), not a deletion, so nothing may be dropped from the stack or re-created.
 */
export class VisibilityError extends HcpError {
    declare readonly code: "VISIBILITY";
    declare readonly organization: string;
    constructor(init: HcpErrorInit & { what: string; organization: string; site: string; tokenSource: string }) {
        super(
            `${init.what} answered 404, and so does organization "${init.organization}" on ${init.site}: the token from ` +
                `${init.tokenSource} cannot see that organization at all. This is a credentials problem (another team's token, ` +
                `or another site than the one the object was created on), not a deletion: nothing was removed from the stack. ` +
                `Use a token of a member of "${init.organization}" on ${init.site}, then run the command again.`,
            init,
        );
        this.name = "VisibilityError";
        this.code = "VISIBILITY";
        this.organization = init.organization;
    }
}

/** No token in any of the places the client looks. */
export class MissingTokenError extends Error {
    declare readonly code: "MISSING_TOKEN";
    declare readonly host: string;
    /** Human-readable list of every place looked, in order. */
    declare readonly looked: string[];
    constructor(host: string, looked: string[]) {
        const message =
            `No HCP Terraform API token found for ${host}. Looked in, in order: ${looked.join("; ")}. ` +
            `Set one of them (for example run "terraform login ${host}" or set TFE_TOKEN).`;
        super(message);
        initError(this, message);
        this.name = "MissingTokenError";
        this.code = "MISSING_TOKEN";
        this.host = host;
        this.looked = looked;
    }
}

/** The Terraform CLI credentials file exists but cannot be used. Never quotes the file's content. */
export class CredentialsFileError extends Error {
    declare readonly code: "CREDENTIALS_FILE";
    declare readonly file: string;
    constructor(file: string, problem: string) {
        const message = `Cannot use the Terraform CLI credentials file ${file}: ${problem}`;
        super(message);
        initError(this, message);
        this.name = "CredentialsFileError";
        this.code = "CREDENTIALS_FILE";
        this.file = file;
    }
}

// The name on each prototype too, as on the built-in errors (TypeError.prototype.name): a derived
// class whose prototype holds nothing but `constructor` is taken by the closure serializer for a
// plain function's default prototype, and its copy would lose the chain to HcpError and Error.
for (const cls of [
    HcpError,
    UnauthorizedError,
    ForbiddenError,
    NotFoundError,
    ConflictError,
    ValidationError,
    RateLimitedError,
    ServerError,
    TransportError,
    UnexpectedAnswerError,
    VisibilityError,
    MissingTokenError,
    CredentialsFileError,
]) {
    Object.defineProperty(cls.prototype, "name", { value: cls.name, writable: true, enumerable: false, configurable: true });
}

function codeOf(err: unknown): string | undefined {
    return err && typeof err === "object" && typeof (err as any).code === "string" ? (err as any).code : undefined;
}

/** Any error of this module (works across copies of the module serialized by value). */
export function isHcpError(err: unknown): err is HcpError {
    const c = codeOf(err);
    return c !== undefined && c !== "MISSING_TOKEN" && c !== "CREDENTIALS_FILE" &&
        [
            "HCP_ERROR", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "VALIDATION", "RATE_LIMITED", "SERVER_ERROR",
            "TRANSPORT", "UNEXPECTED_ANSWER", "VISIBILITY",
        ].includes(c);
}

/** 404: gone, or not visible to the token. */
export function isNotFound(err: unknown): err is NotFoundError {
    return codeOf(err) === "NOT_FOUND";
}

/** 422 "... has already been taken". */
export function isAlreadyExists(err: unknown): err is ValidationError {
    return codeOf(err) === "VALIDATION" && !!(err as any).alreadyExists;
}

/** A request that was not repeated may nevertheless have taken effect (look the object up first). */
export function isAmbiguous(err: unknown): boolean {
    return isHcpError(err) && !!(err as any).ambiguous;
}
