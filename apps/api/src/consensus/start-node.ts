import { MeshNode, type VoteSigner } from "@qrg/consensus";
import type { UrlBuilder } from "@qrg/core";
import { loadLexicon } from "@qrg/engine";
import type { KeyRing } from "@qrg/provenance";
import { createTelemetry } from "@qrg/telemetry";
import { composeProductionParts } from "../compose/service.ts";
import type { ApiConfig } from "../config.ts";
import { wireKeyRing } from "../key-ring-wiring.ts";
import { SERVICE_VERSION } from "../package-info.ts";
import { createNodePipeline } from "./node-pipeline.ts";

export interface MeshNodeConfig {
  /** QRG_NODE_ID: the node's id, and the name of its queue. */
  nodeId: string;
  /** QRG_REDIS_URL. */
  redisUrl: string;
}

export interface RunningNode {
  node: MeshNode;
  close(): Promise<void>;
}

/** The node's vote signer: its own Ed25519 provenance key (from its own QRG_DATA_DIR or key reference). */
async function voteSigner(ring: KeyRing): Promise<VoteSigner> {
  const key = await ring.active("ed25519");
  return {
    keyId: key.keyId,
    algorithm: "ed25519",
    publicKeyPem: key.publicKeyPem,
    sign: (bytes) => key.sign(bytes),
  };
}

/**
 * Starts a mesh node: the production parts the API would run on (gates, engine, provenance with the node's own
 * key, the node's own store), a MeshNode consuming the node's queue, and its registry entry.
 */
export async function startMeshNode(
  config: ApiConfig,
  mesh: MeshNodeConfig,
  urls: UrlBuilder,
): Promise<RunningNode> {
  const telemetry = createTelemetry({ serviceVersion: SERVICE_VERSION });
  // Quotas are the coordinating API's admission decision; a node re-counting them per user would fail jobs
  // the API admitted.
  const { parts, close: closeParts } = await composeProductionParts(
    { ...config, QRG_QUOTAS: "off" },
    urls,
    telemetry,
    {},
  );
  const keys = await wireKeyRing(config, telemetry, telemetry.logger);
  const node = new MeshNode({
    nodeId: mesh.nodeId,
    redis: { url: mesh.redisUrl },
    signer: await voteSigner(keys.ring),
    pipeline: createNodePipeline({ parts, lexiconDigests: [loadLexicon().digest] }),
  });
  await node.start();
  return {
    node,
    close: async () => {
      await node.close();
      await parts.store.close?.();
      await closeParts();
      await telemetry.shutdown();
    },
  };
}
