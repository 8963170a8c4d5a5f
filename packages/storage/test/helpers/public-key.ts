import { createHash, generateKeyPairSync } from "node:crypto";
import type { PublicKeyInfo } from "@qrg/schema";

/** A real Ed25519 public key entry, its key_id the sha256 of its SubjectPublicKeyInfo. */
export function makePublicKeyInfo(status: PublicKeyInfo["status"] = "active"): PublicKeyInfo {
  const { publicKey } = generateKeyPairSync("ed25519");
  const der = publicKey.export({ type: "spki", format: "der" });
  return {
    key_id: createHash("sha256").update(der).digest("hex"),
    algorithm: "ed25519",
    public_key_pem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    status,
    not_before: "2026-01-01T00:00:00.000Z",
    not_after: null,
  };
}
