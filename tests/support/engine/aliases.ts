// The URNs a registration may have had in the state, as the engine computes them
// (pkg/resource/deploy/step_generator.go: generateAliases, collapseAliasToUrn, inheritedChildAlias):
// 1. each alias the program gave: a URN as is; a spec with the resource's own name/type/parent/
//    project/stack filling in what it leaves out, where a parent that was itself matched through an
//    alias stands for its OLD URN, and `noParent` (or the root stack) means no parent;
// 2. when the resource's PARENT was matched through an alias, the engine also derives one alias
//    per parent alias: the child under the parent's old URN (`inheritedChildAlias`), with the
//    parent's name prefix of the child's name renamed too ("app-role" under "app" becomes
//    "old-role" under "old") — and the same for each of the resource's own aliases.
// The state entry found under the resource's own URN wins; otherwise the first alias that names a
// state entry takes that entry over (no delete, no create).
import type { Registration } from "./registrations";
import { ROOT_STACK_TYPE, engineUrn, urnParts } from "./registrations";

/** The alias URNs of `reg`, in the engine's order. `oldUrnOf` answers the old URN of a resource matched through an alias. */
export function aliasCandidates(reg: Registration, oldUrnOf: (urn: string) => string | undefined): string[] {
    const { stack, project } = urnParts(reg.urn);
    const out: string[] = [];
    const add = (u: string) => {
        if (!out.includes(u)) out.push(u);
    };
    const collapse = (a: Registration["aliases"][number]): string => {
        if (a.urn) return a.urn;
        let parent = a.parentUrn ? (oldUrnOf(a.parentUrn) ?? a.parentUrn) : reg.parent;
        if (a.noParent || (parent && urnParts(parent).qualifiedType === ROOT_STACK_TYPE)) parent = undefined;
        return engineUrn(a.stack ?? stack, a.project ?? project, parent, a.type ?? reg.type, a.name ?? reg.name);
    };
    for (const a of reg.aliases) add(collapse(a));
    const parentAlias = reg.parent ? oldUrnOf(reg.parent) : undefined;
    if (reg.parent && parentAlias) {
        const parentName = urnParts(reg.parent).name;
        const inherited = (type: string, name: string) => {
            const aliasName = name.startsWith(parentName) ? urnParts(parentAlias).name + name.slice(parentName.length) : name;
            return engineUrn(stack, project, parentAlias, type, aliasName);
        };
        add(inherited(reg.type, reg.name));
        for (const a of reg.aliases) {
            const c = urnParts(collapse(a));
            add(inherited(c.type, c.name));
        }
    }
    return out;
}
