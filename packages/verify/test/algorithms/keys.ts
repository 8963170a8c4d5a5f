import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import type { KeyAlgorithm } from "@qrg/schema";

export const ALGORITHMS: readonly KeyAlgorithm[] = ["ed25519", "ecdsa-p256", "ml-dsa-87"];

export const utf8 = (value: string): Uint8Array => new TextEncoder().encode(value);
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/** A node:crypto key pair (the test runner's Node implements all three) with its DER SPKI. */
export function testKeyPair(algorithm: KeyAlgorithm): { privateKey: KeyObject; spki: Uint8Array } {
  const pair =
    algorithm === "ecdsa-p256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : generateKeyPairSync(algorithm as "ed25519");
  return {
    privateKey: pair.privateKey,
    spki: new Uint8Array(pair.publicKey.export({ type: "spki", format: "der" })),
  };
}

/** A signature as the provenance service makes it: ECDSA over SHA-256 (DER), EdDSA and ML-DSA pure. */
export function testSign(algorithm: KeyAlgorithm, privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(algorithm === "ecdsa-p256" ? "sha256" : null, message, privateKey));
}
