import { ConsensusCoordinator } from "@qrg/consensus";
import { QRGUnavailableError, type UrlBuilder } from "@qrg/core";
import type { QrgTelemetry } from "@qrg/telemetry";
import type { ApiConfig } from "../config.ts";
import { MeshConsensusService } from "../consensus/mesh-consensus.ts";

/** How long the API waits for the mesh's Redis at start before refusing to start. */
const REDIS_READY_MS = 10_000;

/**
 * Mesh consensus when QRG_CONSENSUS_ENABLED=true: a coordinator over QRG_MESH_NODES on QRG_REDIS_URL
 * (config validation already refused QRG_CONSENSUS_ENABLED without a Redis URL). Undefined when disabled.
 */
export async function composeConsensus(
  config: ApiConfig,
  urls: UrlBuilder,
  telemetry: QrgTelemetry,
): Promise<MeshConsensusService | undefined> {
  if (!config.QRG_CONSENSUS_ENABLED || !config.QRG_REDIS_URL) return undefined;
  let mesh: MeshConsensusService | undefined;
  const coordinator = new ConsensusCoordinator({
    redis: { url: config.QRG_REDIS_URL },
    nodes: config.QRG_MESH_NODES,
    ...(config.QRG_MESH_QUORUM ? { quorum: config.QRG_MESH_QUORUM } : {}),
    observer: { vote: (record, summary) => mesh?.onVote(record.job_id, summary) },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      coordinator.ready(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new QRGUnavailableError(`QRG_REDIS_URL did not answer within ${REDIS_READY_MS} ms`)),
          REDIS_READY_MS,
        );
      }),
    ]);
  } catch (error) {
    await coordinator.close().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  mesh = new MeshConsensusService({
    coordinator,
    telemetry,
    // The certificate is stored inside the artifact's record: point at it there.
    certificateRef: (qrgId) =>
      `${urls.artifactContent(qrgId).replace(/\/content$/, "")}#/provenance/consensus/certificate`,
  });
  return mesh;
}
