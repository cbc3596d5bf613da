// The package as users get it: installed from its npm pack tarball into a scratch Pulumi
// TypeScript project with only @pulumi/aws (no other cloud's SDK), compiled with the settings of
// Pulumi's templates (strict, no skipLibCheck, moduleResolution node), and run.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { packedInstall, type PackedInstall } from "../support/packedInstall";

/** tsconfig.json of `pulumi new aws-typescript` (pulumi/templates), which has no skipLibCheck. */
export const TEMPLATE_TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: false,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
};

/** Compiles `files` in a directory of the consumer with `tsconfig`; answers tsc's exit code and output. */
export async function compileIn(install: PackedInstall, dir: string, files: Record<string, string>, tsconfig: object = TEMPLATE_TSCONFIG) {
    const root = path.join(install.consumerDir, dir);
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ ...tsconfig, files: Object.keys(files) }, null, 2));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
    const tsc = path.join(install.consumerDir, "node_modules", "typescript", "bin", "tsc");
    return install.runScript(
        `const r = require("child_process").spawnSync(process.execPath, [${JSON.stringify(tsc)}, "-p", ${JSON.stringify(root)}], { encoding: "utf8" });
         process.stdout.write(r.stdout + r.stderr); process.exit(r.status ?? 1);`,
        { timeoutMs: 120_000 },
    );
}

describe("packaging: an AWS-only consumer", function () {
    this.timeout(300_000);
    let install: PackedInstall;

    before(async () => {
        install = await packedInstall({ extraDependencies: { typescript: "5.9.3" } });
    });

    it("installs none of the other clouds' SDKs (they are optional peers)", () => {
        for (const sdk of ["azuread", "azure-native", "gcp", "vault"]) {
            assert.equal(fs.existsSync(path.join(install.consumerDir, "node_modules", "@pulumi", sdk)), false, `@pulumi/${sdk} was installed`);
        }
        assert.ok(fs.existsSync(path.join(install.consumerDir, "node_modules", "@pulumi", "aws")));
    });

    it("compiles the main entry and /aws with Pulumi's template settings (no skipLibCheck)", async () => {
        const r = await compileIn(install, "aws-only", {
            "index.ts": `import { WorkspaceOidcFederation, WorkspaceVariable, awsTrustPolicy, hcp } from "hcp-oidc-federation";
import * as awsEntry from "hcp-oidc-federation/aws";
const f = new WorkspaceOidcFederation("app", { organization: "acme", workspace: "app-prod" });
export const roleArn = f.roleArn;
export const same = awsEntry.WorkspaceOidcFederation === WorkspaceOidcFederation;
export const kinds = [typeof WorkspaceVariable, typeof awsTrustPolicy, typeof hcp.clientFor];
`,
        });
        assert.equal(r.code, 0, r.stdout + r.stderr);
    });

    it("runs the main entry under mocks", async () => {
        // The consumer's mocks answer no invoke and no ARN: the provider is named explicitly.
        const run = await install.runProgram(`const { WorkspaceOidcFederation } = require("hcp-oidc-federation");
module.exports = () => {
    new WorkspaceOidcFederation("app", {
        organization: "acme",
        workspace: "app-prod",
        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/app.terraform.io",
    });
};
`);
        assert.deepEqual(
            run.resources.map((r) => `${r.type}::${r.name}`).sort(),
            [
                "aws:iam/role:Role::app-role",
                "aws:iam/rolePolicy:RolePolicy::app-role-ec2",
                "hcp-oidc-federation:index:WorkspaceOidcFederation::app",
                "pulumi-nodejs:dynamic/hcp-oidc-federation:Workspace::app-workspace",
                "pulumi-nodejs:dynamic/hcp-oidc-federation:WorkspaceVariableGroup::app-variables",
            ],
        );
    });

    for (const [cloud, sdk] of [["azure", "@pulumi/azuread"], ["gcp", "@pulumi/gcp"], ["vault", "@pulumi/vault"]] as const) {
        it(`importing /${cloud} without ${sdk} fails with a message that says what to install`, async () => {
            const r = await install.runScript(`try { require("hcp-oidc-federation/${cloud}"); console.log("loaded"); } catch (e) { console.log(e.message); }`);
            assert.equal(
                r.stdout.trim(),
                `hcp-oidc-federation/${cloud} needs the optional peer dependency ${sdk}, which is not installed. Fix: npm install ${sdk} ` +
                    `(in the project that uses hcp-oidc-federation/${cloud}).`,
            );
        });
    }
});
