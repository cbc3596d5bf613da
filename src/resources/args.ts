// Program-side checks of the arguments of resources and components, for JavaScript callers and
// values from `config.get`: an unknown argument name or a plain value of the wrong type is an
// error naming the argument, the type expected and the fix, before anything is registered.
// Outputs and promises are checked later, by the provider's check() (resources) or when known.
import * as pulumi from "@pulumi/pulumi";

export type ArgKind = "string" | "boolean" | "number" | "string[]" | "object" | "object[]" | "any";

const KIND_TEXT: Record<ArgKind, string> = {
    string: "a string",
    boolean: "true or false (a boolean)",
    number: "a number",
    "string[]": "a list of strings",
    object: "an object",
    "object[]": "a list of objects",
    any: "a value",
};

function typeText(value: unknown): string {
    if (value === null || value === undefined) return String(value);
    if (Array.isArray(value)) return "a list";
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** True for what is checked later: an Output, a promise, an unknown. */
function deferred(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || (value !== null && typeof value === "object" && typeof (value as any).then === "function");
}

function hasKind(kind: ArgKind, value: unknown): boolean {
    switch (kind) {
        case "string":
            return typeof value === "string";
        case "boolean":
            return typeof value === "boolean";
        case "number":
            return typeof value === "number" && isFinite(value);
        case "string[]":
            return Array.isArray(value) && value.every((v) => typeof v === "string" || deferred(v));
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value);
        case "object[]":
            return Array.isArray(value) && value.every((v) => (v !== null && typeof v === "object" && !Array.isArray(v)) || deferred(v));
        case "any":
            return true;
    }
}

/** The known name closest to `name` (edit distance at most 2), for "did you mean". */
function closest(name: string, known: readonly string[]): string | undefined {
    const distance = (a: string, b: string): number => {
        const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
        for (let j = 1; j <= b.length; j++) d[0][j] = j;
        for (let i = 1; i <= a.length; i++) {
            for (let j = 1; j <= b.length; j++) {
                d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
            }
        }
        return d[a.length][b.length];
    };
    let best: string | undefined;
    let bestD = 3;
    for (const k of known) {
        const dk = distance(name, k);
        if (dk < bestD) {
            best = k;
            bestD = dk;
        }
    }
    return best;
}

/**
 * Throws `<Type> "<name>": …` when `args` is not an object, has an argument not in `kinds`, or a
 * plain value of the wrong type. Absent (undefined) arguments are fine; required ones are the
 * provider's or the component's own business.
 */
export function checkArgKinds(type: string, name: string, args: unknown, kinds: Readonly<Record<string, ArgKind>>): void {
    const prefix = `${type} "${name}": `;
    if (args === undefined || args === null || typeof args !== "object" || Array.isArray(args)) {
        throw new Error(`${prefix}the arguments must be an object (got ${typeText(args)}).`);
    }
    const known = Object.keys(kinds);
    for (const [arg, value] of Object.entries(args as Record<string, unknown>)) {
        const kind = kinds[arg];
        if (kind === undefined) {
            const guess = closest(arg, known);
            throw new Error(
                `${prefix}unknown argument "${arg}"${guess ? ` (did you mean "${guess}"?)` : ""}. Fix: give only ${known.join(", ")}.`,
            );
        }
        if (value === undefined || deferred(value)) continue;
        if (!hasKind(kind, value)) {
            throw new Error(`${prefix}${arg} must be ${KIND_TEXT[kind]}, not ${JSON.stringify(value)} (${typeText(value)}). Fix the ${arg} argument.`);
        }
    }
}
