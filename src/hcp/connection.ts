// Where to talk to and with which token, resolved at call time (never captured at module level).
//
// Host: explicit hostname, then TFE_HOSTNAME, then TFE_ADDRESS, then app.terraform.io.
// Token: explicit token, then TFE_TOKEN, then TF_TOKEN_<host>, then the Terraform CLI credentials file.

import fs = require("fs");
import os = require("os");
import nodePath = require("path");
import { CredentialsFileError, MissingTokenError } from "./errors";

export interface ConnectionSettings {
    /** "app.terraform.io", "tfe.example.com", "https://tfe.example.com", "127.0.0.1:8080", "http://tfe.lab". */
    readonly hostname?: string;
    readonly token?: string;
}

export interface Connection {
    /** "app.terraform.io" or "127.0.0.1:1234" (lower case, port kept when not the scheme's default). */
    host: string;
    scheme: "https" | "http";
    /** "https://app.terraform.io/api/v2" */
    baseUrl: string;
    token: string;
}

export const DEFAULT_HOST = "app.terraform.io";

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

function parseHost(value: string, source: string): { host: string; scheme: "https" | "http" } {
    const invalid = (why: string) =>
        new Error(`Invalid HCP Terraform hostname ${JSON.stringify(value)} from ${source}: ${why}`);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
        let url: URL;
        try {
            url = new URL(value);
        } catch {
            throw invalid("not a valid URL");
        }
        const scheme = url.protocol.replace(/:$/, "").toLowerCase();
        if (scheme !== "https" && scheme !== "http") {
            throw invalid("only https:// and http:// addresses are supported");
        }
        if (!url.host) {
            throw invalid("no host");
        }
        return { host: url.host.toLowerCase(), scheme };
    }
    const host = value.replace(/\/.*$/, "").toLowerCase();
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/.test(host)) {
        throw invalid("expected a host name such as app.terraform.io or tfe.example.com:8443");
    }
    return { host, scheme: isLoopbackHost(host) ? "http" : "https" };
}

/**
 * The API host and scheme: explicit hostname, TFE_HOSTNAME, TFE_ADDRESS, else app.terraform.io.
 * A bare loopback host (127.0.0.1:8080, localhost) means http; any other bare host means https;
 * an explicit scheme (https://…, http://…) is honoured.
 */
export function resolveHost(hostname?: string, env: NodeJS.ProcessEnv = process.env): { host: string; scheme: "https" | "http" } {
    const candidates: [string | undefined, string][] = [
        [hostname, "the hostname setting"],
        [env.TFE_HOSTNAME, "TFE_HOSTNAME"],
        [env.TFE_ADDRESS, "TFE_ADDRESS"],
    ];
    for (const [raw, source] of candidates) {
        const value = nonEmpty(raw);
        if (value !== undefined) {
            return parseHost(value, source);
        }
    }
    return { host: DEFAULT_HOST, scheme: "https" };
}

/**
 * Name of the Terraform CLI environment variable holding the token of a host:
 * "app.terraform.io" -> "TF_TOKEN_app_terraform_io", "my-tfe.example.com" -> "TF_TOKEN_my__tfe_example_com".
 * A port cannot be written in a variable name, so it is left out ("127.0.0.1:8080" -> "TF_TOKEN_127_0_0_1").
 */
export function tfTokenVariableName(host: string): string {
    return "TF_TOKEN_" + hostWithoutPort(host).replace(/-/g, "__").replace(/\./g, "_");
}

function tokenFromTfTokenVariable(host: string, env: NodeJS.ProcessEnv): string | undefined {
    const exact = nonEmpty(env[tfTokenVariableName(host)]);
    if (exact !== undefined) {
        return exact;
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
            return value;
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
 * Host, base URL and token for a request. `credentialsFile` overrides the Terraform CLI credentials
 * file path (default ~/.terraform.d/credentials.tfrc.json). Throws MissingTokenError naming every
 * place looked when no token is found.
 */
export function resolveConnection(
    settings?: ConnectionSettings,
    env: NodeJS.ProcessEnv = process.env,
    credentialsFile?: string,
): Connection {
    const { host, scheme } = resolveHost(settings ? settings.hostname : undefined, env);
    const baseUrl = `${scheme}://${host}/api/v2`;
    const explicit = nonEmpty(settings ? settings.token : undefined);
    if (explicit !== undefined) {
        return { host, scheme, baseUrl, token: explicit };
    }
    const tfeToken = nonEmpty(env.TFE_TOKEN);
    if (tfeToken !== undefined) {
        return { host, scheme, baseUrl, token: tfeToken };
    }
    const tfToken = tokenFromTfTokenVariable(host, env);
    if (tfToken !== undefined) {
        return { host, scheme, baseUrl, token: tfToken };
    }
    const file = credentialsFile || defaultCredentialsFile();
    const fromFile = tokenFromCredentialsFile(host, file);
    if (fromFile.token !== undefined) {
        return { host, scheme, baseUrl, token: fromFile.token };
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
