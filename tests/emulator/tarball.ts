// Reads a .tar.gz the way HCP's ingestion must: gunzip, then ustar headers (512-byte blocks; pax
// "path" records honoured). Written here by hand so that the client's archive library is checked
// against the format, not against itself.
import { gunzipSync } from "node:zlib";

export interface TarEntry {
    path: string;
    type: "file" | "directory" | "other";
    content: Buffer;
}

function field(block: Buffer, start: number, length: number): string {
    const raw = block.subarray(start, start + length);
    const nul = raw.indexOf(0);
    return raw.subarray(0, nul === -1 ? raw.length : nul).toString("utf8");
}

function octal(block: Buffer, start: number, length: number): number {
    const text = field(block, start, length).trim();
    if (!/^[0-7]*$/.test(text)) throw new Error(`invalid octal field ${JSON.stringify(text)}`);
    return text === "" ? 0 : parseInt(text, 8);
}

function paxPath(content: Buffer): string | undefined {
    for (const record of content.toString("utf8").split("\n")) {
        const m = /^\d+ path=(.*)$/.exec(record);
        if (m) return m[1];
    }
    return undefined;
}

/** The entries of a gzip-compressed tar; throws with a reason when it is not one. */
export function readTarGz(body: Buffer): TarEntry[] {
    let tar: Buffer;
    try {
        tar = gunzipSync(body);
    } catch (e) {
        throw new Error(`not gzip-compressed (${(e as Error).message})`);
    }
    const entries: TarEntry[] = [];
    let nextPath: string | undefined;
    for (let offset = 0; offset + 512 <= tar.length; ) {
        const header = tar.subarray(offset, offset + 512);
        if (header.every((b) => b === 0)) break; // end-of-archive blocks
        if (field(header, 257, 6) !== "ustar") throw new Error(`not a tar archive (no ustar header at byte ${offset})`);
        const size = octal(header, 124, 12);
        const typeflag = String.fromCharCode(header[156] || 48);
        const prefix = field(header, 345, 155);
        const name = field(header, 0, 100);
        const content = tar.subarray(offset + 512, offset + 512 + size);
        if (content.length !== size) throw new Error("truncated tar archive");
        offset += 512 + Math.ceil(size / 512) * 512;
        if (typeflag === "x") {
            nextPath = paxPath(content);
            continue;
        }
        if (typeflag === "g") continue;
        const path = nextPath ?? (prefix ? `${prefix}/${name}` : name);
        nextPath = undefined;
        const type = typeflag === "0" ? "file" : typeflag === "5" ? "directory" : "other";
        entries.push({ path: path.replace(/^\.\//, "").replace(/\/$/, ""), type, content: Buffer.from(content) });
    }
    return entries;
}
