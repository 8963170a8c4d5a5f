import { createHash } from "node:crypto";

/** Our key id: hex SHA-256 of the DER SubjectPublicKeyInfo (what the key list and signatures reference). */
export function keyIdOf(spki: Uint8Array): string {
  return createHash("sha256").update(spki).digest("hex");
}
