// The cloud side of a run, pluggable: the emulator plays HCP Terraform (it reads the workspace's
// effective variables, mints the run's workload identity token claims, and hands the provider its
// credentials), a CloudSimulator plays the cloud (does it accept that token?) and answers what the
// probe's provider would log. Plain data in, plain data out: no src/ import here.
import type { RunRecord, RunWorld } from "./runWorld";
import type { EmulatorStore, WorkspaceRecord } from "./store";
import { effectiveVariables } from "./variables";

/** The claims HCP Terraform puts in a run's workload identity token (workload-identity-tokens docs). */
export interface TokenClaims {
    iss: string;
    aud: string;
    sub: string;
    iat: number;
    nbf: number;
    exp: number;
    jti: string;
    terraform_organization_id: string;
    terraform_organization_name: string;
    terraform_project_id: string;
    terraform_project_name: string;
    terraform_workspace_id: string;
    terraform_workspace_name: string;
    terraform_full_workspace: string;
    terraform_run_id: string;
    terraform_run_phase: "plan" | "apply";
}

export interface ProbeInput {
    runId: string;
    phase: "plan";
    /** The tag whose alias the configuration uses (var.tfc_<x>_dynamic_credentials.aliases[TAG]), or null. */
    tag: string | null;
    /** TFC_<X>_PROVIDER_AUTH[_TAG] is "true": HCP minted a token and configured the provider with it. */
    dynamicCredentials: boolean;
    /** TFC_<X>_<NAME>[_TAG] (else TFC_DEFAULT_<X>_<NAME>) by NAME, e.g. { RUN_ROLE_ARN: "arn:…" }. */
    settings: Record<string, string>;
    /** The token's claims, when dynamicCredentials. */
    token: TokenClaims | null;
    /** Every effective env variable of the workspace (key -> value). */
    env: Record<string, string>;
    /** The configuration's files (path -> text), as uploaded. */
    files: Record<string, string>;
    targetAddrs: string[] | null;
    /** provider["registry.terraform.io/hashicorp/aws"], with ".<alias>" for an aliased provider. */
    providerAddress: string;
}

export interface ProbeDiagnostic {
    severity: "error" | "warning";
    summary: string;
    detail: string;
    address?: string;
}

export interface ProbeOutcome {
    /** A line the HCP worker prints when it fails before Terraform runs (e.g. Vault login): the plan errors. */
    workerError?: string;
    /** Data sources read, in order: "<address>: Read complete after 0s [id=<id>]". */
    reads?: Array<{ address: string; id: string }>;
    /** Diagnostics from the provider; any error fails the plan. */
    diagnostics?: ProbeDiagnostic[];
}

export interface CloudSimulator {
    /** Provider local name whose block in the configuration selects this simulator: "aws", "azurerm", "google", "vault". */
    readonly provider: string;
    /** Its registry source, for diagnostic addresses: "registry.terraform.io/hashicorp/aws". */
    readonly providerSource: string;
    /** The infix of its variables: "AWS" for TFC_AWS_PROVIDER_AUTH. */
    readonly variablePrefix: string;
    /** Audience of the token when TFC_<X>_WORKLOAD_IDENTITY_AUDIENCE is not set. */
    defaultAudience(settings: Record<string, string>): string;
    probe(input: ProbeInput): ProbeOutcome;
}

const ALIAS_USE = /var\.tfc_([a-z]+)_dynamic_credentials\.aliases\["([^"]+)"\]/;

/** The simulator whose provider the configuration declares, or undefined. */
export function simulatorFor(world: RunWorld, files: Record<string, string>): CloudSimulator | undefined {
    const text = Object.values(files).join("\n");
    return world.simulators.find((s) => new RegExp(`provider\\s+"${s.provider}"`).test(text));
}

function organizationId(world: RunWorld, name: string): string {
    const key = name.toLowerCase();
    let id = world.organizationIds.get(key);
    if (!id) {
        id = `org-${Buffer.from(key).toString("hex").slice(0, 16).padEnd(16, "0")}`;
        world.organizationIds.set(key, id);
    }
    return id;
}

/** The claims of the run's plan-phase token for `aud`. */
export function mintClaims(store: EmulatorStore, world: RunWorld, ws: WorkspaceRecord, run: RunRecord, aud: string, ownHost: string): TokenClaims {
    const project = store.projects.get(ws.projectId);
    const projectName = project ? project.name : "Default Project";
    const full = `organization:${ws.organization}:project:${projectName}:workspace:${ws.name}`;
    const now = Math.floor(Date.now() / 1000);
    return {
        iss: `https://${world.issuerHost ?? ownHost}`,
        aud,
        sub: `${full}:run_phase:plan`,
        iat: now,
        nbf: now,
        exp: now + 2 * 3600,
        jti: `${run.id}-plan`,
        terraform_organization_id: organizationId(world, ws.organization),
        terraform_organization_name: ws.organization,
        terraform_project_id: ws.projectId,
        terraform_project_name: projectName,
        terraform_workspace_id: ws.id,
        terraform_workspace_name: ws.name,
        terraform_full_workspace: full,
        terraform_run_id: run.id,
        terraform_run_phase: "plan",
    };
}

/** Effective env variables (workspace and variable sets, with HCP's precedence) as key -> value. */
export function effectiveEnv(store: EmulatorStore, ws: WorkspaceRecord): Record<string, string> {
    const env: Record<string, string> = {};
    for (const v of effectiveVariables(store, ws)) {
        if (v.category === "env") env[v.key] = v.value;
    }
    return env;
}

/** TFC_<X>_<NAME>_<TAG> / TFC_<X>_<NAME>, else TFC_DEFAULT_<X>_<NAME>, by NAME. */
export function settingsFor(env: Record<string, string>, prefix: string, tag: string | null): Record<string, string> {
    const own = `TFC_${prefix}_`;
    const fallback = `TFC_DEFAULT_${prefix}_`;
    const suffix = tag === null ? "" : `_${tag}`;
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(env)) {
        if (key.startsWith(fallback) && out[key.slice(fallback.length)] === undefined) out[key.slice(fallback.length)] = value;
    }
    for (const [key, value] of Object.entries(env)) {
        if (!key.startsWith(own) || !key.endsWith(suffix)) continue;
        const name = key.slice(own.length, key.length - suffix.length);
        if (name !== "" && name !== "PROVIDER_AUTH") out[name] = value;
    }
    return out;
}

/** What the plan of `run` saw: HCP's side (variables, token) here, the cloud's in the simulator. */
export function probeRun(store: EmulatorStore, world: RunWorld, ws: WorkspaceRecord, run: RunRecord, ownHost: string, files: Record<string, string>): ProbeOutcome {
    const sim = simulatorFor(world, files);
    if (!sim) {
        return { diagnostics: [{ severity: "error", summary: "emulator: no cloud simulator", detail: "No registered CloudSimulator matches a provider block of this configuration (emu.addCloudSimulator)." }] };
    }
    const text = Object.values(files).join("\n");
    const alias = ALIAS_USE.exec(text);
    const tag = alias && alias[1].toUpperCase() === sim.variablePrefix ? alias[2] : null;
    const env = effectiveEnv(store, ws);
    const dynamicCredentials = env[`TFC_${sim.variablePrefix}_PROVIDER_AUTH${tag === null ? "" : `_${tag}`}`] === "true";
    if (tag !== null && !dynamicCredentials) {
        // HCP sets tfc_<x>_dynamic_credentials only when some tag is enabled, with aliases[TAG] for each
        // enabled tag: Terraform fails on the missing variable, or on the index.
        const anyTag = Object.keys(env).some((k) => k.startsWith(`TFC_${sim.variablePrefix}_PROVIDER_AUTH_`) && env[k] === "true");
        const diagnostic = anyTag
            ? { summary: "Invalid index", detail: "The given key does not identify an element in this collection value." }
            : {
                  summary: "No value for required variable",
                  detail: `The root module input variable "tfc_${alias![1]}_dynamic_credentials" is not set, and has no default value. Use a -var or -var-file command line argument to provide a value for this variable.`,
              };
        return { diagnostics: [{ severity: "error", ...diagnostic }] };
    }
    const settings = settingsFor(env, sim.variablePrefix, tag);
    const aud = settings.WORKLOAD_IDENTITY_AUDIENCE ?? sim.defaultAudience(settings);
    const token = dynamicCredentials ? mintClaims(store, world, ws, run, aud, ownHost) : null;
    const aliasName = tag === null ? null : /alias\s*=\s*"([^"]+)"/.exec(text);
    const providerAddress = `provider["${sim.providerSource}"]${aliasName ? `.${aliasName[1]}` : ""}`;
    return sim.probe({ runId: run.id, phase: "plan", tag, dynamicCredentials, settings, token, env, files, targetAddrs: run.targetAddrs, providerAddress });
}
