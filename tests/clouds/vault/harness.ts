// The Vault components' test harness: what Vault answers for the backend, the roles and the
// policies (tests/support/vaultAnswers.ts), the HCP resources of the shared harness (workspace and
// project ids optionally the given ones, as for GCP), and helpers to read the trust registered.
import type * as pulumi from "@pulumi/pulumi";
import { type CapturedResource, type MockRun, type MockRunOptions } from "../../support/mocks";
import { T, run as runWithHarness } from "../../components/harness";
import type { VaultBackendConfig, VaultRoleConfig } from "../../support/clouds/vaultJwt";
import { VAULT_TYPES, vaultResourceAnswer } from "../../support/vaultAnswers";
import { gcpState, type GcpStateOptions } from "../gcp/harness";

export { fakeId, fakeWorkspaceId, inputsOf, isolateHostEnv, outputOf } from "../../components/harness";

const { workspace, project, variableGroup, variableSet, variableSetVariable, variableSetWorkspaces, projectVariableSet, variableRemoval, trustCheck } = T;

export const V = {
    federation: "hcp-oidc-federation:index:VaultWorkspaceFederation",
    ...VAULT_TYPES,
    vaultProvider: "pulumi:providers:vault",
    ...{ workspace, project, variableGroup, variableSet, variableSetVariable, variableSetWorkspaces, projectVariableSet, variableRemoval, trustCheck },
} as const;

/** The workspace and project ids to answer (default: the shared harness's fake ids). */
export type VaultStateOptions = GcpStateOptions;

/** Vault's answers, then the HCP (and other clouds') answers of the shared harness. */
export function vaultState(opts: VaultStateOptions = {}) {
    const others = gcpState(opts);
    return (args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult | undefined => vaultResourceAnswer(args.type, args.inputs) ?? others(args);
}

/** Runs a program under mocks with Vault's realistic answers, every program memo reset first. */
export function run<R>(program: () => R, opts: MockRunOptions & VaultStateOptions = {}): Promise<MockRun<R>> {
    const { workspaceId, projectId, ...rest } = opts;
    return runWithHarness(program, { newResource: vaultState({ workspaceId, projectId }), ...rest });
}

/** A captured backend as the Vault evaluator takes it. */
export function backendConfig(r: CapturedResource): VaultBackendConfig {
    return { boundIssuer: r.inputs.boundIssuer, oidcDiscoveryUrl: r.inputs.oidcDiscoveryUrl };
}

/** A captured role as the Vault evaluator takes it. */
export function roleConfig(r: CapturedResource): VaultRoleConfig {
    const i = r.inputs;
    return {
        roleType: i.roleType,
        ...(i.boundAudiences !== undefined ? { boundAudiences: i.boundAudiences } : {}),
        ...(i.boundClaimsType !== undefined ? { boundClaimsType: i.boundClaimsType } : {}),
        ...(i.boundClaims !== undefined ? { boundClaims: i.boundClaims } : {}),
        userClaim: i.userClaim,
        ...(i.disableBoundClaimsParsing !== undefined ? { disableBoundClaimsParsing: i.disableBoundClaimsParsing } : {}),
        ...(i.boundSubject !== undefined ? { boundSubject: i.boundSubject } : {}),
    };
}
