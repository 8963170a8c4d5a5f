import { createHash } from "node:crypto";
import { blake3 } from "@noble/hashes/blake3.js";
import { ProvenanceStatementSchema } from "./statement/statement-schema.ts";

/** in-toto digest names (and QRG's) we can recompute, with node:crypto's names. */
const DIGESTERS: Record<string, (bytes: Uint8Array) => string> = {
  sha256: (b) => createHash("sha256").update(b).digest("hex"),
  sha384: (b) => createHash("sha384").update(b).digest("hex"),
  sha512: (b) => createHash("sha512").update(b).digest("hex"),
  "sha3-256": (b) => createHash("sha3-256").update(b).digest("hex"),
  sha3_256: (b) => createHash("sha3-256").update(b).digest("hex"),
  blake3: (b) => Buffer.from(blake3(b)).toString("hex"),
};

/** Whether some subject of the in-toto Statement `payload` has a digest equal to the artifact's. */
export function subjectMatches(payload: Uint8Array, artifact: Uint8Array): { ok: boolean; detail: string } {
  let statement: unknown;
  try {
    statement = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, detail: "payload is not JSON" };
  }
  const parsed = ProvenanceStatementSchema.shape.subject.safeParse(
    (statement as { subject?: unknown })?.subject,
  );
  if (!parsed.success) return { ok: false, detail: "payload has no in-toto subjects" };
  for (const subject of parsed.data) {
    for (const [algorithm, hex] of Object.entries(subject.digest)) {
      const digester = DIGESTERS[algorithm];
      if (digester && digester(artifact) === hex) {
        return { ok: true, detail: `artifact ${algorithm} equals subject ${subject.name ?? "(unnamed)"}` };
      }
    }
  }
  return { ok: false, detail: "artifact digest matches no subject of the Statement" };
}
