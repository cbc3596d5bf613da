/**
 * The token issuer `https://<host>` that Azure, GCP and Vault compare EXACTLY with the token's
 * `iss` (no trailing slash). HCP Terraform and Terraform Enterprise issue lower-case hosts, so an
 * upper-case host would never match: it is refused here rather than silently lower-cased.
 */
import { HCP_DEFAULT_HOSTNAME } from "../policies/awsTrustPolicy";
import { rejectInput, validateHostname } from "../policies/names";

/** `https://<hostname>` (default host app.terraform.io); validates the host and refuses upper case. */
export function issuerUrl(hostname: string = HCP_DEFAULT_HOSTNAME): string {
    validateHostname(hostname);
    if (hostname !== hostname.toLowerCase()) {
        rejectInput(
            "hostname",
            "hostname",
            hostname,
            `the issuer is compared exactly with the token's, which is lower case; use ${JSON.stringify(hostname.toLowerCase())}`,
            "hostname",
        );
    }
    return `https://${hostname}`;
}
