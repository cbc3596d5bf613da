/**
 * The flag parser of the cloud `policies` commands (same grammar and messages as main.ts's):
 * `--name VALUE` or `--name=VALUE`, boolean flags take no value, a flag is given once unless
 * repeatable; and the mapping of a builder's `PolicyInputError` to the flag that carried the input.
 */
import { PolicyInputError, type PolicyInputField } from "../policies";
import { CliUsageError } from "./usageError";

/** How a flag is parsed. */
export interface FlagSpec {
    /** Absent: a boolean flag. */
    readonly metavar?: string;
    readonly repeatable?: boolean;
}

/** Flag name (without `--`) -> its values in order ("true" for a boolean flag). */
export type ParsedFlags = Map<string, string[]>;

/** Parses `args` (after the command) against `specs`; `command` names the command in messages. */
export function parseFlags(args: readonly string[], specs: Readonly<Record<string, FlagSpec>>, command: string, hints: Readonly<Record<string, string>> = {}): ParsedFlags {
    const flags: ParsedFlags = new Map();
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (!arg.startsWith("--") || arg === "--") {
            throw new CliUsageError(`unexpected argument ${JSON.stringify(arg)}; every value follows its flag (e.g. --workspace prod).`);
        }
        const eq = arg.indexOf("=");
        const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
        const spec = Object.prototype.hasOwnProperty.call(specs, name) ? specs[name] : undefined;
        if (spec === undefined) {
            const hint = Object.prototype.hasOwnProperty.call(hints, name) ? ` ${hints[name]}` : "";
            throw new CliUsageError(`unknown flag --${name} for command ${JSON.stringify(command)}.${hint}`);
        }
        let value: string;
        if (spec.metavar === undefined) {
            if (eq !== -1) throw new CliUsageError(`--${name} takes no value.`);
            value = "true";
        } else if (eq !== -1) {
            value = arg.slice(eq + 1);
        } else {
            const next = args[i + 1];
            if (next === undefined || next.startsWith("--")) throw new CliUsageError(`--${name} needs a value: --${name} ${spec.metavar}.`);
            value = next;
            i++;
        }
        const seen = flags.get(name);
        if (seen !== undefined && !spec.repeatable) throw new CliUsageError(`--${name} was given twice; give it once.`);
        flags.set(name, [...(seen ?? []), value]);
    }
    return flags;
}

/** The value of a single flag, if given. */
export function flagValue(flags: ParsedFlags, name: string): string | undefined {
    return flags.get(name)?.[0];
}

/** Every value of a repeatable flag, comma-separated values split. */
export function flagList(flags: ParsedFlags, name: string): string[] {
    return (flags.get(name) ?? []).flatMap((v) => v.split(","));
}

/** The value of a flag that must be given, else a usage error `--<name> is required (<what>).` */
export function requiredFlag(flags: ParsedFlags, name: string, what: string): string {
    const value = flagValue(flags, name);
    if (value === undefined) throw new CliUsageError(`--${name} is required (${what}).`);
    return value;
}

/** Runs a builder, turning a `PolicyInputError` into a usage error prefixed with the flag that carried the input. */
export function withFlags<T>(fieldFlags: Partial<Record<PolicyInputField, string>>, build: () => T): T {
    try {
        return build();
    } catch (err) {
        if (err instanceof PolicyInputError) {
            const flag = fieldFlags[err.field];
            throw new CliUsageError(flag ? `${flag}: ${err.message}` : err.message);
        }
        throw err;
    }
}
