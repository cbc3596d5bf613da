// Hold-your-own-key OIDC configurations (HCP Terraform Premium / HYOK entitlement only).

import type { HcpClient } from "./client";
import { document, fromApiAttributes, relationshipId, ResourceObject } from "./jsonapi";

export type OidcKind = "aws" | "azure" | "gcp" | "vault";

export interface OidcConfiguration {
    id: string;
    kind: OidcKind;
    organization: string;
    /** camelCase attributes (roleArn, clientId, …, encodedCacert); the read-only `type` echo is left out. */
    attributes: Record<string, string | null>;
}

/** JSON:API type of each kind. */
export const OIDC_TYPES: Record<OidcKind, string> = {
    aws: "aws-oidc-configurations",
    azure: "azure-oidc-configurations",
    gcp: "gcp-oidc-configurations",
    vault: "vault-oidc-configurations",
};

export function oidcKindOfType(type: string): OidcKind | undefined {
    for (const kind of Object.keys(OIDC_TYPES) as OidcKind[]) {
        if (OIDC_TYPES[kind] === type) {
            return kind;
        }
    }
    return undefined;
}

function hyokHint(org?: string): string {
    return (
        `or ${org ? `the organization "${org}"` : "its organization"} does not have the HYOK (hold-your-own-key) ` +
        `entitlement: HCP Terraform answers 404 on OIDC configuration endpoints for organizations without it`
    );
}

export function oidcConfigurationFromApi(resource: ResourceObject, organization?: string): OidcConfiguration {
    const kind = oidcKindOfType(resource.type);
    if (!kind) {
        throw new Error(`Unexpected OIDC configuration type ${JSON.stringify(resource.type)} for ${resource.id}`);
    }
    const raw = fromApiAttributes(resource.attributes);
    const attributes: Record<string, string | null> = {};
    for (const key of Object.keys(raw)) {
        if (key === "type") {
            continue;
        }
        const value = raw[key];
        // The v2 spec spells the Vault CA attribute `encoded-ca-cert`; the API uses `encoded-cacert`.
        const name = key === "encodedCaCert" ? "encodedCacert" : key;
        if (name === "encodedCacert" && key === "encodedCaCert" && attributes.encodedCacert !== undefined) {
            continue;
        }
        attributes[name] = value === undefined || value === null ? null : String(value);
    }
    return { id: resource.id, kind, organization: relationshipId(resource, "organization") ?? organization ?? "", attributes };
}

function attributesToSend(attributes: Record<string, string | null | undefined>): Record<string, string | null | undefined> {
    const out: Record<string, string | null | undefined> = {};
    for (const key of Object.keys(attributes)) {
        out[key === "encodedCaCert" ? "encodedCacert" : key] = attributes[key];
    }
    return out;
}

function configPath(id: string): string {
    return `/oidc-configurations/${encodeURIComponent(id)}`;
}

/**
 * POST /organizations/:org/oidc-configurations with data.type chosen by `kind` and camelCase
 * attributes (e.g. { roleArn } for aws). Not repeated on failure.
 */
export async function createOidcConfiguration(
    c: HcpClient,
    org: string,
    kind: OidcKind,
    attributes: Record<string, string | null | undefined>,
): Promise<OidcConfiguration> {
    const path = `/organizations/${encodeURIComponent(org)}/oidc-configurations`;
    const body = document(OIDC_TYPES[kind], attributesToSend(attributes), {
        relationships: { organization: { data: { type: "organizations", id: org } } },
    });
    return oidcConfigurationFromApi((await c.requestResource("POST", path, { body, notFoundHint: hyokHint(org) }))!, org);
}

/** GET /oidc-configurations/:id */
export async function readOidcConfiguration(c: HcpClient, id: string): Promise<OidcConfiguration> {
    return oidcConfigurationFromApi((await c.requestResource("GET", configPath(id), { notFoundHint: hyokHint() }))!);
}

/** PATCH /oidc-configurations/:id with only the attributes given (a 204 answer is read back). */
export async function updateOidcConfiguration(
    c: HcpClient,
    id: string,
    kind: OidcKind,
    attributes: Record<string, string | null | undefined>,
): Promise<OidcConfiguration> {
    const body = document(OIDC_TYPES[kind], attributesToSend(attributes), { id });
    const answered = await c.requestResource("PATCH", configPath(id), { body, notFoundHint: hyokHint(), emptyOk: true });
    return answered ? oidcConfigurationFromApi(answered) : readOidcConfiguration(c, id);
}

/** DELETE /oidc-configurations/:id (NotFoundError when already gone). */
export async function deleteOidcConfiguration(c: HcpClient, id: string): Promise<void> {
    await c.request("DELETE", configPath(id), { notFoundHint: hyokHint() });
}
