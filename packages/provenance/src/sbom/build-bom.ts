import { Enums, Models } from "@cyclonedx/cyclonedx-library";
import { npmPurl, splitScope, sriToHexHashes } from "./component-identity.ts";
import type { DataFileEntry } from "./data-files.ts";
import type { ClosurePackage, DependencyClosure } from "./dependency-closure.ts";
import { toCycloneDxLicenses } from "./licenses.ts";

export interface ToolInfo {
  name: string;
  version: string;
}

export interface BomInput {
  closure: DependencyClosure;
  dataFiles: readonly DataFileEntry[];
  tools: readonly ToolInfo[];
  timestamp?: Date;
}

/**
 * The CycloneDX model of the service: the root importer as `metadata.component` (an application), every
 * package of its production closure as a library with purl, lockfile hashes and licenses, every data file
 * as a `data` component with its SHA-256, and the dependency graph (the root also depends on the data).
 */
export function buildServiceBom({ closure, dataFiles, tools, timestamp }: BomInput): Models.Bom {
  const bom = new Models.Bom();
  bom.metadata.lifecycles.add(Enums.LifecyclePhase.Build);
  if (timestamp !== undefined) bom.metadata.timestamp = timestamp;
  for (const tool of tools) {
    const { group, name } = splitScope(tool.name);
    bom.metadata.tools.components.add(
      new Models.Component(Enums.ComponentType.Library, name, {
        ...(group === undefined ? {} : { group }),
        version: tool.version,
        purl: npmPurl(tool.name, tool.version),
        bomRef: `tool:${npmPurl(tool.name, tool.version)}`,
      }),
    );
  }

  const components = new Map<string, Models.Component>();
  for (const pkg of closure.packages.values()) {
    const type = pkg === closure.root ? Enums.ComponentType.Application : Enums.ComponentType.Library;
    const component = packageComponent(type, pkg);
    components.set(pkg.id, component);
    if (pkg === closure.root) bom.metadata.component = component;
    else bom.components.add(component);
  }
  for (const pkg of closure.packages.values()) {
    const component = components.get(pkg.id);
    for (const dependencyId of pkg.dependencies) {
      const dependency = components.get(dependencyId);
      if (component && dependency) component.dependencies.add(dependency.bomRef);
    }
  }

  const root = components.get(closure.root.id);
  for (const file of dataFiles) {
    const data = new Models.Component(Enums.ComponentType.Data, file.path, {
      bomRef: `data:${file.path}`,
      scope: Enums.ComponentScope.Required,
    });
    data.hashes.set(Enums.HashAlgorithm["SHA-256"], file.sha256.slice("sha256:".length));
    bom.components.add(data);
    root?.dependencies.add(data.bomRef);
  }
  return bom;
}

function packageComponent(type: Enums.ComponentType, pkg: ClosurePackage): Models.Component {
  const purl = npmPurl(pkg.name, pkg.version);
  const { group, name } = splitScope(pkg.name);
  const component = new Models.Component(type, name, {
    ...(group === undefined ? {} : { group }),
    version: pkg.version,
    purl,
    bomRef: purl,
    ...(type === Enums.ComponentType.Application ? {} : { scope: Enums.ComponentScope.Required }),
  });
  for (const [algorithm, hex] of sriToHexHashes(pkg.integrity ?? "")) component.hashes.set(algorithm, hex);
  for (const license of toCycloneDxLicenses(pkg.manifest?.licenses ?? [])) component.licenses.add(license);
  return component;
}
