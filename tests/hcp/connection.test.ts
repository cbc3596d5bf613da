import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    CredentialsFileError,
    MissingTokenError,
    clientFor,
    defaultCredentialsFile,
    readWorkspaceByName,
    resolveConnection,
    normalizeSite,
    resolveHost,
    tfTokenVariableName,
} from "../../src/hcp";
import { FAST, ORG, TOKEN, rejection, tempDir, useEmulator } from "./helpers";

function writeCredentials(dir: string, credentials: Record<string, { token: string }>): string {
    const file = path.join(dir, "credentials.tfrc.json");
    fs.writeFileSync(file, JSON.stringify({ credentials }));
    return file;
}

describe("hcp/connection", () => {
    describe("resolveHost", () => {
        it("defaults to https://app.terraform.io", () => {
            assert.deepEqual(resolveHost(undefined, {}), { host: "app.terraform.io", scheme: "https" });
            assert.deepEqual(resolveHost("", { TFE_HOSTNAME: "  " }), { host: "app.terraform.io", scheme: "https" });
        });

        it("takes the explicit hostname, then TFE_HOSTNAME, then TFE_ADDRESS", () => {
            const env = { TFE_HOSTNAME: "a.example.com", TFE_ADDRESS: "https://b.example.com" };
            assert.deepEqual(resolveHost("explicit.example.com", env), { host: "explicit.example.com", scheme: "https" });
            assert.deepEqual(resolveHost(undefined, env), { host: "a.example.com", scheme: "https" });
            assert.deepEqual(resolveHost(undefined, { TFE_ADDRESS: "https://b.example.com" }), { host: "b.example.com", scheme: "https" });
            assert.deepEqual(resolveHost(undefined, { TFE_HOSTNAME: "", TFE_ADDRESS: "http://tfe.lab:8080/" }, { allowInsecureHttp: true }), {
                host: "tfe.lab:8080",
                scheme: "http",
            });
        });

        it("uses http for a bare loopback host, https for any other bare host, and honours an explicit scheme", () => {
            assert.deepEqual(resolveHost("127.0.0.1:8080", {}), { host: "127.0.0.1:8080", scheme: "http" });
            assert.deepEqual(resolveHost("localhost:3000", {}), { host: "localhost:3000", scheme: "http" });
            assert.deepEqual(resolveHost("[::1]:9000", {}), { host: "[::1]:9000", scheme: "http" });
            assert.deepEqual(resolveHost("TFE.Example.com/", {}), { host: "tfe.example.com", scheme: "https" });
            assert.deepEqual(resolveHost("10.0.0.5", {}), { host: "10.0.0.5", scheme: "https" });
            assert.deepEqual(resolveHost("http://tfe.lab", {}, { allowInsecureHttp: true }), { host: "tfe.lab", scheme: "http" });
            assert.deepEqual(resolveHost("https://127.0.0.1:8443", {}), { host: "127.0.0.1:8443", scheme: "https" });
            assert.deepEqual(resolveHost("http://localhost:8080", {}), { host: "localhost:8080", scheme: "http" });
        });

        it("gives every spelling of one site one value: case, trailing dot, default port, trailing slash", () => {
            const site = { host: "app.terraform.io", scheme: "https" };
            for (const spelling of [
                "app.terraform.io", "APP.TERRAFORM.IO", "https://app.terraform.io", "HTTPS://App.Terraform.io/",
                "app.terraform.io.", "app.terraform.io:443", "https://app.terraform.io:443", "https://app.terraform.io.:443/",
            ]) {
                assert.deepEqual(resolveHost(spelling, {}), site, spelling);
            }
            assert.equal(normalizeSite("TFE.example.com.:8443"), "https://tfe.example.com:8443");
            assert.equal(normalizeSite("http://127.0.0.1:80/"), "http://127.0.0.1");
            // A bare loopback host is http: its port 443 is not http's default and is kept.
            assert.equal(normalizeSite("127.0.0.1:443"), "http://127.0.0.1:443");
        });

        it("refuses http:// to anything but a loopback address unless allowInsecureHttp", () => {
            assert.throws(() => resolveHost(undefined, { TFE_ADDRESS: "http://tfe.lab" }), {
                message:
                    'Invalid HCP Terraform hostname "http://tfe.lab" from TFE_ADDRESS: http:// sends the API token unencrypted to that host. ' +
                    "Use https://, or, for a lab install only, set allowInsecureHttp: true",
            });
            assert.throws(() => resolveConnection({ hostname: "http://10.0.0.5", token: "t" }, {}), /sends the API token unencrypted/);
            assert.equal(resolveConnection({ hostname: "http://10.0.0.5", token: "t", allowInsecureHttp: true }, {}).baseUrl, "http://10.0.0.5/api/v2");
        });

        it("refuses what is not a host", () => {
            assert.throws(() => resolveHost("ftp://tfe.example.com", {}), {
                message: 'Invalid HCP Terraform hostname "ftp://tfe.example.com" from the hostname setting: only https:// and http:// addresses are supported',
            });
            assert.throws(() => resolveHost(undefined, { TFE_HOSTNAME: "bad host!" }), {
                message: 'Invalid HCP Terraform hostname "bad host!" from TFE_HOSTNAME: expected a host name such as app.terraform.io or tfe.example.com:8443',
            });
            assert.throws(() => resolveHost("tfe.example.com/app", {}), {
                message:
                    'Invalid HCP Terraform hostname "tfe.example.com/app" from the hostname setting: a hostname has no path (got "/app"): ' +
                    'HCP Terraform and Terraform Enterprise serve their API at the root of the site; give "tfe.example.com"',
            });
            assert.throws(() => resolveHost("https://app.terraform.io/api/v2", {}), /a hostname has no path \(got "\/api\/v2"\)/);
            assert.throws(() => resolveHost("https://user:pw@tfe.example.com", {}), /a hostname has no user, query or fragment/);
            assert.throws(() => resolveHost("tfe.example.com:70000", {}), /the port must be a number from 1 to 65535/);
        });
    });

    describe("resolveConnection", () => {
        const none = path.join(tempDir(), "absent.json");

        it("builds the base URL from the host", () => {
            assert.deepEqual(resolveConnection({ token: "t" }, {}, none), {
                host: "app.terraform.io", scheme: "https", site: "https://app.terraform.io", baseUrl: "https://app.terraform.io/api/v2",
                token: "t", tokenSource: "the explicit token setting",
            });
            assert.deepEqual(resolveConnection({ hostname: "127.0.0.1:1234", token: "t" }, {}, none), {
                host: "127.0.0.1:1234", scheme: "http", site: "http://127.0.0.1:1234", baseUrl: "http://127.0.0.1:1234/api/v2",
                token: "t", tokenSource: "the explicit token setting",
            });
        });

        it("takes the token from: explicit, TFE_TOKEN, TF_TOKEN_<host>, credentials file, in that order", () => {
            const file = writeCredentials(tempDir(), { "tfe.example.com": { token: "from-file" } });
            const env = { TFE_TOKEN: "from-tfe-token", TF_TOKEN_tfe_example_com: "from-tf-token" };
            const settings = { hostname: "tfe.example.com" };
            assert.equal(resolveConnection({ ...settings, token: "explicit" }, env, file).token, "explicit");
            assert.equal(resolveConnection(settings, env, file).token, "from-tfe-token");
            assert.equal(resolveConnection(settings, { TF_TOKEN_tfe_example_com: "from-tf-token" }, file).token, "from-tf-token");
            assert.equal(resolveConnection(settings, {}, file).token, "from-file");
            // Where the token came from is named (for messages), never the token.
            assert.equal(resolveConnection(settings, env, file).tokenSource, "the TFE_TOKEN environment variable");
            assert.equal(resolveConnection(settings, { TF_TOKEN_tfe_example_com: "x" }, file).tokenSource, "the TF_TOKEN_tfe_example_com environment variable");
            assert.equal(resolveConnection(settings, {}, file).tokenSource, `the Terraform CLI credentials file ${file}`);
            // Empty values do not count.
            assert.equal(resolveConnection({ ...settings, token: " " }, { TFE_TOKEN: "", TF_TOKEN_tfe_example_com: "" }, file).token, "from-file");
        });

        it("mangles the host into TF_TOKEN_ like the Terraform CLI (. as _, - as __, no port)", () => {
            assert.equal(tfTokenVariableName("app.terraform.io"), "TF_TOKEN_app_terraform_io");
            assert.equal(tfTokenVariableName("my-tfe.example-corp.com"), "TF_TOKEN_my__tfe_example__corp_com");
            assert.equal(tfTokenVariableName("127.0.0.1:8080"), "TF_TOKEN_127_0_0_1");
            const host = { hostname: "my-tfe.example-corp.com" };
            assert.equal(resolveConnection(host, { TF_TOKEN_my__tfe_example__corp_com: "exact" }, none).token, "exact");
            // Host names compare case-insensitively, as in the CLI.
            assert.equal(resolveConnection(host, { TF_TOKEN_MY__TFE_EXAMPLE__CORP_COM: "upper" }, none).token, "upper");
            // A single underscore is a dot, not a dash.
            assert.throws(() => resolveConnection(host, { TF_TOKEN_my_tfe_example_corp_com: "wrong" }, none), MissingTokenError);
        });

        it("reads credentials.<host>.token from the credentials file, host compared case-insensitively, port kept", () => {
            const dir = tempDir();
            const file = writeCredentials(dir, {
                "TFE.Example.com": { token: "mixed-case" },
                "127.0.0.1:8080": { token: "with-port" },
            });
            assert.equal(resolveConnection({ hostname: "tfe.example.com" }, {}, file).token, "mixed-case");
            assert.equal(resolveConnection({ hostname: "127.0.0.1:8080" }, {}, file).token, "with-port");
            assert.throws(() => resolveConnection({ hostname: "127.0.0.1:9090" }, {}, file), MissingTokenError);
        });

        it("defaults to ~/.terraform.d/credentials.tfrc.json", () => {
            const home = tempDir();
            fs.mkdirSync(path.join(home, ".terraform.d"));
            writeCredentials(path.join(home, ".terraform.d"), { "app.terraform.io": { token: "from-home" } });
            const saved = process.env.HOME;
            process.env.HOME = home;
            try {
                assert.equal(defaultCredentialsFile(), path.join(home, ".terraform.d", "credentials.tfrc.json"));
                assert.equal(resolveConnection(undefined, {}).token, "from-home");
            } finally {
                process.env.HOME = saved;
            }
        });

        it("names every place looked when there is no token", () => {
            const err = (() => {
                try {
                    resolveConnection({ hostname: "tfe.example.com" }, {}, none);
                } catch (e) {
                    return e as MissingTokenError;
                }
                throw new Error("expected MissingTokenError");
            })();
            assert.ok(err instanceof MissingTokenError);
            assert.equal(err.code, "MISSING_TOKEN");
            assert.equal(err.host, "tfe.example.com");
            assert.equal(
                err.message,
                "No HCP Terraform API token found for tfe.example.com. Looked in, in order: " +
                    "the TFE_TOKEN environment variable; the TF_TOKEN_tfe_example_com environment variable; " +
                    `the Terraform CLI credentials file ${none} (credentials["tfe.example.com"].token: file does not exist). ` +
                    'Set one of them (for example run "terraform login tfe.example.com" or set TFE_TOKEN).',
            );
            // A caller that offers an explicit token setting (even an empty one) is told it was looked at first.
            assert.match(
                (() => {
                    try {
                        resolveConnection({ hostname: "tfe.example.com", token: "" }, {}, none);
                    } catch (e) {
                        return (e as Error).message;
                    }
                    return "";
                })(),
                /^No HCP Terraform API token found for tfe\.example\.com\. Looked in, in order: the explicit token setting; the TFE_TOKEN environment variable; /,
            );
            const file = writeCredentials(tempDir(), { "other.example.com": { token: "x" } });
            assert.throws(() => resolveConnection({ hostname: "tfe.example.com" }, {}, file), {
                message: new RegExp(`credentials file ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(credentials\\["tfe.example.com"\\].token: no entry for this host\\)`),
            });
        });

        it("refuses a credentials file that is not JSON without quoting it", () => {
            const file = path.join(tempDir(), "credentials.tfrc.json");
            fs.writeFileSync(file, '{"credentials": {"app.terraform.io": {"token": "secret-in-broken-file"');
            assert.throws(
                () => resolveConnection(undefined, {}, file),
                (err: any) => {
                    assert.ok(err instanceof CredentialsFileError);
                    assert.equal(err.message, `Cannot use the Terraform CLI credentials file ${file}: it is not valid JSON`);
                    return true;
                },
            );
        });
    });

    describe("resolution at call time, against the emulator", () => {
        const fx = useEmulator();

        it("uses TF_TOKEN_127_0_0_1 for the emulator's host, and re-reads the environment on every request", async () => {
            fx.emu.addToken("second-token", "bob");
            fx.emu.addWorkspace(ORG, "call-time");
            const env: NodeJS.ProcessEnv = { TF_TOKEN_127_0_0_1: TOKEN };
            const client = clientFor({ hostname: fx.emu.hostname }, { ...FAST, env });
            await readWorkspaceByName(client, ORG, "call-time");
            env.TFE_TOKEN = "second-token";
            await readWorkspaceByName(client, ORG, "call-time");
            assert.deepEqual(fx.emu.log.map((e) => [e.status, e.user]), [[200, "alice"], [200, "bob"]]);
        });

        it("uses the credentials file entry of host:port", async () => {
            fx.emu.addWorkspace(ORG, "from-file");
            const file = writeCredentials(tempDir(), { [fx.emu.hostname]: { token: TOKEN } });
            const ws = await readWorkspaceByName(clientFor({ hostname: fx.emu.hostname }, { ...FAST, credentialsFile: file }), ORG, "from-file");
            assert.equal(ws.name, "from-file");
            assert.equal(fx.emu.log[0].user, "alice");
        });

        it("fails before sending anything when there is no token", async () => {
            const err = await rejection(readWorkspaceByName(clientFor({ hostname: fx.emu.hostname }, FAST), ORG, "x"));
            assert.ok(err instanceof MissingTokenError);
            assert.equal(fx.emu.log.length, 0);
        });
    });
});
