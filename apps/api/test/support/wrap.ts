// Wrappers around the real service parts, for tests that need a part to misbehave.
import type { ArtifactStore, SafetyGate } from "@qrg/core";

/**
 * The same gate, except that it never decides: it rejects only when the orchestrator aborts it, as a gate
 * stuck on I/O or in a pathological loop would.
 */
export function hanging<I, O>(gate: SafetyGate<I, O>): SafetyGate<I, O> {
  return {
    name: gate.name,
    ready: () => gate.ready(),
    evaluate: (_input, signal) =>
      new Promise<never>((_resolve, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      }),
  };
}

/** The same store, with every commit started `ms` late (to let a request's deadline pass first). */
export function delayingCommits(store: ArtifactStore, ms: number): ArtifactStore {
  return {
    commit: async (entry, signal) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return store.commit(entry, signal);
    },
    getRecord: (qrgId) => store.getRecord(qrgId),
    getContent: (hash) => store.getContent(hash),
    getAttestation: (qrgId) => store.getAttestation(qrgId),
    putSbom: (digest, bytes) => store.putSbom(digest, bytes),
    getSbom: (digest) => store.getSbom(digest),
    health: () => store.health(),
    ...(store.close ? { close: () => store.close!() } : {}),
  };
}
