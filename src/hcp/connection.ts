// Where to talk to and with which token, resolved at call time (never captured at module level).
//
// Site: explicit hostname, then TFE_HOSTNAME, then TFE_ADDRESS, then https://app.terraform.io.
// Every spelling of one site normalizes to one value: "APP.TERRAFORM.IO", "app.terraform.io.",
// "https://app.terraform.io:443/" and "app.terraform.io" are all https://app.terraform.io.
// Token: explicit token, then TFE_TOKEN, then TF_TOKEN_<host>, then the Terraform CLI credentials file.

import fs = require("fs");
import os = require("os");
import nodePath = require("path");
import { isValidHost } from "../policies/names";
import { CredentialsFileError, MissingTokenError } from "./errors";

export interface ConnectionSettings {
    /** "app.terraform.io", "tfe.example.com", "https://tfe.example.com", "127.0.0.1:8080", "http://tfe.lab". */
    readonly hostname?: string;
    readonly token?: string;
    /** Accept an http:// site that is not a loopback address (the token then travels unencrypted). Default false. */
    readonly allowInsecureHttp?: boolean;
}

/** A site: scheme and host, normalized (lower case, no trailing dot, no default port). */
export interface Site {
    scheme: "https" | "http";
    /** "app.terraform.io" or "127.0.0.1:1234" (port kept only when it is not the scheme's default). */
    host: string;
}

export interface Connection extends Site {
    /** "https://app.terraform.io" */
    site: string;
    /** "https://app.terraform.io/api/v2" */
    baseUrl: string;
    token: string;
    /** Where the token came from, for messages: "the TFE_TOKEN environment variable", … (never the token). */
    tokenSource: string;
}

export const DEFAULT_HOST = "app.terraform.io";
export const DEFAULT_SITE = "https://app.terraform.io";

/** Path of the Terraform CLI credentials file: ~/.terraform.d/credentials.tfrc.json */
export function defaultCredentialsFile(): string {
    return nodePath.join(os.homedir(), ".terraform.d", "credentials.tfrc.json");
}

function nonEmpty(value: string | undefined | null): string | undefined {
    if (typeof value !== "string") {
        return undefined;
    }
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
}

/** True for localhost, *.localhost, 127.0.0.0/8 and ::1 (a port may follow). */
export function isLoopbackHost(host: string): boolean {
    const name = hostWithoutPort(host).toLowerCase();
    return (
        name === "localhost" ||
        name.endsWith(".localhost") ||
        /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
        name === "[::1]" ||
        name === "::1"
    );
}

/** "host:8080" -> "host"; "[::1]:8080" -> "[::1]". */
export function hostWithoutPort(host: string): string {
    if (host.startsWith("[")) {
        const end = host.indexOf("]");
        return end >= 0 ? host.slice(0, end + 1) : host;
    }
    const colon = host.lastIndexOf(":");
    return colon >= 0 && host.indexOf(":") === colon ? host.slice(0, colon) : host;
}

const DEFAULT_PORTS: Record<Site["scheme"], string> = { https: "443", http: "80" };

/** `https://<host>` */
export function siteUrl(site: Site): string {
    return `${site.scheme}://${site.host}`;
}

/**
 * One site from one spelling. `source` names where the value came from, for messages. Refused:
 * another scheme than https/http, a path, a query, user info, a host that is not a DNS name,
 * IPv4 address or bracketed loopback IPv6, and http:// to anything but a loopback address unless
 * `allowInsecureHttp`.
 */
export function parseSite(value: string, source: string, opts: { allowInsecureHttp?: boolean } = {}): Site {
    const invalid = (why: string) => new Error(`Invalid HCP Terraform hostname ${JSON.stringify(value)} from ${source}: ${why}`);
    const explicit = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
    let given = "https";
    let rest = value;
    if (explicit) {
        given = value.slice(0, value.indexOf(":")).toLowerCase();
        if (given !== "https" && given !== "http") {
            throw invalid("only https:// and http:// addresses are supported");
        }
        rest = value.slice(given.length + 3);
    }
    if (/^[^/]*@/.test(rest)) {
        throw invalid("a hostname has no user, query or fragment; give only the scheme and host, e.g. https://tfe.example.com");
    }
    // host, optional :port, optional path; the path may be "/" only.
    const m = /^(\[[^\]/]*\]|[^:/?#@\[\]]*)(?::([0-9]*))?([/?#@].*)?$/.exec(rest);
    if (!m) {
        throw invalid("expected a host name such as app.terraform.io or tfe.example.com:8443");
    }
    const name = m[1].toLowerCase().replace(/\.$/, "");
    const tail = m[3] ?? "";
    if (/[?#@]/.test(tail)) {
        throw invalid("a hostname has no user, query or fragment; give only the scheme and host, e.g. https://tfe.example.com");
    }
    if (name.startsWith("[") ? name !== "[::1]" : !isValidHost(name)) {
        throw invalid(
            name.startsWith("[")
                ? "an IPv6 address is accepted for the loopback address [::1] only; give a host name"
                : "expected a host name such as app.terraform.io or tfe.example.com:8443",
        );
    }
    const scheme: Site["scheme"] = explicit ? (given as Site["scheme"]) : isLoopbackHost(name) ? "http" : "https";
    const port = m[2];
    if (port !== undefined && (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)) {
        throw invalid("the port must be a number from 1 to 65535");
    }
    const host = port === undefined || Number(port) === Number(DEFAULT_PORTS[scheme]) ? name : `${name}:${Number(port)}`;
    if (tail !== "" && tail !== "/") {
        throw invalid(
            `a hostname has no path (got ${JSON.stringify(tail.replace(/\/+$/, "") || tail)}): HCP Terraform and Terraform Enterprise serve their API ` +
                `at the root of the site; give ${JSON.stringify(explicit ? `${scheme}://${host}` : host)}`,
        );
    }
    if (scheme === "http" && !isLoopbackHost(host) && opts.allowInsecureHttp !== true) {
        throw invalid("http:// sends the API token unencrypted to that host. Use https://, or, for a lab install only, set allowInsecureHttp: true");
    }
    return { scheme, host };
}

/** The site as a one-line URL, the form recorded in state: parseSite + siteUrl. */
export function normalizeSite(value: string, source = "the hostname setting", opts: { allowInsecureHttp?: boolean } = {}): string {
    return siteUrl(parseSite(value, source, opts));
}

/**
 * The API site: explicit hostname, TFE_HOSTNAME, TFE_ADDRESS, else https://app.terraform.io.
 * A bare loopback host (127.0.0.1:8080, localhost) means http; any other bare host means https;
 * an explicit scheme (https://…, http://… with allowInsecureHttp) is honoured.
 */
export function resolveSite(hostname?: string, env: NodeJS.ProcessEnv = process.env, opts: { allowInsecureHttp?: boolean } = {}): Site {
    const candidates: [string | undefined, string][] = [
        [hostname, "the hostname setting"],
        [env.TFE_HOSTNAME, "TFE_HOSTNAME"],
        [env.TFE_ADDRESS, "TFE_ADDRESS"],
    ];
    for (const [raw, source] of candidates) {
        const value = nonEmpty(raw);
        if (value !== undefined) {
            return parseSite(value, source, opts);
        }
    }
    return { host: DEFAULT_HOST, scheme: "https" };
}

/** The same as resolveSite (kept for callers of 0.2). */
export function resolveHost(hostname?: string, env: NodeJS.ProcessEnv = process.env, opts: { allowInsecureHttp?: boolean } = {}): Site {
    return resolveSite(hostname, env, opts);
}

/**
 * Name of the Terraform CLI environment variable holding the token of a host:
 * "app.terraform.io" -> "TF_TOKEN_app_terraform_io", "my-tfe.example.com" -> "TF_TOKEN_my__tfe_example_com".
 * A port cannot be written in a variable name, so it is left out ("127.0.0.1:8080" -> "TF_TOKEN_127_0_0_1").
 */
export function tfTokenVariableName(host: string): string {
    return "TF_TOKEN_" + hostWithoutPort(host).replace(/-/g, "__").replace(/\./g, "_");
}

function tokenFromTfTokenVariable(host: string, env: NodeJS.ProcessEnv): { token: string; name: string } | undefined {
    const exactName = tfTokenVariableName(host);
    const exact = nonEmpty(env[exactName]);
    if (exact !== undefined) {
        return { token: exact, name: exactName };
    }
    // The CLI compares host names case-insensitively: decode every TF_TOKEN_ variable the way it does.
    const wanted = hostWithoutPort(host).toLowerCase();
    for (const name of Object.keys(env)) {
        if (!name.startsWith("TF_TOKEN_")) {
            continue;
        }
        const decoded = name.slice("TF_TOKEN_".length).replace(/__/g, "-").replace(/_/g, ".").toLowerCase();
        const value = nonEmpty(env[name]);
        if (decoded === wanted && value !== undefined) {
            return { token: value, name };
        }
    }
    return undefined;
}

function tokenFromCredentialsFile(host: string, file: string): { token?: string; note?: string } {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err: any) {
        if (err && (err.code === "ENOENT" || err.code === "ENOTDIR")) {
            return { note: "file does not exist" };
        }
        throw new CredentialsFileError(file, `cannot read it (${err && err.code ? err.code : "unknown error"})`);
    }
    let parsed: any;
    try {
        parsed = JSON.parse(text);
    } catch {
        // Never quote the parser's message: it may contain part of the file (a token).
        throw new CredentialsFileError(file, "it is not valid JSON");
    }
    const credentials = parsed && typeof parsed === "object" ? parsed.credentials : undefined;
    if (!credentials || typeof credentials !== "object") {
        return { note: 'no "credentials" object' };
    }
    let entry = credentials[host];
    if (entry === undefined) {
        for (const key of Object.keys(credentials)) {
            if (key.toLowerCase() === host) {
                entry = credentials[key];
                break;
            }
        }
    }
    const token = entry && typeof entry === "object" ? nonEmpty(entry.token) : undefined;
    return token !== undefined ? { token } : { note: "no entry for this host" };
}

/**
 * Site, base URL, token and where the token came from, for a request. `credentialsFile` overrides
 * the Terraform CLI credentials file path (default ~/.terraform.d/credentials.tfrc.json). Throws
 * MissingTokenError naming every place looked when no token is found.
 */
export function resolveConnection(
    settings?: ConnectionSettings,
    env: NodeJS.ProcessEnv = process.env,
    credentialsFile?: string,
): Connection {
    const { host, scheme } = resolveSite(settings ? settings.hostname : undefined, env, { allowInsecureHttp: settings?.allowInsecureHttp });
    const site = siteUrl({ host, scheme });
    const base = { host, scheme, site, baseUrl: `${site}/api/v2` };
    const explicit = nonEmpty(settings ? settings.token : undefined);
    if (explicit !== undefined) {
        return { ...base, token: explicit, tokenSource: "the explicit token setting" };
    }
    const tfeToken = nonEmpty(env.TFE_TOKEN);
    if (tfeToken !== undefined) {
        return { ...base, token: tfeToken, tokenSource: "the TFE_TOKEN environment variable" };
    }
    const tfToken = tokenFromTfTokenVariable(host, env);
    if (tfToken !== undefined) {
        return { ...base, token: tfToken.token, tokenSource: `the ${tfToken.name} environment variable` };
    }
    const file = credentialsFile || defaultCredentialsFile();
    const fromFile = tokenFromCredentialsFile(host, file);
    if (fromFile.token !== undefined) {
        return { ...base, token: fromFile.token, tokenSource: `the Terraform CLI credentials file ${file}` };
    }
    // The explicit setting is named only to callers that offer one (resources never take a token).
    const offered = settings !== undefined && "token" in settings ? ["the explicit token setting"] : [];
    throw new MissingTokenError(host, [
        ...offered,
        "the TFE_TOKEN environment variable",
        `the ${tfTokenVariableName(host)} environment variable`,
        `the Terraform CLI credentials file ${file} (credentials["${host}"].token: ${fromFile.note})`,
    ]);
}
