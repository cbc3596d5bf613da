// HYOK (hold-your-own-key) OIDC configurations of an organization: the identity HCP Terraform
// assumes to reach the customer's key management service. Four kinds that differ only in their
// attributes, so one provider factory serves them all, driven by a list of field specs from which
// the resource's schema (check and diff) is derived.
//
// They have no natural key and no list endpoint: a create whose answer was lost cannot be looked
// up afterwards, so it is never retried blindly; the error says what may exist and how to find it.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../hcp";
import { ORGANIZATION } from "./commonFields";
import { clientFor, confirmGone, deleteUnlessGone } from "./lifecycle";
import { type Field, type Schema, checkWith, compact, diffWith, remoteChanges } from "./schema";

/** One attribute of a kind: the input name is the client's camelCase attribute name. */
export interface OidcFieldSpec {
    readonly name: string;
    readonly required: boolean;
    /** Applied by check() when the input is omitted. */
    readonly defaultValue?: string;
    readonly valid?: (value: string) => boolean;
    /** How to fix an invalid value (completes "<name> "<value>" is not valid: ..."). */
    readonly fix?: string;
}

export interface OidcKindSpec {
    readonly kind: hcp.OidcKind;
    /** "AWS", "Azure", "GCP", "Vault" */
    readonly label: string;
    readonly fields: readonly OidcFieldSpec[];
    /** Rules across fields, run by check() once every field is valid. */
    readonly rules?: (inputs: Record<string, any>, fail: (property: string, reason: string) => void) => void;
}

/** The phrase every 404 of these endpoints carries. */
export const HYOK_NOT_FOUND = "not found, the token may not see it, or the organization lacks the HYOK entitlement";

/**
 * The client's 404 message without its HYOK hint: the messages here explain the entitlement
 * themselves, and quote the client only for the request and the server's answer.
 */
function withoutHint(err: hcp.NotFoundError): string {
    const hint = err.hint ? `, ${err.hint}` : "";
    return hint && err.message.endsWith(hint) ? err.message.slice(0, -hint.length) : err.message;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PROJECT_NUMBER = /^\d+$/;
const WORKLOAD_PROVIDER = /^projects\/(\d+)\/locations\/global\/workloadIdentityPools\/([a-z0-9-]+)\/providers\/([a-z0-9-]+)$/;
const AUTH_PATH = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

function isHttpsUrl(value: string): boolean {
    try {
        const url = new URL(value);
        return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "";
    } catch {
        return false;
    }
}

function isBase64Pem(value: string): boolean {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) {
        return false;
    }
    return Buffer.from(value, "base64").toString("utf8").includes("-----BEGIN CERTIFICATE-----");
}

export const AWS_OIDC: OidcKindSpec = {
    kind: "aws",
    label: "AWS",
    fields: [
        {
            name: "roleArn",
            required: true,
            valid: (v) => ROLE_ARN.test(v),
            fix: 'give an IAM role ARN such as "arn:aws:iam::123456789012:role/hcp-terraform-hyok"',
        },
    ],
};

const UUID_FIX = (what: string) => `give the ${what} as a UUID such as "00000000-1111-2222-3333-444444444444"`;

export const AZURE_OIDC: OidcKindSpec = {
    kind: "azure",
    label: "Azure",
    fields: [
        { name: "clientId", required: true, valid: (v) => UUID.test(v), fix: UUID_FIX("application (client) id") },
        { name: "subscriptionId", required: true, valid: (v) => UUID.test(v), fix: UUID_FIX("subscription id") },
        { name: "tenantId", required: true, valid: (v) => UUID.test(v), fix: UUID_FIX("tenant (directory) id") },
    ],
};

export const GCP_OIDC: OidcKindSpec = {
    kind: "gcp",
    label: "GCP",
    fields: [
        {
            name: "serviceAccountEmail",
            required: true,
            valid: (v) => EMAIL.test(v),
            fix: 'give the service account e-mail, e.g. "hyok@my-project.iam.gserviceaccount.com"',
        },
        {
            name: "projectNumber",
            required: true,
            valid: (v) => PROJECT_NUMBER.test(v),
            fix: "give the project NUMBER (digits only, e.g. \"123456789012\"), not the project id",
        },
        {
            name: "workloadProviderName",
            required: true,
            valid: (v) => WORKLOAD_PROVIDER.test(v),
            fix: 'give the full provider name "projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>"',
        },
    ],
    rules: (inputs, fail) => {
        const m = WORKLOAD_PROVIDER.exec(String(inputs.workloadProviderName ?? ""));
        if (m && PROJECT_NUMBER.test(String(inputs.projectNumber ?? "")) && m[1] !== inputs.projectNumber) {
            fail(
                "workloadProviderName",
                `workloadProviderName names project ${JSON.stringify(m[1])} but projectNumber is ${JSON.stringify(inputs.projectNumber)}: ` +
                    "they must be the same project number.",
            );
        }
    },
};

export const VAULT_OIDC: OidcKindSpec = {
    kind: "vault",
    label: "Vault",
    fields: [
        { name: "address", required: true, valid: isHttpsUrl, fix: 'give the Vault address as an https URL, e.g. "https://vault.example.com:8200"' },
        { name: "role", required: true, valid: (v) => v.trim() === v, fix: "remove the white space around the role name" },
        { name: "namespace", required: false },
        {
            name: "authPath",
            required: false,
            defaultValue: "jwt",
            valid: (v) => AUTH_PATH.test(v),
            fix: 'give the JWT auth mount path without leading or trailing "/", e.g. "jwt"',
        },
        {
            name: "encodedCacert",
            required: false,
            valid: isBase64Pem,
            fix: "give the PEM CA certificate encoded in base64 on one line (e.g. `base64 -w0 ca.pem`)",
        },
    ],
};

/** The resource's schema, derived from its attributes: the organization replaces, attributes update in place. */
function schemaOf(spec: OidcKindSpec): Schema {
    const fields: Record<string, Field> = { organization: ORGANIZATION };
    for (const f of spec.fields) {
        fields[f.name] = {
            kind: "string",
            required: f.required,
            defaultValue: f.defaultValue,
            validate: f.valid ? (v) => (f.valid!(v) ? undefined : (f.fix ?? "")) : undefined,
        };
    }
    return { type: `${spec.label}OidcConfiguration`, fields, outputs: ["oidcConfigurationId"], deleteBeforeReplace: false, rules: spec.rules };
}

export function oidcConfigurationProvider(spec: OidcKindSpec): pulumi.dynamic.ResourceProvider {
    const schema = schemaOf(spec);
    const names = spec.fields.map((f) => f.name);
    const what = (inputs: { organization?: string }): string => `the ${spec.label} OIDC configuration of organization "${inputs.organization}"`;

    const outputsOf = (inputs: Record<string, any>, conf: hcp.OidcConfiguration): Record<string, unknown> => {
        const outs: Record<string, unknown> = { ...inputs, organization: conf.organization || inputs.organization, oidcConfigurationId: conf.id };
        for (const f of spec.fields) {
            const value = conf.attributes[f.name];
            // The server answers null for an optional attribute that is not set: leave it out.
            outs[f.name] = value === null || value === undefined ? undefined : value;
        }
        return compact(outs);
    };

    return {
        async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
            const given = { ...news };
            // An optional attribute given as "" means "not set".
            for (const f of spec.fields) {
                if (!f.required && given[f.name] === "") {
                    delete given[f.name];
                }
            }
            return checkWith(schema, given);
        },

        async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
            return diffWith(schema, olds, news);
        },

        async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
            const c = clientFor(inputs);
            const attributes: Record<string, string> = {};
            for (const f of names) {
                if (inputs[f] !== undefined && inputs[f] !== null) {
                    attributes[f] = inputs[f];
                }
            }
            let conf: hcp.OidcConfiguration;
            try {
                conf = await hcp.createOidcConfiguration(c, inputs.organization, spec.kind, attributes);
            } catch (err) {
                if (hcp.isNotFound(err)) {
                    throw new Error(
                        `creating ${what(inputs)} failed: organization "${inputs.organization}" ${HYOK_NOT_FOUND} ` +
                            `(HYOK, hold-your-own-key, is an HCP Terraform Premium feature; the API answers 404 for all three). ` +
                            `Check the organization name and the token's access, or have HYOK enabled for the organization. ` +
                            `(${withoutHint(err)})`,
                    );
                }
                if (hcp.isAmbiguous(err)) {
                    throw new Error(
                        `creating ${what(inputs)} got no clear answer, so the configuration may have been created anyway: ${(err as Error).message}. ` +
                            `It was not retried because HCP Terraform has no way to list OIDC configurations or find one by its attributes. ` +
                            `To find it, list GET /api/v2/organizations/${inputs.organization}/hyok-configurations?include=oidc_configuration ` +
                            `(or look in the organization's HYOK settings); a configuration that no HYOK configuration uses is unused and can be ` +
                            `removed with DELETE /api/v2/oidc-configurations/<id>. Then run \`pulumi up\` again.`,
                    );
                }
                throw err;
            }
            return { id: conf.id, outs: outputsOf(inputs, conf) };
        },

        async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
            const c = clientFor(props);
            let conf: hcp.OidcConfiguration;
            try {
                conf = await hcp.readOidcConfiguration(c, id);
            } catch (err) {
                if (!hcp.isNotFound(err)) throw err;
                // Gone, or the token (or the entitlement) does not reach it: the organization tells.
                await confirmGone(c, `${what(props)} (${id})`, [{ organization: props.organization }]);
                return { id: "" };
            }
            const outs = outputsOf(props, conf);
            const { oidcConfigurationId: _id, ...inputs } = outs;
            return { id, props: outs, inputs };
        },

        async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
            const c = clientFor(olds);
            const kept = { ...news, site: olds.site ?? news.site };
            const patch: Record<string, string | null> = {};
            for (const f of remoteChanges(schema, olds, news)) {
                // An optional attribute that is no longer declared is cleared.
                patch[f] = news[f] === undefined ? null : news[f];
            }
            if (Object.keys(patch).length === 0) {
                return { outs: compact({ ...olds, ...kept }) };
            }
            let conf: hcp.OidcConfiguration;
            try {
                conf = await hcp.updateOidcConfiguration(c, id, spec.kind, patch);
            } catch (err) {
                if (hcp.isNotFound(err)) {
                    await confirmGone(c, `${what(olds)} (${id})`, [{ organization: olds.organization }]);
                    throw new Error(
                        `updating ${what(news)} (${id}) failed: ${HYOK_NOT_FOUND}. If it was deleted, run \`pulumi refresh\` ` +
                            `to drop it from the stack, then \`pulumi up\` to create it again. (${withoutHint(err)})`,
                    );
                }
                throw err;
            }
            return { outs: outputsOf(kept, conf) };
        },

        async delete(id: string, props: any): Promise<void> {
            const c = clientFor(props);
            await deleteUnlessGone(c, `${what(props)} (${id})`, [{ organization: props.organization }], () => hcp.deleteOidcConfiguration(c, id));
        },
    };
}
