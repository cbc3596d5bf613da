// The Pulumi program a federation is declared in, read when the component is constructed.
import * as pulumi from "@pulumi/pulumi";
import type { ProgramIdentity } from "./plan";

/** The current project and stack (for ownership marks and default names unique per stack). */
export function programIdentity(): ProgramIdentity {
    return { project: pulumi.getProject(), stack: pulumi.getStack() };
}
