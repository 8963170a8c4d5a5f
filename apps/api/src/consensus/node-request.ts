import type { EntropySource, EntropyUsed, Principal } from "@qrg/core";
import { QRGRequestSchema } from "@qrg/schema";
import { z } from "zod";

/**
 * What the coordinating API sends each node: the request and its caller as the API authenticated them, the
 * qrg_id every node attests, and the entropy the API drew (so `quantum_rng` requests are reproducible across
 * nodes: every node generates from the same bytes).
 */
export const MeshNodeRequestSchema = z.object({
  qrg_id: z.string().regex(/^qrg:[a-f0-9-]+$/),
  request: QRGRequestSchema,
  principal: z.object({ sub: z.string(), tier: z.int().min(1).max(5), consent: z.array(z.string()) }),
  entropy: z.object({
    requested: z.enum(["quantum_rng", "pseudo_rng"]),
    source: z.enum(["quantum_rng", "os_csprng", "pseudo_rng"]),
    bytes_b64: z.base64().optional(),
  }),
});
export type MeshNodeRequest = z.input<typeof MeshNodeRequestSchema>;

/** The principal the node acts for. */
export function nodePrincipal(request: z.output<typeof MeshNodeRequestSchema>): Principal {
  return { ...request.principal };
}

/** An entropy source that hands out the API's bytes (and reports the API's source kind). */
export function relayedEntropySource(
  entropy: z.output<typeof MeshNodeRequestSchema>["entropy"],
): EntropySource {
  const bytes = entropy.bytes_b64 ? new Uint8Array(Buffer.from(entropy.bytes_b64, "base64")) : undefined;
  return {
    kind: entropy.source === "quantum_rng" ? "quantum" : "os_csprng",
    name: "mesh-coordinator",
    read: async (length) => {
      if (!bytes || bytes.byteLength < length) {
        throw new Error(`the coordinator relayed ${bytes?.byteLength ?? 0} entropy bytes, ${length} needed`);
      }
      return bytes.slice(0, length);
    },
  };
}

export type { EntropyUsed };
