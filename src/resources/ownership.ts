// Who owns an object in HCP Terraform. A federation marks what it writes: the description of each
// variable and variable set it makes names the owning Pulumi stack and resource. A resource that
// meets an existing object (adoptExisting, or a name already taken) reads the mark: an object
// marked by another owner is never taken over, whatever adoptExisting says; one marked by this
// very owner is its own (left by an earlier run whose answer was lost).
//
// The mark is plain text at the end of the description, readable in the HCP Terraform UI:
//   "AWS dynamic credentials … (managed by Pulumi stack "infra/prod", WorkspaceOidcFederation "app")"

/** One owner: a stack and a resource of it. */
export interface Owner {
    /** "<project>/<stack>" */
    readonly stack: string;
    /** The component's type name: "WorkspaceOidcFederation". */
    readonly kind: string;
    /** The component's name in the program. */
    readonly name: string;
}

const MARK = /\(managed by Pulumi stack "([^"]+)", ([A-Za-z]+) "([^"]+)"\)\s*$/;
/** What 0.2 wrote: the component but not the stack. Such an object may be adopted. */
const LEGACY_MARK = /^Managed by Pulumi \((WorkspaceOidcFederation) ([^)]+)\)$/;

/** The mark written at the end of a description. */
export function ownerMark(owner: Owner): string {
    return `(managed by Pulumi stack "${owner.stack}", ${owner.kind} "${owner.name}")`;
}

/** `text` followed by the owner's mark. */
export function markedDescription(text: string, owner: Owner): string {
    return `${text} ${ownerMark(owner)}`;
}

/** The owner a description names, or undefined when it carries no (current) mark. */
export function ownerOf(description: string | null | undefined): Owner | undefined {
    const m = MARK.exec(description ?? "");
    return m ? { stack: m[1], kind: m[2], name: m[3] } : undefined;
}

/** True for a description written by 0.2 (a component mark without a stack). */
export function isLegacyMark(description: string | null | undefined): boolean {
    return LEGACY_MARK.test(description ?? "");
}

export function sameOwner(a: Owner | undefined, b: Owner | undefined): boolean {
    return a !== undefined && b !== undefined && a.stack === b.stack && a.kind === b.kind && a.name === b.name;
}

/** `stack "infra/prod" (WorkspaceOidcFederation "app")`, for messages. */
export function describeOwner(owner: Owner): string {
    return `stack "${owner.stack}" (${owner.kind} "${owner.name}")`;
}

/**
 * Why an existing object may not be taken over by a resource whose declared description is
 * `declared`, or undefined when it may: its description carries another owner's mark.
 */
export function takeoverRefusal(what: string, existingDescription: string | null | undefined, declared: string | undefined): string | undefined {
    const theirs = ownerOf(existingDescription);
    if (theirs === undefined || sameOwner(theirs, ownerOf(declared))) {
        return undefined;
    }
    return (
        `${what} is managed by Pulumi ${describeOwner(theirs)}, as its description says. Two owners would overwrite each other's ` +
        `values and delete each other's objects on destroy, so it is not taken over. Fix: remove it from that stack first ` +
        `(or destroy that federation), or, for a federation, give this one another tag so that it writes other variables.`
    );
}
