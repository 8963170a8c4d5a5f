import { randomBytes } from "node:crypto";
import type { ConsciousnessProvider } from "../ports/consciousness.ts";
import type { EntropySource } from "../ports/entropy.ts";

/**
 * The consciousness state the request itself declares. This is the only consciousness source a bare
 * deployment has; a Consciousness Engine client implements the same port.
 */
export function createDeclaredConsciousnessProvider(): ConsciousnessProvider {
  return {
    name: "request-declared",
    resolve: async (query) => query.declared ?? {},
  };
}

/** The operating system's CSPRNG (node:crypto randomBytes): the honest fallback for quantum_rng. */
export function createOsEntropySource(): EntropySource {
  return {
    kind: "os_csprng",
    name: "node:crypto.randomBytes",
    read: async (length) => new Uint8Array(randomBytes(length)),
  };
}
