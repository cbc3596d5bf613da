// examples/vault type-checks (against src, through the tsconfig `paths` mapping of
// "hcp-oidc-federation/vault") and runs under setMocks registering exactly the expected resources.
import { strict as assert } from "node:assert";
import { describeCloudExample } from "../cloudExample";
import { V, outputOf, run } from "./harness";

describeCloudExample("vault", (load) => {
    it("registers the two federations' resources, one shared backend, and exports the role names", async () => {
        const r = await run(load, { config: { "project:organization": "acme", "project:namespace": "admin" } });
        const counts: Record<string, number> = {};
        for (const res of r.resources) counts[res.type] = (counts[res.type] ?? 0) + 1;
        assert.deepEqual(counts, {
            [V.federation]: 2,
            [V.workspace]: 3,
            [V.backend]: 1,
            [V.policy]: 3,
            [V.role]: 3,
            [V.variableGroup]: 1,
            [V.variableSet]: 1,
            [V.variableSetVariable]: 4,
            [V.variableSetWorkspaces]: 1,
        });
        const m = r.result as any;
        assert.equal(await outputOf(m.planRole), "tfc-app-prod-plan");
        assert.equal(await outputOf(m.applyRole), "tfc-app-prod-apply");
        assert.equal(await outputOf(m.networkRole), "tfc-network");
        assert.equal(await outputOf(m.authPath), "jwt");
        assert.equal(r.ofType(V.backend)[0].inputs.namespace, "admin");
        assert.deepEqual(r.byName("network-role").inputs.tokenPolicies, ["tfc-network", "network-read"]);
        // removeStaticCredentials on one workspace: in the group itself.
        assert.deepEqual(r.byName("app-variables").inputs.removeKeys, ["VAULT_TOKEN"]);
    });
});
