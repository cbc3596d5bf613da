import { strict as assert } from "assert";
import {
    azureCredentialDisplayName,
    azureFederatedCredentials,
    azureFlexibleCredentialDisplayName,
    azureFlexibleFederatedCredentials,
    azureProjectSubjectExpression,
} from "../../../src/clouds/azure/trust";
import { expectInputError } from "../expectInputError";

const AUD = ["api://AzureADTokenExchange"];
const ISS = "https://app.terraform.io";
const sub = (project: string, ws: string, phase: string): string => `organization:acme:project:${project}:workspace:${ws}:run_phase:${phase}`;

describe("clouds/azure/trust", () => {
    describe("azureFederatedCredentials", () => {
        it("one workspace: one application, a plan and an apply credential (HashiCorp's two FICs)", () => {
            assert.deepStrictEqual(azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: "prod" }), [
                {
                    identity: "run",
                    federatedCredentials: [
                        { displayName: "tfc-prod-plan", audiences: AUD, issuer: ISS, subject: sub("Default Project", "prod", "plan") },
                        { displayName: "tfc-prod-apply", audiences: AUD, issuer: ISS, subject: sub("Default Project", "prod", "apply") },
                    ],
                },
            ]);
        });

        it("several workspaces, per-workspace projects, TFE host and custom audience, in order", () => {
            const out = azureFederatedCredentials({
                organization: "acme",
                project: "Default Project",
                workspaces: ["a", { name: "b", project: "Team B" }],
                hostname: "tfe.example.com:8443",
                audience: "custom.aud",
            });
            const fic = (ws: string, project: string, phase: string) => ({
                displayName: `tfc-${ws}-${phase}`,
                audiences: ["custom.aud"],
                issuer: "https://tfe.example.com:8443",
                subject: sub(project, ws, phase),
            });
            assert.deepStrictEqual(out, [{ identity: "run", federatedCredentials: [fic("a", "Default Project", "plan"), fic("a", "Default Project", "apply"), fic("b", "Team B", "plan"), fic("b", "Team B", "apply")] }]);
        });

        it("splitPhases: a plan application with the plan credentials, an apply application with the apply ones", () => {
            assert.deepStrictEqual(azureFederatedCredentials({ organization: "acme", project: "P-1", workspaces: ["x", "y"], splitPhases: true }), [
                {
                    identity: "plan",
                    federatedCredentials: [
                        { displayName: "tfc-x-plan", audiences: AUD, issuer: ISS, subject: sub("P-1", "x", "plan") },
                        { displayName: "tfc-y-plan", audiences: AUD, issuer: ISS, subject: sub("P-1", "y", "plan") },
                    ],
                },
                {
                    identity: "apply",
                    federatedCredentials: [
                        { displayName: "tfc-x-apply", audiences: AUD, issuer: ISS, subject: sub("P-1", "x", "apply") },
                        { displayName: "tfc-y-apply", audiences: AUD, issuer: ISS, subject: sub("P-1", "y", "apply") },
                    ],
                },
            ]);
        });

        it("identical repeats are dropped; 10 workspaces fit, 20 with splitPhases", () => {
            const out = azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: ["a", "a", { name: "a", project: "Default Project" }] });
            assert.deepStrictEqual(out[0].federatedCredentials.map((c) => c.displayName), ["tfc-a-plan", "tfc-a-apply"]);
            const ten = Array.from({ length: 10 }, (_, i) => `w${i}`);
            assert.equal(azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: ten })[0].federatedCredentials.length, 20);
            const twenty = Array.from({ length: 20 }, (_, i) => `w${i}`);
            const split = azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: twenty, splitPhases: true });
            assert.deepStrictEqual(split.map((a) => a.federatedCredentials.length), [20, 20]);
        });

        it("display names are unique on an application even for workspaces named like a phase suffix", () => {
            const names = azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: ["a", "a-plan", "a-apply", "a-plan-apply"] })[0].federatedCredentials.map((c) => c.displayName);
            assert.equal(new Set(names).size, names.length);
        });

        const BAD: Array<[string, () => unknown, string, string]> = [
            ["no project", () => azureFederatedCredentials({ organization: "acme", workspaces: ["prod"] }), "project",
                'project: Entra matches the subject exactly, so workspace "prod" needs the name of its project. Fix the arguments: give project (e.g. "Default Project") or { name, project } for the workspace.'],
            ["project *", () => azureFederatedCredentials({ organization: "acme", project: "*", workspaces: ["prod"] }), "project",
                'project "*": project names may contain only letters, digits, spaces, "-" and "_"; a wildcard or colon here would widen the trust policy to other projects. Fix the name.'],
            ["wildcard workspace", () => azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: ["prod-*"] }), "workspace",
                'workspace "prod-*": workspace names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other workspaces. Fix the name.'],
            ["no workspaces", () => azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: [] }), "workspaces", "workspaces []: give at least one workspace name. Fix the workspace list."],
            ["a workspace in two projects", () => azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: ["a", { name: "a", project: "Other" }] }), "workspaces",
                'workspaces: workspace "a" is listed in two projects ("Default Project" and "Other"). Fix the workspace list.'],
            ["bad organization", () => azureFederatedCredentials({ organization: "ac:me", project: "Default Project", workspaces: ["a"] }), "organization",
                'organization "ac:me": organization names may contain only letters, digits, "-" and "_"; a wildcard or colon here would widen the trust policy to other organizations. Fix the name.'],
            ["wildcard audience", () => azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: ["a"], audience: "api://*" }), "audience",
                'audience "api://*": an audience is matched exactly and may not contain "*", "?", "$" or whitespace. Fix the audience.'],
            ["upper-case host", () => azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: ["a"], hostname: "App.Terraform.io" }), "hostname",
                `hostname "App.Terraform.io": the issuer is compared exactly with the token's, which is lower case; use "app.terraform.io". Fix the hostname.`],
            ["11 workspaces", () => azureFederatedCredentials({ organization: "acme", project: "Default Project", workspaces: Array.from({ length: 11 }, (_, i) => `w${i}`) }), "workspaces",
                "workspaces: 22 federated identity credentials on one Azure application (11 workspaces, one credential per run phase) exceed Entra's limit of 20 per application. Fix the workspace list: federate at most 10 workspaces per application (one federation per group of workspaces), set splitPhases (one credential per workspace on each of a plan and an apply application: up to 20 workspaces), or federate the whole project with a flexible credential (app.terraform.io and app.eu.terraform.io only)."],
        ];
        for (const [name, fn, field, message] of BAD) it(`refuses: ${name}`, () => expectInputError(fn, field, message));
    });

    describe("azureCredentialDisplayName", () => {
        it("tfc-<workspace>-<phase>; 90-character workspace names fit", () => {
            assert.equal(azureCredentialDisplayName("prod", "plan"), "tfc-prod-plan");
            assert.equal(azureCredentialDisplayName("w".repeat(90), "apply").length, 100);
            assert.equal(azureCredentialDisplayName("w".repeat(110), "apply").length, 120);
        });
        it("a name beyond Entra's 120 characters is refused, naming the workspace", () => {
            const ws = "w".repeat(111);
            expectInputError(
                () => azureCredentialDisplayName(ws, "apply"),
                "workspace",
                `workspace "${ws}": its federated credential name "tfc-${ws}-apply" would be 121 characters, and Entra allows at most 120. Fix the name (HCP Terraform workspace names have at most 90 characters).`,
            );
        });
    });

    describe("azureFlexibleFederatedCredentials (project-wide)", () => {
        it("one application, one flexible credential for every workspace and both phases", () => {
            assert.deepStrictEqual(azureFlexibleFederatedCredentials({ organization: "acme", project: "Default Project" }), [
                {
                    identity: "run",
                    flexibleFederatedCredential: {
                        displayName: "tfc-project-Default_Project-run",
                        audience: "api://AzureADTokenExchange",
                        issuer: ISS,
                        claimsMatchingExpression: "claims['sub'] matches 'organization:acme:project:Default Project:workspace:*:run_phase:*'",
                    },
                },
            ]);
        });

        it("splitPhases on app.eu.terraform.io with a custom audience: one credential per phase", () => {
            const out = azureFlexibleFederatedCredentials({ organization: "acme", project: "Team B", hostname: "app.eu.terraform.io", audience: "aud-1", splitPhases: true });
            assert.deepStrictEqual(out, ["plan", "apply"].map((phase) => ({
                identity: phase,
                flexibleFederatedCredential: {
                    displayName: `tfc-project-Team_B-${phase}`,
                    audience: "aud-1",
                    issuer: "https://app.eu.terraform.io",
                    claimsMatchingExpression: `claims['sub'] matches 'organization:acme:project:Team B:workspace:*:run_phase:${phase}'`,
                },
            })));
        });

        it("helpers", () => {
            assert.equal(azureProjectSubjectExpression("o", "Default Project", "apply"), "claims['sub'] matches 'organization:o:project:Default Project:workspace:*:run_phase:apply'");
            assert.equal(azureFlexibleCredentialDisplayName("a b  c", "plan"), "tfc-project-a_b__c-plan");
        });

        it("refuses a TFE host, a missing or wildcard project, and a bad phase", () => {
            expectInputError(
                () => azureFlexibleFederatedCredentials({ organization: "acme", project: "Default Project", hostname: "tfe.example.com" }),
                "hostname",
                'hostname "tfe.example.com": Entra accepts a flexible federated identity credential from HCP Terraform only for the issuers https://app.terraform.io and https://app.eu.terraform.io, so project-wide federation is not possible for this host. Fix the hostname, or federate each workspace (one credential per workspace and run phase).',
            );
            expectInputError(() => azureFlexibleFederatedCredentials({ organization: "acme", project: undefined as unknown as string }), "project", "project undefined: expected a string (got undefined). Fix the name.");
            expectInputError(
                () => azureFlexibleFederatedCredentials({ organization: "acme", project: "Proj*" }),
                "project",
                'project "Proj*": project names may contain only letters, digits, spaces, "-" and "_"; a wildcard or colon here would widen the trust policy to other projects. Fix the name.',
            );
            expectInputError(() => azureProjectSubjectExpression("acme", "Default Project", "destroy" as "plan"), "runPhase", 'run phase "destroy": expected "plan", "apply" or "*". Fix the run phase.');
        });
    });
});
