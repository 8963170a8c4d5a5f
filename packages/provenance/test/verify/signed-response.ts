import type { PublicKeyInfo, QRGResponse, SignatureAlgorithm } from "@qrg/schema";
import { createProvenanceService } from "../../src/service.ts";
import { generateTestKey, memoryKeyRing, publicKeyInfo, type TestKey } from "../../testing/test-keys.ts";
import { responseFor, scenario } from "../service/fixtures.ts";

export interface Signed {
  response: QRGResponse;
  content: Uint8Array;
  document: Uint8Array;
  keys: TestKey[];
  trust: PublicKeyInfo[];
}

const keys = {
  ed25519: generateTestKey("ed25519"),
  "ecdsa-p256": generateTestKey("ecdsa-p256"),
  "ml-dsa-87": generateTestKey("ml-dsa-87"),
};

/** A response, its content and attestation document, signed by the service with real keys. */
export async function signedResponse(
  algorithm: SignatureAlgorithm = "ed25519",
  finishedOn?: Date,
): Promise<Signed> {
  const ring = Object.values(keys);
  const service = createProvenanceService({
    keyRing: memoryKeyRing(ring),
    builderId: "qrg-service-test",
    generatorVersion: "0.1.0",
  });
  const { input, content } = scenario(algorithm, finishedOn ? { finishedOn } : {});
  const attestation = await service.attest(input, new AbortController().signal);
  return {
    response: responseFor(input, attestation.provenance),
    content,
    document: attestation.document,
    keys: ring,
    trust: ring.map((key) => publicKeyInfo(key)),
  };
}

/** A deep copy to tamper with. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
