// Plain HTTP helper for the emulator's own tests (node-fetch, not the package's client).
import nodeFetch from "node-fetch";
import type { Emulator } from "./index";

export interface Answer {
    status: number;
    headers: Record<string, string>;
    text: string;
    json: any; // parsed body, undefined when empty or not JSON
}

export interface CallOptions {
    token?: string | null; // null = no Authorization header
    body?: unknown; // JSON-encoded as application/vnd.api+json
    rawBody?: string;
    contentType?: string;
    authorization?: string; // the Authorization header as sent (wins over `token`)
    redirect?: "follow" | "manual" | "error"; // node-fetch's; default "manual" (a 3xx is answered as such)
}

export async function call(emu: Emulator, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { Accept: "application/vnd.api+json" };
    const token = opts.token === undefined ? "token-alice" : opts.token;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (opts.authorization !== undefined) headers.Authorization = opts.authorization;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers["Content-Type"] = opts.contentType ?? "application/vnd.api+json";
    const res = await nodeFetch(`${emu.url}/api/v2${path}`, { method, headers, body, redirect: opts.redirect ?? "manual" });
    const text = await res.text();
    let json: any;
    try {
        json = text ? JSON.parse(text) : undefined;
    } catch {
        json = undefined;
    }
    const h: Record<string, string> = {};
    res.headers.forEach((v, k) => (h[k] = v));
    return { status: res.status, headers: h, text, json };
}

export function doc(type: string, attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    return { data: { type, attributes, ...extra } };
}
