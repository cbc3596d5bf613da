// Program side of the fleet benchmark, run in a FRESH node process (clean memory figures), plain
// JavaScript on purpose: no ts-node in the measured process.
//
//   node --expose-gc program.js measure <federation|aws|aws-component> <N> [--package ID]
//   node program.js capture <N> <out.json> [--preview] [--package ID] [--shape single|list|project]
//                   [--remove-static] [--trust-limit 2048|4096]
//
// measure federation: N WorkspaceOidcFederation components (one workspace each), as a user writes them.
// measure aws:        the equivalent plain @pulumi/aws program: one IAM OIDC provider for
//                     app.terraform.io, then per workspace a role with the same trust policy and the
//                     same inline EC2 policy.
// measure aws-component: the same plain program with each workspace's role and policy parented to a
//                     ComponentResource of its own (what the component wrapper alone costs).
//   Runs under pulumi.runtime.setMocks as `pulumi preview` (what preview costs the program), waits
//   until every registration has reached the (mock) engine, and prints ONE JSON line: seconds,
//   registrations, peak RSS, heap, and for dynamic resources how many times a provider was
//   serialized and how many distinct `__provider` texts reached the engine.
// capture: runs a federation program (as `pulumi up`, or `preview`) and writes every registration
//   as the engine receives it (type, name, URN, wire inputs with the `__provider` text, dependencies)
//   plus the mocked outputs, for the bench to replay against the real provider host. Shapes:
//     single  (default) N WorkspaceOidcFederation components, one workspace each (ws-0001 …);
//             --remove-static: removeStaticAwsCredentials on each;
//     list    ONE federation "team" with workspaces list-0001 … list-<N> (one shared role, one
//             variable set attached to the list); --trust-limit: its trustPolicySizeLimit;
//     project ONE federation "payments" with projectScope: true, project "Payments" (N unused).
//
// --package: where the components come from: default this repository's dist/ (providers serialized
// BY VALUE), or a package name when this file is copied into a consumer project that installed the
// packed package (providers serialized BY REFERENCE, as in a user's install).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const argv = process.argv.slice(2);
const flag = (name) => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    argv.splice(i, 2);
    return v;
};
const packageId = flag("--package") || path.resolve(__dirname, "..", "..", "dist");
const takeFlag = (name) => (argv.includes(name) ? (argv.splice(argv.indexOf(name), 1), true) : undefined);
const preview = takeFlag("--preview");
const removeStatic = takeFlag("--remove-static") === true;
const shape = flag("--shape") || "single";
const trustLimit = flag("--trust-limit");
const [mode, ...rest] = argv;
const usage = () => {
    console.error("usage: node program.js measure <federation|aws|aws-component> <N> [--package ID] | capture <N> <out.json> [--preview] [--package ID] [--shape single|list|project] [--remove-static] [--trust-limit L]");
    process.exit(2);
};
if (mode !== "measure" && mode !== "capture") usage();
const kind = mode === "measure" ? rest[0] : "federation";
const n = Number(mode === "measure" ? rest[1] : rest[0]);
const outFile = mode === "capture" ? rest[1] : undefined;
if (!["federation", "aws", "aws-component"].includes(kind) || !(n > 0) || (mode === "capture" && !outFile)) usage();
if (!["single", "list", "project"].includes(shape) || (trustLimit !== undefined && !(Number(trustLimit) > 0))) usage();
// The program targets app.terraform.io (no `hostname` input); only the provider host is pointed at the emulator.
delete process.env.TFE_HOSTNAME;
delete process.env.TFE_ADDRESS;

const ACCOUNT = "123456789012";
const ORG = "acme";
const DYNAMIC = "pulumi-nodejs:dynamic/";

// The closure serializer awaits V8 inspector callbacks, which do not keep the event loop alive.
const keepAlive = setInterval(() => undefined, 1000);

require("v8").setFlagsFromString("--expose-gc");
const gc = global.gc || require("vm").runInNewContext("gc");
function heapMb() {
    gc();
    gc();
    return process.memoryUsage().heapUsed / 1048576;
}

/** A stable fake id: `<prefix>` + 16 characters derived from the text. */
function fakeId(prefix, text) {
    let h = 0;
    for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return prefix + (h.toString(36) + "0000000000000000").slice(0, 16);
}

/** What the mocked engine answers: realistic ARNs and HCP ids (the bench swaps in the real HCP ids when it replays). */
function mockState(args) {
    const i = args.inputs;
    switch (args.type) {
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
            const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(i.url).replace(/^https:\/\//, "")}`;
            return { id: arn, state: { ...i, arn } };
        }
        case "aws:iam/role:Role": {
            const p = i.path || "/";
            return { id: i.name, state: { ...i, path: p, arn: `arn:aws:iam::${ACCOUNT}:role${p}${i.name}` } };
        }
        case "aws:iam/rolePolicy:RolePolicy":
            return { id: `${i.role}:${i.name}`, state: i };
        case `${DYNAMIC}hcp-oidc-federation:Workspace`: {
            const workspaceId = fakeId("ws-", `${i.organization}/${i.name}`);
            return { id: workspaceId, state: { ...i, workspaceId, projectId: i.projectId || "prj-default000000000", projectName: "Default Project", created: false } };
        }
        case `${DYNAMIC}hcp-oidc-federation:Project`:
            return { id: fakeId("prj-", `${i.organization}/${i.name}`), state: { ...i, projectId: fakeId("prj-", `${i.organization}/${i.name}`) } };
        case `${DYNAMIC}hcp-oidc-federation:VariableSet`: {
            const variableSetId = fakeId("varset-", `${i.organization}/${i.name}`);
            return { id: variableSetId, state: { ...i, variableSetId, created: true } };
        }
        case `${DYNAMIC}hcp-oidc-federation:WorkspaceVariableGroup`: {
            const workspaceId = i.workspaceId || fakeId("ws-", `${i.organization}/${i.workspaceName}`);
            const variables = i.variables.map((v) => ({ hcl: false, description: "", value: "", ...v, id: fakeId("var-", `${args.name}/${v.key}`) }));
            return { id: workspaceId, state: { ...i, workspaceId, variables } };
        }
        default:
            return { id: args.custom === false ? "" : fakeId("id-", `${args.type}::${args.name}`), state: i };
    }
}

function names(prefix = "ws") {
    const width = Math.max(4, String(n).length);
    return Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(width, "0")}`);
}

/** The 24 actions of the verified minimal EC2 policy (trust-model.md), what the component puts inline. */
const EC2_POLICY = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Action: [
                "ec2:DescribeImages", "ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeVpcClassicLink",
                "ec2:DescribeVpcClassicLinkDnsSupport", "ec2:DescribeSubnets", "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeNetworkAcls", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups",
                "ec2:DescribeAvailabilityZones", "ec2:DescribeAccountAttributes", "ec2:DescribeDhcpOptions",
                "ec2:DescribeInstances", "ec2:DescribeInstanceAttribute", "ec2:DescribeInstanceStatus",
                "ec2:DescribeInstanceTypes", "ec2:DescribeInstanceCreditSpecifications", "ec2:DescribeVolumes",
                "ec2:DescribeTags", "ec2:RunInstances", "ec2:TerminateInstances", "ec2:CreateTags", "ec2:DeleteTags",
            ],
            Resource: "*",
        },
    ],
};

function federationProgram(components) {
    components.resetSharedOidcProviders();
    if (shape === "list") {
        new components.WorkspaceOidcFederation("team", {
            organization: ORG,
            workspaces: names("list"),
            ...(trustLimit !== undefined ? { trustPolicySizeLimit: Number(trustLimit) } : {}),
        });
        return;
    }
    if (shape === "project") {
        new components.WorkspaceOidcFederation("payments", { organization: ORG, projectScope: true, project: "Payments" });
        return;
    }
    for (const ws of names()) {
        new components.WorkspaceOidcFederation(ws, { organization: ORG, workspace: ws, ...(removeStatic ? { removeStaticAwsCredentials: true } : {}) });
    }
}

function awsProgram(pulumi, aws, wrapped) {
    const host = "app.terraform.io";
    const provider = new aws.iam.OpenIdConnectProvider(`hcp-terraform-oidc-${host}`, { url: `https://${host}`, clientIdLists: ["aws.workload.identity"] });
    for (const ws of names()) {
        const roleName = `tfc-${ws}-oidc`;
        const wrapper = wrapped ? new pulumi.ComponentResource("bench:index:Wrapper", ws, {}, {}) : undefined;
        const opts = wrapper ? { parent: wrapper } : {};
        const trust = provider.arn.apply((arn) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: arn },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: { [`${host}:aud`]: "aws.workload.identity" },
                            StringLike: { [`${host}:sub`]: `organization:${ORG}:project:*:workspace:${ws}:run_phase:*` },
                        },
                    },
                ],
            }),
        );
        const role = new aws.iam.Role(`${ws}-role`, { name: roleName, assumeRolePolicy: trust, description: `HCP Terraform runs of ${ORG} workspace ${ws}` }, opts);
        new aws.iam.RolePolicy(`${ws}-role-ec2`, { role: role.name, name: `${roleName}-ec2`, policy: JSON.stringify(EC2_POLICY) }, opts);
        if (wrapper) wrapper.registerOutputs({ roleArn: role.arn, trustPolicy: trust });
    }
}

async function main() {
    const pulumi = require("@pulumi/pulumi");
    const aws = require("@pulumi/aws");
    const components = kind === "federation" ? require(packageId) : undefined;
    if (components && typeof components.WorkspaceOidcFederation !== "function") {
        throw new Error(`${packageId} does not export WorkspaceOidcFederation`);
    }

    // Count provider serializations: @pulumi/pulumi/dynamic requires this module at call time.
    const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure");
    const original = closure.serializeFunction;
    let serializations = 0;
    closure.serializeFunction = function (...args) {
        serializations++;
        return original.apply(this, args);
    };

    const mocked = new Map(); // "type::name" -> mocked outputs (with id)
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                const r = mockState(args);
                if (mode === "capture") mocked.set(`${args.type}::${args.name}`, { ...r.state, id: r.id });
                return r;
            },
            call: () => ({}),
        },
        "project",
        "stack",
        mode === "measure" ? true : preview === true,
    );
    // Count registrations and the `__provider` texts that reach the engine; capture them when asked.
    const monitor = pulumi.runtime.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    let registrations = 0;
    let dynamicRegistrations = 0;
    let providerBytes = 0;
    const texts = new Map(); // text -> index
    const captured = [];
    monitor.registerResource = (req, cb) => {
        const struct = req.getObject();
        const p = struct && struct.getFieldsMap().get("__provider");
        if (p) {
            const text = p.getStringValue();
            dynamicRegistrations++;
            providerBytes += text.length;
            if (!texts.has(text)) texts.set(text, texts.size);
        }
        register(req, (err, resp) => {
            if (!err) {
                registrations++;
                if (mode === "capture") {
                    const wire = struct ? struct.toJavaScript() : {};
                    if (typeof wire.__provider === "string") wire.__provider = { $text: texts.get(wire.__provider) };
                    const propertyDependencies = {};
                    req.getPropertydependenciesMap().forEach((v, k) => (propertyDependencies[k] = v.getUrnsList()));
                    captured.push({
                        type: req.getType(),
                        name: req.getName(),
                        urn: resp.getUrn(),
                        id: resp.getId(),
                        custom: req.getCustom(),
                        parent: req.getParent() || undefined,
                        dependencies: req.getDependenciesList(),
                        propertyDependencies,
                        wire,
                    });
                }
            }
            cb(err, resp);
        });
    };
    const settings = require("@pulumi/pulumi/runtime/settings");

    const rssBefore = process.memoryUsage().rss / 1048576;
    const heapBefore = heapMb();
    const t0 = performance.now();
    // The program's window on the monotonic clock the V8 CPU profiler stamps its samples with (--cpu-prof).
    const windowStartUs = Number(process.hrtime.bigint() / 1000n);

    if (kind === "federation") federationProgram(components);
    else awsProgram(pulumi, aws, kind === "aws-component");

    // Wait until every registration (including those made inside apply callbacks) has reached the engine.
    for (let stable = 0; stable < 2; ) {
        const before = registrations;
        await settings.waitForRPCs();
        await new Promise((r) => setImmediate(r));
        stable = registrations === before ? stable + 1 : 0;
    }
    const seconds = (performance.now() - t0) / 1000;
    const windowEndUs = Number(process.hrtime.bigint() / 1000n);
    const heapAfter = heapMb();
    const usage = process.resourceUsage();
    clearInterval(keepAlive);
    const result = {
        kind,
        shape,
        n,
        package: packageId,
        preview: mode === "measure" ? true : preview === true,
        seconds,
        registrations,
        dynamicRegistrations,
        serializations,
        distinctProviderTexts: texts.size,
        providerBytes,
        rssBeforeMb: rssBefore,
        peakRssMb: usage.maxRSS / 1024,
        heapBeforeMb: heapBefore,
        heapAfterMb: heapAfter,
        windowUs: [windowStartUs, windowEndUs],
    };
    if (mode === "capture") {
        const mockOutputs = {};
        for (const r of captured) {
            const m = mocked.get(`${r.type}::${r.name}`);
            if (m) mockOutputs[r.urn] = m;
        }
        fs.writeFileSync(outFile, JSON.stringify({ ...result, texts: [...texts.keys()], resources: captured, mockOutputs }));
    }
    process.stdout.write(JSON.stringify(result) + "\n");
}

main().then(
    () => process.exit(0),
    (err) => {
        console.error(err && err.stack ? err.stack : String(err));
        process.exit(1);
    },
);
