// The "echo gateway": a hostile or careless proxy in front of the API that copies what it received (the
// Authorization header value and the request body text) into its answer. Secret-hygiene tests use it to
// check that a client never copies network text (error details, titles, bodies, redirect targets) into
// messages, logs or state. Set with emu.setEchoGateway(mode); null removes it.
//
// A mode is one (status, shape) pair:
//   status  any of ECHO_STATUSES (every class: 2xx, 3xx, 4xx, 5xx);
//   shape   where the echo goes (ECHO_SHAPES):
//     "error-detail"  JSON:API {"errors":[{"status":"<status>","title":"gateway","detail":<echo>}]}
//     "error-title"   JSON:API {"errors":[{"status":"<status>","title":<echo>}]}
//     "error-string"  JSON:API {"errors":[<echo>]}
//     "text"          text/plain <echo>
//     "html"          text/html <html><body><pre><echo></pre></body></html> (not escaped: a naive proxy)
//     "json"          JSON:API {"echo":{"authorization":…,"body":…}}: no resource object, no errors
//     "location"      empty body (3xx only)
//   Every 3xx answer, whatever its shape, carries `Location: https://evil.example/?t=<token>`.
//   acts    false (default): the API does not see the request. true: the API handles it as usual (rate
//           limit, auth, faults, store changes), then the gateway replaces whatever it answered.
// echoGatewayModes() lists every valid (status, shape) pair, so a test can iterate over all of them.
import { JSONAPI, Reply } from "./jsonapi";

export const ECHO_STATUSES = [200, 201, 301, 302, 303, 307, 308, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503] as const;
export const ECHO_SHAPES = ["error-detail", "error-title", "error-string", "text", "html", "json", "location"] as const;

export type EchoStatus = (typeof ECHO_STATUSES)[number];
export type EchoShape = (typeof ECHO_SHAPES)[number];

export interface EchoGatewayMode {
    status: EchoStatus;
    shape: EchoShape;
    acts?: boolean; // default false: the API does not act
}

/** Where a 3xx points: the bearer token (or the whole Authorization value when it is not a bearer). */
export const EVIL_ORIGIN = "https://evil.example/";

/** Every valid (status, shape) pair ("location" only with a 3xx), each with `acts` as given. */
export function echoGatewayModes(opts: { acts?: boolean } = {}): EchoGatewayMode[] {
    const out: EchoGatewayMode[] = [];
    for (const status of ECHO_STATUSES) {
        for (const shape of ECHO_SHAPES) {
            if (shape === "location" && !isRedirect(status)) continue;
            out.push(opts.acts === undefined ? { status, shape } : { status, shape, acts: opts.acts });
        }
    }
    return out;
}

function isRedirect(status: number): boolean {
    return status >= 300 && status < 400;
}

/** Throws on a mode the gateway cannot answer (a test bug). */
export function checkEchoMode(mode: EchoGatewayMode): void {
    if (!(ECHO_STATUSES as readonly number[]).includes(mode.status)) {
        throw new Error(`emulator: echo gateway status ${mode.status} is not one of ${ECHO_STATUSES.join(", ")}`);
    }
    if (!(ECHO_SHAPES as readonly string[]).includes(mode.shape)) {
        throw new Error(`emulator: echo gateway shape ${JSON.stringify(mode.shape)} is not one of ${ECHO_SHAPES.join(", ")}`);
    }
    if (mode.shape === "location" && !isRedirect(mode.status)) {
        throw new Error(`emulator: echo gateway shape "location" needs a 3xx status, got ${mode.status}`);
    }
}

/** What the gateway copies into its answer: `Authorization: <header value>\n<request body text>`. */
export function echoText(authorization: string | undefined, bodyText: string): string {
    return `Authorization: ${authorization ?? ""}\n${bodyText}`;
}

/** The `Location` of a 3xx answer. */
export function echoLocation(authorization: string | undefined): string {
    const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    const token = m ? m[1] : authorization ?? "";
    return `${EVIL_ORIGIN}?t=${encodeURIComponent(token)}`;
}

/** The gateway's answer to a request that carried `authorization` and `bodyText`. */
export function echoReply(mode: EchoGatewayMode, authorization: string | undefined, bodyText: string): Reply {
    const echo = echoText(authorization, bodyText);
    const headers: Record<string, string> = isRedirect(mode.status) ? { Location: echoLocation(authorization) } : {};
    const status = String(mode.status);
    const json = (body: unknown) => ({ contentType: JSONAPI, text: JSON.stringify(body) });
    switch (mode.shape) {
        case "error-detail":
            return { status: mode.status, headers, raw: json({ errors: [{ status, title: "gateway", detail: echo }] }) };
        case "error-title":
            return { status: mode.status, headers, raw: json({ errors: [{ status, title: echo }] }) };
        case "error-string":
            return { status: mode.status, headers, raw: json({ errors: [echo] }) };
        case "text":
            return { status: mode.status, headers, raw: { contentType: "text/plain", text: echo } };
        case "html":
            return { status: mode.status, headers, raw: { contentType: "text/html", text: `<html><body><pre>${echo}</pre></body></html>\n` } };
        case "json":
            return { status: mode.status, headers, raw: json({ echo: { authorization: authorization ?? null, body: bodyText } }) };
        case "location":
            return { status: mode.status, headers };
    }
}
