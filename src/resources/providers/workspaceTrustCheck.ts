// Proves a workspace's dynamic credentials end to end: create runs a speculative, plan-only check
// run of a read-only probe (src/checks) and fails the up when the credentials fail. An update runs
// it again only when `triggers` changed; read (refresh) sends nothing; delete has nothing to undo.
// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
import type * as pulumi from "@pulumi/pulumi";
import nodeCrypto = require("crypto");
import * as checks from "../../checks";
import type * as hcp from "../../hcp";
import { ORGANIZATION, WORKSPACE_ID_RULE, WORKSPACE_NAME_RULE } from "../commonFields";
import { clientFor } from "../lifecycle";
import { type Schema, checkWith, compact, diffWith } from "../schema";

interface TrustCheckInputs {
    workspaceId?: string;
    organization?: string;
    workspaceName?: string;
    cloud: checks.TrustCheckCloud;
    tag?: string;
    timeoutSeconds: number;
    triggers?: Record<string, unknown>;
    hostname?: string;
    allowInsecureHttp?: boolean;
    site: string;
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

const SCHEMA: Schema = {
    type: "WorkspaceTrustCheck",
    fields: {
        // The workspace by id, or by organization and name: the way the new inputs name it is compared.
        workspaceId: {
            kind: "string",
            change: "replace",
            onlyWhenDeclared: true,
            validate: (value, inputs) =>
                given(inputs.organization) || given(inputs.workspaceName)
                    ? "!workspaceId and organization/workspaceName both name the workspace: give workspaceId, or organization and workspaceName, not both."
                    : WORKSPACE_ID_RULE(value),
        },
        organization: { ...ORGANIZATION, required: false, onlyWhenDeclared: true },
        workspaceName: { kind: "string", change: "replace", onlyWhenDeclared: true, validate: WORKSPACE_NAME_RULE },
        cloud: {
            kind: "string",
            required: true,
            change: "replace",
            validate: (value) =>
                (checks.TRUST_CHECK_CLOUDS as readonly string[]).includes(value)
                    ? undefined
                    : `!cloud must be one of ${checks.TRUST_CHECK_CLOUDS.map((c) => JSON.stringify(c)).join(", ")}, not ${JSON.stringify(value)}.`,
        },
        tag: {
            kind: "string",
            change: "replace",
            validate: (value) => {
                if (!checks.TAG_PATTERN.test(value)) return 'use only letters, digits and "_", as in TFC_AWS_PROVIDER_AUTH_<TAG>';
                return value.toUpperCase() === "TYPE" ? '!tag "TYPE" is reserved by HCP Terraform: choose another tag.' : undefined;
            },
        },
        timeoutSeconds: {
            kind: "integer",
            defaultValue: checks.DEFAULT_TIMEOUT_SECONDS,
            change: "local",
            validate: (value) =>
                value >= 1 && value <= 86400
                    ? undefined
                    : `!timeoutSeconds must be a whole number of seconds from 1 to 86400, not ${JSON.stringify(value)} (default ${checks.DEFAULT_TIMEOUT_SECONDS}).`,
        },
        // The state keeps only the digest: a change of it runs the check again (an update).
        triggers: { kind: "object", same: (_a, b, olds) => digestOf(b) === olds.triggersDigest },
    },
    outputs: ["triggersDigest", "runId", "runUrl", "status", "checkedAt", "identity", "subject", "warnings", "note"],
    deleteBeforeReplace: false,
    rules: (inputs, fail) => {
        if (given(inputs.workspaceId)) return;
        if (!given(inputs.organization) && !given(inputs.workspaceName)) {
            fail("workspaceId", 'workspaceId is required: give workspaceId (e.g. "ws-123456789abcdefg"), or organization and workspaceName.');
        } else if (!given(inputs.organization)) {
            fail("organization", "organization is required with workspaceName: give both, or workspaceId instead.");
        } else if (!given(inputs.workspaceName)) {
            fail("workspaceName", "workspaceName is required with organization: give both, or workspaceId instead.");
        }
    },
};

function outputsOf(inputs: TrustCheckInputs, result: checks.TrustCheckResult): Record<string, unknown> {
    return compact({
        workspaceId: result.workspaceId,
        organization: result.organization,
        workspaceName: result.workspaceName,
        cloud: inputs.cloud,
        tag: inputs.tag,
        timeoutSeconds: inputs.timeoutSeconds,
        hostname: inputs.hostname,
        allowInsecureHttp: inputs.allowInsecureHttp,
        site: inputs.site,
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

/** Runs the check on the site `inputs.site`; anything but "passed" fails the create / update with the check's own words. */
async function check(inputs: TrustCheckInputs): Promise<Record<string, unknown>> {
    const workspace: hcp.WorkspaceRef = given(inputs.workspaceId)
        ? { workspaceId: inputs.workspaceId! }
        : { organization: inputs.organization!, workspaceName: inputs.workspaceName! };
    const result = await checks.runTrustCheck(clientFor(inputs), {
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
        return checkWith(SCHEMA, news);
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        // Another workspace, site, cloud or tag is another check (replace); changed triggers run it again (update).
        return diffWith(SCHEMA, olds, news);
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
        // The site recorded at create (a change of site replaces the check).
        const site = olds.site ?? news.site;
        if (digestOf(news.triggers) === olds.triggersDigest) {
            // Only recorded inputs changed (timeout, the spelling of the host): nothing is sent.
            return { outs: compact({ ...olds, timeoutSeconds: news.timeoutSeconds, hostname: news.hostname, allowInsecureHttp: news.allowInsecureHttp, site }) };
        }
        return { outs: await check({ ...news, site }) };
    },

    async delete(): Promise<void> {
        // Nothing to undo: the check's run was speculative and changed nothing.
    },
};

export = workspaceTrustCheckProvider;
