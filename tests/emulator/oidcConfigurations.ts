// HYOK OIDC configurations: four kinds chosen by data.type. Every endpoint answers 404 for an
// organization without the HYOK entitlement (checked on each request, so setHyok(org, false) hides
// existing configurations too).
import {
    ApiError, ErrorObject, RequestContext, Route, attributesOf, created, dataObject, humanize, invalid, noContent,
    notFound, ok, optionalString,
} from "./jsonapi";
import { visibleOrganization } from "./organizations";
import { OidcConfigurationRecord, OidcKind, findOrganization, newId, now } from "./store";

export interface OidcKindSpec {
    kind: OidcKind;
    type: string; // data.type
    label: string; // attributes.type
    prefix: string; // id prefix
    attributes: string[]; // answered in this order
    required: string[];
    defaults: Record<string, string | null>;
}

export const OIDC_KINDS: Record<OidcKind, OidcKindSpec> = {
    aws: {
        kind: "aws", type: "aws-oidc-configurations", label: "AwsOidcConfiguration", prefix: "awsoidc",
        attributes: ["role-arn"], required: ["role-arn"], defaults: {},
    },
    azure: {
        kind: "azure", type: "azure-oidc-configurations", label: "AzureOidcConfiguration", prefix: "azoidc",
        attributes: ["client-id", "subscription-id", "tenant-id"], required: ["client-id", "subscription-id", "tenant-id"], defaults: {},
    },
    gcp: {
        kind: "gcp", type: "gcp-oidc-configurations", label: "GcpOidcConfiguration", prefix: "gcpoidc",
        attributes: ["service-account-email", "workload-provider-name", "project-number"],
        required: ["service-account-email", "project-number", "workload-provider-name"], defaults: {},
    },
    vault: {
        kind: "vault", type: "vault-oidc-configurations", label: "VaultOidcConfiguration", prefix: "voidc",
        attributes: ["address", "role", "namespace", "auth-path", "encoded-cacert"], required: ["address", "role"],
        defaults: { namespace: null, "auth-path": "jwt", "encoded-cacert": null },
    },
};

const BY_TYPE = new Map(Object.values(OIDC_KINDS).map((k) => [k.type, k]));

/** projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider> */
export const WORKLOAD_PROVIDER_NAME = /^projects\/[^/\s]+\/locations\/global\/workloadIdentityPools\/[^/\s]+\/providers\/[^/\s]+$/;

export function oidcResource(c: OidcConfigurationRecord) {
    const spec = OIDC_KINDS[c.kind];
    const attributes: Record<string, string | null> = { type: spec.label };
    for (const a of spec.attributes) attributes[a] = c.attributes[a] ?? null;
    return {
        id: c.id,
        type: spec.type,
        attributes,
        relationships: { organization: { data: { id: c.organization, type: "organizations" } } },
        links: { self: `/api/v2/oidc-configurations/${c.id}` },
    };
}

/**
 * Reads the kind's attributes from a document (only those present), accepting `encoded-ca-cert` for
 * `encoded-cacert`. Required attributes must be non-blank when present (and on create, present).
 */
function readAttributes(spec: OidcKindSpec, attrs: Record<string, unknown>, isCreate: boolean): Record<string, string | null> {
    const input: Record<string, unknown> = { ...attrs };
    if (spec.kind === "vault" && input["encoded-cacert"] === undefined && input["encoded-ca-cert"] !== undefined) {
        input["encoded-cacert"] = input["encoded-ca-cert"];
    }
    const out: Record<string, string | null> = {};
    const errors: ErrorObject[] = [];
    for (const name of spec.attributes) {
        try {
            const v = optionalString(input, name);
            const required = spec.required.includes(name);
            if (required && (isCreate || v !== undefined) && (v === undefined || v === null || v.trim() === "")) {
                throw invalid(`${humanize(name)} can't be blank`, `/data/attributes/${name}`);
            }
            if (name === "workload-provider-name" && typeof v === "string" && !WORKLOAD_PROVIDER_NAME.test(v)) {
                throw invalid(
                    "Workload provider name must look like projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>",
                    "/data/attributes/workload-provider-name",
                );
            }
            if (v !== undefined) out[name] = name === "auth-path" && (v === null || v === "") ? "jwt" : v;
            else if (isCreate && name in spec.defaults) out[name] = spec.defaults[name];
        } catch (e) {
            if (e instanceof ApiError) errors.push(...e.errors);
            else throw e;
        }
    }
    if (errors.length > 0) throw new ApiError(422, errors);
    return out;
}

function visibleConfiguration(ctx: RequestContext, id: string): OidcConfigurationRecord {
    const c = ctx.store.oidcConfigurations.get(id);
    if (!c || !ctx.canSee(c.organization, c.id)) throw notFound();
    const org = findOrganization(ctx.store, c.organization);
    if (!org || !org.hyok) throw notFound();
    return c;
}

function create(ctx: RequestContext, p: Record<string, string>) {
    const org = visibleOrganization(ctx, p.org);
    if (!org.hyok) throw notFound();
    const data = dataObject(ctx);
    const spec = typeof data.type === "string" ? BY_TYPE.get(data.type) : undefined;
    if (!spec) throw invalid(`type must be one of ${[...BY_TYPE.keys()].join(", ")}`, "/data/type");
    const attributes = readAttributes(spec, attributesOf(data), true);
    const c: OidcConfigurationRecord = { id: newId(spec.prefix), kind: spec.kind, organization: org.name, attributes, createdAt: now() };
    ctx.store.oidcConfigurations.set(c.id, c);
    return created({ data: oidcResource(c) });
}

function update(ctx: RequestContext, p: Record<string, string>) {
    const c = visibleConfiguration(ctx, p.id);
    const spec = OIDC_KINDS[c.kind];
    const data = dataObject(ctx);
    if (data.type !== undefined && data.type !== spec.type) throw invalid(`type must be ${spec.type} for ${c.id}`, "/data/type");
    Object.assign(c.attributes, readAttributes(spec, attributesOf(data), false));
    return ok({ data: oidcResource(c) });
}

function remove(ctx: RequestContext, p: Record<string, string>) {
    const c = visibleConfiguration(ctx, p.id);
    ctx.store.oidcConfigurations.delete(c.id);
    return noContent();
}

export const oidcConfigurationRoutes: Route[] = [
    { method: "POST", pattern: "/organizations/:org/oidc-configurations", handler: create },
    { method: "GET", pattern: "/oidc-configurations/:id", handler: (ctx, p) => ok({ data: oidcResource(visibleConfiguration(ctx, p.id)) }) },
    { method: "PATCH", pattern: "/oidc-configurations/:id", handler: update },
    { method: "DELETE", pattern: "/oidc-configurations/:id", handler: remove },
];
