// The AWS side of WorkspaceOidcFederation: the IAM OIDC provider it trusts (shared, given or
// looked up), the role(s) with their trust and permissions, and the HYOK key-user role. It
// answers the role ARN variables for the core to write.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { describeWorkspaces } from "../../federation/plan";
import type { CloudVariable } from "../../federation/variables";
import { AwsOidcConfiguration } from "../../resources";
import { awsOidcProviderArn, ec2MinimalPolicy, hyokKeyPolicy, hyokTrustPolicy, validatePolicyArn, validateRoleArn, type RunPhase } from "../../policies";
import type { WorkspaceOidcFederationArgs } from "./args";
import { HcpTerraformOidcProvider, sharedOidcProvider } from "./iamOidcProvider";
import { type AwsPlan, checkProviderArn, checkedArn, trustPolicy } from "./plan";
import { AWS_VARIABLE_KEYS } from "./variables";

/** What the AWS side made, for the component's outputs. */
export interface AwsParts {
    roleArn: pulumi.Output<string>;
    roleName: pulumi.Output<string>;
    oidcProviderArn: pulumi.Output<string>;
    trustPolicy: pulumi.Output<string>;
    permissionsPolicy?: pulumi.Output<string>;
    planRoleArn?: pulumi.Output<string>;
    applyRoleArn?: pulumi.Output<string>;
    planTrustPolicy?: pulumi.Output<string>;
    planPermissionsPolicy?: pulumi.Output<string>;
    hyokRoleArn?: pulumi.Output<string>;
    hyokTrustPolicy?: pulumi.Output<string>;
    oidcConfigurationId?: pulumi.Output<string>;
    oidcProvider?: HcpTerraformOidcProvider;
    /** The role ARN variables, each waiting for its role's policies. */
    variables: CloudVariable[];
}

/** Pulumi resource name part of a policy ARN (`arn:…:policy/path/Name` -> `Name`). */
function nameOf(policyArn: pulumi.Input<string>, i: number): string {
    return typeof policyArn === "string" ? policyArn.slice(policyArn.lastIndexOf("/") + 1) : `${i + 1}`;
}

/** JSON text of a policy given as an object or as text. */
function policyJson(doc: pulumi.Input<string | object>): pulumi.Output<string> {
    return pulumi.output(doc).apply((d) => (typeof d === "string" ? d : JSON.stringify(d)));
}

/** `arn:<partition>:iam::<account>:role/<path/><name>` -> parts. */
function parseRoleArn(arn: string): { partition: string; accountId: string; roleName: string } {
    const m = /^arn:([^:]+):iam::([0-9]{12}):role\/(.+)$/.exec(arn) as RegExpExecArray;
    return { partition: m[1], accountId: m[2], roleName: m[3].slice(m[3].lastIndexOf("/") + 1) };
}

/** The account's existing provider for the site, checked to accept the audience (the seed's --skip-identity-provider). */
function existingProviderArn(component: pulumi.ComponentResource, plan: AwsPlan, provider: pulumi.ProviderResource | undefined, prefix: string): pulumi.Output<string> {
    const url = `https://${plan.core.site.host}`;
    const found = aws.iam.getOpenIdConnectProviderOutput({ url }, { parent: component, ...(provider ? { provider } : {}) });
    return pulumi.all([found.arn, found.clientIdLists]).apply(([arn, clientIds]) => {
        if (!(clientIds ?? []).includes(plan.core.audience)) {
            throw new Error(
                `${prefix}useExistingOidcProvider: the account's OIDC provider for ${url} (${arn}) accepts the audiences ` +
                    `${JSON.stringify(clientIds ?? [])}, not ${JSON.stringify(plan.core.audience)}, so no run token would be accepted. ` +
                    `Fix: add ${JSON.stringify(plan.core.audience)} to its client ids, or set audience to one it accepts.`,
            );
        }
        return arn;
    });
}

/** Bring your own role: only the variables, and the trust that role should have. */
function ownRole(plan: AwsPlan, args: WorkspaceOidcFederationArgs, prefix: string): AwsParts {
    const arn = checkedArn(prefix, "existingRoleArn", args.existingRoleArn!, validateRoleArn);
    const providerArn = arn.apply((a) => {
        const parts = parseRoleArn(a);
        return awsOidcProviderArn(parts.accountId, plan.core.site.host, parts.partition);
    });
    return {
        roleArn: arn,
        roleName: arn.apply((a) => parseRoleArn(a).roleName),
        oidcProviderArn: providerArn,
        trustPolicy: providerArn.apply((p) => JSON.stringify(trustPolicy(plan, p))),
        variables: [{ suffix: "run-role-arn", key: AWS_VARIABLE_KEYS.run, value: arn }],
    };
}

/**
 * The role(s), the provider they trust and their policies. Every role waits for the workspace
 * look-ups (`after`): no role is made for a workspace that does not exist.
 */
export function buildAwsSide(
    component: pulumi.ComponentResource,
    plan: AwsPlan,
    args: WorkspaceOidcFederationArgs,
    awsProvider: pulumi.ProviderResource | undefined,
    after: readonly pulumi.Resource[],
    prefix: string,
): AwsParts {
    if (plan.byo) {
        return ownRole(plan, args, prefix);
    }
    const name = plan.core.name;
    const parent = { parent: component };
    let providerArn: pulumi.Output<string>;
    let oidcProvider: HcpTerraformOidcProvider | undefined;
    let waitFor: pulumi.Resource[] = [...after];
    if (args.oidcProviderArn !== undefined) {
        providerArn = checkedArn(prefix, undefined, args.oidcProviderArn, (a) => checkProviderArn(plan.core, a));
    } else if (args.useExistingOidcProvider === true) {
        providerArn = existingProviderArn(component, plan, awsProvider, prefix);
    } else {
        // The trust names the provider ARN. The shared provider's ARN is known at preview (derived
        // from the account, partition and host), so the roles wait for the provider explicitly.
        oidcProvider = sharedOidcProvider(plan.core.site.host, plan.core.audience, { provider: awsProvider });
        providerArn = oidcProvider.arn;
        waitFor = [...waitFor, oidcProvider.provider];
    }
    const newRole = (resourceName: string, roleName: string, trust: pulumi.Output<string>, description: string) =>
        new aws.iam.Role(
            resourceName,
            {
                name: roleName,
                assumeRolePolicy: trust,
                description,
                ...(args.rolePath !== undefined ? { path: args.rolePath } : {}),
                ...(args.permissionsBoundary !== undefined ? { permissionsBoundary: checkedArn(prefix, "permissionsBoundary", args.permissionsBoundary, validatePolicyArn) } : {}),
                ...(args.maxSessionDuration !== undefined ? { maxSessionDuration: args.maxSessionDuration } : {}),
                ...(args.tags !== undefined ? { tags: args.tags } : {}),
            },
            { parent: component, dependsOn: waitFor, ...(args.importExistingRoles === true ? { import: roleName } : {}) },
        );

    const who = describeWorkspaces(plan.core);
    const variables: CloudVariable[] = [];
    const phases: (RunPhase | undefined)[] = plan.core.splitPhases ? ["plan", "apply"] : [undefined];
    const roles = phases.map((phase) => {
        const isPlan = phase === "plan";
        const resourceName = phase ? `${name}-${phase}-role` : `${name}-role`;
        const roleName = (isPlan ? plan.planRoleName : plan.roleName) as string;
        const trust = providerArn.apply((arn) => JSON.stringify(trustPolicy(plan, arn, phase)));
        const role = newRole(resourceName, roleName, trust, `HCP Terraform ${phase ? `${phase} ` : ""}runs of ${plan.core.organization} ${who} (WorkspaceOidcFederation ${name})`);
        const policies: pulumi.Resource[] = [];
        let permissions: pulumi.Output<string> | undefined;
        if (plan.ec2Policy) {
            permissions = pulumi.output(JSON.stringify(ec2MinimalPolicy({ readOnly: isPlan })));
            policies.push(new aws.iam.RolePolicy(`${resourceName}-ec2`, { role: role.name, name: `${roleName}-ec2`, policy: permissions }, parent));
        }
        const used = new Set<string>();
        (isPlan ? plan.planManagedPolicyArns : plan.managedPolicyArns).forEach((arn, i) => {
            let n = `${resourceName}-attach-${nameOf(arn, i)}`;
            for (let k = 2; used.has(n); k++) n = `${resourceName}-attach-${nameOf(arn, i)}-${k}`;
            used.add(n);
            const argument = isPlan ? "planManagedPolicyArns" : "managedPolicyArns";
            policies.push(new aws.iam.RolePolicyAttachment(n, { role: role.name, policyArn: checkedArn(prefix, argument, arn, validatePolicyArn) }, parent));
        });
        for (const [policyName, doc] of isPlan ? plan.planInlinePolicies : plan.inlinePolicies) {
            policies.push(new aws.iam.RolePolicy(`${resourceName}-inline-${policyName}`, { role: role.name, name: policyName, policy: policyJson(doc) }, parent));
        }
        const label: "run" | "plan" | "apply" = phase === "plan" || phase === "apply" ? phase : "run";
        variables.push({ suffix: `${label}-role-arn`, key: AWS_VARIABLE_KEYS[label], value: role.arn, dependsOn: policies });
        return { role, trust, permissions };
    });
    // The role runs assume (the apply role with splitPhases) is the last one.
    const main = roles[roles.length - 1];
    const parts: AwsParts = {
        roleArn: main.role.arn,
        roleName: main.role.name,
        oidcProviderArn: providerArn,
        trustPolicy: main.trust,
        permissionsPolicy: main.permissions,
        oidcProvider,
        variables,
    };
    if (roles.length === 2) {
        parts.planRoleArn = roles[0].role.arn;
        parts.applyRoleArn = main.role.arn;
        parts.planTrustPolicy = roles[0].trust;
        parts.planPermissionsPolicy = roles[0].permissions;
    }
    if (args.hyok !== undefined) {
        Object.assign(parts, buildHyok(component, plan, args, providerArn, newRole));
    }
    return parts;
}

/** HYOK: a KMS key-user role for the organization's HYOK configuration, registered as its AwsOidcConfiguration. */
function buildHyok(
    component: pulumi.ComponentResource,
    plan: AwsPlan,
    args: WorkspaceOidcFederationArgs,
    providerArn: pulumi.Output<string>,
    newRole: (resourceName: string, roleName: string, trust: pulumi.Output<string>, description: string) => aws.iam.Role,
): Pick<AwsParts, "hyokRoleArn" | "hyokTrustPolicy" | "oidcConfigurationId"> {
    const name = plan.core.name;
    const hyok = args.hyok!;
    const hyokTrust = providerArn.apply((arn) =>
        JSON.stringify(hyokTrustPolicy({ oidcProviderArn: arn, hostname: plan.core.site.host, organization: plan.core.organization, hyokConfigurations: hyok.configurationName })),
    );
    const hyokRole = newRole(
        `${name}-hyok-role`,
        plan.hyokRoleName as string,
        hyokTrust,
        `HCP Terraform HYOK configuration ${hyok.configurationName} of ${plan.core.organization} (WorkspaceOidcFederation ${name})`,
    );
    const kmsPolicy = new aws.iam.RolePolicy(
        `${name}-hyok-kms`,
        { role: hyokRole.name, name: `${plan.hyokRoleName}-kms`, policy: pulumi.output(hyok.kmsKeyArn).apply((arn) => JSON.stringify(hyokKeyPolicy(arn))) },
        { parent: component },
    );
    const configuration = new AwsOidcConfiguration(
        `${name}-hyok-oidc-configuration`,
        {
            organization: plan.core.organization,
            roleArn: hyokRole.arn,
            ...(plan.core.hcpHostname !== undefined ? { hostname: plan.core.hcpHostname } : {}),
            ...(plan.core.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
        },
        { parent: component, dependsOn: [kmsPolicy] },
    );
    return { hyokRoleArn: hyokRole.arn, hyokTrustPolicy: hyokTrust, oidcConfigurationId: configuration.oidcConfigurationId };
}
