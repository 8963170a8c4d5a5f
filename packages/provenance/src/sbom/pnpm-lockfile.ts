import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { QRGError, QRGValidationError } from "@qrg/core";
import { parse } from "yaml";
import { z } from "zod";

/** `{ specifier, version }` in an importer; `version` is `1.2.3(peer@4.5.6)`, `link:../x` or an alias `name@1.2.3`. */
const ImporterDependencySchema = z.object({ specifier: z.string(), version: z.string() });
const DependencyMapSchema = z.record(z.string(), z.string());

const ImporterSchema = z.looseObject({
  dependencies: z.record(z.string(), ImporterDependencySchema).optional(),
  optionalDependencies: z.record(z.string(), ImporterDependencySchema).optional(),
});

const PackageSchema = z.looseObject({
  resolution: z.looseObject({ integrity: z.string().optional(), tarball: z.string().optional() }).optional(),
});

const SnapshotSchema = z.looseObject({
  dependencies: DependencyMapSchema.optional(),
  optionalDependencies: DependencyMapSchema.optional(),
  optional: z.boolean().optional(),
});

const LockfileSchema = z.looseObject({
  lockfileVersion: z.union([z.string(), z.number()]),
  importers: z.record(z.string(), ImporterSchema),
  packages: z.record(z.string(), PackageSchema).optional(),
  snapshots: z.record(z.string(), SnapshotSchema.nullable()).optional(),
});

export type PnpmLockfile = z.output<typeof LockfileSchema>;
export type PnpmImporter = z.output<typeof ImporterSchema>;

/**
 * Reads and shape-checks `<rootDir>/pnpm-lock.yaml`. Only lockfile format 9 (pnpm 9/10) is understood: it
 * is the one that splits `packages` (resolution, integrity) from `snapshots` (the resolved graph).
 */
export async function readPnpmLockfile(rootDir: string): Promise<PnpmLockfile> {
  const path = join(rootDir, "pnpm-lock.yaml");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new QRGError("config_error", `cannot read the pnpm lockfile at ${path}`, { cause });
  }
  const result = LockfileSchema.safeParse(parse(text));
  if (!result.success) {
    throw QRGValidationError.fromZod(result.error, `${path} is not a pnpm lockfile`);
  }
  const major = Number.parseInt(String(result.data.lockfileVersion), 10);
  if (major !== 9) {
    throw new QRGValidationError(
      `${path} has lockfileVersion ${result.data.lockfileVersion}; only 9.x is supported`,
      [{ path: "lockfileVersion", message: "expected 9.x" }],
    );
  }
  return result.data;
}

/** The part of a snapshot key before the peer suffix: `a@1.0.0(b@2.0.0)` → `a@1.0.0` (the `packages` key). */
export function packageKeyOf(snapshotKey: string): string {
  const paren = snapshotKey.indexOf("(");
  return paren === -1 ? snapshotKey : snapshotKey.slice(0, paren);
}

/** Splits `@scope/name@1.2.3` (peer suffix already removed) into name and version. */
export function splitPackageKey(packageKey: string): { name: string; version: string } {
  const at = packageKey.indexOf("@", 1);
  if (at === -1) throw new QRGValidationError(`not a name@version lockfile key: ${packageKey}`);
  return { name: packageKey.slice(0, at), version: packageKey.slice(at + 1) };
}

/**
 * The snapshot key a dependency entry points at. Plain entries (`hono: 4.13.19`) combine name and version;
 * aliases (`string-width-cjs: string-width@4.2.3`) already carry the real name.
 */
export function snapshotKeyOf(dependencyName: string, version: string): string {
  const beforePeers = packageKeyOf(version);
  return beforePeers.includes("@", 1) ? version : `${dependencyName}@${version}`;
}
