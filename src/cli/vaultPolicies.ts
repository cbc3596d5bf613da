/** `policies --cloud vault`: the JWT auth backend, the role(s) with their policies and the workspace variables, as JSON. */
import { taggedVariableKeys } from "../clouds/variableKeys";
import type { VaultCapability, VaultPolicyRule } from "../clouds/vault/policy";
import { VAULT_DEFAULT_AUTH_PATH, vaultJwtAuthBackend, vaultJwtRoles } from "../clouds/vault/trust";
import { VAULT_DEFAULT_AUDIENCE, VAULT_STATIC_CREDENTIAL_KEYS, VAULT_VARIABLE_KEYS } from "../clouds/vault/variables";
import { COMMON_CLOUD_FLAGS, build, printedVariables, tagFlag } from "./cloudCommon";
import { flagList, flagValue, requiredFlag, type FlagSpec, type ParsedFlags } from "./flags";
import { CliUsageError } from "./usageError";

/** The flags of `policies --cloud vault`. */
export const VAULT_FLAGS: Readonly<Record<string, FlagSpec>> = {
    ...COMMON_CLOUD_FLAGS,
    workspace: { metavar: "WS", repeatable: true },
    "workspace-id": { metavar: "WS_ID", repeatable: true },
    project: { metavar: "PROJECT" },
    "project-id": { metavar: "PRJ_ID" },
    "auth-path": { metavar: "PATH" },
    "role-name": { metavar: "NAME" },
    namespace: { metavar: "NAMESPACE" },
    "token-ttl": { metavar: "TTL" },
    "policy-rule": { metavar: "PATH=CAPABILITIES", repeatable: true },
};

/** `PATH=CAP[,CAP…]` (split at the last "=", since capabilities never contain one). */
function policyRule(text: string): VaultPolicyRule {
    const eq = text.lastIndexOf("=");
    if (eq <= 0 || eq === text.length - 1) {
        throw new CliUsageError(`--policy-rule ${JSON.stringify(text)}: expected PATH=CAPABILITIES, e.g. secret/data/app/*=read,list.`);
    }
    return { path: text.slice(0, eq), capabilities: text.slice(eq + 1).split(",") as VaultCapability[] };
}

/** Scope flags: `--workspace` paired in order with `--workspace-id`, or `--project-scope` with `--project-id`. */
function scope(flags: ParsedFlags): { workspaces?: Array<{ name: string; id: string }>; projectId?: string } {
    const names = flagList(flags, "workspace");
    const ids = flagList(flags, "workspace-id");
    const projectId = flagValue(flags, "project-id");
    if (flags.has("project-scope")) {
        const conflict = names.length > 0 ? "--workspace" : ids.length > 0 ? "--workspace-id" : undefined;
        if (conflict !== undefined) throw new CliUsageError(`${conflict} and --project-scope exclude each other: --project-scope trusts every workspace of the project.`);
        if (projectId === undefined) throw new CliUsageError("--project-id is required with --project-scope (the project id, prj-…).");
        return { projectId };
    }
    if (projectId !== undefined) throw new CliUsageError("--project-id is used only with --project-scope (every workspace of the project).");
    if (names.length === 0) {
        throw new CliUsageError("--workspace is required (a workspace name, with its --workspace-id; repeat both for several), or --project-scope --project-id for every workspace of a project.");
    }
    if (names.length !== ids.length) {
        throw new CliUsageError(
            `--workspace and --workspace-id pair up in order: ${names.length} workspace name(s) but ${ids.length} workspace id(s). Give one --workspace-id (ws-…) per --workspace.`,
        );
    }
    return { workspaces: names.map((name, i) => ({ name, id: ids[i] })) };
}

/** `{ jwtAuthBackend, roles, variables, removeVariables }`. */
export function vaultPolicies(flags: ParsedFlags): unknown {
    const organization = requiredFlag(flags, "organization", "the HCP Terraform organization name");
    const who = scope(flags);
    const keys = taggedVariableKeys(VAULT_VARIABLE_KEYS, tagFlag(flags));
    const namespace = flagValue(flags, "namespace");
    const authPath = flagValue(flags, "auth-path");
    const audience = flagValue(flags, "audience");
    const backend = build(() => vaultJwtAuthBackend({ hostname: flagValue(flags, "hostname"), path: authPath, namespace }));
    const ttl = flagValue(flags, "token-ttl");
    const roles = build(() =>
        vaultJwtRoles({
            organization,
            ...who,
            project: flagValue(flags, "project"),
            audience,
            splitPhases: flags.has("split-phases"),
            roleName: flagValue(flags, "role-name"),
            backend: backend.path,
            namespace,
            ...(ttl !== undefined ? { tokenTtl: ttl } : {}),
            policyRules: (flags.get("policy-rule") ?? []).map(policyRule),
        }),
    ).map(({ identity, ...rest }) => ({ identity, identityVariable: keys[identity], ...rest }));
    return {
        jwtAuthBackend: backend,
        roles,
        variables: printedVariables([
            [keys.providerAuth, "true"],
            [keys.address, "<the Vault address, e.g. https://vault.example.com:8200>"],
            ...roles.map((r) => [r.identityVariable, r.role.roleName] as const),
            [keys.namespace, namespace],
            [keys.authPath, backend.path !== VAULT_DEFAULT_AUTH_PATH ? backend.path : undefined],
            [keys.audience, audience !== undefined && audience !== VAULT_DEFAULT_AUDIENCE ? audience : undefined],
        ]),
        removeVariables: [...VAULT_STATIC_CREDENTIAL_KEYS],
    };
}
