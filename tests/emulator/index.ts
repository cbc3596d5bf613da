// In-process HCP Terraform API emulator (node:http on 127.0.0.1, random port). Speaks HTTP only and never
// imports src/. See hcp-api.md for the behaviour it reproduces and emulator.test.ts for what is pinned.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { handleArchivist, isArchivistPath } from "./archivist";
import type { CloudSimulator } from "./cloudSimulator";
import { configurationVersionRoutes } from "./configurationVersions";
import { FaultDecision, FaultPlan, Faults } from "./faults";
import { ApiError, JSONAPI, Reply, RequestContext, Route, badRequest } from "./jsonapi";
import { oidcConfigurationRoutes } from "./oidcConfigurations";
import { projectRoutes } from "./projects";
import { RATE_LIMIT_BODY, RateLimiter, formatReset } from "./rateLimit";
import { runRoutes } from "./runs";
import { RunBehavior, RunWorld, createRunWorld } from "./runWorld";
import { EmulatorStore, createStore, findOrganization, findWorkspaceByName, newId, now } from "./store";
import { variableSetRoutes } from "./variableSets";
import { variableRoutes } from "./variables";
import { WORKSPACE_NAME, workspaceRoutes } from "./workspaces";

export type { FaultPlan } from "./faults";
export * from "./store";
export type { CloudSimulator, ProbeInput, ProbeOutcome, ProbeDiagnostic, TokenClaims } from "./cloudSimulator";
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
    user?: string; // the authenticated user (undefined for 401 and for unauthenticated 429)
    body?: unknown; // the request body: parsed JSON, or the raw text when it did not parse
    at: number; // Date.now() on arrival
    fault?: "rate-limited" | "server-error" | "reset" | "lost-response";
}

export interface Emulator {
    readonly url: string; // "http://127.0.0.1:PORT"
    readonly hostname: string; // "127.0.0.1:PORT"
    close(): Promise<void>;
    addToken(token: string, user?: string): void;
    addOrganization(name: string, opts?: { hyok?: boolean }): void;
    setHyok(org: string, entitled: boolean): void;
    addProject(org: string, name: string): { id: string; name: string };
    addWorkspace(org: string, name: string, opts?: { projectId?: string; managesResources?: boolean }): { id: string; name: string; projectId: string };
    denyAccess(token: string, objectId: string): void;
    readonly store: EmulatorStore;
    readonly log: RequestLogEntry[];
    clearLog(): void;
    setRateLimit(rps: number | null): void;
    injectFaults(plan: Partial<FaultPlan>): void;
    clearFaults(): void;
    /** The caller `token`'s permissions on a workspace (default: everything allowed). */
    setWorkspacePermissions(token: string, workspaceId: string, permissions: { canQueueRun?: boolean }): void;
    /** Configuration versions, runs, plans, archivist objects and the run controls below. */
    readonly runs: RunWorld;
    /** Plays the cloud side of runs whose configuration declares `simulator.provider`. */
    addCloudSimulator(simulator: CloudSimulator): void;
    /** Host in the run tokens' `iss` (https://<host>); null = the emulator's own host (default). */
    setIssuerHost(host: string | null): void;
    /** Time of each run / plan / upload status change, ms (default 10). */
    setRunTiming(timing: { stepMs: number }): void;
    /** How the runs created from now on in this workspace behave (hold, policy, run task, cancel permission). */
    setRunBehavior(workspaceId: string, behavior: RunBehavior): void;
    /** Puts the workspace in agent execution mode with a pool of `freeAgents` free agents (0: runs wait in plan_queued). */
    setAgentPool(workspaceId: string, pool: { name?: string; freeAgents: number }): void;
}

interface CompiledRoute extends Route {
    segments: string[];
}

const ROUTES: CompiledRoute[] = [
    ...workspaceRoutes, ...projectRoutes, ...variableRoutes, ...variableSetRoutes, ...oidcConfigurationRoutes,
    ...configurationVersionRoutes, ...runRoutes,
].map((r) => ({ ...r, segments: r.pattern.split("/").filter(Boolean) }));

const PREFIX = "/api/v2/";

function match(method: string, pathname: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    if (!pathname.startsWith(PREFIX)) return undefined;
    let parts: string[];
    try {
        parts = pathname.slice(PREFIX.length).split("/").map(decodeURIComponent);
    } catch {
        return undefined;
    }
    if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
    for (const route of ROUTES) {
        if (route.method !== method || route.segments.length !== parts.length) continue;
        const params: Record<string, string> = {};
        let ok = true;
        for (let i = 0; i < parts.length; i++) {
            const s = route.segments[i];
            if (s.startsWith(":")) {
                if (parts[i] === "") { ok = false; break; }
                params[s.slice(1)] = parts[i];
            } else if (s !== parts[i]) {
                ok = false;
                break;
            }
        }
        if (ok) return { route, params };
    }
    return undefined;
}

function errorDoc(status: number, title: string, detail?: string) {
    return { errors: [detail === undefined ? { status: String(status), title } : { status: String(status), title, detail }] };
}

function serverErrorReply(status: 500 | 502 | 503): Reply {
    if (status === 502) {
        // What a proxy in front of the API answers: not JSON.
        return { status, raw: { contentType: "text/html", text: "<html><body><h1>502 Bad Gateway</h1></body></html>\n" } };
    }
    return { status, body: errorDoc(status, status === 500 ? "internal server error" : "service unavailable") };
}

function send(res: http.ServerResponse, reply: Reply): void {
    if (res.writableEnded || res.destroyed) return;
    const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
    let payload: string | undefined;
    if (reply.raw) {
        headers["Content-Type"] = reply.raw.contentType;
        payload = reply.raw.text;
    } else if (reply.body !== undefined && reply.status !== 204) {
        headers["Content-Type"] = JSONAPI;
        payload = JSON.stringify(reply.body);
    }
    if (payload !== undefined) headers["Content-Length"] = Buffer.byteLength(payload);
    res.writeHead(reply.status, headers);
    res.end(payload);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
    const store = createStore();
    const runs = createRunWorld(store);
    const permissions = new Map<string, Map<string, { canQueueRun: boolean }>>(); // token -> workspace id -> permissions
    const tokens = new Map<string, string>(); // token -> user
    const denied = new Map<string, Set<string>>(); // token -> lower-cased ids / org names
    const log: RequestLogEntry[] = [];
    const limiter = new RateLimiter(opts.rateLimit === undefined ? 30 : opts.rateLimit);
    const faults = new Faults(opts.seed ?? 1);
    const timers = new Set<NodeJS.Timeout>();
    let closed = false;
    let baseUrl = "";

    function handle(method: string, url: URL, bodyText: string, contentType: string | undefined, token: string): Reply {
        let body: unknown;
        if (bodyText.length > 0) {
            const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
            if (mediaType !== JSONAPI) {
                return { status: 415, body: errorDoc(415, "unsupported media type", `Content-Type must be ${JSONAPI}`) };
            }
            try {
                body = JSON.parse(bodyText);
            } catch (e) {
                return { status: 400, body: { errors: badRequest(`Request body is not valid JSON: ${(e as Error).message}`).errors } };
            }
        }
        const found = match(method, url.pathname);
        if (!found) return { status: 404, body: errorDoc(404, "not found") };
        const deniedIds = denied.get(token);
        const ctx: RequestContext = {
            method,
            path: url.pathname,
            query: url.searchParams,
            body,
            store,
            baseUrl,
            canSee: (...ids) => !deniedIds || ids.every((id) => !deniedIds.has(id.toLowerCase())),
            permissionsOf: (workspaceId) => ({ canQueueRun: permissions.get(token)?.get(workspaceId)?.canQueueRun ?? true }),
        };
        try {
            return found.route.handler(ctx, found.params);
        } catch (e) {
            if (e instanceof ApiError) return { status: e.status, body: { errors: e.errors } };
            console.error("emulator: handler failed", e);
            return { status: 500, body: errorDoc(500, "internal server error", String((e as Error)?.message ?? e)) };
        }
    }

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

        const rate = limiter.take(user !== undefined ? `user:${user}` : `ip:${req.socket.remoteAddress ?? "?"}`);
        if (!rate.ok) {
            entry.status = 429;
            entry.fault = "rate-limited";
            if (user !== undefined) entry.user = user;
            send(res, {
                status: 429,
                body: RATE_LIMIT_BODY,
                headers: { "X-RateLimit-Limit": String(limiter.limit), "X-RateLimit-Reset": formatReset(rate.resetSeconds) },
            });
            return;
        }
        if (user === undefined || token === undefined) {
            entry.status = 401;
            send(res, { status: 401, body: errorDoc(401, "unauthorized") });
            return;
        }
        entry.user = user;

        const decision = faults.decide(method, url.pathname);
        const run = () => act(req, res, entry, decision, method, url, bodyText, token);
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
        req: http.IncomingMessage, res: http.ServerResponse, entry: RequestLogEntry, decision: FaultDecision,
        method: string, url: URL, bodyText: string, token: string,
    ): void {
        if (decision.reset) {
            entry.status = 0;
            entry.fault = "reset";
            req.socket.destroy();
            return;
        }
        if (decision.errorStatus !== undefined) {
            entry.status = decision.errorStatus;
            entry.fault = "server-error";
            send(res, serverErrorReply(decision.errorStatus));
            return;
        }
        const reply = handle(method, url, bodyText, req.headers["content-type"], token);
        entry.status = reply.status;
        if (decision.loseResponse && reply.status >= 200 && reply.status < 300) {
            entry.fault = "lost-response";
            req.socket.destroy();
            return;
        }
        send(res, reply);
    }

    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            if (closed) return;
            const url = new URL(req.url ?? "/", baseUrl);
            if (isArchivistPath(url.pathname)) {
                // Another host in reality: no token, no rate limit, no faults.
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

    function requireOrg(name: string) {
        const org = findOrganization(store, name);
        if (!org) throw new Error(`emulator: unknown organization ${name}`);
        return org;
    }

    function newProject(org: string, name: string): { id: string; name: string } {
        const id = newId("prj");
        store.projects.set(id, { id, name, organization: org, createdAt: now() });
        return { id, name };
    }

    const emulator: Emulator = {
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
            if (findOrganization(store, name)) throw new Error(`emulator: organization ${name} already exists`);
            const project = newProject(name, "Default Project");
            store.organizations.set(name.toLowerCase(), { name, hyok: o?.hyok ?? false, defaultProjectId: project.id });
        },
        setHyok(org, entitled) {
            requireOrg(org).hyok = entitled;
        },
        addProject(org, name) {
            const o = requireOrg(org);
            for (const p of store.projects.values()) {
                if (p.organization === o.name && p.name.toLowerCase() === name.toLowerCase()) {
                    throw new Error(`emulator: project ${name} already exists in ${o.name}`);
                }
            }
            return newProject(o.name, name);
        },
        addWorkspace(org, name, o) {
            const organization = requireOrg(org);
            if (!WORKSPACE_NAME.test(name)) throw new Error(`emulator: invalid workspace name ${JSON.stringify(name)}`);
            if (findWorkspaceByName(store, organization.name, name)) throw new Error(`emulator: workspace ${name} already exists`);
            const projectId = o?.projectId ?? organization.defaultProjectId;
            const project = store.projects.get(projectId);
            if (!project || project.organization !== organization.name) throw new Error(`emulator: project ${projectId} is not in ${organization.name}`);
            const at = now();
            const id = newId("ws");
            store.workspaces.set(id, {
                id, name, organization: organization.name, projectId, managesResources: o?.managesResources ?? false,
                description: null, createdAt: at, updatedAt: at,
            });
            return { id, name, projectId };
        },
        denyAccess(token, objectId) {
            let set = denied.get(token);
            if (!set) denied.set(token, (set = new Set()));
            set.add(objectId.toLowerCase());
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
        clearFaults() {
            faults.clear();
        },
        setWorkspacePermissions(token, workspaceId, p) {
            let byWorkspace = permissions.get(token);
            if (!byWorkspace) permissions.set(token, (byWorkspace = new Map()));
            byWorkspace.set(workspaceId, { canQueueRun: p.canQueueRun ?? true });
        },
        runs,
        addCloudSimulator(simulator) {
            runs.simulators.push(simulator);
        },
        setIssuerHost(host) {
            runs.issuerHost = host;
        },
        setRunTiming(timing) {
            if (!(timing.stepMs >= 0)) throw new Error(`emulator: stepMs must be >= 0, got ${timing.stepMs}`);
            runs.stepMs = timing.stepMs;
        },
        setRunBehavior(workspaceId, behavior) {
            runs.behaviors.set(workspaceId, { ...behavior });
        },
        setAgentPool(workspaceId, pool) {
            const ws = store.workspaces.get(workspaceId);
            if (!ws) throw new Error(`emulator: unknown workspace ${workspaceId}`);
            ws.executionMode = "agent";
            const existing = runs.agentPools.get(workspaceId);
            runs.agentPools.set(workspaceId, { id: existing?.id ?? newId("apool"), name: pool.name ?? "default-pool", freeAgents: pool.freeAgents });
        },
    };
    return emulator;
}
