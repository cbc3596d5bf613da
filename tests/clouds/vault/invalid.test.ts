// Bad input to VaultWorkspaceFederation: the exact message (naming the argument and the fix), thrown
// at construction before anything is registered; and what two federations of one program must not
// share (a backend path for two hosts, a role or policy name).
import { strict as assert } from "node:assert";
import * as vault from "@pulumi/vault";
import { VaultWorkspaceFederation } from "../../../src/clouds/vault/VaultWorkspaceFederation";
import type { VaultWorkspaceFederationArgs } from "../../../src/clouds/vault/args";
import { constructionFailure } from "../registered";
import { isolateHostEnv, run } from "./harness";

const OK = { organization: "acme", workspace: "app", vaultAddress: "https://vault.example.com", policy: [{ path: "secret/*", capabilities: ["read"] }] };

/** [case, component name, args, exact message after the `VaultWorkspaceFederation "<name>": ` prefix] */
const CASES: [string, string, any, string][] = [
    ["no vaultAddress", "fed", { organization: "acme", workspace: "app", tokenPolicies: ["p"] },
        "vaultAddress is required: the Vault address runs log in at (TFC_VAULT_ADDR). Fix: set vaultAddress (e.g. \"https://vault.example.com:8200\")."],
    ["vaultAddress without scheme", "fed", { ...OK, vaultAddress: "vault.example.com:8200" },
        "vaultAddress \"vault.example.com:8200\": expected the URL of Vault, https://<host>[:<port>] (e.g. \"https://vault.example.com:8200\"), with no user, query or fragment. Fix the address."],
    ["vaultAddress http", "fed", { ...OK, vaultAddress: "http://vault.example.com" },
        "vaultAddress \"http://vault.example.com\": http:// sends the run's token and Vault's answers unencrypted. Fix: use https://, or set allowInsecureHttp for a lab install."],
    ["vaultAddress with query", "fed", { ...OK, vaultAddress: "https://vault.example.com/?x=1" },
        "vaultAddress \"https://vault.example.com/?x=1\": expected the URL of Vault, https://<host>[:<port>] (e.g. \"https://vault.example.com:8200\"), with no user, query or fragment. Fix the address."],
    ["unknown argument", "fed", { ...OK, authMount: "jwt" },
        "unknown argument \"authMount\". Fix: give only organization, workspace, workspaces, projectScope, project, projectId, hostname, allowInsecureHttp, audience, splitPhases, createWorkspace, deleteWorkspaceOnDestroy, tag, removeStaticCredentials, verifyTrust, variableSetName, adoptExistingVariableSet, removeShadowingVariables, vaultAddress, namespace, authPath, createAuthBackend, roleName, tokenPolicies, policy, planPolicy, tokenTtl, encodedCaCert."],
    ["namespace root", "fed", { ...OK, namespace: "" },
        "namespace: Vault namespace \"\": the root namespace is no namespace; leave the namespace out. Fix the namespace."],
    ["namespace trailing slash", "fed", { ...OK, namespace: "admin/" },
        "namespace: Vault namespace \"admin/\": a Vault namespace has no leading or trailing \"/\"; use \"admin\". Fix the namespace."],
    ["namespace reserved", "fed", { ...OK, namespace: "admin/sys" },
        "namespace: Vault namespace \"admin/sys\": \"sys\" is a reserved namespace name (root, sys, audit, auth, cubbyhole, identity). Fix the namespace."],
    ["authPath token", "fed", { ...OK, authPath: "token" },
        "authPath: Vault auth path \"token\": \"token\" is the mount of Vault's token auth method. Fix the auth path."],
    ["authPath leading slash", "fed", { ...OK, authPath: "/jwt" },
        "authPath: Vault auth path \"/jwt\": a Vault auth path has no leading or trailing \"/\"; use \"jwt\". Fix the auth path."],
    ["roleName invalid", "fed", { ...OK, roleName: "-bad" },
        "roleName: Vault role name \"-bad\": a Vault role name is letters, digits and \"_\", with \"-\" and \".\" allowed inside (not first or last), and must not be empty. Fix the role name."],
    ["default role name invalid", "my app", { ...OK, workspace: undefined, workspaces: ["a", "b"] },
        "roleName: the default role name \"tfc-my app\" (from the component's name) is not a Vault role name (letters, digits and \"_\", with \"-\" and \".\" inside). Fix: set roleName."],
    ["tokenPolicies root", "fed", { ...OK, tokenPolicies: ["root"] },
        "tokenPolicies: Vault policy name \"root\": \"root\" and \"default\" are Vault's built-in policies. Fix the policy name."],
    ["tokenPolicies upper", "fed", { ...OK, tokenPolicies: ["Read"] },
        "tokenPolicies: Vault policy name \"Read\": a Vault policy name is lower-case letters, digits and \"_\", with \"-\" and \".\" allowed inside. Fix the policy name."],
    ["tokenPolicies twice", "fed", { ...OK, tokenPolicies: ["a", "a"] },
        "tokenPolicies lists \"a\" twice. Fix: give each policy once."],
    ["tokenPolicies a string", "fed", { ...OK, tokenPolicies: "a" },
        "tokenPolicies must be a list of strings, not \"a\" (a string). Fix the tokenPolicies argument."],
    ["neither", "fed", { organization: "acme", workspace: "app", vaultAddress: "https://v.example.com" },
        "give tokenPolicies (existing policy names) and/or policy (rules for a policy made here): without them the role's tokens may only look up, renew and revoke themselves. Fix: set tokenPolicies, policy, or both."],
    ["policy bad path", "fed", { ...OK, policy: [{ path: "secret/*/x", capabilities: ["read"] }] },
        "policy: Vault policy path \"secret/*/x\": \"*\" may only be the last character of a policy path. Fix the path."],
    ["policy bad capability", "fed", { ...OK, policy: [{ path: "secret/x", capabilities: ["write"] }] },
        "policy[0] (\"secret/x\"): unknown capability \"write\"; Vault's are create, read, update, patch, delete, list, sudo, deny, subscribe. Fix the policy rules."],
    ["policy deny self", "fed", { ...OK, policy: [{ path: "auth/token/renew-self", capabilities: ["deny"] }] },
        "policy[0] (\"auth/token/renew-self\"): \"deny\" here would stop HCP Terraform from looking up, renewing or revoking its token. Fix the policy rules."],
    ["policy not a list", "fed", { ...OK, policy: { path: "x", capabilities: ["read"] } },
        "policy must be a list of objects, not {\"path\":\"x\",\"capabilities\":[\"read\"]} (an object). Fix the policy argument."],
    ["planPolicy without split", "fed", { ...OK, planPolicy: [{ path: "secret/x", capabilities: ["read"] }] },
        "planPolicy is for the plan role of splitPhases. Fix: set splitPhases: true, or move these rules to policy."],
    ["tokenTtl zero", "fed", { ...OK, tokenTtl: 0 },
        "tokenTtl: token TTL 0: a token TTL is a whole number of seconds more than 0, or a duration such as \"20m\" or \"1h30m\" (units h, m, s). Fix the token TTL."],
    ["tokenTtl bad", "fed", { ...OK, tokenTtl: "20 minutes" },
        "tokenTtl: token TTL \"20 minutes\": a token TTL is a whole number of seconds more than 0, or a duration such as \"20m\" or \"1h30m\" (units h, m, s). Fix the token TTL."],
    ["encodedCaCert a PEM", "fed", { ...OK, encodedCaCert: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" },
        "encodedCaCert: expected the base64 of a PEM file with Vault's CA certificate (it starts with \"LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\"). Fix: give the base64 of the PEM file's content (e.g. Buffer.from(pem).toString(\"base64\"))."],
    ["createAuthBackend string", "fed", { ...OK, createAuthBackend: "false" },
        "createAuthBackend must be true or false (a boolean), not \"false\" (a string). Fix the createAuthBackend argument."],
    ["workspace and workspaces", "fed", { ...OK, workspaces: ["b"] },
        "give either workspace or workspaces, not both. Fix: use workspace for one workspace, or workspaces for one role shared by several."],
    ["tag", "fed", { ...OK, tag: "no-dash" },
        "tag \"no-dash\": a tag may contain only letters, digits and \"_\" and must not be empty. Fix the tag."],
    ["roleName with wildcard", "fed", { ...OK, roleName: "tfc*" },
        "roleName: Vault role name \"tfc*\": a Vault role name is letters, digits and \"_\", with \"-\" and \".\" allowed inside (not first or last), and must not be empty. Fix the role name."],
];

describe("VaultWorkspaceFederation: invalid input throws before anything is registered", function () {
    isolateHostEnv();
    for (const [what, name, args, message] of CASES) {
        it(what, async () => {
            let thrown: Error | undefined;
            const r = await run(() => {
                try {
                    new VaultWorkspaceFederation(name, args);
                } catch (err) {
                    thrown = err as Error;
                }
            });
            assert.equal(thrown?.message, `VaultWorkspaceFederation "${name}": ${message}`);
            assert.deepEqual(r.resources, [], "nothing registered");
        });
    }
});

describe("VaultWorkspaceFederation: what federations of one program must not share", function () {
    isolateHostEnv();
    const fed = (name: string, extra: Partial<VaultWorkspaceFederationArgs> = {}, opts?: { provider: vault.Provider }) =>
        new VaultWorkspaceFederation(name, { ...OK, workspace: name, ...extra } as VaultWorkspaceFederationArgs, opts);

    const failure = (program: () => void, failing: string) => constructionFailure(run, program, failing);

    it("one backend path for two hosts", async () => {
        assert.equal(
            await failure(() => [fed("a"), fed("b", { hostname: "tfe.example.com" })], "b"),
            'VaultWorkspaceFederation "b": the JWT auth backend at auth/jwt already trusts the tokens of https://app.terraform.io (VaultWorkspaceFederation "a"), ' +
                "not https://tfe.example.com: a backend has one issuer. Fix: give this federation another authPath.",
        );
        assert.equal(
            await failure(() => [fed("a", { namespace: "admin" }), fed("b", { namespace: "admin", hostname: "tfe.example.com" })], "b"),
            'VaultWorkspaceFederation "b": the JWT auth backend at auth/jwt in namespace "admin" already trusts the tokens of https://app.terraform.io (VaultWorkspaceFederation "a"), ' +
                "not https://tfe.example.com: a backend has one issuer. Fix: give this federation another authPath.",
        );
    });

    it("one role name on one mount, one policy name in one namespace", async () => {
        assert.equal(
            await failure(() => [fed("a", { roleName: "deploy" }), fed("b", { roleName: "deploy", tag: "x" })], "b"),
            'VaultWorkspaceFederation "b": the Vault role "deploy" on auth/jwt is already made by VaultWorkspaceFederation "a" in this program. Fix: set roleName on one of them to another name.',
        );
        // Another mount, same namespace: the policy (the role name, lower case) collides.
        assert.equal(
            await failure(() => [fed("a", { roleName: "Deploy" }), fed("b", { roleName: "deploy", authPath: "jwt2" })], "b"),
            'VaultWorkspaceFederation "b": the Vault policy "deploy" is already made by VaultWorkspaceFederation "a" in this program. Fix: set roleName on one of them to another name.',
        );
    });

    it("the same names in another namespace or another Vault are fine", async () => {
        const r = await run(() => {
            const other = new vault.Provider("other", { address: "https://vault-2.example.com" });
            return [fed("a", { roleName: "deploy" }), fed("b", { roleName: "deploy", namespace: "admin", tag: "x" }), fed("c", { roleName: "deploy", tag: "y" }, { provider: other })];
        });
        assert.equal(r.resources.filter((x) => x.type === "vault:jwt/authBackendRole:AuthBackendRole").length, 3);
    });
});
