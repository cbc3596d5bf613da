// Proves a workspace's dynamic credentials end to end: create runs a speculative, plan-only check
// run of a read-only probe (src/checks) and fails the up when the credentials fail. An update runs
// it again only when `triggers` changed; read (refresh) sends nothing; delete has nothing to undo.
// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import type * as pulumi from "@pulumi/pulumi";
import nodeCrypto = require("crypto");
import * as checks from "../../checks";
import {
    ID_PATTERNS,
    InputChecker,
    NAME_FIX,
    NAME_PATTERN,
    changedFields,
    clientFor,
    compact,
    diffResult,
    isUnknown,
} from "../lifecycle";

interface TrustCheckInputs {
    workspaceId?: string;
    organization?: string;
    workspaceName?: string;
    cloud: checks.TrustCheckCloud;
    tag?: string;
    timeoutSeconds: number;
    triggers?: Record<string, unknown>;
    hostname?: string;
}

function given(value: unknown): boolean {
    return value !== undefined && value !== null && value !== "";
}

/** A stable JSON text (object keys sorted), so equal triggers give equal digests. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(canonical).join(",")}]`;
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(",")}}`;
    }
    return JSON.stringify(value === undefined ? null : value);
}

/** sha256 of the triggers: what the state keeps (a trigger may be a secret; its digest is not). */
function digestOf(triggers: unknown): string {
    return nodeCrypto.createHash("sha256").update(canonical(triggers === undefined ? {} : triggers)).digest("hex");
}

function checkWorkspace(checker: InputChecker, inputs: Record<string, any>): void {
    const byId = given(inputs.workspaceId);
    const byName = given(inputs.organization) || given(inputs.workspaceName);
    if (byId && byName) {
        checker.fail("workspaceId", "workspaceId and organization/workspaceName both name the workspace: give workspaceId, or organization and workspaceName, not both.");
    } else if (!byId && !byName) {
        checker.fail("workspaceId", 'workspaceId is required: give workspaceId (e.g. "ws-123456789abcdefg"), or organization and workspaceName.');
    } else if (byName && !given(inputs.organization)) {
        checker.fail("organization", "organization is required with workspaceName: give both, or workspaceId instead.");
    } else if (byName && !given(inputs.workspaceName)) {
        checker.fail("workspaceName", "workspaceName is required with organization: give both, or workspaceId instead.");
    }
    checker.optionalString("workspaceId", ID_PATTERNS.workspace, 'give the workspace id, e.g. "ws-123456789abcdefg"');
    checker.optionalString("organization", NAME_PATTERN, NAME_FIX);
    checker.optionalString("workspaceName", NAME_PATTERN, NAME_FIX);
}

function outputsOf(inputs: TrustCheckInputs, result: checks.TrustCheckResult): Record<string, unknown> {
    return compact({
        workspaceId: result.workspaceId,
        organization: result.organization,
        workspaceName: result.workspaceName,
        cloud: inputs.cloud,
        tag: inputs.tag,
        timeoutSeconds: inputs.timeoutSeconds,
        hostname: inputs.hostname,
        triggersDigest: digestOf(inputs.triggers),
        runId: result.runId,
        runUrl: result.runUrl,
        status: result.status,
        checkedAt: result.checkedAt,
        identity: result.identity,
        subject: result.subject,
        warnings: result.warnings,
        note: result.note,
    });
}

/** Runs the check; anything but "passed" fails the create / update with the check's own words. */
async function check(inputs: TrustCheckInputs): Promise<Record<string, unknown>> {
    const workspace = given(inputs.workspaceId)
        ? { workspaceId: inputs.workspaceId! }
        : { organization: inputs.organization!, workspaceName: inputs.workspaceName! };
    const result = await checks.runTrustCheck(clientFor(inputs.hostname), {
        workspace,
        cloud: inputs.cloud,
        tag: inputs.tag,
        timeoutSeconds: inputs.timeoutSeconds,
        poll: checks.pollFromEnv(process.env),
    });
    if (result.status !== "passed") {
        const first = result.cause && result.cause.summary ? `\nFirst error: ${result.cause.summary}${result.cause.detail ? `: ${result.cause.detail}` : ""}` : "";
        throw new Error(`trust check ${result.status}: ${result.summary}${first}`);
    }
    return outputsOf(inputs, result);
}

function idOf(workspaceId: string, inputs: TrustCheckInputs): string {
    return `${workspaceId}/trust-check/${inputs.cloud}${inputs.tag ? `/${inputs.tag}` : ""}`;
}

const workspaceTrustCheckProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        const inputs = { timeoutSeconds: checks.DEFAULT_TIMEOUT_SECONDS, ...compact(news) };
        const checker = new InputChecker(inputs);
        checkWorkspace(checker, inputs);
        checker.oneOf("cloud", checks.TRUST_CHECK_CLOUDS);
        checker.optionalString("tag", checks.TAG_PATTERN, 'use only letters, digits and "_", as in TFC_AWS_PROVIDER_AUTH_<TAG>');
        checker.rule("tag", ["tag"], () => typeof inputs.tag !== "string" || inputs.tag.toUpperCase() !== "TYPE", 'tag "TYPE" is reserved by HCP Terraform: choose another tag.');
        checker.rule(
            "timeoutSeconds",
            ["timeoutSeconds"],
            () => Number.isInteger(inputs.timeoutSeconds) && inputs.timeoutSeconds >= 1 && inputs.timeoutSeconds <= 86400,
            `timeoutSeconds must be a whole number of seconds from 1 to 86400, not ${JSON.stringify(inputs.timeoutSeconds)} (default ${checks.DEFAULT_TIMEOUT_SECONDS}).`,
        );
        checker.rule(
            "triggers",
            ["triggers"],
            () => inputs.triggers === undefined || (inputs.triggers !== null && typeof inputs.triggers === "object" && !Array.isArray(inputs.triggers)),
            "triggers must be an object of values (e.g. { roleArn: role.arn }): a change of any of them runs the check again.",
        );
        checker.hostname();
        return { inputs, failures: checker.failures };
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        // Another workspace, site, cloud or tag is another check (replace); changed triggers run it again (update).
        const replaces = news.workspaceId !== undefined
            ? changedFields(olds, news, ["workspaceId"])
            : changedFields(olds, news, ["organization", "workspaceName"]);
        replaces.push(...changedFields(olds, news, ["hostname", "cloud", "tag"]));
        const changes = [...replaces];
        if (isUnknown(news.triggers) || digestOf(news.triggers) !== olds.triggersDigest) {
            changes.push("triggers");
        }
        return diffResult(changes, replaces, false);
    },

    async create(inputs: TrustCheckInputs): Promise<pulumi.dynamic.CreateResult> {
        const outs = await check(inputs);
        return { id: idOf(String(outs.workspaceId), inputs), outs };
    },

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        // A refresh never starts a run: the last check's outputs stand until a trigger changes.
        return { id, props };
    },

    async update(_id: string, olds: any, news: TrustCheckInputs): Promise<pulumi.dynamic.UpdateResult> {
        if (digestOf(news.triggers) === olds.triggersDigest) {
            return { outs: compact({ ...olds, timeoutSeconds: news.timeoutSeconds }) };
        }
        return { outs: await check(news) };
    },

    async delete(): Promise<void> {
        // Nothing to undo: the check's run was speculative and changed nothing.
    },
};

export = workspaceTrustCheckProvider;
