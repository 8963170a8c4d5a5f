import { randomUUID } from "node:crypto";
import { type CommitEntry, canonicalJsonBytes, hashBytes } from "@qrg/core";

/** A self-consistent commit entry: content bytes, their digest, an attestation and a record pointing at them. */
export function makeEntry(seed = "a-test-seed-of-16+chars", qrgId = `qrg:${randomUUID()}`): CommitEntry {
  const content = canonicalJsonBytes({ seed, tokens: ["aurora", "lattice"], affect_vector: [0.1, 0.9] });
  const hash = hashBytes("sha256", content);
  const uuid = qrgId.slice("qrg:".length);
  return {
    qrg_id: qrgId,
    content_hash: hash,
    content,
    attestation: new TextEncoder().encode(JSON.stringify({ qrg_id: qrgId, bundle: "dsse" })),
    record: {
      response: {
        qrg_id: qrgId,
        seed,
        artifact: {
          type: "symbolic",
          location: `https://qrg.example/artifacts/${uuid}/content`,
          hash,
          size_bytes: content.byteLength,
          content_type: "application/json",
        },
        safety: { status: "approved", gate_checks: {} },
        provenance: { builder_id: "qrg-storage-test", build_time: "2025-11-10T15:30:00Z" },
      },
      content_hash: hash,
      content_type: "application/json",
      stored_at: new Date().toISOString(),
    },
  };
}

export const never: AbortSignal = new AbortController().signal;
