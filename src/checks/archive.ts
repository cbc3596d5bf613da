// The configuration archive uploaded for a run: a gzip-compressed tar with the configuration at
// its root (what go-slug packs for the Terraform CLI), made by node-tar from a scratch directory.

import fs = require("fs");
import os = require("os");
import nodePath = require("path");
import * as tar from "tar";

/** Refuses paths that would leave the archive's root. */
function safeRelative(name: string): string {
    const parts = name.split("/");
    if (name === "" || name.startsWith("/") || parts.some((p) => p === "" || p === "." || p === "..")) {
        throw new Error(`archive entry ${JSON.stringify(name)} is not a plain relative path.`);
    }
    return name;
}

/**
 * The .tar.gz of `files` (relative path -> text), entries in the order of their sorted paths,
 * portable (no owner names, no uid/gid of this machine).
 */
export async function buildArchive(files: Record<string, string>): Promise<Buffer> {
    const names = Object.keys(files).map(safeRelative).sort();
    if (names.length === 0) {
        throw new Error("the archive needs at least one file.");
    }
    const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), "hcp-oidc-federation-probe-"));
    try {
        for (const name of names) {
            const target = nodePath.join(dir, ...name.split("/"));
            fs.mkdirSync(nodePath.dirname(target), { recursive: true });
            fs.writeFileSync(target, files[name], "utf8");
        }
        const roots = [...new Set(names.map((n) => n.split("/")[0]))];
        return await tar.create({ cwd: dir, gzip: true, portable: true }, roots).concat();
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
