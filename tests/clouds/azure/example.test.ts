// examples/azure type-checks (against src, through the tsconfig `paths` mapping of
// "hcp-oidc-federation/azure") and runs under setMocks registering exactly the expected resources.
import { strict as assert } from "node:assert";
import { describeCloudExample } from "../cloudExample";
import { A, azureClientId, outputOf, run } from "./harness";

describeCloudExample("azure", (load) => {
    it("registers the two federations' resources (three applications, their credentials and roles) and exports the client ids and subjects", async () => {
        const SUB = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
        const r = await run(() => load(), {
            config: { "project:organization": "acme", "project:tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47", "project:subscriptionId": SUB },
        });
        const counts: Record<string, number> = {};
        for (const res of r.resources) counts[res.type] = (counts[res.type] ?? 0) + 1;
        assert.deepEqual(counts, {
            [A.federation]: 2,
            [A.workspace]: 3,
            [A.application]: 3,
            [A.servicePrincipal]: 3,
            [A.credential]: 6,
            [A.roleAssignment]: 2,
            [A.variableGroup]: 1,
            [A.variableSet]: 1,
            [A.variableSetVariable]: 4,
            [A.variableSetWorkspaces]: 1,
        });
        const m = r.result as any;
        assert.equal(await outputOf(m.planClientId), azureClientId("app-plan-app"));
        assert.equal(await outputOf(m.applyClientId), azureClientId("app-apply-app"));
        assert.equal(await outputOf(m.networkClientId), azureClientId("network-app"));
        assert.deepEqual(await outputOf(m.appSubjects), [
            "organization:acme:project:Default Project:workspace:app-prod:run_phase:plan",
            "organization:acme:project:Default Project:workspace:app-prod:run_phase:apply",
        ]);
        assert.deepEqual(r.ofType(A.roleAssignment).map((x) => [x.inputs.scope, x.inputs.roleDefinitionId.slice(-36)]).sort(), [
            [`/subscriptions/${SUB}/resourceGroups/app-prod`, "acdd72a7-3385-48ef-bd42-f606fba81ae7"],
            [`/subscriptions/${SUB}/resourceGroups/app-prod`, "b24988ac-6180-42a0-ab88-20f7382dd24c"],
        ]);
        // removeStaticCredentials on one workspace: in the group itself.
        assert.deepEqual(r.byName("app-variables").inputs.removeKeys, ["ARM_CLIENT_SECRET", "ARM_CLIENT_ID", "ARM_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PASSWORD", "ARM_USE_OIDC", "ARM_OIDC_TOKEN"]);
    });
});
