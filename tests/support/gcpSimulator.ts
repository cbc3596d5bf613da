// The GCP side of a run, for the emulator's CloudSimulator: workload identity pool providers
// (name -> issuer, attribute mapping, condition, allowed audiences) and service accounts (email ->
// roles/iam.workloadIdentityUser members), and what the Google provider's first API call gets
// for the run's token: STS's token exchange at the provider named by TFC_GCP_WORKLOAD_PROVIDER_NAME,
// then the service account's impersonation (iamcredentials generateAccessToken), judged by the
// real-CEL evaluator (clouds/gcpFederation.ts). Registered from what the program under test made.
//
// Texts: the inner GCP answers are GCP's own (runs-api.md §5.5: "The given credential is rejected
// by the attribute condition.", "Permission 'iam.serviceAccounts.getAccessToken' denied on resource
// (or it may not exist)."; the subject-size and invalid_target texts as GCP prints them), wrapped
// the way golang.org/x/oauth2 ("oauth2/google: status code <n>: <body>") and the provider's
// google_client_openid_userinfo read ("error retrieving userinfo for your provider credentials. …")
// do. The issuer and audience texts follow GCP's shape; their exact wording is not verified.
// Imports nothing from src/.
import type { CloudSimulator, ProbeDiagnostic, ProbeInput, ProbeOutcome } from "../emulator";
import { gcpExchange, gcpMemberAdmits, type GcpProviderConfig } from "./clouds/gcpFederation";

export const GOOGLE_PROVIDER_SOURCE = "registry.terraform.io/hashicorp/google";

/** The provider's configure error when HCP Terraform gave it no credentials. */
export const NO_CREDENTIALS =
    "Attempted to load application default credentials since neither `credentials` nor `access_token` was set in the provider block.  " +
    "No credentials loaded. To use your gcloud credentials, run 'gcloud auth application-default login'.  Original error: google: could not find " +
    "default credentials. See https://cloud.google.com/docs/authentication/external/set-up-adc for more information";

/** What google_client_openid_userinfo prints when the provider's token source fails. */
export const USERINFO_FAILURE =
    "error retrieving userinfo for your provider credentials. have you enabled the 'https://www.googleapis.com/auth/userinfo.email' scope? " +
    'error: Get "https://openidconnect.googleapis.com/v1/userinfo?alt=json": ';

export interface GcpSimulator extends CloudSimulator {
    /** A workload identity pool provider, by its name `projects/<N>/locations/global/workloadIdentityPools/<P>/providers/<ID>`. */
    addProvider(name: string, config: GcpProviderConfig): void;
    /** A service account and its roles/iam.workloadIdentityUser members (more with addMember). */
    addServiceAccount(email: string, members?: readonly string[]): void;
    addMember(email: string, member: string): void;
    /** Forgets every provider and service account. */
    clear(): void;
    readonly providers: Map<string, GcpProviderConfig>;
    readonly serviceAccounts: Map<string, string[]>;
}

const USERINFO = /data\s+"google_client_openid_userinfo"\s+"([A-Za-z0-9_-]+)"/g;

function oauthError(status: number, body: object): string {
    return `oauth2/google: status code ${status}: ${JSON.stringify(body)}`;
}

/** STS's answer (status and body) for a refused exchange, from the evaluator's reason. */
function stsRefusal(reason: string, token: { iss: string; aud: string }, issuerUri: string): string {
    if (reason.startsWith("issuer ")) {
        return oauthError(400, { error: "invalid_grant", error_description: `The issuer in ID Token ${token.iss} does not match the expected ones: ${issuerUri}.` });
    }
    if (reason.startsWith("audience ")) {
        return oauthError(400, { error: "invalid_grant", error_description: `The audience in ID Token [${token.aud}] does not match the expected audience.` });
    }
    if (reason.startsWith("size of mapped attribute google.subject")) {
        return oauthError(400, {
            error: "invalid_request",
            error_description:
                "The size of mapped attribute google.subject exceeds the 127 bytes limit. Either modify your attribute mapping or the incoming assertion to produce a mapped attribute that is less than 127 bytes.",
        });
    }
    if (reason.startsWith("the attribute condition")) {
        return oauthError(400, { error: "unauthorized_client", error_description: "The given credential is rejected by the attribute condition." });
    }
    return oauthError(400, { error: "invalid_request", error_description: `Invalid attribute mapping: ${reason}.` });
}

const NO_TARGET = oauthError(400, {
    error: "invalid_target",
    error_description:
        'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.',
});

const DENIED = oauthError(403, {
    error: {
        code: 403,
        message: "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
        status: "PERMISSION_DENIED",
        details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "IAM_PERMISSION_DENIED", domain: "iam.googleapis.com", metadata: { permission: "iam.serviceAccounts.getAccessToken" } }],
    },
});

export function gcpSimulator(): GcpSimulator {
    const providers = new Map<string, GcpProviderConfig>();
    const serviceAccounts = new Map<string, string[]>();

    function probe(input: ProbeInput): ProbeOutcome {
        const providerName = input.settings.WORKLOAD_PROVIDER_NAME;
        const email = input.settings.PLAN_SERVICE_ACCOUNT_EMAIL || input.settings.RUN_SERVICE_ACCOUNT_EMAIL;
        const names = [...Object.values(input.files).join("\n").matchAll(USERINFO)].map((m) => m[1]);
        if (!input.dynamicCredentials || !input.token || !providerName || !email) {
            return { diagnostics: [{ severity: "error", summary: NO_CREDENTIALS, detail: "", address: input.providerAddress }] };
        }
        const fail = (error: string): ProbeOutcome => ({
            diagnostics: names.map((n): ProbeDiagnostic => ({ severity: "error", summary: `${USERINFO_FAILURE}${error}`, detail: "", address: `data.google_client_openid_userinfo.${n}` })),
        });
        const provider = providers.get(providerName);
        if (!provider) return fail(NO_TARGET);
        const exchanged = gcpExchange(provider, providerName, { ...input.token } as unknown as { [claim: string]: string });
        if (!exchanged.allowed) return fail(stsRefusal(exchanged.reason, input.token, provider.oidc.issuerUri));
        const members = serviceAccounts.get(email) ?? [];
        if (!members.some((m) => gcpMemberAdmits(m, exchanged.identity))) return fail(DENIED);
        return { reads: names.map((n) => ({ address: `data.google_client_openid_userinfo.${n}`, id: email })) };
    }

    return {
        provider: "google",
        providerSource: GOOGLE_PROVIDER_SOURCE,
        variablePrefix: "GCP",
        // HCP Terraform's default: the provider's canonical name.
        defaultAudience: (settings) => `//iam.googleapis.com/${settings.WORKLOAD_PROVIDER_NAME ?? ""}`,
        probe,
        providers,
        serviceAccounts,
        addProvider(name, config) {
            providers.set(name, {
                attributeMapping: { ...config.attributeMapping },
                ...(config.attributeCondition !== undefined ? { attributeCondition: config.attributeCondition } : {}),
                oidc: { issuerUri: config.oidc.issuerUri, ...(config.oidc.allowedAudiences ? { allowedAudiences: [...config.oidc.allowedAudiences] } : {}) },
            });
        },
        addServiceAccount(email, members = []) {
            serviceAccounts.set(email, [...members]);
        },
        addMember(email, member) {
            const list = serviceAccounts.get(email) ?? [];
            list.push(member);
            serviceAccounts.set(email, list);
        },
        clear() {
            providers.clear();
            serviceAccounts.clear();
        },
    };
}
