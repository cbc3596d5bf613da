// The client's errors survive Pulumi's closure serializer copying this module BY VALUE, which is
// what happens to a dynamic provider built from this package's source (this repository's own
// tests, a user's program that imports src/): classes are rebuilt from their constructors only
// (class field initializers are dropped) and `super(message)` becomes `Error.call(this, message)`.
//
// Each copy is made exactly as the SDK and the dynamic-provider host make one:
// serializeFunction(() => value, { allowSecrets: true }) (what `new dynamic.Resource` does with the
// provider) and require-from-string(text).handler() (what cmd/dynamic-provider does with __provider).
import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as hcp from "../../src/hcp";
import { FAST, ORG, TOKEN, rejection, useEmulator } from "./helpers";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const requireFromString: (code: string) => any = require(require.resolve("require-from-string", { paths: [pulumiDir] }));

/** A copy of `value` made the way a provider travels to the host: serialized, then loaded from the text. */
async function byValue<T>(value: T): Promise<{ copy: T; text: string }> {
    const sf = await pulumi.runtime.serializeFunction(() => value, { allowSecrets: true });
    return { copy: requireFromString(sf.text).handler(), text: sf.text };
}

const HOST = "app.terraform.io";
const ERRORS = [{ status: 422, title: "invalid attribute", detail: "Key has already been taken", pointer: "/data/attributes/key" }];

/** One constructor call per error class of src/hcp/errors.ts. */
const makers = {
    HcpError: () => new hcp.HcpError(`GET /ping on ${HOST} failed: 200 answer is not JSON`, { status: 200, method: "GET", path: "/ping", host: HOST }),
    UnauthorizedError: () => new hcp.UnauthorizedError({ status: 401, method: "GET", path: "/workspaces/ws-abc", host: HOST, detail: "unauthorized" }),
    ForbiddenError: () => new hcp.ForbiddenError({ status: 403, method: "DELETE", path: "/workspaces/ws-abc", host: HOST, detail: "forbidden" }),
    NotFoundError: () =>
        new hcp.NotFoundError({ status: 404, method: "POST", path: "/organizations/acme/oidc-configurations", host: HOST, hint: "or the organization lacks HYOK" }),
    ConflictError: () =>
        new hcp.ConflictError({ status: 409, method: "POST", path: "/workspaces/ws-abc/actions/safe-delete", host: HOST, detail: "Workspace is busy" }),
    ValidationError: () =>
        new hcp.ValidationError({ status: 422, method: "POST", path: "/workspaces/ws-abc/vars", host: HOST, detail: "Key has already been taken", errors: ERRORS }),
    RateLimitedError: () =>
        new hcp.RateLimitedError({ status: 429, method: "GET", path: "/workspaces/ws-abc", host: HOST, detail: "slow down", attempts: 2 }),
    ServerError: () => new hcp.ServerError({ status: 503, method: "POST", path: "/organizations/acme/varsets", host: HOST, detail: "busy", ambiguous: true }),
    TransportError: () =>
        new hcp.TransportError({
            method: "GET",
            path: "/workspaces/ws-abc",
            host: HOST,
            reason: "ECONNRESET",
            description: "the connection was reset before a complete answer arrived (ECONNRESET)",
            attempts: 3,
        }),
    MissingTokenError: () => new hcp.MissingTokenError(HOST, ["the token setting", "TFE_TOKEN"]),
    CredentialsFileError: () => new hcp.CredentialsFileError("/home/u/.terraform.d/credentials.tfrc.json", "it is not valid JSON"),
};
type Name = keyof typeof makers;

/** What each copy must carry (the messages are the ones tests/hcp/errors.test.ts pins). */
const expected: Record<Name, Record<string, unknown>> = {
    HcpError: { code: "HCP_ERROR", message: `GET /ping on ${HOST} failed: 200 answer is not JSON`, status: 200, ambiguous: false },
    UnauthorizedError: {
        code: "UNAUTHORIZED",
        message: `GET /workspaces/ws-abc on ${HOST} failed: 401 Unauthorized: the API token was rejected (missing, invalid or expired)`,
        status: 401,
        detail: "unauthorized",
        ambiguous: false,
    },
    ForbiddenError: {
        code: "FORBIDDEN",
        message: `DELETE /workspaces/ws-abc on ${HOST} failed: 403 Forbidden: the token is not allowed to do this: forbidden`,
        status: 403,
        detail: "forbidden",
        ambiguous: false,
    },
    NotFoundError: {
        code: "NOT_FOUND",
        message:
            `POST /organizations/acme/oidc-configurations on ${HOST} failed: 404 Not Found: ` +
            "the object was not found, or the token is not allowed to see it, or the organization lacks HYOK",
        status: 404,
        hint: "or the organization lacks HYOK",
        ambiguous: false,
    },
    ConflictError: {
        code: "CONFLICT",
        message: `POST /workspaces/ws-abc/actions/safe-delete on ${HOST} failed: 409 Conflict: Workspace is busy`,
        status: 409,
        detail: "Workspace is busy",
        ambiguous: false,
    },
    ValidationError: {
        code: "VALIDATION",
        message: `POST /workspaces/ws-abc/vars on ${HOST} failed: 422 Unprocessable Entity: Key has already been taken`,
        status: 422,
        detail: "Key has already been taken",
        errors: ERRORS,
        alreadyExists: true,
        ambiguous: false,
    },
    RateLimitedError: {
        code: "RATE_LIMITED",
        message: `GET /workspaces/ws-abc on ${HOST} failed: 429 Too Many Requests: still rate limited after 2 attempt(s): slow down`,
        status: 429,
        attempts: 2,
        ambiguous: false,
    },
    ServerError: {
        code: "SERVER_ERROR",
        message: `POST /organizations/acme/varsets on ${HOST} failed: 503 server error: busy; ${hcp.MAY_HAVE_ACTED}`,
        status: 503,
        detail: "busy",
        ambiguous: true,
    },
    TransportError: {
        code: "TRANSPORT",
        message: `GET /workspaces/ws-abc on ${HOST} failed: the connection was reset before a complete answer arrived (ECONNRESET) (after 3 attempts)`,
        status: undefined,
        reason: "ECONNRESET",
        attempts: 3,
        ambiguous: false,
    },
    MissingTokenError: {
        code: "MISSING_TOKEN",
        message:
            `No HCP Terraform API token found for ${HOST}. Looked in, in order: the token setting; TFE_TOKEN. ` +
            `Set one of them (for example run "terraform login ${HOST}" or set TFE_TOKEN).`,
        host: HOST,
        looked: ["the token setting", "TFE_TOKEN"],
    },
    CredentialsFileError: {
        code: "CREDENTIALS_FILE",
        message: "Cannot use the Terraform CLI credentials file /home/u/.terraform.d/credentials.tfrc.json: it is not valid JSON",
        file: "/home/u/.terraform.d/credentials.tfrc.json",
    },
};

/** Every field a consumer (the host, a provider, a test) reads, compared between a copy and an original. */
const FIELDS = ["message", "name", "code", "status", "method", "path", "host", "detail", "errors", "attempts", "ambiguous", "alreadyExists", "hint", "reason", "looked", "file"];

describe("hcp/errors serialized by value (Pulumi closure serializer + require-from-string)", () => {
    let copies: typeof makers;
    let text: string;

    before(async function () {
        this.timeout(60_000);
        ({ copy: copies, text } = await byValue(makers));
    });

    it("the classes travel by value (their code is in the text, nothing is required)", () => {
        assert.ok(!/require\(/.test(text), "the text requires a module");
        assert.match(text, /__super\.call\(this/);
        for (const name of Object.keys(makers) as Name[]) {
            assert.ok(!(copies[name]() instanceof (hcp as any)[name]), `${name}: the copy is the original class`);
        }
    });

    for (const name of Object.keys(makers) as Name[]) {
        it(`${name}: a copy carries its message, name, code and flags`, () => {
            const original: any = makers[name]();
            const copy: any = copies[name]();
            for (const field of FIELDS.filter((f) => f in expected[name])) {
                assert.deepEqual(original[field], expected[name][field], `${name}.${field} (original)`);
                assert.deepEqual(copy[field], expected[name][field], `${name}.${field} (copy)`);
            }
            for (const field of FIELDS) {
                assert.deepEqual(copy[field], original[field], `${name}.${field}: copy and original differ`);
            }
            assert.equal(copy.name, name);
            assert.equal(Object.prototype.hasOwnProperty.call(copy, "message"), true, "message is an own property");
            assert.equal(copy instanceof Error, true, "a copy is still an Error");
            assert.equal(String(copy), `${name}: ${expected[name].message}`);
            assert.ok(typeof copy.stack === "string" && copy.stack.includes(String(expected[name].message)), "a copy has a stack naming its message");
            if (name !== "MissingTokenError" && name !== "CredentialsFileError") {
                assert.equal(copy.request, original.request, "the request getter survives");
            }
        });
    }

    it("the code-based helpers recognise the copies", () => {
        assert.ok(hcp.isNotFound(copies.NotFoundError()) && !hcp.isNotFound(copies.ConflictError()));
        assert.ok(hcp.isAlreadyExists(copies.ValidationError()));
        assert.ok(hcp.isAmbiguous(copies.ServerError()) && !hcp.isAmbiguous(copies.TransportError()));
        for (const name of Object.keys(makers) as Name[]) {
            const isClientError = name !== "MissingTokenError" && name !== "CredentialsFileError";
            assert.equal(hcp.isHcpError(copies[name]()), isClientError, name);
        }
    });

    describe("errors raised by a by-value copy of the client", () => {
        const fx = useEmulator();

        it("a 404 and a 422 keep their messages, codes and flags", async function () {
            this.timeout(60_000);
            const ws = fx.emu.addWorkspace(ORG, "copied");
            const { copy: calls } = await byValue({
                read: (hostname: string, token: string, id: string) => hcp.readWorkspace(hcp.clientFor({ hostname, token }, FAST), id),
                create: (hostname: string, token: string, id: string) =>
                    hcp.createVariable(hcp.clientFor({ hostname, token }, FAST), id, { key: "K", value: "v", category: "env" }),
            });
            const host = fx.emu.hostname;

            const missing = await rejection(calls.read(host, TOKEN, "ws-doesnotexist0001"));
            assert.ok(!(missing instanceof hcp.NotFoundError), "the client was copied");
            assert.equal(
                missing.message,
                `GET /workspaces/ws-doesnotexist0001 on ${host} failed: 404 Not Found: the object was not found, or the token is not allowed to see it`,
            );
            assert.equal(missing.code, "NOT_FOUND");
            assert.equal(missing.status, 404);
            assert.ok(hcp.isNotFound(missing));

            await calls.create(host, TOKEN, ws.id);
            const taken = await rejection(calls.create(host, TOKEN, ws.id));
            assert.equal(taken.message, `POST /workspaces/${ws.id}/vars on ${host} failed: 422 Unprocessable Entity: Key has already been taken`);
            assert.equal(taken.code, "VALIDATION");
            assert.equal(taken.detail, "Key has already been taken");
            assert.equal(taken.alreadyExists, true);
            assert.equal(taken.ambiguous, false);
            assert.ok(hcp.isAlreadyExists(taken));
        });
    });
});
