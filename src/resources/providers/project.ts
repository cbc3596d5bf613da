// The provider object IS this module's export (`export =`): a user's program then serializes it as
// require("hcp-oidc-federation/dist/resources/providers/…") instead of embedding its code.
//
// A project looked up by name: never created, changed or deleted by the stack.
import type * as pulumi from "@pulumi/pulumi";
import * as hcp from "../../hcp";
import { NOT_FOUND_OR_HIDDEN, ORGANIZATION, PROJECT_NAME_RULE, organizationCasingMessage } from "../commonFields";
import { clientFor, confirmGone } from "../lifecycle";
import { type Schema, checkWith, compact, diffWith } from "../schema";

const SCHEMA: Schema = {
    type: "Project",
    fields: {
        organization: ORGANIZATION,
        name: { kind: "string", required: true, change: "replace", validate: PROJECT_NAME_RULE },
    },
    outputs: ["projectId"],
    deleteBeforeReplace: false,
};

function where(inputs: { name: string; organization: string }): string {
    return `project "${inputs.name}" of organization "${inputs.organization}"`;
}

const projectProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
        return checkWith(SCHEMA, news);
    },

    async diff(_id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
        return diffWith(SCHEMA, olds, news);
    },

    async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
        const c = clientFor(inputs);
        let project: hcp.Project | undefined;
        try {
            project = await hcp.findProjectByName(c, inputs.organization, inputs.name);
        } catch (err) {
            if (hcp.isNotFound(err)) {
                throw new Error(`looking up ${where(inputs)} failed: the organization was ${NOT_FOUND_OR_HIDDEN}. Check the name and the token's access.`);
            }
            throw err;
        }
        if (project === undefined) {
            throw new Error(`${where(inputs)} was ${NOT_FOUND_OR_HIDDEN}. Check the project name (e.g. "Default Project") and the token's access.`);
        }
        if (project.organization !== "" && project.organization !== inputs.organization) {
            throw new Error(organizationCasingMessage(inputs.organization, project.organization));
        }
        if (project.name !== inputs.name) {
            throw new Error(
                `${where(inputs)} is stored as "${project.name}" in HCP Terraform. Run tokens carry "${project.name}", and trust conditions ` +
                    `compare names case-sensitively, so no run token would match. Fix: name: "${project.name}".`,
            );
        }
        return { id: project.id, outs: compact({ ...inputs, projectId: project.id }) };
    },

    async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
        const c = clientFor(props);
        let project: hcp.Project;
        try {
            project = await hcp.readProject(c, id);
        } catch (err) {
            if (!hcp.isNotFound(err)) throw err;
            await confirmGone(c, `${where(props)} (${id})`, [{ organization: props.organization }]);
            return { id: "" };
        }
        // A renamed project shows in the next preview: another name is another look-up.
        const outs = compact({ ...props, name: project.name, projectId: id });
        const { projectId: _p, ...inputs } = outs;
        return { id, props: outs, inputs };
    },

    async update(_id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: compact({ ...olds, ...news, site: olds.site ?? news.site, projectId: olds.projectId }) };
    },

    async delete(): Promise<void> {
        // Looked up, never made here: nothing to delete.
    },
};

export = projectProvider;
