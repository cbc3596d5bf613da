// Decodes what a Pulumi program sends the resource monitor (RegisterResourceRequest /
// ReadResourceRequest and the mock's answer) into plain JSON, WITHOUT importing @pulumi/pulumi:
// the same code runs in this process (mocks.ts) and in a packed-install consumer process
// (consumerRunner.ts), each with its own copy of the SDK.
//
// Aliases, as @pulumi/pulumi 3.248 sends them (runtime/resource.js registerResource): a monitor that
// supports "aliasSpecs" (the mock monitor does, and so does every current CLI) gets
// `aliasSpecs = true` and the list `aliases` of pulumirpc.Alias, each either `{ urn }` (an alias given
// as a URN string) or `{ spec: { name, type, stack, project, parentUrn | noParent } }` (an alias given
// as an object; empty strings for fields left out, and `parentUrn` = the resource's OWN parent when
// the alias names no parent). `aliasURNs` stays empty then; it is only filled (URN strings only) for
// monitors without alias specs.

const SIG_KEY = "4dabf18193072939515e22adb298388d"; // rpc.specialSigKey
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"; // rpc.specialSecretSig
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e"; // rpc.specialResourceSig
/** rpc.unknownValue: what an unknown value is on the wire. */
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const PROVIDER_KEY = "__provider";

/** One alias of a registration, as the SDK sent it: a URN, or a spec (fields the program left out are absent). */
export interface SentAlias {
    urn?: string;
    name?: string;
    type?: string;
    stack?: string;
    project?: string;
    /** The alias's parent URN (the SDK fills in the resource's own parent when the alias names none). */
    parentUrn?: string;
    /** The alias says "no parent" (`parent: undefined` given explicitly). */
    noParent?: boolean;
}

/** A registration (or read) as the monitor received it, in plain JSON. */
export interface WireResource {
    type: string;
    name: string;
    /** The URN the (mock) monitor answered. */
    urn: string;
    /** true for custom resources (dynamic included), false for components. */
    custom: boolean;
    /** The id the mock gave it ("" for components). */
    id: string;
    /**
     * Plain JSON inputs as the engine sends them to a dynamic provider (`news` of check): secrets
     * unwrapped, unknowns = the UNKNOWN sentinel, resource references downgraded to the id (custom) or URN.
     */
    inputs: Record<string, any>;
    /** Top-level input names that were secret. */
    secretInputs: string[];
    /** The `__provider` text of a dynamic resource (undefined otherwise). */
    providerText?: string;
    parent?: string;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    /** Provider reference of a custom resource ("urn::id"), if any. */
    provider?: string;
    additionalSecretOutputs: string[];
    deleteBeforeReplace: boolean;
    /** Whether the program set deleteBeforeReplace at all (an explicit false overrides the provider's choice). */
    deleteBeforeReplaceDefined: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    protect: boolean;
    retainOnDelete: boolean;
    /** The request's `aliases` list (structured aliases). */
    aliases: SentAlias[];
    /** The request's `aliasSpecs` flag: the SDK knows the monitor takes structured aliases. */
    aliasSpecs: boolean;
    /** The request's legacy `aliasURNs` list (empty when aliasSpecs is true). */
    aliasURNs: string[];
    /** What the mock answered as the resource's outputs (host values). */
    mockOutputs: Record<string, any>;
    /** Registered through `Resource.get`/read instead of a registration. */
    read: boolean;
    /** The `import` resource option (the id of an existing object to adopt); "" when not set. */
    importId: string;
}

/** Decodes the pulumirpc.Alias list of a RegisterResourceRequest. */
export function sentAliases(req: any): SentAlias[] {
    return req.getAliasesList().map((a: any) => {
        if (a.hasSpec()) {
            const s = a.getSpec();
            const out: SentAlias = {};
            if (s.getName()) out.name = s.getName();
            if (s.getType()) out.type = s.getType();
            if (s.getStack()) out.stack = s.getStack();
            if (s.getProject()) out.project = s.getProject();
            if (s.getParenturn()) out.parentUrn = s.getParenturn();
            if (s.getNoparent()) out.noParent = true;
            return out;
        }
        return { urn: a.getUrn() };
    });
}

/** Decodes one monitor request and the mock's answer. `struct` is the request's inputs Struct, `outputs` the answer's. */
export function describeRequest(req: any, struct: any, outputs: any, urn: string, id: string, read: boolean): WireResource {
    const wire: Record<string, any> = struct ? struct.toJavaScript() : {};
    const propertyDependencies: Record<string, string[]> = {};
    if (!read) {
        req.getPropertydependenciesMap().forEach((v: any, k: string) => (propertyDependencies[k] = v.getUrnsList()));
    }
    const inputs = toHostValue(wire) as Record<string, any>;
    const text = inputs[PROVIDER_KEY];
    return {
        type: req.getType(),
        name: req.getName(),
        urn,
        custom: read ? true : req.getCustom(),
        id: id ?? "",
        inputs,
        secretInputs: Object.keys(wire).filter((k) => isSecretWrapper(wire[k])),
        providerText: typeof text === "string" && text !== UNKNOWN_VALUE ? text : undefined,
        parent: req.getParent() || undefined,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        provider: req.getProvider() || undefined,
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        deleteBeforeReplace: read ? false : req.getDeletebeforereplace(),
        deleteBeforeReplaceDefined: read ? false : req.getDeletebeforereplacedefined(),
        ignoreChanges: read ? [] : req.getIgnorechangesList(),
        replaceOnChanges: read ? [] : req.getReplaceonchangesList(),
        protect: read ? false : Boolean(req.getProtect()),
        retainOnDelete: read ? false : Boolean(req.getRetainondelete()),
        aliases: read ? [] : sentAliases(req),
        aliasSpecs: read ? false : Boolean(req.getAliasspecs()),
        aliasURNs: read ? [] : req.getAliasurnsList(),
        mockOutputs: outputs ? toHostValue(outputs.toJavaScript()) : {},
        read,
        importId: read ? "" : req.getImportid(),
    };
}

function isSecretWrapper(v: any): boolean {
    return v !== null && typeof v === "object" && v[SIG_KEY] === SECRET_SIG;
}

/**
 * Converts WIRE property values (a Struct's toJavaScript(), as the engine holds them) to what a
 * dynamic provider receives: secrets unwrapped (the dynamic host does not accept secrets),
 * unknowns stay the UNKNOWN sentinel, resource references become their id (custom resource) or
 * URN, as the engine downgrades them for a provider that does not accept resources.
 */
export function toHostValue(v: any): any {
    if (Array.isArray(v)) return v.map(toHostValue);
    if (v !== null && typeof v === "object") {
        if (v[SIG_KEY] === SECRET_SIG) return toHostValue(v.value);
        if (v[SIG_KEY] === RESOURCE_SIG) return "id" in v ? v.id || UNKNOWN_VALUE : v.urn;
        const out: Record<string, any> = {};
        for (const [k, x] of Object.entries(v)) out[k] = toHostValue(x);
        return out;
    }
    return v;
}
