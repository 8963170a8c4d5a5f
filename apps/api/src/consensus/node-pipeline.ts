import {
  type NodePipeline,
  type NodePipelineOutput,
  rejectionVotePayload,
  votePayloadFromResponse,
} from "@qrg/consensus";
import {
  type ConstitutionalGate,
  type PolicyRef,
  type QRGAdapter,
  QRGSafetyRejection,
  QRGService,
  type QRGServiceOptions,
} from "@qrg/core";
import type { QRGResponse } from "@qrg/schema";
import { extractContext, runInContext } from "@qrg/telemetry";
import { MeshNodeRequestSchema, nodePrincipal, relayedEntropySource } from "./node-request.ts";

export interface NodePipelineOptions {
  /** The node's production parts (its gates, engine, provenance with its own key, its own store). */
  parts: QRGServiceOptions;
  /** Digests of the lexicons the node's pipeline reads (a rejection vote names them). */
  lexiconDigests: readonly string[];
}

/** Remembers the policy the node's ConstitutionalGatekeeper decided under, for a rejection vote. */
function observedGate(gate: ConstitutionalGate, seen: { policy?: PolicyRef }): ConstitutionalGate {
  return {
    name: gate.name,
    ready: () => gate.ready(),
    evaluate: async (input, signal) => {
      const outcome = await gate.evaluate(input, signal);
      seen.policy = outcome.policy;
      return outcome;
    },
  };
}

/**
 * The whole production pipeline for one mesh job: a QRGService over the node's own parts that gives the
 * artifact the coordinator's qrg_id and generates from the coordinator's entropy, so honest nodes reproduce
 * the same artifact; the vote is taken from the signed response, or from the gate rejection.
 */
export function createNodePipeline(options: NodePipelineOptions): NodePipeline {
  const { parts } = options;
  const store: Pick<QRGAdapter, "getArtifact"> = new QRGService(parts);
  return async (job): Promise<NodePipelineOutput> => {
    const input = MeshNodeRequestSchema.parse(job.request);
    const run = async (): Promise<NodePipelineOutput> => {
      // A retry of the job asks for the same qrg_id: the node answers from what it already committed.
      const existing = await store.getArtifact(input.qrg_id);
      if (existing) return voteFor(existing);
      const seen: { policy?: PolicyRef } = {};
      const service = new QRGService({
        ...parts,
        gates: { ...parts.gates, constitutional: observedGate(parts.gates.constitutional, seen) },
        newId: () => input.qrg_id.slice("qrg:".length),
        entropy: relayedEntropySource(input.entropy),
        // The node is a participant: it generates, and the coordinator certifies the agreement.
        consensusRequired: "proceed",
      });
      try {
        return voteFor(
          await service.generate({
            request: input.request,
            principal: nodePrincipal(input),
            signal: job.signal,
          }),
        );
      } catch (error) {
        if (!(error instanceof QRGSafetyRejection) || !seen.policy) throw error;
        return {
          payload: rejectionVotePayload(error, {
            policyDigest: seen.policy.digest,
            lexiconDigests: options.lexiconDigests,
          }),
        };
      }
    };
    return job.trace ? await runInContext(extractContext(job.trace), run) : await run();
  };
}

function voteFor(response: QRGResponse): NodePipelineOutput {
  return { payload: votePayloadFromResponse(response), result: { qrg_id: response.qrg_id } };
}
