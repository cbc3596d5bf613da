// "Odd but legal" answers: the API acts as usual, then a matching 2xx answer is replaced by one a client
// must still cope with. And list-page hooks: a test changes the store after page K of a list was served,
// so a later page shifts under a client that is walking the list.
import { JSONAPI, Reply } from "./jsonapi";
import type { EmulatorStore } from "./store";

/**
 * How a matching 2xx answer is replaced (the request has acted: the object IS created / updated):
 *   "empty-body"         same status, Content-Type application/vnd.api+json, empty body
 *   "html-body"          same status, text/html page (ODD_HTML)
 *   "json-without-data"  same status, JSON:API `{}` (no `data`, no `errors`)
 *   "no-content"         204 No Content, empty body (e.g. a PATCH)
 */
export type OddAnswerKind = "empty-body" | "html-body" | "json-without-data" | "no-content";

export const ODD_ANSWER_KINDS: readonly OddAnswerKind[] = ["empty-body", "html-body", "json-without-data", "no-content"];

export const ODD_HTML = "<html><body><h1>OK</h1></body></html>\n";

export interface OddAnswerRule {
    kind: OddAnswerKind;
    match: (method: string, path: string) => boolean; // path = pathname as sent, e.g. "/api/v2/workspaces/ws-…"
    times?: number; // replace this many matching 2xx answers, then stop; default: until cleared
}

/** What a list-page hook is told about the page that was just served. */
export interface ServedPage {
    method: string;
    path: string; // pathname as sent
    query: Record<string, string>;
    page: number; // meta.pagination.current-page
    ids: string[]; // the ids in `data`, in order
}

export interface ListPageHook {
    afterPage: number; // run once, right after this page (meta.pagination.current-page) of a matching list is sent
    match?: (method: string, path: string) => boolean; // default: every paginated list
    run: (store: EmulatorStore, served: ServedPage) => void;
}

function oddReply(kind: OddAnswerKind, reply: Reply): Reply {
    const headers = reply.headers;
    switch (kind) {
        case "empty-body":
            return { status: reply.status, headers, raw: { contentType: JSONAPI, text: "" } };
        case "html-body":
            return { status: reply.status, headers, raw: { contentType: "text/html", text: ODD_HTML } };
        case "json-without-data":
            return { status: reply.status, headers, raw: { contentType: JSONAPI, text: "{}" } };
        case "no-content":
            return { status: 204, headers };
    }
}

export class OddAnswers {
    private rules: OddAnswerRule[] = [];
    private hooks: ListPageHook[] = [];

    inject(rule: OddAnswerRule): void {
        if (!ODD_ANSWER_KINDS.includes(rule.kind)) throw new Error(`emulator: odd answer kind must be one of ${ODD_ANSWER_KINDS.join(", ")}`);
        if (typeof rule.match !== "function") throw new Error("emulator: an odd answer needs match(method, path)");
        if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
            throw new Error(`emulator: odd answer times must be a positive integer, got ${rule.times}`);
        }
        this.rules.push({ ...rule });
    }

    onListPage(hook: ListPageHook): void {
        if (!(Number.isInteger(hook.afterPage) && hook.afterPage >= 1)) {
            throw new Error(`emulator: afterPage must be a page number >= 1, got ${hook.afterPage}`);
        }
        this.hooks.push({ ...hook });
    }

    clear(): void {
        this.rules = [];
        this.hooks = [];
    }

    /** The answer to send instead of `reply`, or undefined to send `reply` (first matching rule wins). */
    replace(method: string, path: string, reply: Reply): Reply | undefined {
        if (reply.status < 200 || reply.status >= 300) return undefined;
        const i = this.rules.findIndex((r) => r.match(method, path));
        if (i < 0) return undefined;
        const rule = this.rules[i];
        if (rule.times !== undefined && --rule.times === 0) this.rules.splice(i, 1);
        return oddReply(rule.kind, reply);
    }

    /** Runs (and forgets) the hooks waiting for the page `reply` carries, when it is a page of a list. */
    afterSend(method: string, path: string, query: Record<string, string>, reply: Reply, store: EmulatorStore): void {
        if (this.hooks.length === 0 || reply.status !== 200) return;
        const body = reply.body as { data?: Array<{ id?: string }>; meta?: { pagination?: Record<string, unknown> } } | undefined;
        const page = body?.meta?.pagination?.["current-page"];
        if (typeof page !== "number" || !Array.isArray(body?.data)) return;
        const due = this.hooks.filter((h) => h.afterPage === page && (!h.match || h.match(method, path)));
        if (due.length === 0) return;
        this.hooks = this.hooks.filter((h) => !due.includes(h));
        const served: ServedPage = { method, path, query, page, ids: body.data.map((d) => String(d.id)) };
        for (const h of due) h.run(store, served);
    }
}
