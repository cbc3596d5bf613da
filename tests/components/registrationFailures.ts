// A program whose registration fails inside an output (an ARN given as an output, checked when it is
// known): the failed resource's dependents wait for it forever under the SDK's mocks (its URN never
// resolves), so runWithMocks, which waits for every registration, cannot be used. This runs the
// program under fresh mocks, waits for the first failure, lets what can still register settle, and
// answers the distinct failure messages and the names of what was registered.
import * as pulumi from "@pulumi/pulumi";
import { resetSharedOidcProviders } from "../../src/components";
import { realisticCall, realisticState } from "./harness";

export interface RegistrationFailures {
    /** The distinct messages of the rejected registrations (the SDK's "error serializing property …: " prefix removed). */
    errors: string[];
    /** Names of the resources the mock monitor registered. */
    registered: string[];
}

const SERIALIZING = /^(error serializing property "[^"]+": )+/;

export async function registrationFailures(
    program: () => unknown,
    opts: { preview?: boolean; call?: (args: pulumi.runtime.MockCallArgs) => Record<string, any> } = {},
): Promise<RegistrationFailures> {
    const registered: string[] = [];
    const errors = new Set<string>();
    await pulumi.runtime.setMocks(
        {
            newResource: (a) => {
                registered.push(a.name);
                return realisticState(a) ?? { id: a.custom === false ? "" : `${a.name}-id`, state: a.inputs };
            },
            call: (a) => (opts.call ?? realisticCall)(a),
        },
        "project",
        "stack",
        opts.preview ?? false,
    );
    const onUnhandled = (reason: unknown) => errors.add(String((reason as Error)?.message ?? reason).replace(SERIALIZING, ""));
    process.on("unhandledRejection", onUnhandled);
    try {
        resetSharedOidcProviders();
        program();
        for (let i = 0; i < 400 && errors.size === 0; i++) await new Promise((r) => setTimeout(r, 10));
        // Whatever does not wait for the failed value registers within a few turns of the event loop.
        for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    } finally {
        process.off("unhandledRejection", onUnhandled);
        // The dependents stay pending: without this the SDK's exit hook would fail the whole mocha run.
        require("@pulumi/pulumi/runtime/state").getStore().leakCandidates.clear();
    }
    return { errors: [...errors], registered };
}
