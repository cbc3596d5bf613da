// The stacks release 0.2 left (tests/fixtures/v0.2/*.json, made by tests/fixtures/v0.2/generate.ts):
// load one, and restore it into a FRESH emulator (every store record, a new token for each user)
// and into an engine model's state, with the program's source to capture again.
//
// ```ts
// const stack = await restoreStack(loadV02Fixture("a-single"));
// const host = await install.startHost({ env: stack.hostEnv });
// const engine = stack.engine(host);                        // the 0.2 state, 0.2 provider texts
// const rep = await engine.up((await captureInConsumer(install, stack.fixture.program)).program);
// await stack.close(); await host.stop();
// ```
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../emulator";
import { Engine } from "./engine";
import { restoreStore } from "./emulatorSnapshot";
import type { ProviderHost } from "./providerHost";
import { decodeFixture, fixtureProgram, type StackFixture, type StackFixtureFile } from "./stackFixture";

export const V02_DIR = path.join(__dirname, "..", "fixtures", "v0.2");

/** The names of the 0.2 fixtures ("a-single", ...), sorted. */
export function v02FixtureNames(): string[] {
    return fs
        .readdirSync(V02_DIR)
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -".json".length))
        .sort();
}

/** One 0.2 fixture, provider texts in place. */
export function loadV02Fixture(name: string): StackFixture {
    const file: StackFixtureFile = JSON.parse(fs.readFileSync(path.join(V02_DIR, `${name}.json`), "utf8"));
    return decodeFixture(file);
}

export interface RestoredStack {
    fixture: StackFixture;
    emu: Emulator;
    /** The first user's token (the host's TFE_TOKEN). */
    token: string;
    /** The environment of a provider host for this stack (TFE_TOKEN, TFE_HOSTNAME = the emulator). */
    hostEnv: Record<string, string>;
    /** An engine over the fixture's program and state (the state's provider texts are the fixture's). */
    engine(host: ProviderHost): Engine;
    close(): Promise<void>;
}

/** A token shaped like an HCP Terraform one, new on every call. */
function newToken(): string {
    return `restored${randomBytes(6).toString("hex")}.atlasv1.${randomBytes(24).toString("hex")}`;
}

/** Starts a fresh emulator holding exactly the fixture's store (no rate limit). */
export async function restoreStack(fixture: StackFixture): Promise<RestoredStack> {
    const emu = await startEmulator({ rateLimit: null });
    restoreStore(emu, fixture.emulator.store);
    const tokens = fixture.emulator.users.map((user) => {
        const token = newToken();
        emu.addToken(token, user);
        return token;
    });
    const hostEnv = { TFE_TOKEN: tokens[0], TFE_HOSTNAME: emu.hostname, TFE_ADDRESS: "", HOME: "/nonexistent-home" };
    return {
        fixture,
        emu,
        token: tokens[0],
        hostEnv,
        engine(host) {
            const engine = new Engine(host, fixtureProgram(fixture));
            engine.loadState(fixture.state);
            return engine;
        },
        close: () => emu.close(),
    };
}
