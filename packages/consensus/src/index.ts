export {
  buildCertificate,
  CERTIFICATE_TYPE,
  type CertificateSignature,
  type QuorumCertificate,
  QuorumCertificateSchema,
} from "./certificate.ts";
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
export { rejectionVotePayload, type VoteContent, votePayloadFromResponse } from "./payload-from-response.ts";
export {
  createKeyObjectSigner,
  VOTE_ALGORITHMS,
  type VoteAlgorithm,
  type VoteSigner,
  verifyVoteSignature,
} from "./signer.ts";
export {
  type CertificateCheck,
  type CertificateVerification,
  type NodeKey,
  twoThirdsQuorum,
  type VerifyCertificateOptions,
  verifyCertificate,
} from "./verify-certificate.ts";
export { type SignedVote, signVote, verifyVote } from "./vote.ts";
export {
  encodeVotePayload,
  type GateVerdict,
  type VotePayload,
  VotePayloadSchema,
  votePayloadDigest,
} from "./vote-payload.ts";
