// A stack as a release left it, as one JSON file (tests/fixtures/v<release>/<name>.json): the
// program's source, the HCP emulator's store after its first `up`, the engine state that `up` left
// (urn -> id, type, inputs, outputs, provider text, parent, dependencies, options), every
// registration of the program (dynamic, AWS, components), and what a `refresh` + `destroy` from
// that state did. Provider texts are stored once, in `texts`; each place that held one holds
// `{ "$text": "<name>" }` instead (name = the provider module it requires, e.g. "workspace").
import { createHash } from "node:crypto";
import type { PlaceholderSource } from "./mockAnswers";
import type { StoreChanges, StoreDump } from "./emulatorSnapshot";
import { buildProgram, type EngineProgram, type Registration, type StateRecord } from "./engine";

export const FIXTURE_FORMAT = "hcp-oidc-federation/stack-fixture@1";

/** A registration as a fixture keeps it (the mock's answers are in the state). */
export type FixtureRegistration = Omit<Registration, "mockId" | "mockOutputs">;

export interface StackFixture {
    format: string;
    name: string;
    description: string;
    /** The package and @pulumi/pulumi versions that made it. */
    package: { name: string; version: string };
    sdkVersion: string;
    /** The program (CommonJS, requires the package), exactly as captured. */
    program: string;
    /** The emulator's users (a token is made for each on restore; the first one's is the host's) and every record of its store. */
    emulator: { users: string[]; store: StoreDump };
    /** Placeholders of the capture -> the output they stand for. */
    placeholders: [string, PlaceholderSource][];
    registrations: FixtureRegistration[];
    /** The engine state after the first `up`. */
    state: StateRecord[];
    /** A `refresh` then `destroy` from `state`: the package's writes ("METHOD /path", sorted) and what changed in the store. */
    destroy: { writes: string[]; store: StoreChanges };
}

/** A fixture file: a StackFixture with provider texts stored once. */
export interface StackFixtureFile extends Omit<StackFixture, "registrations" | "state"> {
    texts: Record<string, string>;
    registrations: unknown[];
    state: unknown[];
}

const TEXT_KEYS = new Set(["__provider", "providerText"]);

function textName(text: string, texts: Record<string, string>): string {
    const m = /require\("[^"]*\/providers\/(\w+)\.js"\)/.exec(text);
    const hash = createHash("sha256").update(text).digest("hex").slice(0, 8);
    let name = m ? m[1] : `text-${hash}`;
    if (texts[name] !== undefined && texts[name] !== text) name = `${name}-${hash}`;
    texts[name] = text;
    return name;
}

function mapDeep(v: any, fn: (key: string, value: any) => any): any {
    if (Array.isArray(v)) return v.map((x) => mapDeep(x, fn));
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fn(k, x) ?? mapDeep(x, fn)]));
    return v;
}

/** The file form of a fixture: each provider text stored once. */
export function encodeFixture(f: StackFixture): StackFixtureFile {
    const texts: Record<string, string> = {};
    const encode = (v: unknown) => mapDeep(v, (k, x) => (TEXT_KEYS.has(k) && typeof x === "string" ? { $text: textName(x, texts) } : undefined));
    const registrations = encode(f.registrations);
    const state = encode(f.state);
    return { ...f, texts, registrations, state };
}

/** The fixture of a file: provider texts put back in place. */
export function decodeFixture(file: StackFixtureFile): StackFixture {
    if (file.format !== FIXTURE_FORMAT) throw new Error(`${file.name}: format ${file.format}, expected ${FIXTURE_FORMAT}`);
    const decode = (v: unknown) =>
        mapDeep(v, (k, x) => {
            if (!TEXT_KEYS.has(k) || x === null || typeof x !== "object" || typeof x.$text !== "string") return undefined;
            const text = file.texts[x.$text];
            if (text === undefined) throw new Error(`${file.name}: no text named ${x.$text}`);
            return text;
        });
    const { texts: _t, ...rest } = file;
    return { ...rest, registrations: decode(file.registrations), state: decode(file.state) };
}

/** The program the fixture was captured from, as the engine model runs it (the mocks' answers are not kept). */
export function fixtureProgram(f: StackFixture): EngineProgram {
    const registrations: Registration[] = f.registrations.map((r) => ({ ...r, mockId: "", mockOutputs: {} }));
    return buildProgram(registrations, new Map(f.placeholders));
}
