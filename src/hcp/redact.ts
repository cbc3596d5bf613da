// Text that came from the network may echo what was sent: a gateway that copies the
// Authorization header into an error, a server that quotes the request body. Every such text is
// passed through redact() before it reaches a message, a log line or the stack state.

export const REDACTED = "[redacted]";

/** The spellings of a value a server may echo: as is, JSON-escaped and URL-encoded. */
function spellings(secret: string): string[] {
    const out = new Set<string>([secret, JSON.stringify(secret).slice(1, -1)]);
    try {
        out.add(encodeURIComponent(secret));
    } catch {
        // A lone surrogate cannot be URL-encoded; the other spellings still apply.
    }
    return [...out].filter((s) => s !== "");
}

/**
 * `text` with every `Bearer <credential>` and every occurrence of each secret (in the spellings a
 * server may echo) replaced by "[redacted]". Longer secrets first, so that a secret containing
 * another is removed whole.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
    let out = text.replace(/\bBearer\s+[^\s"'<>,;]+/gi, `Bearer ${REDACTED}`);
    const all = secrets.filter((s): s is string => typeof s === "string" && s !== "").flatMap(spellings);
    for (const s of all.sort((a, b) => b.length - a.length)) {
        out = out.split(s).join(REDACTED);
    }
    return out;
}
