import { strict as assert } from "assert";
import { issuerUrl } from "../../../src/clouds/issuer";
import { expectInputError } from "../expectInputError";

describe("clouds/issuer", () => {
    it("https://<host>, default app.terraform.io, ports kept, no trailing slash", () => {
        assert.equal(issuerUrl(), "https://app.terraform.io");
        assert.equal(issuerUrl("app.eu.terraform.io"), "https://app.eu.terraform.io");
        assert.equal(issuerUrl("tfe.example.com:8443"), "https://tfe.example.com:8443");
    });

    it("an invalid host is refused by the shared hostname validator", () => {
        expectInputError(() => issuerUrl("https://tfe.example.com/"), "hostname", 'hostname "https://tfe.example.com/": a hostname has no scheme or path; use "tfe.example.com". Fix the hostname.');
    });

    it("upper case is refused: the issuer is compared exactly with the token's lower-case iss", () => {
        expectInputError(
            () => issuerUrl("TFE.Example.com"),
            "hostname",
            `hostname "TFE.Example.com": the issuer is compared exactly with the token's, which is lower case; use "tfe.example.com". Fix the hostname.`,
        );
    });
});
