import { createHash } from "node:crypto";
import { Enums } from "@cyclonedx/cyclonedx-library";

/**
 * The package URL of an npm package: `pkg:npm/%40scope/name@version` (purl spec: the `@` of a scope is
 * percent-encoded, each segment URI-encoded).
 */
export function npmPurl(name: string, version: string): string {
  const segments = name.split("/").map((segment) => encodeURIComponent(segment));
  return `pkg:npm/${segments.join("/")}@${encodeURIComponent(version)}`;
}

/** CycloneDX's npm convention: the scope is the component group, the rest its name. */
export function splitScope(name: string): { group?: string; name: string } {
  if (!name.startsWith("@")) return { name };
  const slash = name.indexOf("/");
  return slash === -1 ? { name } : { group: name.slice(0, slash), name: name.slice(slash + 1) };
}

const SRI_ALGORITHMS: ReadonlyMap<string, Enums.HashAlgorithm> = new Map([
  ["sha1", Enums.HashAlgorithm["SHA-1"]],
  ["sha256", Enums.HashAlgorithm["SHA-256"]],
  ["sha384", Enums.HashAlgorithm["SHA-384"]],
  ["sha512", Enums.HashAlgorithm["SHA-512"]],
]);

/**
 * The hashes of a Subresource Integrity string (`sha512-<base64> …`), as CycloneDX algorithm names and
 * lowercase hex. Unknown algorithms are skipped: SRI allows options and future algorithms.
 */
export function sriToHexHashes(integrity: string): Array<[Enums.HashAlgorithm, string]> {
  const hashes: Array<[Enums.HashAlgorithm, string]> = [];
  for (const token of integrity.trim().split(/\s+/)) {
    const dash = token.indexOf("-");
    const algorithm = SRI_ALGORITHMS.get(token.slice(0, dash));
    if (dash === -1 || algorithm === undefined) continue;
    const base64 = token.slice(dash + 1).split("?")[0] ?? "";
    hashes.push([algorithm, Buffer.from(base64, "base64").toString("hex")]);
  }
  return hashes;
}

/** RFC 4122 name-based UUID (version 5); the CycloneDX schema only accepts versions 1–5 as serialNumber. */
export function uuidV5(namespace: string, name: string): string {
  const bytes = createHash("sha1")
    .update(Buffer.from(namespace.replaceAll("-", ""), "hex"))
    .update(name, "utf8")
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
