/**
 * `policies --cloud azure|gcp|vault`: each cloud's trust objects and workspace variables as JSON,
 * for a reviewer. `--cloud aws` (the default) hands the arguments back to main.ts unchanged but for
 * the `--cloud` flag, so its output stays byte for byte what it was.
 */
import { AZURE_FLAGS, AZURE_HINTS, azurePolicies } from "./azurePolicies";
import { parseFlags, type FlagSpec, type ParsedFlags } from "./flags";
import { GCP_FLAGS, GCP_HINTS, gcpPolicies } from "./gcpPolicies";
import { CliUsageError } from "./usageError";
import { VAULT_FLAGS, vaultPolicies } from "./vaultPolicies";

const CLOUDS: Readonly<Record<string, { flags: Readonly<Record<string, FlagSpec>>; hints: Readonly<Record<string, string>>; policies: (flags: ParsedFlags) => unknown }>> = {
    azure: { flags: AZURE_FLAGS, hints: AZURE_HINTS, policies: azurePolicies },
    gcp: { flags: GCP_FLAGS, hints: GCP_HINTS, policies: gcpPolicies },
    vault: { flags: VAULT_FLAGS, hints: {}, policies: vaultPolicies },
};

/** The usage of the cloud commands (part of `--help`). */
export const CLOUD_POLICIES_USAGE = `Cloud policies (--cloud aws, the default, is the policies command above):
  policies --cloud azure --organization ORG --project PROJECT (--workspace WS ... | --project-scope)
           [--hostname HOST] [--audience AUDIENCE] [--split-phases] [--tag TAG]
           [--subscription-id GUID] [--tenant-id GUID]
  policies --cloud gcp --organization ORG [--organization-id ORG_ID]
           (--workspace-id WS_ID ... | --project-scope --project-id PRJ_ID)
           (--project-number NUMBER --pool-id POOL_ID | --pool-name POOL_NAME) --provider-id PROVIDER_ID
           [--gcp-project PROJECT_ID] [--hostname HOST] [--audience AUDIENCE] [--split-phases] [--tag TAG]
  policies --cloud vault --organization ORG
           (--workspace WS --workspace-id WS_ID ... | --project-scope --project-id PRJ_ID)
           [--project PROJECT] [--auth-path PATH] [--role-name NAME] [--namespace NAMESPACE]
           [--token-ttl TTL] [--policy-rule PATH=CAPABILITIES ...] [--hostname HOST]
           [--audience AUDIENCE] [--split-phases] [--tag TAG]
  Each prints the cloud's trust objects (the arguments of the Pulumi resources), the identity
  variable of each, the workspace variables to set and the static credentials to remove, as JSON.

Cloud flags:
  --cloud CLOUD              aws (default), azure, gcp or vault.
  --project-scope            Trust every workspace of one project. Azure: one flexible credential
                             (app.terraform.io and app.eu.terraform.io only); GCP and Vault: --project-id.
  --tag TAG                  Several configurations per cloud: every TFC_* variable gets _TAG.
  --workspace-id WS_ID       GCP, Vault: a workspace id (ws-...); Vault pairs the ids in order with
                             the --workspace names.
  --project-id PRJ_ID        GCP, Vault: the project id (prj-...) with --project-scope.
  --project PROJECT          Azure: the workspaces' exact project name (required). Vault: pin it in sub.
  --subscription-id GUID     Azure: printed as ARM_SUBSCRIPTION_ID.
  --tenant-id GUID           Azure: printed as ARM_TENANT_ID.
  --organization-id ORG_ID   GCP: admit the organization by id (org-...) instead of by name.
  --project-number NUMBER    GCP: the number of the pool's project (with --pool-id).
  --pool-id POOL_ID          GCP: the workload identity pool id.
  --pool-name POOL_NAME      GCP: projects/NUMBER/locations/global/workloadIdentityPools/POOL_ID instead.
  --provider-id PROVIDER_ID  GCP: the workload identity pool provider id.
  --gcp-project PROJECT_ID   GCP: the project id of the pool and provider.
  --auth-path PATH           Vault: the JWT auth mount; default jwt.
  --role-name NAME           Vault: the role name (the prefix with --split-phases); default tfc-role.
  --namespace NAMESPACE      Vault: the namespace of the backend, role and policy.
  --token-ttl TTL            Vault: seconds or a duration such as 20m; default 1200.
  --policy-rule PATH=CAPABILITIES
                             Vault: one more policy rule, e.g. secret/data/app/*=read,list; repeatable.
`;

/** Where `argv` goes: main.ts's parser (with `--cloud aws` removed), or a cloud's JSON `result`. */
export type CloudDispatch = { argv: readonly string[] } | { result: unknown };

/** Routes `policies --cloud …`; everything else (other commands, help, no `--cloud`) goes back to main.ts unchanged. */
export function cloudPolicies(argv: readonly string[]): CloudDispatch {
    if (argv[0] !== "policies" || argv.some((a) => a === "--help" || a === "-h")) return { argv };
    const rest: string[] = [];
    const clouds: string[] = [];
    for (let i = 1; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--cloud") {
            const next = argv[i + 1];
            if (next === undefined || next.startsWith("--")) throw new CliUsageError("--cloud needs a value: --cloud CLOUD.");
            clouds.push(next);
            i++;
        } else if (arg.startsWith("--cloud=")) {
            clouds.push(arg.slice("--cloud=".length));
        } else {
            rest.push(arg);
        }
    }
    if (clouds.length === 0) return { argv };
    if (clouds.length > 1) throw new CliUsageError("--cloud was given twice; give it once.");
    const cloud = clouds[0];
    if (cloud === "aws") return { argv: ["policies", ...rest] };
    if (!Object.prototype.hasOwnProperty.call(CLOUDS, cloud)) {
        throw new CliUsageError(`--cloud: unknown cloud ${JSON.stringify(cloud)}; expected aws, azure, gcp or vault.`);
    }
    const { flags, hints, policies } = CLOUDS[cloud];
    return { result: policies(parseFlags(rest, flags, `policies --cloud ${cloud}`, hints)) };
}
