// Program-side checks of every resource class, under setMocks: an unknown argument name or a plain
// value of the wrong type throws at construction, naming the argument and the fix (JavaScript
// callers and config values get no compiler); a Pulumi secret given to a plain variable makes it
// sensitive, and is refused where it would be stored in clear.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
    AwsOidcConfiguration,
    AzureOidcConfiguration,
    GcpOidcConfiguration,
    Project,
    ProjectVariableSet,
    VariableSet,
    VariableSetVariable,
    VariableSetWorkspaces,
    VaultOidcConfiguration,
    Workspace,
    WorkspaceVariable,
    WorkspaceVariableGroup,
    WorkspaceVariableRemoval,
    WorkspaceVariableSet,
} from "../../src/resources";
import { outputDetails, runWithMocks } from "../support/mocks";

interface ClassCase {
    type: string;
    make(args: any): unknown;
    /** Valid arguments. */
    args: Record<string, unknown>;
    /** Every argument name, in the order the message lists them. */
    known: string[];
    /** A misspelt name and the one suggested. */
    typo: [string, string];
    /** An argument, a value of the wrong type, and what the message says is expected. */
    wrong: [string, unknown, string];
}

const VARIABLE = ["key", "value", "category", "hcl", "sensitive", "description", "adoptExisting", "hostname", "allowInsecureHttp"];
const OIDC = ["organization", "hostname", "allowInsecureHttp"];
const SITE = ["hostname", "allowInsecureHttp"];

const CASES: ClassCase[] = [
    {
        type: "Workspace", make: (a) => new Workspace("r", a), args: { organization: "acme", name: "app" },
        known: ["organization", "name", "projectId", "createIfMissing", "deleteOnDestroy", "lookupProjectName", "expectedProjectName", "createArgument", ...SITE],
        typo: ["createIfMisssing", "createIfMissing"], wrong: ["createIfMissing", "true", "true or false (a boolean)"],
    },
    {
        type: "Project", make: (a) => new Project("r", a), args: { organization: "acme", name: "Payments" },
        known: ["organization", "name", ...SITE], typo: ["nmae", "name"], wrong: ["name", 42, "a string"],
    },
    {
        type: "WorkspaceVariable", make: (a) => new WorkspaceVariable("r", a), args: { workspaceId: "ws-abc", key: "K", category: "env" },
        known: [...VARIABLE, "workspaceId"], typo: ["sensitve", "sensitive"], wrong: ["sensitive", "true", "true or false (a boolean)"],
    },
    {
        type: "VariableSetVariable", make: (a) => new VariableSetVariable("r", a), args: { variableSetId: "varset-abc", key: "K", category: "env" },
        known: [...VARIABLE, "variableSetId"], typo: ["catgory", "category"], wrong: ["hcl", 1, "true or false (a boolean)"],
    },
    {
        type: "VariableSet", make: (a) => new VariableSet("r", a), args: { organization: "acme", name: "shared" },
        known: ["organization", "name", "description", "global", "priority", "adoptExisting", "adoptArgument", "attached", ...SITE],
        typo: ["adoptExsting", "adoptExisting"], wrong: ["global", "false", "true or false (a boolean)"],
    },
    {
        type: "VariableSetWorkspaces", make: (a) => new VariableSetWorkspaces("r", a), args: { variableSetId: "varset-abc", workspaceIds: ["ws-abc"] },
        known: ["variableSetId", "workspaceIds", "shadowKeys", "removeShadowing", ...SITE],
        typo: ["workspaceId", "workspaceIds"], wrong: ["workspaceIds", "ws-abc", "a list of strings"],
    },
    {
        type: "WorkspaceVariableSet", make: (a) => new WorkspaceVariableSet("r", a), args: { workspaceId: "ws-abc", variableSetId: "varset-abc" },
        known: ["workspaceId", "variableSetId", ...SITE], typo: ["variablesetid", "variableSetId"], wrong: ["workspaceId", ["ws-abc"], "a string"],
    },
    {
        type: "ProjectVariableSet", make: (a) => new ProjectVariableSet("r", a), args: { projectId: "prj-abc", variableSetId: "varset-abc" },
        known: ["projectId", "variableSetId", ...SITE], typo: ["projectID", "projectId"], wrong: ["allowInsecureHttp", "yes", "true or false (a boolean)"],
    },
    {
        type: "WorkspaceVariableGroup", make: (a) => new WorkspaceVariableGroup("r", a),
        args: { workspaceId: "ws-abc", variables: [{ key: "K", category: "env" }] },
        known: ["workspaceId", "organization", "workspaceName", "variables", "adoptExisting", "removeKeys", ...SITE],
        typo: ["removeKey", "removeKeys"], wrong: ["removeKeys", "AWS_ACCESS_KEY_ID", "a list of strings"],
    },
    {
        type: "WorkspaceVariableRemoval", make: (a) => new WorkspaceVariableRemoval("r", a), args: { workspaceId: "ws-abc", keys: ["K"] },
        known: ["workspaceId", "keys", "category", ...SITE], typo: ["key", "keys"], wrong: ["keys", [1], "a list of strings"],
    },
    {
        type: "AwsOidcConfiguration", make: (a) => new AwsOidcConfiguration("r", a), args: { organization: "acme", roleArn: "arn:aws:iam::123456789012:role/x" },
        known: [...OIDC, "roleArn"], typo: ["rolearn", "roleArn"], wrong: ["organization", 42, "a string"],
    },
    {
        type: "AzureOidcConfiguration", make: (a) => new AzureOidcConfiguration("r", a), args: { organization: "acme", clientId: "c", subscriptionId: "s", tenantId: "t" },
        known: [...OIDC, "clientId", "subscriptionId", "tenantId"], typo: ["tenant", "tenantId"], wrong: ["clientId", null, "a string"],
    },
    {
        type: "GcpOidcConfiguration", make: (a) => new GcpOidcConfiguration("r", a),
        args: { organization: "acme", serviceAccountEmail: "a@b.c", projectNumber: "1", workloadProviderName: "p" },
        known: [...OIDC, "serviceAccountEmail", "projectNumber", "workloadProviderName"], typo: ["projectNumbr", "projectNumber"],
        wrong: ["projectNumber", 123456789012, "a string"],
    },
    {
        type: "VaultOidcConfiguration", make: (a) => new VaultOidcConfiguration("r", a), args: { organization: "acme", address: "https://v", role: "r" },
        known: [...OIDC, "address", "role", "namespace", "authPath", "encodedCacert"], typo: ["authpath", "authPath"],
        wrong: ["address", { url: "https://v" }, "a string"],
    },
];

function typeText(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** The run fails; every rejection it collected carries `message` (under the property that carried it). */
async function failsWith(program: () => unknown, property: string, message: string): Promise<void> {
    const err = await runWithMocks(program).then(
        () => assert.fail("the run should have failed"),
        (e) => e,
    );
    const messages: string[] = (err.failures ?? []).map((f: Error) => f.message);
    assert.ok(messages.length > 0, String(err));
    assert.deepEqual([...new Set(messages)], [`error serializing property "${property}": ${message}`]);
}

describe("resources: program-side argument checks (under setMocks)", function () {
    this.timeout(30_000);

    for (const c of CASES) {
        describe(c.type, () => {
            it("valid arguments register", async () => {
                const run = await runWithMocks(() => c.make(c.args));
                assert.equal(run.resources.length, 1);
            });

            it("an unknown argument throws at construction, suggesting the near name; one far from every name gets the list only", async () => {
                const list = `Fix: give only ${c.known.join(", ")}.`;
                const [typo, guess] = c.typo;
                await assert.rejects(runWithMocks(() => c.make({ ...c.args, [typo]: "x" })), {
                    message: `${c.type} "r": unknown argument "${typo}" (did you mean "${guess}"?). ${list}`,
                });
                await assert.rejects(runWithMocks(() => c.make({ ...c.args, colour: "red" })), { message: `${c.type} "r": unknown argument "colour". ${list}` });
            });

            it("a plain value of the wrong type throws at construction, naming the argument and the type", async () => {
                const [arg, value, expected] = c.wrong;
                await assert.rejects(runWithMocks(() => c.make({ ...c.args, [arg]: value })), {
                    message: `${c.type} "r": ${arg} must be ${expected}, not ${JSON.stringify(value)} (${typeText(value)}). Fix the ${arg} argument.`,
                });
            });
        });
    }

    it("arguments that are not an object throw", async () => {
        await assert.rejects(runWithMocks(() => new Workspace("r", undefined as any)), { message: 'Workspace "r": the arguments must be an object (got undefined).' });
        await assert.rejects(runWithMocks(() => new Project("r", ["acme"] as any)), { message: 'Project "r": the arguments must be an object (got a list).' });
    });

    it("an Output is checked when known (by the provider), not at construction", async () => {
        const run = await runWithMocks(() => new Workspace("r", { organization: "acme", name: "app", createIfMissing: pulumi.output("true") as any }));
        assert.equal(run.byName("r").inputs.createIfMissing, "true");
    });

    describe("secrets in plain variables", () => {
        for (const [type, make] of [
            ["WorkspaceVariable", (a: any) => new WorkspaceVariable("v", { workspaceId: "ws-abc", ...a })],
            ["VariableSetVariable", (a: any) => new VariableSetVariable("v", { variableSetId: "varset-abc", ...a })],
        ] as const) {
            it(`${type}: a secret value without sensitive registers sensitive, the value secret`, async () => {
                const run = await runWithMocks(() => make({ key: "DB_PASSWORD", value: pulumi.secret("hunter2"), category: "env" }));
                const r = run.byName("v");
                assert.equal(r.inputs.sensitive, true);
                assert.equal(r.inputs.value, "hunter2");
                assert.deepEqual(r.secretInputs, ["value"]);
                assert.equal((await outputDetails((run.result as WorkspaceVariable).value)).isSecret, true);
            });

            it(`${type}: a plain value stays plain (not sensitive, not secret)`, async () => {
                const r = (await runWithMocks(() => make({ key: "REGION", value: "eu-west-1", category: "env" }))).byName("v");
                assert.equal(r.inputs.sensitive, false);
                assert.deepEqual(r.secretInputs, []);
            });

            it(`${type}: a secret value with sensitive: false fails the run, naming the fix`, async () => {
                await failsWith(
                    () => make({ key: "DB_PASSWORD", value: pulumi.secret("hunter2"), category: "env", sensitive: false }),
                    "value",
                    `${type} "v": value is a Pulumi secret, but sensitive is false, so HCP Terraform would store it in clear and show it in its UI. ` +
                        "Fix: set sensitive: true (or leave sensitive out: a secret value makes the variable sensitive).",
                );
            });
        }

        it("WorkspaceVariableGroup: an entry whose value is a secret fails the run, naming variables[i] (KEY)", async () => {
            const fix =
                "is a Pulumi secret, but the variables of a group are not sensitive, so HCP Terraform would store it in clear and show it in its UI. " +
                "Fix: declare it as a WorkspaceVariable with sensitive: true (and remove it from the group).";
            await failsWith(
                () =>
                    new WorkspaceVariableGroup("g", {
                        workspaceId: "ws-abc",
                        variables: [{ key: "A", value: "a", category: "env" }, { key: "DB_PASSWORD", value: pulumi.secret("hunter2"), category: "env" }],
                    }),
                "variables",
                `WorkspaceVariableGroup "g": variables[1] (DB_PASSWORD) ${fix}`,
            );
            await failsWith(
                () => new WorkspaceVariableGroup("g", { workspaceId: "ws-abc", variables: pulumi.secret([{ key: "A", value: "a", category: "env" as const }]) }),
                "variables",
                `WorkspaceVariableGroup "g": a value of variables ${fix}`,
            );
        });
    });
});
