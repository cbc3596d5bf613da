// The Azure side of a run, for the emulator's CloudSimulator: Entra applications (client id ->
// federated identity credentials, plus the service principal's object id), and what the azurerm
// provider's configuration gets for the run's token: Entra's token exchange judged by the
// independent evaluator (clouds/entra.ts) at the application named by TFC_AZURE_PLAN_CLIENT_ID /
// TFC_AZURE_RUN_CLIENT_ID, the subscription from ARM_SUBSCRIPTION_ID, and the read of
// data.azurerm_client_config. Registered from what the program under test made. Imports nothing
// from src/.
//
// Texts: the AADSTS codes and their first sentences are Entra's (multicloud.md §2.2:
// AADSTS700213 "No matching federated identity record found for presented assertion subject …",
// AADSTS700016 "Application with identifier … was not found in the directory"); the azurerm
// wrapping ("building account: …"), the missing-subscription text and the client config's id
// (base64 of "clientConfigs/clientId=…;objectId=…;subscriptionId=…;tenantId=…") follow the
// provider's shape as remembered, NOT verified against a real run.
import type { CloudSimulator, ProbeInput, ProbeOutcome } from "../emulator";
import { entraExchange, type EntraCredential, type EntraFlexibleCredential } from "./clouds/entra";

export const AZURERM_PROVIDER_SOURCE = "registry.terraform.io/hashicorp/azurerm";
export const AZURE_DEFAULT_AUDIENCE = "api://AzureADTokenExchange";

/** The provider's configure error when HCP Terraform gave it no credentials (no OIDC token, no secret, no CLI). */
export const NO_CREDENTIALS =
    "building account: unable to configure ResourceManagerAccount: could not configure AzureCli Authorizer: could not parse Azure CLI version: launching Azure CLI: exec: \"az\": executable file not found in $PATH";

/** The provider's configure error without a subscription (azurerm 4.x requires one). */
export const NO_SUBSCRIPTION = "`subscription_id` is a required provider property when performing a plan/apply operation";

export interface AzureApplication {
    /** The service principal's object id (what azurerm_client_config reports as object_id). */
    objectId: string;
    credentials: Array<EntraCredential | EntraFlexibleCredential>;
}

export interface AzureSimulator extends CloudSimulator {
    /** An application by its client id, with its federated identity credentials. */
    addApplication(clientId: string, app: AzureApplication): void;
    clear(): void;
    readonly applications: Map<string, AzureApplication>;
}

const CLIENT_CONFIG = /data\s+"azurerm_client_config"\s+"([A-Za-z0-9_-]+)"/g;

function tokenError(status: number, code: string, description: string): string {
    return `building account: could not acquire access token to parse claims: clientCredentialsToken: received HTTP status ${status} with response: ` +
        JSON.stringify({ error: code, error_description: description, error_codes: [Number(/AADSTS(\d+)/.exec(description)![1])] });
}

/** The id azurerm gives data.azurerm_client_config. */
export function clientConfigId(clientId: string, objectId: string, subscriptionId: string, tenantId: string): string {
    return Buffer.from(`clientConfigs/clientId=${clientId};objectId=${objectId};subscriptionId=${subscriptionId};tenantId=${tenantId}`).toString("base64");
}

export function azureSimulator(): AzureSimulator {
    const applications = new Map<string, AzureApplication>();

    function probe(input: ProbeInput): ProbeOutcome {
        const clientId = input.settings.PLAN_CLIENT_ID || input.settings.RUN_CLIENT_ID;
        const names = [...Object.values(input.files).join("\n").matchAll(CLIENT_CONFIG)].map((m) => m[1]);
        const fail = (summary: string): ProbeOutcome => ({ diagnostics: [{ severity: "error", summary, detail: "", address: input.providerAddress }] });
        if (!input.dynamicCredentials || !input.token || !clientId) return fail(NO_CREDENTIALS);
        const subscriptionId = input.env.ARM_SUBSCRIPTION_ID;
        const tenantId = input.env.ARM_TENANT_ID ?? "";
        if (!subscriptionId) return fail(NO_SUBSCRIPTION);
        const app = applications.get(clientId);
        if (!app) {
            return fail(tokenError(400, "unauthorized_client", `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`));
        }
        const decision = entraExchange(app.credentials, { ...input.token });
        if (!decision.allowed) {
            return fail(
                tokenError(
                    400,
                    "invalid_client",
                    `AADSTS700213: No matching federated identity record found for presented assertion subject '${input.token.sub}'. ` +
                        "Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.",
                ),
            );
        }
        return { reads: names.map((n) => ({ address: `data.azurerm_client_config.${n}`, id: clientConfigId(clientId, app.objectId, subscriptionId, tenantId) })) };
    }

    return {
        provider: "azurerm",
        providerSource: AZURERM_PROVIDER_SOURCE,
        variablePrefix: "AZURE",
        defaultAudience: () => AZURE_DEFAULT_AUDIENCE,
        probe,
        applications,
        addApplication(clientId, app) {
            applications.set(clientId, { objectId: app.objectId, credentials: app.credentials.map((c) => ({ ...c })) });
        },
        clear() {
            applications.clear();
        },
    };
}
