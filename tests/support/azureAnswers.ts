// What Entra ID and ARM answer the mocks for an AzureWorkspaceFederation's resources: an
// application's client id and object id (GUIDs) and its resource id `/applications/<object id>`
// (azuread v3), a service principal's object id, a federated credential's id
// `/applications/<object id>/federatedIdentityCredentials/<credential id>`, a role assignment's
// `<scope>/providers/Microsoft.Authorization/roleAssignments/<guid>`. Stable GUIDs derived from the
// resource's name. Pure (no @pulumi/pulumi import).
import { createHash } from "node:crypto";

export const AZURE_TYPES = {
    application: "azuread:index/application:Application",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    credential: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
    flexibleCredential: "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential",
    roleAssignment: "azure-native:authorization:RoleAssignment",
} as const;

/** A stable GUID for `text` (lower case, as Entra prints them). */
export function azureGuid(text: string): string {
    const h = createHash("sha256").update(text).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The client id the mocks give the application registered as `name`. */
export function azureClientId(name: string): string {
    return azureGuid(`client:${name}`);
}

/** The object id the mocks give the application registered as `name`. */
export function azureApplicationObjectId(name: string): string {
    return azureGuid(`application:${name}`);
}

/** The object id the mocks give the service principal registered as `name`. */
export function azureServicePrincipalObjectId(name: string): string {
    return azureGuid(`sp:${name}`);
}

/** Entra's / ARM's answer for an Azure resource of these types; undefined for other types. */
export function azureResourceAnswer(type: string, name: string, i: any): { id: string; state: Record<string, any> } | undefined {
    switch (type) {
        case AZURE_TYPES.application: {
            const objectId = azureApplicationObjectId(name);
            return { id: `/applications/${objectId}`, state: { ...i, clientId: azureClientId(name), objectId, publisherDomain: "acme.onmicrosoft.com" } };
        }
        case AZURE_TYPES.servicePrincipal: {
            const objectId = azureServicePrincipalObjectId(name);
            return { id: `/servicePrincipals/${objectId}`, state: { ...i, objectId, applicationTenantId: "00000000-0000-4000-a000-000000000001" } };
        }
        case AZURE_TYPES.credential:
        case AZURE_TYPES.flexibleCredential: {
            const credentialId = azureGuid(`credential:${name}`);
            return { id: `${i.applicationId}/federatedIdentityCredentials/${credentialId}`, state: { ...i, credentialId } };
        }
        case AZURE_TYPES.roleAssignment: {
            const guid = azureGuid(`role:${name}`);
            return { id: `${i.scope}/providers/Microsoft.Authorization/roleAssignments/${guid}`, state: { ...i, name: guid, principalType: i.principalType ?? "ServicePrincipal" } };
        }
        default:
            return undefined;
    }
}
