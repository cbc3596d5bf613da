// examples/gcp type-checks (against src, through the tsconfig `paths` mapping of
// "hcp-oidc-federation/gcp") and runs under setMocks registering exactly the expected resources.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { requireFresh } from "../../support/mocks";
import { describeCloudExample } from "../cloudExample";
import { G, POOL_BASE, outputOf, run } from "./harness";

describeCloudExample("gcp", (example) => {
    it("registers the two federations' resources, one shared pool and provider, and exports the emails and the provider", async () => {
        const r = await run(() => requireFresh(path.join(example, "index.ts")), { config: { "project:organization": "acme", "project:gcpProject": "acme-prod" } });
        const counts: Record<string, number> = {};
        for (const res of r.resources) counts[res.type] = (counts[res.type] ?? 0) + 1;
        assert.deepEqual(counts, {
            [G.federation]: 2,
            [G.workspace]: 3,
            [G.pool]: 1,
            [G.provider]: 1,
            [G.account]: 3,
            [G.saMember]: 4,
            [G.projectMember]: 4,
            [G.variableGroup]: 1,
            [G.variableSet]: 1,
            [G.variableSetVariable]: 3,
            [G.variableSetWorkspaces]: 1,
        });
        const m = r.result as any;
        assert.equal(await outputOf(m.planServiceAccount), "tfc-app-prod-plan@acme-prod.iam.gserviceaccount.com");
        assert.equal(await outputOf(m.applyServiceAccount), "tfc-app-prod-apply@acme-prod.iam.gserviceaccount.com");
        assert.equal(await outputOf(m.networkServiceAccount), "tfc-network@acme-prod.iam.gserviceaccount.com");
        const provider = `${POOL_BASE("acme-prod")}/tfc-acme/providers/tfc-app-terraform-io`;
        assert.equal(await outputOf(m.workloadProviderName), provider);
        assert.equal(await outputOf(m.audience), `//iam.googleapis.com/${provider}`);
        // removeStaticCredentials on one workspace: in the group itself.
        assert.deepEqual(r.byName("app-variables").inputs.removeKeys, ["GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"]);
    });
});
