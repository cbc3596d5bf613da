// Runs IN a packed-install consumer (cwd = the consumer, started by consumerCapture.ts through
// ts-node): captures one program under the CONSUMER's @pulumi/pulumi with the shared mock answers
// (mockAnswers.ts) and prints every registration (wire.ts) and the placeholders after MARKER.
//   node -r ts-node/register/transpile-only consumerRunner.ts <program.js> '<options json>'
// The program is a CommonJS file that constructs resources at load, or exports a (possibly async)
// function that does. Nothing here imports @pulumi/pulumi statically: it is required from the cwd.
import * as path from "node:path";
import { createMockAnswers } from "./mockAnswers";
import { describeRequest, type WireResource } from "./wire";

export const MARKER = "@@consumer-capture@@";

export interface RunnerOptions {
    project?: string;
    stack?: string;
    preview?: boolean;
    config?: Record<string, string>;
    secretConfigKeys?: string[];
}

async function main(programPath: string, options: RunnerOptions): Promise<void> {
    const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [process.cwd()] }));
    const settings = require(require.resolve("@pulumi/pulumi/runtime/settings", { paths: [process.cwd()] }));
    const answers = createMockAnswers();
    await pulumi.runtime.setMocks(
        {
            newResource: (a: any) => answers.newResource(a) ?? { id: a.custom === false ? "" : a.id || `${a.name}-id`, state: a.inputs },
            call: (a: any) => answers.call(a),
        },
        options.project ?? "project",
        options.stack ?? "stack",
        options.preview ?? false,
    );
    pulumi.runtime.setAllConfig(options.config ?? {}, options.secretConfigKeys ?? []);
    const resources: WireResource[] = [];
    const monitor = pulumi.runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: (err: any, resp: any) => void) => {
        const struct = req.getObject();
        register(req, (err: any, resp: any) => {
            if (!err) resources.push(describeRequest(req, struct, resp.getObject(), resp.getUrn(), resp.getId(), false));
            cb(err, resp);
        });
    };
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req: any, cb: (err: any, resp: any) => void) => {
        const struct = req.getProperties();
        read(req, (err: any, resp: any) => {
            if (!err) resources.push(describeRequest(req, struct, resp.getProperties(), resp.getUrn(), req.getId(), true));
            cb(err, resp);
        });
    };
    const mod = require(path.resolve(programPath));
    const fn = typeof mod === "function" ? mod : typeof mod?.default === "function" ? mod.default : undefined;
    if (fn) await fn();
    for (let stable = 0; stable < 2; ) {
        const before = resources.length;
        await settings.waitForRPCs();
        await new Promise((r) => setImmediate(r));
        stable = resources.length === before ? stable + 1 : 0;
    }
    process.stdout.write(`\n${MARKER}${JSON.stringify({ resources, placeholders: [...answers.placeholders] })}\n`);
}

if (require.main === module) {
    process.on("unhandledRejection", (e: any) => {
        console.error("unhandled rejection:", e?.stack ?? String(e));
        process.exit(1);
    });
    const [programPath, optionsJson] = process.argv.slice(2);
    main(programPath, JSON.parse(optionsJson || "{}")).catch((e) => {
        console.error(e?.stack ?? String(e));
        process.exit(1);
    });
}
