// One resource of every type this package has, for the promises that hold for all of them (sites,
// "not visible is not gone", redaction): the program that registers them, run in a consumer that
// installed the packed package (ALL_TYPES_PROGRAM), a world of emulator objects they can be created against, and the words each uses for
// the object it could not confirm gone.
import assert from "node:assert/strict";
import { ORG, addSet, type Harness, type State } from "./harness";

/** The resource names the program registers, in an order they can be created in. */
export const TYPES = [
    "workspace", "project", "varset", "wvar", "svar", "vsw", "wvs", "pvs", "group", "removal", "aws", "azure", "gcp", "vault",
] as const;
export type TypeName = (typeof TYPES)[number];

/** The types whose delete sends a request (the others never remove anything remote). */
export const DELETING: readonly TypeName[] = TYPES.filter((t) => t !== "project" && t !== "removal");

/** deleteBeforeReplace of each type when its site changes. */
export const DELETES_FIRST: Record<TypeName, boolean> = {
    workspace: false, project: false, varset: true, wvar: true, svar: true, vsw: false, wvs: true, pvs: true, group: true, removal: false,
    aws: false, azure: false, gcp: false, vault: false,
};

const PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n";
export const SENSITIVE_VALUE = "s3cr3t-db-password-value";
const WS = "ws-placeholder000000";
const SET = "varset-placeholder00000";

/** [class exported by the package, resource name, arguments]; ids are placeholders (the world gives the real ones). */
const SPECS: [string, TypeName, Record<string, unknown>][] = [
    ["Workspace", "workspace", { organization: ORG, name: "placeholder", createIfMissing: true, deleteOnDestroy: true }],
    ["Project", "project", { organization: ORG, name: "Default Project" }],
    ["VariableSet", "varset", { organization: ORG, name: "placeholder", description: "made by the stack" }],
    ["WorkspaceVariable", "wvar", { workspaceId: WS, key: "DB_PASSWORD", value: SENSITIVE_VALUE, category: "env", sensitive: true }],
    ["VariableSetVariable", "svar", { variableSetId: SET, key: "TFC_AWS_RUN_ROLE_ARN", value: "arn:aws:iam::123456789012:role/run", category: "env" }],
    ["VariableSetWorkspaces", "vsw", { variableSetId: SET, workspaceIds: [WS] }],
    ["WorkspaceVariableSet", "wvs", { workspaceId: WS, variableSetId: SET }],
    ["ProjectVariableSet", "pvs", { projectId: "prj-placeholder00000", variableSetId: SET }],
    ["WorkspaceVariableGroup", "group", { workspaceId: WS, variables: [{ key: "TFC_AWS_PROVIDER_AUTH", value: "true", category: "env" }] }],
    ["WorkspaceVariableRemoval", "removal", { workspaceId: WS, keys: ["AWS_ACCESS_KEY_ID"] }],
    ["AwsOidcConfiguration", "aws", { organization: ORG, roleArn: "arn:aws:iam::123456789012:role/hyok" }],
    [
        "AzureOidcConfiguration", "azure",
        { organization: ORG, clientId: "11111111-2222-3333-4444-555555555555", subscriptionId: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", tenantId: "00000000-1111-2222-3333-444444444444" },
    ],
    [
        "GcpOidcConfiguration", "gcp",
        {
            organization: ORG,
            serviceAccountEmail: "hyok@proj.iam.gserviceaccount.com",
            projectNumber: "123456789012",
            workloadProviderName: "projects/123456789012/locations/global/workloadIdentityPools/hcp-pool/providers/terraform",
        },
    ],
    ["VaultOidcConfiguration", "vault", { organization: ORG, address: "https://vault.example.com:8200", role: "hyok", encodedCacert: Buffer.from(PEM).toString("base64") }],
];

/**
 * The program, for a consumer of the packed package: providers serialized by reference (short
 * texts), so that the many host calls of these sweeps are cheap. (Each type is also run from this
 * repository's source, serialized by value, in its own test file.)
 */
export const ALL_TYPES_PROGRAM = `"use strict";
const resources = require("hcp-oidc-federation");
module.exports = () => {
    for (const [cls, name, args] of ${JSON.stringify(SPECS)}) new resources[cls](name, args);
};
`;

/** What the resources of one world are created against. */
export interface World {
    org: string;
    workspaceId: string;
    projectId: string;
    /** A set made out of band, for variables and one-workspace attachments. */
    setId: string;
    /** Another one, for VariableSetWorkspaces. */
    otherSetId: string;
    /** A suffix that makes names unique. */
    tag: string;
}

let worlds = 0;

/** An organization (HYOK entitled unless it is ORG, which the harness made) with a workspace, a project and two sets. */
export function makeWorld(h: Harness, org = `org-${++worlds}`): World {
    if (org !== ORG) h.emu.addOrganization(org, { hyok: true });
    const tag = `w${++worlds}`;
    return {
        org,
        workspaceId: h.emu.addWorkspace(org, `holder-${tag}`).id,
        projectId: h.emu.addProject(org, `Project ${tag}`).id,
        setId: addSet(h, { organization: org, name: `attached-${tag}` }).id,
        otherSetId: addSet(h, { organization: org, name: `listed-${tag}` }).id,
        tag,
    };
}

/** The inputs that put a resource of the program in `w`. */
export function inputsIn(w: World, name: TypeName): Record<string, unknown> {
    switch (name) {
        case "workspace":
            return { organization: w.org, name: `made-${w.tag}` };
        case "project":
            return { organization: w.org, name: `Project ${w.tag}` };
        case "varset":
            return { organization: w.org, name: `made-${w.tag}` };
        case "wvar":
        case "group":
        case "removal":
            return { workspaceId: w.workspaceId };
        case "svar":
            return { variableSetId: w.setId };
        case "vsw":
            return { variableSetId: w.otherSetId, workspaceIds: [w.workspaceId] };
        case "wvs":
            return { workspaceId: w.workspaceId, variableSetId: w.setId };
        case "pvs":
            return { projectId: w.projectId, variableSetId: w.setId };
        default:
            return { organization: w.org };
    }
}

/** Creates every resource of the program in `w` (with `extra` inputs); answers the states. */
export async function createAll(h: Harness, w: World, extra: Record<string, unknown> = {}): Promise<Record<TypeName, State>> {
    const states = {} as Record<TypeName, State>;
    for (const name of TYPES) {
        const d = h.resource(name);
        states[name] = await d.up(d.inputs({ ...inputsIn(w, name), ...extra }));
        assert.ok(states[name].id, name);
    }
    return states;
}

/** How each type names the object a refresh or a delete could not confirm gone (the `what` of confirmGone). */
export function whatOf(name: TypeName, s: State, w: World, on: "read" | "delete"): string {
    const o = s.outs;
    switch (name) {
        case "workspace":
            return `workspace ${s.id} ("${o.name}")`;
        case "project":
            return `project "${o.name}" of organization "${w.org}" (${s.id})`;
        case "varset":
            return `variable set "${o.name}" of organization "${w.org}" (${s.id})`;
        case "wvar":
            return `variable "${o.key}" (${o.category}) of workspace ${o.workspaceId} (${s.id})`;
        case "svar":
            return `variable "${o.key}" (${o.category}) of variable set ${o.variableSetId} (${s.id})`;
        case "vsw":
            return `the attachments of variable set ${o.variableSetId}`;
        case "wvs":
            return `the attachment of variable set ${o.variableSetId} to workspace ${o.workspaceId}`;
        case "pvs":
            return `the attachment of variable set ${o.variableSetId} to project ${o.projectId}`;
        case "group":
            return on === "read" ? `the variables of workspace ${s.id}` : `variable "${o.variables[0].key}" (${o.variables[0].id}) of workspace ${s.id}`;
        case "removal":
            return `the variables of workspace ${o.workspaceId}`;
        case "aws":
            return `the AWS OIDC configuration of organization "${w.org}" (${s.id})`;
        case "azure":
            return `the Azure OIDC configuration of organization "${w.org}" (${s.id})`;
        case "gcp":
            return `the GCP OIDC configuration of organization "${w.org}" (${s.id})`;
        case "vault":
            return `the Vault OIDC configuration of organization "${w.org}" (${s.id})`;
    }
}
