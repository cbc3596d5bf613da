// What upgrading each 0.2 fixture (tests/fixtures/v0.2) may change, step by step, with the reason.
// Everything not listed: `same`, no request, AWS registrations unchanged. Ids are the fixtures'.
import type { RegistrationChange, StepKind } from "../support/engine";

/** What a destroy writes ("METHOD /path", sorted) and removes from the store (map -> ids). */
export interface DestroyExpectation {
    writes: string[];
    removed: Record<string, string[]>;
}

export interface UpgradeExpectation {
    /** Steps other than `same`: "<name>" of a dynamic resource, "passive:<name>" of a component or AWS resource. */
    steps: Record<string, StepKind>;
    /** The requests of the up ("METHOD /api/v2/…"), in order. */
    requests: string[];
    /** "<store map>/<id>" -> the fields the up changed (nothing may be added or removed). */
    changed: Record<string, string[]>;
    /** AWS resources (by name) whose registration differs from 0.2's; say why. */
    awsChanges?: Record<string, RegistrationChange>;
    /** Variable sets that must still be attached to exactly these workspaces after the up. */
    attached?: Record<string, string[]>;
    /** Output keys a refresh of the 0.2 state adds (per resource name); no value 0.2 recorded may change. */
    newOutputs?: Record<string, string[]>;
    /** What a refresh + destroy from the 0.2 state does, when it is not what 0.2's did (fixture.destroy). */
    destroy?: DestroyExpectation;
    /** The same from the upgraded state (default: `destroy`, else 0.2's). */
    upgradedDestroy?: DestroyExpectation;
    /** A change of the program after the upgrade, and what it must do. */
    afterUpgrade?: { what: string; program(source: string): string; steps: Record<string, StepKind>; writes: string[]; attached: Record<string, string[]> };
}

const MARK_CHANGE = ["description"];

export const EXPECT: Record<string, UpgradeExpectation> = {
    "a-single": {
        // The Workspace look-up every single federation has now (0.2 let the group look the workspace
        // up), and the variables' descriptions marked with their owner.
        steps: { "app-workspace": "create", "app-variables": "update" },
        requests: [
            "GET /api/v2/organizations/acme/workspaces/app-prod",
            "PATCH /api/v2/workspaces/ws-PSke8tY2jSRvpjmE/vars/var-LTfNBUWcnI1YwC3R",
            "PATCH /api/v2/workspaces/ws-PSke8tY2jSRvpjmE/vars/var-KMKfQZpf0lbTVFaZ",
        ],
        changed: { "variables/var-LTfNBUWcnI1YwC3R": MARK_CHANGE, "variables/var-KMKfQZpf0lbTVFaZ": MARK_CHANGE },
    },
    "b-create-workspace": {
        // The Workspace (0.2 made one here: createWorkspace) takes its new inputs in place with no
        // request; the group marks its variables and now removes the static keys itself (one variable
        // list), so 0.2's WorkspaceVariableRemoval leaves the program and is deleted without a request.
        steps: { "app-workspace": "update", "app-variables": "update", "app-remove-static-aws-credentials": "delete" },
        requests: [
            "GET /api/v2/workspaces/ws-oNnjXW0EmQ2h45q4/vars",
            "PATCH /api/v2/workspaces/ws-oNnjXW0EmQ2h45q4/vars/var-5Bb8ibihKVyeUENm",
            "PATCH /api/v2/workspaces/ws-oNnjXW0EmQ2h45q4/vars/var-pqn3Q5ECiHdgOcBH",
        ],
        changed: { "variables/var-5Bb8ibihKVyeUENm": MARK_CHANGE, "variables/var-pqn3Q5ECiHdgOcBH": MARK_CHANGE },
        // The workspace 0.2 created is KEPT on destroy now (a workspace holds state and history; only
        // deleteWorkspaceOnDestroy deletes it): no safe-delete, its variables only.
        destroy: {
            writes: ["DELETE /api/v2/workspaces/ws-oNnjXW0EmQ2h45q4/vars/var-5Bb8ibihKVyeUENm", "DELETE /api/v2/workspaces/ws-oNnjXW0EmQ2h45q4/vars/var-pqn3Q5ECiHdgOcBH"],
            removed: { variables: ["var-5Bb8ibihKVyeUENm", "var-pqn3Q5ECiHdgOcBH"] },
        },
    },
    "c-list": {
        // The look-ups take their new inputs in place (no request); the set is renamed to its name
        // unique per stack and its description marked; its variables are marked; ONE
        // VariableSetWorkspaces takes over the three attachments (the set is attached already: only
        // read), and 0.2's per-workspace WorkspaceVariableSets leave the program: deleted WITHOUT
        // detaching (the set carries a federation's mark: a read each, no DELETE). The per-workspace
        // static-key removals are kept as 0.2 named them.
        steps: {
            "svc-workspace-svc-a": "update",
            "svc-workspace-svc-b": "update",
            "svc-workspace-svc-c": "update",
            "svc-varset": "update",
            "svc-varset-run-role-arn": "update",
            "svc-varset-provider-auth": "update",
            "svc-varset-attachments": "create",
            "svc-varset-attach-svc-a": "delete",
            "svc-varset-attach-svc-b": "delete",
            "svc-varset-attach-svc-c": "delete",
        },
        requests: [
            "PATCH /api/v2/varsets/varset-14FHczl6qqWWPxwc",
            "PATCH /api/v2/varsets/varset-14FHczl6qqWWPxwc/relationships/vars/var-tryJPSFFF1uelCgv",
            "PATCH /api/v2/varsets/varset-14FHczl6qqWWPxwc/relationships/vars/var-Q7OrGgdGlcBm3lgS",
            // One read for the attachment resource; the three deletes run together and share one.
            "GET /api/v2/varsets/varset-14FHczl6qqWWPxwc",
            "GET /api/v2/varsets/varset-14FHczl6qqWWPxwc",
        ],
        changed: {
            "varsets/varset-14FHczl6qqWWPxwc": ["description", "name"],
            "varsetVariables/var-tryJPSFFF1uelCgv": MARK_CHANGE,
            "varsetVariables/var-Q7OrGgdGlcBm3lgS": MARK_CHANGE,
        },
        attached: { "varset-14FHczl6qqWWPxwc": ["ws-WPJtJUXBEjvGhYZP", "ws-YaFqk74IWm4C0xtO", "ws-VYtKBIE36IeZWq2d"] },
        // The set 0.2 made records whether the stack created it (it did: 0.2 declared its set with
        // adoptExisting and its own description); the attachments record their organization.
        newOutputs: { "svc-varset": ["created"], "svc-varset-attach-svc-a": ["organization"], "svc-varset-attach-svc-b": ["organization"], "svc-varset-attach-svc-c": ["organization"] },
        // Upgraded, the set is detached by the one attachment resource (one request for the list), then deleted.
        upgradedDestroy: {
            writes: [
                "DELETE /api/v2/varsets/varset-14FHczl6qqWWPxwc",
                "DELETE /api/v2/varsets/varset-14FHczl6qqWWPxwc/relationships/vars/var-Q7OrGgdGlcBm3lgS",
                "DELETE /api/v2/varsets/varset-14FHczl6qqWWPxwc/relationships/vars/var-tryJPSFFF1uelCgv",
                "DELETE /api/v2/varsets/varset-14FHczl6qqWWPxwc/relationships/workspaces",
            ],
            removed: { varsets: ["varset-14FHczl6qqWWPxwc"], varsetVariables: ["var-tryJPSFFF1uelCgv", "var-Q7OrGgdGlcBm3lgS"] },
        },
        // The attachments 0.2 made are the federation's: dropping a workspace from the list detaches it.
        afterUpgrade: {
            what: "after the upgrade, svc-c dropped from the list: the set is detached from svc-c only, its look-up kept, its removal deleted without a request",
            program: (source) => source.replace(`workspaces: ["svc-a", "svc-b", "svc-c"]`, `workspaces: ["svc-a", "svc-b"]`),
            steps: {
                "svc-varset": "update",
                "svc-varset-attachments": "update",
                "svc-workspace-svc-c": "retain",
                "svc-remove-static-aws-credentials-svc-c": "delete",
                "passive:svc-role": "update",
            },
            writes: [
                "PATCH /api/v2/varsets/varset-14FHczl6qqWWPxwc",
                "DELETE /api/v2/varsets/varset-14FHczl6qqWWPxwc/relationships/workspaces",
            ],
            attached: { "varset-14FHczl6qqWWPxwc": ["ws-WPJtJUXBEjvGhYZP", "ws-YaFqk74IWm4C0xtO"] },
        },
    },
    "d-split-phases": {
        // The Workspace 0.2 had (for the pinned project) now checks the pin itself (expectedProjectName:
        // it reads the project once); the variables are marked.
        steps: { "app-workspace": "update", "app-variables": "update" },
        requests: [
            "GET /api/v2/projects/prj-X5BrtbiNLIIJ3GCJ",
            "PATCH /api/v2/workspaces/ws-IZmHsww94tsSim5O/vars/var-fBo12X2pFYuhlj4N",
            "PATCH /api/v2/workspaces/ws-IZmHsww94tsSim5O/vars/var-Sc7HEaIgeT94hmZH",
            "PATCH /api/v2/workspaces/ws-IZmHsww94tsSim5O/vars/var-xCn9oKZIa4Gg9fnF",
        ],
        changed: { "variables/var-fBo12X2pFYuhlj4N": MARK_CHANGE, "variables/var-Sc7HEaIgeT94hmZH": MARK_CHANGE, "variables/var-xCn9oKZIa4Gg9fnF": MARK_CHANGE },
    },
    "e-existing-role": {
        // As a-single: the new look-up, the marks.
        steps: { "app-workspace": "create", "app-variables": "update" },
        requests: [
            "GET /api/v2/organizations/acme/workspaces/app-prod",
            "PATCH /api/v2/workspaces/ws-Q75m8SekoFh8rtxd/vars/var-EMUMlVMA9ufSibRO",
            "PATCH /api/v2/workspaces/ws-Q75m8SekoFh8rtxd/vars/var-ukPDQfiFeNRD8uS7",
        ],
        changed: { "variables/var-EMUMlVMA9ufSibRO": MARK_CHANGE, "variables/var-ukPDQfiFeNRD8uS7": MARK_CHANGE },
    },
    "f-hyok": {
        // As a-single; the HYOK configuration is `same`.
        steps: { "app-workspace": "create", "app-variables": "update" },
        requests: [
            "GET /api/v2/organizations/acme/workspaces/app-prod",
            "PATCH /api/v2/workspaces/ws-JL1dP8xB8D7dx4JD/vars/var-ZH0bebZYK0P3TZAK",
            "PATCH /api/v2/workspaces/ws-JL1dP8xB8D7dx4JD/vars/var-6ULeIvNia8QWdXoR",
        ],
        changed: { "variables/var-ZH0bebZYK0P3TZAK": MARK_CHANGE, "variables/var-6ULeIvNia8QWdXoR": MARK_CHANGE },
    },
    "g-standalone": {
        // The new local inputs (createArgument, deleteOnDestroy, the set's adoptArgument and attached)
        // absent from 0.2's state are their defaults: no step changes, no request.
        steps: {},
        requests: [],
        changed: {},
        newOutputs: { shared: ["created"], "shared-platform": ["organization"], "shared-made": ["organization"] },
        // The workspace 0.2 created ("made", createIfMissing) is KEPT on destroy now (deleteOnDestroy
        // deletes it): no safe-delete; the rest as 0.2.
        destroy: {
            writes: [
                "DELETE /api/v2/oidc-configurations/awsoidc-EoK8THWTwty2IZJC",
                "DELETE /api/v2/varsets/varset-PlX0BM20mbLZhRhO",
                "DELETE /api/v2/varsets/varset-PlX0BM20mbLZhRhO/relationships/projects",
                "DELETE /api/v2/varsets/varset-PlX0BM20mbLZhRhO/relationships/vars/var-WJ2RzYZE2Ue8318U",
                "DELETE /api/v2/varsets/varset-PlX0BM20mbLZhRhO/relationships/workspaces",
                "DELETE /api/v2/workspaces/ws-GHghVPCaD3PEFH5f/vars/var-8fYzCxQ2n7WMqLNm",
                "DELETE /api/v2/workspaces/ws-GHghVPCaD3PEFH5f/vars/var-HGzw4pGAPzd34bCu",
                "DELETE /api/v2/workspaces/ws-GHghVPCaD3PEFH5f/vars/var-k2hAZMdOnOkXInvE",
            ],
            removed: {
                variables: ["var-8fYzCxQ2n7WMqLNm", "var-HGzw4pGAPzd34bCu", "var-k2hAZMdOnOkXInvE"],
                varsets: ["varset-PlX0BM20mbLZhRhO"],
                varsetVariables: ["var-WJ2RzYZE2Ue8318U"],
                oidcConfigurations: ["awsoidc-EoK8THWTwty2IZJC"],
            },
        },
    },
};
