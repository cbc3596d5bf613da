// The probe configurations of the trust check: one tiny, read-only Terraform configuration per
// cloud whose only work is the token exchange a real run makes (a data source that needs
// credentials and creates nothing). A tagged configuration is probed through its alias, the way
// HashiCorp documents multiple configurations (var.tfc_<cloud>_dynamic_credentials.aliases[TAG]).

export type TrustCheckCloud = "aws" | "azure" | "gcp" | "vault";

export const TRUST_CHECK_CLOUDS: readonly TrustCheckCloud[] = ["aws", "azure", "gcp", "vault"];

/** Name of every block the probes declare, so their addresses are predictable. */
export const PROBE_NAME = "trust_check";

/** A tag: letters, digits and "_" ("TYPE" is reserved by HCP Terraform). */
export const TAG_PATTERN = /^[A-Za-z0-9_]+$/;

export interface ProbeConfiguration {
    cloud: TrustCheckCloud;
    tag?: string;
    /** Path inside the archive (under the workspace's working directory) -> file text. */
    files: Record<string, string>;
    /** The only addresses the run plans (and their dependencies): state the workspace manages is left alone. */
    targetAddrs: string[];
    /** The data source whose read id names the identity the probe got, when it names one. */
    identityAddress?: string;
    /** The variable that names the identity the plan phase uses, e.g. TFC_AWS_PLAN_ROLE_ARN (falling back to …_RUN_…). */
    planIdentityVariable: string;
    runIdentityVariable: string;
}

interface CloudProbe {
    prefix: string;
    provider: string;
    /** The provider block's arguments (default configuration). */
    settings: string[];
    /** Extra arguments of the aliased provider block, given the alias expression `var.….aliases["TAG"]`. */
    aliasSettings(alias: string): string[];
    /** Type of the dynamic credentials variable's objects, as HashiCorp documents it. */
    credentialFields: string[];
    dataSources: Array<{ type: string; body: string[] }>;
    identity?: string;
    identityVariable: string;
}

const PROBES: Record<TrustCheckCloud, CloudProbe> = {
    aws: {
        prefix: "AWS",
        provider: "aws",
        // GetCallerIdentity needs no IAM permission; the region only has to be valid.
        settings: ['region = "us-east-1"'],
        aliasSettings: (alias) => [`shared_config_files = [${alias}.shared_config_file]`],
        credentialFields: ["shared_config_file"],
        dataSources: [
            { type: "aws_caller_identity", body: [] },
            // Parses the caller's ARN (no API call): its id, the assumed role's session ARN, is in the log.
            { type: "aws_arn", body: [`arn = data.aws_caller_identity.${PROBE_NAME}.arn`] },
        ],
        identity: "aws_arn",
        identityVariable: "ROLE_ARN",
    },
    azure: {
        prefix: "AZURE",
        provider: "azurerm",
        // The subscription comes from the workspace's ARM_SUBSCRIPTION_ID (and ARM_TENANT_ID) variables.
        settings: ["features {}"],
        aliasSettings: (alias) => ["use_oidc = true", `client_id_file_path = ${alias}.client_id_file_path`, `oidc_token_file_path = ${alias}.oidc_token_file_path`],
        credentialFields: ["client_id_file_path", "oidc_token_file_path"],
        dataSources: [{ type: "azurerm_client_config", body: [] }],
        identity: "azurerm_client_config",
        identityVariable: "CLIENT_ID",
    },
    gcp: {
        prefix: "GCP",
        provider: "google",
        settings: [],
        aliasSettings: (alias) => [`credentials = ${alias}.credentials`],
        credentialFields: ["credentials"],
        dataSources: [{ type: "google_client_openid_userinfo", body: [] }],
        identity: "google_client_openid_userinfo",
        identityVariable: "SERVICE_ACCOUNT_EMAIL",
    },
    vault: {
        prefix: "VAULT",
        provider: "vault",
        // HCP Terraform manages the token's lifecycle: no child token.
        settings: ["skip_child_token = true"],
        aliasSettings: (alias) => [
            `address = ${alias}.address`,
            `namespace = ${alias}.namespace`,
            `auth_login_token_file {\n    filename = ${alias}.token_filename\n  }`,
        ],
        credentialFields: ["token_filename", "address", "namespace", "ca_cert_file"],
        dataSources: [{ type: "vault_generic_secret", body: ['path = "auth/token/lookup-self"'] }],
        identityVariable: "ROLE",
    },
};

/** The tag checked: letters, digits and "_", not "TYPE". Throws naming the fix. */
export function validateTag(tag: string): void {
    if (typeof tag !== "string" || !TAG_PATTERN.test(tag) || tag.toUpperCase() === "TYPE") {
        throw new Error(`tag ${JSON.stringify(tag)} is not valid: use only letters, digits and "_" (and not "TYPE"), as in TFC_AWS_PROVIDER_AUTH_<TAG>.`);
    }
}

/** "team/infra/" -> "team/infra"; refuses absolute paths and "..". */
export function normalizeWorkingDirectory(dir: string | undefined): string {
    const trimmed = (dir || "").replace(/\\/g, "/").replace(/^\.\/+/, "").replace(/\/+$/, "");
    if (trimmed === "" || trimmed === ".") {
        return "";
    }
    if (trimmed.startsWith("/") || trimmed.split("/").some((part) => part === ".." || part === "")) {
        throw new Error(`the workspace's working directory ${JSON.stringify(dir)} is not a relative path inside the configuration.`);
    }
    return trimmed;
}

function block(header: string, lines: string[]): string {
    return lines.length === 0 ? `${header} {}\n` : `${header} {\n${lines.map((l) => `  ${l}`).join("\n")}\n}\n`;
}

function credentialsVariable(cloud: TrustCheckCloud, fields: string[]): string {
    const object = `object({\n${fields.map((f) => `      ${f} = string`).join("\n")}\n    })`;
    return (
        `variable "tfc_${cloud}_dynamic_credentials" {\n` +
        `  description = "Set by HCP Terraform: the dynamic credentials of each configuration"\n` +
        `  type = object({\n    default = ${object}\n    aliases = map(${object})\n  })\n}\n`
    );
}

/** The probe of `cloud` (through the alias of `tag` when given), placed under `workingDirectory`. */
export function probeConfiguration(cloud: TrustCheckCloud, opts: { tag?: string; workingDirectory?: string } = {}): ProbeConfiguration {
    const probe = PROBES[cloud];
    if (!probe) {
        throw new Error(`cloud ${JSON.stringify(cloud)} is not supported: use one of ${TRUST_CHECK_CLOUDS.map((c) => `"${c}"`).join(", ")}.`);
    }
    const tag = opts.tag === undefined || opts.tag === "" ? undefined : opts.tag;
    if (tag !== undefined) {
        validateTag(tag);
    }
    const dir = normalizeWorkingDirectory(opts.workingDirectory);
    const parts = [`# Trust check of hcp-oidc-federation: a read-only probe of the ${probe.prefix} dynamic credentials. It creates nothing.\n`];
    let providerRef = "";
    if (tag === undefined) {
        parts.push(block(`provider "${probe.provider}"`, probe.settings));
    } else {
        const alias = `var.tfc_${cloud}_dynamic_credentials.aliases[${JSON.stringify(tag)}]`;
        parts.push(credentialsVariable(cloud, probe.credentialFields));
        parts.push(block(`provider "${probe.provider}"`, [`alias = "${PROBE_NAME}"`, ...probe.settings, ...probe.aliasSettings(alias)]));
        providerRef = `provider = ${probe.provider}.${PROBE_NAME}`;
    }
    const targetAddrs: string[] = [];
    for (const ds of probe.dataSources) {
        parts.push(block(`data "${ds.type}" "${PROBE_NAME}"`, providerRef ? [providerRef, ...ds.body] : ds.body));
        targetAddrs.push(`data.${ds.type}.${PROBE_NAME}`);
    }
    const suffix = tag === undefined ? "" : `_${tag}`;
    const config: ProbeConfiguration = {
        cloud,
        files: { [dir === "" ? "main.tf" : `${dir}/main.tf`]: parts.join("\n") },
        targetAddrs,
        planIdentityVariable: `TFC_${probe.prefix}_PLAN_${probe.identityVariable}${suffix}`,
        runIdentityVariable: `TFC_${probe.prefix}_RUN_${probe.identityVariable}${suffix}`,
    };
    if (tag !== undefined) {
        config.tag = tag;
    }
    if (probe.identity !== undefined) {
        config.identityAddress = `data.${probe.identity}.${PROBE_NAME}`;
    }
    return config;
}
