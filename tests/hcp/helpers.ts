// Shared set-up of the hcp client tests: one emulator per test file, a registered token, an
// organization, and client options that keep the suite fast (no limiter, tiny jitter and backoff).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Emulator, startEmulator } from "../emulator";
import { ClientOptions, HcpClient, clientFor, resetClientState, setClientDefaults } from "../../src/hcp";

export const TOKEN = "test-token-0123456789.atlasv1.secret";
export const ORG = "acme";

/** Fast options: no client limiter, 0–5 ms jitter, 5 ms backoff, no ambient credentials. */
export const FAST: ClientOptions = {
    limiter: null,
    rateLimitJitterMs: [0, 5],
    retryBaseMs: 5,
    retryMaxMs: 20,
    timeoutMs: 5000,
    env: {},
    credentialsFile: path.join(os.tmpdir(), "hcp-tests-no-such-dir", "credentials.tfrc.json"),
};

export interface Fixture {
    emu: Emulator;
    client(options?: ClientOptions, token?: string): HcpClient;
    /** Log entries as "METHOD /path" relative to /api/v2, for compact assertions. */
    calls(): string[];
}

/** Starts an emulator (rate limiting off unless asked) before the file's tests and stops it after. */
export function useEmulator(opts: { rateLimit?: number | null } = {}): Fixture {
    const fx = {} as Fixture;
    before(async () => {
        fx.emu = await startEmulator({ rateLimit: opts.rateLimit === undefined ? null : opts.rateLimit });
        fx.emu.addToken(TOKEN, "alice");
        fx.emu.addOrganization(ORG);
    });
    after(async () => {
        resetClientState();
        await fx.emu.close();
    });
    beforeEach(() => {
        resetClientState();
        setClientDefaults(undefined);
        fx.emu.clearFaults();
        fx.emu.clearLog();
    });
    fx.client = (options?: ClientOptions, token: string = TOKEN) =>
        clientFor({ hostname: fx.emu.hostname, token }, { ...FAST, ...(options || {}) });
    fx.calls = () => fx.emu.log.map((e) => `${e.method} ${e.path.replace(/^\/api\/v2/, "")}`);
    return fx;
}

export function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "hcp-client-test-"));
}

/** The rejection of `p` (fails when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<any> {
    try {
        await p;
    } catch (err) {
        return err;
    }
    throw new Error("expected the promise to reject, but it resolved");
}
