// Proves a workspace's dynamic credentials end to end with a plan-only check run (see
// providers/workspaceTrustCheck.ts and src/checks).
import * as pulumi from "@pulumi/pulumi";
import { checkArgKinds } from "./args";
import workspaceTrustCheckProvider = require("./providers/workspaceTrustCheck");

export interface WorkspaceTrustCheckArgs {
    /** The workspace (`ws-…`). Give this, or `organization` and `workspaceName`. Changing it replaces the check. */
    readonly workspaceId?: pulumi.Input<string>;
    /** The workspace's organization, with `workspaceName`. */
    readonly organization?: pulumi.Input<string>;
    /** The workspace's name, with `organization`. */
    readonly workspaceName?: pulumi.Input<string>;
    /** Whose dynamic credentials to prove: "aws", "azure", "gcp" or "vault". */
    readonly cloud: pulumi.Input<"aws" | "azure" | "gcp" | "vault">;
    /** Prove the tagged configuration (TFC_<CLOUD>_…_<TAG>) through its alias instead of the default one. */
    readonly tag?: pulumi.Input<string>;
    /** How long the check may take, seconds, 1 to 86400 (default 600). A run still queued then is cancelled. */
    readonly timeoutSeconds?: pulumi.Input<number>;
    /** Values whose change runs the check again on the next update (e.g. { roleArn: role.arn, trust: role.assumeRolePolicy }). Only their digest is kept in the outputs. */
    readonly triggers?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
    /** HCP Terraform or Terraform Enterprise host (default: TFE_HOSTNAME / TFE_ADDRESS, else app.terraform.io). */
    readonly hostname?: pulumi.Input<string>;
    /** Accept an http:// hostname that is not a loopback address (lab installs only; default false). */
    readonly allowInsecureHttp?: pulumi.Input<boolean>;
}

/**
 * A speculative, plan-only run of a tiny read-only probe in the workspace itself: it makes exactly
 * the token exchange a real run makes, creates nothing and changes no state. Creating it fails the
 * `pulumi up` when the credentials fail, with the cloud's exact error, a one-line cause and fix,
 * and the run's URL. It runs again only when `triggers` change; a refresh makes no request.
 * Only the plan phase is exercised (`note` says what that proves).
 *
 * The poll intervals (default 1 s backoff to 3 s) can be set for tests with the environment
 * variable HCP_OIDC_FEDERATION_TRUST_CHECK_POLL_MS="MIN,MAX" (ms) of the process running the provider.
 */
export class WorkspaceTrustCheck extends pulumi.dynamic.Resource {
    /** The workspace checked (looked up when named by organization and name). */
    declare readonly workspaceId: pulumi.Output<string>;
    /** The check's run (`run-…`). */
    declare readonly runId: pulumi.Output<string>;
    /** https://<host>/app/<org>/workspaces/<ws>/runs/<run-id> */
    declare readonly runUrl: pulumi.Output<string>;
    /** "passed" (a check that did not pass fails the update instead). */
    declare readonly status: pulumi.Output<string>;
    /** When the check passed (RFC 3339). */
    declare readonly checkedAt: pulumi.Output<string>;
    /** What the probe saw when the log shows it (AWS: the assumed role's session ARN). */
    declare readonly identity: pulumi.Output<string | undefined>;
    /** The `sub` claim of the check's token. */
    declare readonly subject: pulumi.Output<string | undefined>;
    /** Things that did not fail the check but deserve a look (e.g. a policy that failed the run after the plan). */
    declare readonly warnings: pulumi.Output<string[]>;
    /** What a check of the plan phase proves, and what it does not. */
    declare readonly note: pulumi.Output<string>;
    /** The site the check ran on: "https://app.terraform.io". */
    declare readonly site: pulumi.Output<string>;

    constructor(name: string, args: WorkspaceTrustCheckArgs, opts?: pulumi.CustomResourceOptions) {
        checkArgKinds("WorkspaceTrustCheck", name, args, {
            workspaceId: "string", organization: "string", workspaceName: "string", cloud: "string", tag: "string",
            timeoutSeconds: "number", triggers: "object", hostname: "string", allowInsecureHttp: "boolean",
        });
        const props: Record<string, pulumi.Input<unknown>> = {
            workspaceId: args.workspaceId,
            cloud: args.cloud,
            runId: undefined,
            runUrl: undefined,
            status: undefined,
            checkedAt: undefined,
            identity: undefined,
            subject: undefined,
            warnings: undefined,
            note: undefined,
            site: undefined,
        };
        for (const key of ["organization", "workspaceName", "tag", "timeoutSeconds", "triggers", "hostname", "allowInsecureHttp"] as const) {
            if (args[key] !== undefined) {
                props[key] = args[key];
            }
        }
        super(workspaceTrustCheckProvider, name, props, opts, "hcp-oidc-federation", "WorkspaceTrustCheck");
    }
}
