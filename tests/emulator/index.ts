// In-process HCP Terraform API emulator (node:http on 127.0.0.1, random port). Speaks HTTP only and never
// imports src/. See hcp-api.md for the behaviour it reproduces and the *.test.ts files here for what is pinned.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { handleArchivist, isArchivistPath } from "./archivist";
import { FaultDecision, FaultPlan, Faults } from "./faults";
import { EchoGatewayMode, checkEchoMode, echoReply } from "./gateway";
import type { Reply } from "./jsonapi";
import { ListPageHook, OddAnswerRule, OddAnswers } from "./oddAnswers";
import { PermissionTable, WorkspacePermissions } from "./permissions";
import { RATE_LIMIT_BODY, RateLimiter, formatReset } from "./rateLimit";
import { errorDoc, handleApi, send, serverErrorReply } from "./router";
import { RunControls, runControls } from "./runControls";
import { createRunWorld } from "./runWorld";
import { EmulatorStore, ExecutionMode, createStore } from "./store";
import * as controls from "./storeControls";

export type { FaultPlan } from "./faults";
export * from "./store";
export { ECHO_SHAPES, ECHO_STATUSES, EVIL_ORIGIN, echoGatewayModes, echoLocation, echoText } from "./gateway";
export type { EchoGatewayMode, EchoShape, EchoStatus } from "./gateway";
export { ODD_ANSWER_KINDS, ODD_HTML } from "./oddAnswers";
export type { ListPageHook, OddAnswerKind, OddAnswerRule, ServedPage } from "./oddAnswers";
export { WORKSPACE_PERMISSIONS } from "./permissions";
export type { WorkspacePermissionAttributes, WorkspacePermissions } from "./permissions";
export type { CloudSimulator, ProbeInput, ProbeOutcome, ProbeDiagnostic, TokenClaims } from "./cloudSimulator";
export type { RunControls } from "./runControls";
export type { RunBehavior, RunWorld } from "./runWorld";

export interface EmulatorOptions {
    rateLimit?: number | null; // req/s per user, default 30, null = off
    seed?: number; // fault RNG, default 1
}

export interface RequestLogEntry {
    method: string;
    path: string; // pathname as received, e.g. "/api/v2/workspaces/ws-…/vars"
    query: Record<string, string>;
    status: number; // the status answered (or, for a lost response, the status that was lost); 0 = socket reset without acting
    apiStatus?: number; // the API's own status when its answer was replaced (odd answer, acting echo gateway)
    user?: string; // the authenticated user (undefined for 401 and for unauthenticated 429)
    body?: unknown; // the request body: parsed JSON, or the raw text when it did not parse
    at: number; // Date.now() on arrival
    fault?: "rate-limited" | "server-error" | "reset" | "lost-response" | "odd-answer" | "echo-gateway";
}

/** The emulator and its test controls (the run controls are in runControls.ts). */
export interface Emulator extends RunControls {
    readonly url: string; // "http://127.0.0.1:PORT"
    readonly hostname: string; // "127.0.0.1:PORT"
    close(): Promise<void>;
    addToken(token: string, user?: string): void;
    /** Adds an organization (and its "Default Project"); `email` defaults to owner@<name lower-cased>.example. */
    addOrganization(name: string, opts?: { hyok?: boolean; email?: string }): void;
    setHyok(org: string, entitled: boolean): void;
    addProject(org: string, name: string): { id: string; name: string };
    addWorkspace(
        org: string, name: string, opts?: { projectId?: string; managesResources?: boolean; executionMode?: ExecutionMode },
    ): { id: string; name: string; projectId: string };
    /** Renames a workspace out of band (store edit, new updated-at); throws on an invalid or taken name. */
    renameWorkspace(id: string, name: string): void;
    /** Moves a workspace to another project of its organization out of band (store edit, new updated-at). */
    moveWorkspace(id: string, projectId: string): void;
    /** From now on `token` gets 404 for this object (id or organization name) and everything reached through it. */
    denyAccess(token: string, objectId: string): void;
    /** Changes what `token` may do on a workspace (answered in attributes.permissions; see permissions.ts). */
    setWorkspacePermissions(token: string, workspaceId: string, perms: WorkspacePermissions): void;
    readonly store: EmulatorStore;
    readonly log: RequestLogEntry[];
    clearLog(): void;
    setRateLimit(rps: number | null): void;
    injectFaults(plan: Partial<FaultPlan>): void;
    /** Adds a rule: matching 2xx answers are replaced after the API acted (first matching rule wins). */
    injectOddAnswers(rule: OddAnswerRule): void;
    /** Runs `hook.run` once, right after page `hook.afterPage` of a matching paginated list was sent. */
    onListPage(hook: ListPageHook): void;
    /** Puts the echo gateway (gateway.ts) in front of the API; null removes it. */
    setEchoGateway(mode: EchoGatewayMode | null): void;
    /** Removes every injected fault, odd answer, pending list-page hook and the echo gateway. */
    clearFaults(): void;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
    const store = createStore();
    const runs = createRunWorld(store);
    const tokens = new Map<string, string>(); // token -> user
    const denied = new Map<string, Set<string>>(); // token -> lower-cased ids / org names
    const log: RequestLogEntry[] = [];
    const limiter = new RateLimiter(opts.rateLimit === undefined ? 30 : opts.rateLimit);
    const faults = new Faults(opts.seed ?? 1);
    const odd = new OddAnswers();
    const permissions = new PermissionTable();
    let gateway: EchoGatewayMode | null = null;
    const timers = new Set<NodeJS.Timeout>();
    let closed = false;
    let baseUrl = "";

    /** One request, from arrival to answer; `deliver` sends every answer (through an acting echo gateway). */
    function receive(req: http.IncomingMessage, res: http.ServerResponse, bodyText: string): void {
        const method = req.method ?? "GET";
        const url = new URL(req.url ?? "/", baseUrl);
        const entry: RequestLogEntry = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0, at: Date.now() };
        if (bodyText.length > 0) {
            try {
                entry.body = JSON.parse(bodyText);
            } catch {
                entry.body = bodyText;
            }
        }
        log.push(entry);

        const auth = req.headers.authorization;
        const m = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
        const token = m ? m[1] : undefined;
        const user = token !== undefined ? tokens.get(token) : undefined;
        if (user !== undefined) entry.user = user;

        const mode = gateway;
        const deliver = (reply: Reply) => {
            let out = reply;
            if (mode) {
                out = echoReply(mode, auth, bodyText);
                entry.apiStatus = entry.apiStatus ?? reply.status;
                entry.fault = "echo-gateway";
            }
            entry.status = out.status;
            send(res, out);
        };
        if (mode && !mode.acts) {
            entry.status = mode.status;
            entry.fault = "echo-gateway";
            send(res, echoReply(mode, auth, bodyText));
            return;
        }

        const rate = limiter.take(user !== undefined ? `user:${user}` : `ip:${req.socket.remoteAddress ?? "?"}`);
        if (!rate.ok) {
            entry.fault = "rate-limited";
            deliver({
                status: 429,
                body: RATE_LIMIT_BODY,
                headers: { "X-RateLimit-Limit": String(limiter.limit), "X-RateLimit-Reset": formatReset(rate.resetSeconds) },
            });
            return;
        }
        if (user === undefined || token === undefined) {
            deliver({ status: 401, body: errorDoc(401, "unauthorized") });
            return;
        }

        const decision = faults.decide(method, url.pathname);
        const run = () => act(req, entry, decision, url, bodyText, token, deliver);
        if (decision.delayMs > 0) {
            const t = setTimeout(() => {
                timers.delete(t);
                if (!closed) run();
            }, decision.delayMs);
            timers.add(t);
        } else {
            run();
        }
    }

    function act(
        req: http.IncomingMessage, entry: RequestLogEntry, decision: FaultDecision, url: URL, bodyText: string, token: string,
        deliver: (reply: Reply) => void,
    ): void {
        const method = entry.method;
        if (decision.reset) {
            entry.status = 0;
            entry.fault = "reset";
            req.socket.destroy();
            return;
        }
        if (decision.errorStatus !== undefined) {
            entry.fault = "server-error";
            deliver(serverErrorReply(decision.errorStatus));
            return;
        }
        const reply = handleApi({
            method, url, bodyText, contentType: req.headers["content-type"], store, baseUrl, deniedIds: denied.get(token),
            workspacePermissions: (workspaceId) => permissions.of(token, workspaceId),
        });
        if (decision.loseResponse && reply.status >= 200 && reply.status < 300) {
            entry.status = reply.status;
            entry.fault = "lost-response";
            req.socket.destroy();
        } else {
            const replaced = odd.replace(method, url.pathname, reply);
            if (replaced) {
                entry.fault = "odd-answer";
                entry.apiStatus = reply.status;
            }
            deliver(replaced ?? reply);
        }
        odd.afterSend(method, url.pathname, entry.query, reply, store);
    }

    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            if (closed) return;
            const url = new URL(req.url ?? "/", baseUrl);
            if (isArchivistPath(url.pathname)) {
                // Another host in reality: no token, no rate limit, no faults, no gateway.
                const reply = handleArchivist(store, req.method ?? "GET", url, req.headers, Buffer.concat(chunks));
                log.push({ method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), status: reply.status, at: Date.now() });
                send(res, reply);
                return;
            }
            receive(req, res, chunks.length === 0 ? "" : Buffer.concat(chunks).toString("utf8"));
        });
        req.on("error", () => req.socket.destroy());
    });
    server.on("clientError", (_err, socket) => socket.destroy());
    // Longer than client agents' idle timeout (Node's global agent: 5 s), so an idle keep-alive socket is
    // always closed by the client first and a reused socket is never reset under it.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    const hostname = `127.0.0.1:${port}`;
    baseUrl = `http://${hostname}`;

    const emulator: Emulator = {
        ...runControls(store, runs),
        url: baseUrl,
        hostname,
        store,
        log,
        async close() {
            if (closed) return;
            closed = true;
            for (const t of timers) clearTimeout(t);
            timers.clear();
            await new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            });
        },
        addToken(token, user) {
            tokens.set(token, user ?? token);
        },
        addOrganization(name, o) {
            controls.addOrganization(store, name, o);
        },
        setHyok(org, entitled) {
            controls.setHyok(store, org, entitled);
        },
        addProject(org, name) {
            return controls.addProject(store, org, name);
        },
        addWorkspace(org, name, o) {
            return controls.addWorkspace(store, org, name, o);
        },
        renameWorkspace(id, name) {
            controls.renameWorkspace(store, id, name);
        },
        moveWorkspace(id, projectId) {
            controls.moveWorkspace(store, id, projectId);
        },
        denyAccess(token, objectId) {
            let set = denied.get(token);
            if (!set) denied.set(token, (set = new Set()));
            set.add(objectId.toLowerCase());
        },
        setWorkspacePermissions(token, workspaceId, perms) {
            if (!store.workspaces.has(workspaceId)) throw new Error(`emulator: unknown workspace ${workspaceId}`);
            permissions.set(token, workspaceId, perms);
        },
        clearLog() {
            log.length = 0;
        },
        setRateLimit(rps) {
            limiter.setLimit(rps);
        },
        injectFaults(plan) {
            faults.inject(plan);
        },
        injectOddAnswers(rule) {
            odd.inject(rule);
        },
        onListPage(hook) {
            odd.onListPage(hook);
        },
        setEchoGateway(mode) {
            if (mode !== null) checkEchoMode(mode);
            gateway = mode === null ? null : { ...mode };
        },
        clearFaults() {
            faults.clear();
            odd.clear();
            gateway = null;
        },
    };
    return emulator;
}
