import { z } from "zod";
import { VotePayloadSchema } from "./vote-payload.ts";
import { VOTE_ALGORITHMS, type VoteAlgorithm } from "./vote-signature.ts";

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
