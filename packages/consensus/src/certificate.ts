import { z } from "zod";
import { VOTE_ALGORITHMS, type VoteAlgorithm } from "./signer.ts";
import { type VotePayload, VotePayloadSchema, votePayloadDigest } from "./vote-payload.ts";

export const CERTIFICATE_TYPE = "https://qrg.dev/consensus/quorum-certificate/v1";

/** One agreeing node's signature over the certificate's canonical payload. */
export const CertificateSignatureSchema = z.object({
  node_id: z.string().min(1),
  key_id: z.string().min(1),
  algorithm: z.enum(VOTE_ALGORITHMS as [string, ...string[]]),
  signature_b64: z.string().min(1),
});

/**
 * A quorum certificate: the payload a quorum of nodes agreed on and each agreeing node's signature over its
 * canonical bytes. Anyone holding the nodes' public keys checks it offline.
 */
export const QuorumCertificateSchema = z.object({
  _type: z.literal(CERTIFICATE_TYPE),
  job_id: z.string().min(1),
  /** The mesh the job was distributed to. */
  nodes: z.array(z.string().min(1)).min(1),
  /** How many agreeing nodes the coordinator required. */
  quorum: z.int().min(1),
  payload: VotePayloadSchema,
  payload_digest: z.string(),
  signatures: z.array(CertificateSignatureSchema).min(1),
  issued_at: z.iso.datetime({ offset: true }),
});

export type CertificateSignature = Omit<z.output<typeof CertificateSignatureSchema>, "algorithm"> & {
  algorithm: VoteAlgorithm;
};
export type QuorumCertificate = Omit<z.output<typeof QuorumCertificateSchema>, "signatures"> & {
  signatures: CertificateSignature[];
};

export function buildCertificate(params: {
  jobId: string;
  nodes: readonly string[];
  quorum: number;
  payload: VotePayload;
  signatures: readonly CertificateSignature[];
  issuedAt: Date;
}): QuorumCertificate {
  return {
    _type: CERTIFICATE_TYPE,
    job_id: params.jobId,
    nodes: [...params.nodes],
    quorum: params.quorum,
    payload: params.payload,
    payload_digest: votePayloadDigest(params.payload),
    signatures: params.signatures.map((s) => ({ ...s })),
    issued_at: params.issuedAt.toISOString(),
  };
}
