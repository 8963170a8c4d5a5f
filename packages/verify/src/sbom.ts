import { hashBytes, parseHash, type VerificationCheck } from "@qrg/core";
import { validateSbom } from "./sbom/validate-sbom.ts";

export interface SbomVerificationReport {
  valid: boolean;
  /** `sha256:hex` of the bytes (the algorithm of `expectedDigest` when one is given). */
  digest: string;
  checks: VerificationCheck[];
}

/**
 * Verifies an SBOM: CycloneDX 1.6 JSON that passes the official schema (strict), and, when
 * `expectedDigest` (`alg:hex`, e.g. the digest behind provenance.sbom_ref) is given, bytes that hash to it.
 */
export async function verifySbom(
  bytes: Uint8Array,
  expectedDigest?: string,
): Promise<SbomVerificationReport> {
  const checks: VerificationCheck[] = [];
  const validation = await validateSbom(bytes);
  const shown = validation.errors.slice(0, 3).join("; ");
  const more = validation.errors.length > 3 ? ` (+${validation.errors.length - 3} more)` : "";
  checks.push({
    name: "sbom.cyclonedx",
    ok: validation.valid,
    detail: validation.valid ? "valid CycloneDX 1.6 JSON (strict schema)" : `${shown}${more}`,
  });
  let digest = hashBytes("sha256", bytes);
  if (expectedDigest !== undefined) {
    let ok = false;
    let detail: string;
    try {
      digest = hashBytes(parseHash(expectedDigest).algorithm, bytes);
      ok = digest === expectedDigest;
      detail = ok ? `bytes hash to ${expectedDigest}` : `bytes hash to ${digest}, expected ${expectedDigest}`;
    } catch {
      detail = `expected digest ${expectedDigest} is not alg:hex (sha256|sha3-256|blake3)`;
    }
    checks.push({ name: "sbom.digest", ok, detail });
  }
  return { valid: checks.every((check) => check.ok), digest, checks };
}
