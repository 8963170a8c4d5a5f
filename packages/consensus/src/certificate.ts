import {
  CERTIFICATE_TYPE,
  type CertificateSignature,
  type QuorumCertificate,
  type VotePayload,
  votePayloadDigest,
} from "@qrg/verify";

/** The certificate for a payload a quorum agreed on, from the agreeing votes' signatures. */
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
