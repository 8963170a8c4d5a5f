import { readdir, readFile } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { hashBytes, QRGError } from "@qrg/core";

/** A file that shapes generation (lexicon, gate policy, word list), listed in the SBOM as a `data` component. */
export interface DataFileEntry {
  /** Path relative to the workspace root, with `/` separators: the component's name. */
  path: string;
  /** `sha256:<hex>` of the file's bytes. */
  sha256: string;
}

/**
 * The data files generation reads, by convention: the engine's lexicons (`packages/engine/data/*.json`) and
 * every gate policy and word list (`packages/gates/data/**`). Missing directories contribute nothing.
 */
export async function defaultDataFiles(rootDir: string): Promise<string[]> {
  const lexicons = (await listFiles(join(rootDir, "packages", "engine", "data"), false)).filter((file) =>
    file.endsWith(".json"),
  );
  const gateData = await listFiles(join(rootDir, "packages", "gates", "data"), true);
  return [...lexicons, ...gateData].map((file) => toPosix(relative(rootDir, file))).sort();
}

/** Hashes each file; paths may be absolute or relative to `rootDir`. Sorted by path. */
export async function hashDataFiles(rootDir: string, files: readonly string[]): Promise<DataFileEntry[]> {
  const entries = await Promise.all(
    files.map(async (file) => {
      const absolute = isAbsolute(file) ? file : join(rootDir, file);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(absolute);
      } catch (cause) {
        throw new QRGError("config_error", `cannot read SBOM data file ${absolute}`, { cause });
      }
      return { path: toPosix(relative(rootDir, absolute)), sha256: hashBytes("sha256", bytes) };
    }),
  );
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function listFiles(dir: string, recursive: boolean): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive, withFileTypes: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new QRGError("config_error", `cannot list SBOM data directory ${dir}`, { cause });
  }
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}
