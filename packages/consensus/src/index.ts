// Verifying votes and quorum certificates (payload encoding, signatures, certificate checks) lives in
// @qrg/verify, so a verifier needs neither Redis nor BullMQ.
export { buildCertificate } from "./certificate.ts";
export {
  DEFAULT_MESH_PREFIX,
  type MeshRedisOptions,
  nodeQueueName,
  redisOptionsFromUrl,
} from "./connection.ts";
export type { ReceivedVote } from "./consensus-attempt.ts";
export {
  type AgreedResult,
  ConsensusCoordinator,
  type ConsensusObserver,
  type ConsensusOutcome,
  type ConsensusRequest,
  type CoordinatorOptions,
} from "./coordinator.ts";
export {
  isFinalState,
  JOB_STATES,
  type JobRecord,
  JobRecordStore,
  type JobState,
  type VoteSummary,
} from "./job-record.ts";
export { NodeRegistry, type RegisteredNode } from "./node-registry.ts";
export {
  MeshNode,
  type MeshNodeOptions,
  type NodeJob,
  type NodePipeline,
  type NodePipelineOutput,
} from "./node-worker.ts";
export {
  rejectionVotePayload,
  responseMatchesPayload,
  type VoteContent,
  votePayloadFromResponse,
} from "./payload-from-response.ts";
export { createKeyObjectSigner, type VoteSigner } from "./signer.ts";
export { type SignedVote, signVote, verifyVote } from "./vote.ts";
