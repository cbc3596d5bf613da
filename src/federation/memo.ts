// What a Pulumi program shares between its federations (the account's IAM OIDC provider, a GCP
// workload identity pool, a Vault JWT backend, the registry of federated workspaces): one memo per
// name, process-wide (a program is one process), forgotten together by resetProgramMemos() for
// tests that run several programs in one process.

const KEY = Symbol.for("hcp-oidc-federation.programMemos");

function memos(): Map<string, unknown> {
    const g = globalThis as any;
    if (!(g[KEY] instanceof Map)) {
        g[KEY] = new Map();
    }
    return g[KEY];
}

/** The program's memo called `name`, made by `init` on first use. */
export function programMemo<T>(name: string, init: () => T): T {
    const all = memos();
    if (!all.has(name)) {
        all.set(name, init());
    }
    return all.get(name) as T;
}

/** Forgets every memo (tests; a Pulumi program never needs it). */
export function resetProgramMemos(): void {
    memos().clear();
}
