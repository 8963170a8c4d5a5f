import { join, posix } from "node:path";
import { QRGError } from "@qrg/core";
import { type PackageManifest, readManifest, resolveInstalledDir } from "./installed-package.ts";
import { type PnpmLockfile, packageKeyOf, snapshotKeyOf, splitPackageKey } from "./pnpm-lockfile.ts";

/** One package of the running service: a registry package or a workspace package. */
export interface ClosurePackage {
  /** `name@version`, unique in the closure. */
  id: string;
  name: string;
  version: string;
  source: "registry" | "workspace";
  /** The lockfile's Subresource Integrity string (`sha512-<base64>`), registry packages only. */
  integrity?: string;
  /** The installed package.json, when the package is installed. */
  manifest?: PackageManifest;
  /** Ids of the packages this one depends on. */
  dependencies: Set<string>;
}

export interface DependencyClosure {
  root: ClosurePackage;
  packages: Map<string, ClosurePackage>;
}

interface Edge {
  name: string;
  /** The importer-relative `link:` target or the lockfile snapshot key. */
  target: { kind: "workspace"; importer: string } | { kind: "registry"; snapshotKey: string };
  optional: boolean;
}

/**
 * The production dependency closure of one workspace importer (e.g. `apps/api`): its `dependencies` and
 * `optionalDependencies`, recursively, never `devDependencies`. The lockfile gives the graph, versions and
 * integrity; the installed package.json gives licenses. Optional dependencies count only when installed
 * (a platform-specific binary that was skipped is not part of the running service).
 */
export async function resolveDependencyClosure(
  rootDir: string,
  lockfile: PnpmLockfile,
  importer: string,
): Promise<DependencyClosure> {
  const packages = new Map<string, ClosurePackage>();
  const visited = new Set<string>();

  const visitWorkspace = async (importerPath: string): Promise<ClosurePackage> => {
    const dir = join(rootDir, importerPath);
    const manifest = await readManifest(dir);
    if (!manifest?.name || !manifest.version) {
      throw new QRGError(
        "config_error",
        `workspace package ${importerPath} has no package.json name and version`,
      );
    }
    const node = addPackage(packages, {
      id: `${manifest.name}@${manifest.version}`,
      name: manifest.name,
      version: manifest.version,
      source: "workspace",
      manifest,
      dependencies: new Set(),
    });
    if (visited.has(`workspace:${importerPath}`)) return node;
    visited.add(`workspace:${importerPath}`);
    const entry = lockfile.importers[importerPath];
    if (!entry) throw new QRGError("config_error", `the lockfile has no importer ${importerPath}`);
    const edges: Edge[] = [];
    for (const [optional, deps] of [
      [false, entry.dependencies],
      [true, entry.optionalDependencies],
    ] as const) {
      for (const [name, { version }] of Object.entries(deps ?? {})) {
        edges.push({ name, optional, target: linkOrSnapshot(importerPath, name, version) });
      }
    }
    await visitEdges(node, dir, edges);
    return node;
  };

  const visitRegistry = async (snapshotKey: string, dir: string | undefined): Promise<ClosurePackage> => {
    const { name, version } = splitPackageKey(packageKeyOf(snapshotKey));
    const integrity = lockfile.packages?.[packageKeyOf(snapshotKey)]?.resolution?.integrity;
    const manifest = dir === undefined ? undefined : await readManifest(dir);
    if (manifest?.version !== undefined && manifest.version !== version) {
      throw new QRGError(
        "config_error",
        `installed ${name} is ${manifest.version} but the lockfile says ${version}; run pnpm install`,
      );
    }
    const node = addPackage(packages, {
      id: `${name}@${version}`,
      name,
      version,
      source: "registry",
      ...(integrity === undefined ? {} : { integrity }),
      ...(manifest === undefined ? {} : { manifest }),
      dependencies: new Set(),
    });
    if (visited.has(snapshotKey)) return node;
    visited.add(snapshotKey);
    const snapshot = lockfile.snapshots?.[snapshotKey];
    if (snapshot === undefined)
      throw new QRGError("config_error", `the lockfile has no snapshot ${snapshotKey}`);
    const edges: Edge[] = [];
    for (const [optional, deps] of [
      [false, snapshot?.dependencies],
      [true, snapshot?.optionalDependencies],
    ] as const) {
      for (const [depName, depVersion] of Object.entries(deps ?? {})) {
        edges.push({
          name: depName,
          optional,
          target: { kind: "registry", snapshotKey: snapshotKeyOf(depName, depVersion) },
        });
      }
    }
    await visitEdges(node, dir, edges);
    return node;
  };

  const visitEdges = async (
    parent: ClosurePackage,
    parentDir: string | undefined,
    edges: Edge[],
  ): Promise<void> => {
    for (const edge of edges) {
      const installedDir =
        parentDir === undefined ? undefined : await resolveInstalledDir(parentDir, edge.name, rootDir);
      if (edge.optional && installedDir === undefined) continue;
      const child =
        edge.target.kind === "workspace"
          ? await visitWorkspace(edge.target.importer)
          : await visitRegistry(edge.target.snapshotKey, installedDir);
      parent.dependencies.add(child.id);
    }
  };

  const root = await visitWorkspace(importer);
  return { root, packages };
}

function linkOrSnapshot(importerPath: string, name: string, version: string): Edge["target"] {
  if (version.startsWith("link:")) {
    return {
      kind: "workspace",
      importer: posix.normalize(posix.join(importerPath, version.slice("link:".length))),
    };
  }
  return { kind: "registry", snapshotKey: snapshotKeyOf(name, version) };
}

/** Adds `candidate` unless a package with its id is already known (the same name@version reached twice). */
function addPackage(packages: Map<string, ClosurePackage>, candidate: ClosurePackage): ClosurePackage {
  const known = packages.get(candidate.id);
  if (known) {
    if (!known.manifest && candidate.manifest) known.manifest = candidate.manifest;
    return known;
  }
  packages.set(candidate.id, candidate);
  return candidate;
}
