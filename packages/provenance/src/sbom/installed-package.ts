import { readFile, realpath } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";

const LicenseEntrySchema = z.union([z.string(), z.looseObject({ type: z.string() })]);

const ManifestSchema = z.looseObject({
  name: z.string().optional(),
  version: z.string().optional(),
  description: z.string().optional(),
  license: LicenseEntrySchema.optional(),
  /** Deprecated npm form, still found in old packages. */
  licenses: z.array(LicenseEntrySchema).optional(),
});

export interface PackageManifest {
  name?: string;
  version?: string;
  description?: string;
  /** License strings as declared: SPDX ids, SPDX expressions or free-form names. */
  licenses: string[];
}

/** Reads `<dir>/package.json`; undefined when there is none. */
export async function readManifest(dir: string): Promise<PackageManifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, "package.json"), "utf8");
  } catch {
    return undefined;
  }
  const manifest = ManifestSchema.parse(JSON.parse(text));
  const declared = manifest.license === undefined ? (manifest.licenses ?? []) : [manifest.license];
  return {
    ...(manifest.name === undefined ? {} : { name: manifest.name }),
    ...(manifest.version === undefined ? {} : { version: manifest.version }),
    ...(manifest.description === undefined ? {} : { description: manifest.description }),
    licenses: declared.map((entry) => (typeof entry === "string" ? entry : entry.type)),
  };
}

/**
 * Where `name` is installed as seen from `fromDir`, resolved like Node does (each ancestor's
 * node_modules), then through symlinks: with pnpm that lands in `node_modules/.pnpm/<pkg>@<ver>/…`, the
 * exact copy the lockfile snapshot describes. The walk stops after `stopAt` (the workspace root) so a
 * stray global install is never mistaken for a dependency. Undefined when it is not installed.
 */
export async function resolveInstalledDir(
  fromDir: string,
  name: string,
  stopAt: string,
): Promise<string | undefined> {
  let dir = fromDir;
  for (;;) {
    if (basename(dir) !== "node_modules") {
      try {
        return await realpath(join(dir, "node_modules", name));
      } catch {
        // not in this node_modules; keep walking up
      }
    }
    const parent = dirname(dir);
    if (dir === stopAt || parent === dir) return undefined;
    dir = parent;
  }
}
