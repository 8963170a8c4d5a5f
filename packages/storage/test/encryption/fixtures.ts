import { randomUUID } from "node:crypto";
import type { CommitEntry } from "@qrg/core";
import { hashBytes } from "@qrg/core";
import type { QRGResponse } from "@qrg/schema";

/** Distinctive words that must never appear in the clear in an encrypted store. */
export const SECRET_TOKENS = ["moonlitheron", "cobaltreverie", "saffronlattice"];
export const SECRET_SEED = "seed-of-the-nightingale-4471";

/** A commit as the engine would make it: symbolic content, a signed attestation, the full response. */
export function sampleEntry(tokens: readonly string[] = SECRET_TOKENS): CommitEntry {
  const qrgId = `qrg:${randomUUID()}`;
  const content = new TextEncoder().encode(JSON.stringify({ tokens, affect_vector: [0.7, 0.3, 0.8] }));
  const contentHash = hashBytes("sha256", content);
  const response: QRGResponse = {
    qrg_id: qrgId,
    seed: SECRET_SEED,
    artifact: {
      type: "symbolic",
      location: `https://qrg.example/v1/artifacts/${qrgId}/content`,
      hash: contentHash,
      size_bytes: content.length,
      content_type: "application/json",
    },
    symbolic_payload: { tokens: [...tokens], affect_vector: [0.7, 0.3, 0.8] },
    safety: {
      status: "approved",
      gate_checks: {
        CulturalSafetyChecker: { status: "approved", reason: `checked ${tokens.join(" ")}`, score: 0.9 },
      },
    },
    provenance: { builder_id: "qrg-test-builder", build_time: "2025-11-10T15:30:00Z", slsa_level: 2 },
  };
  const attestation = new TextEncoder().encode(
    JSON.stringify({ payloadType: "application/vnd.in-toto+json", subject: contentHash, tokens }),
  );
  return {
    qrg_id: qrgId,
    content_hash: contentHash,
    content,
    attestation,
    record: {
      response,
      content_hash: contentHash,
      content_type: "application/json",
      stored_at: "2025-11-10T15:30:01Z",
    },
  };
}
