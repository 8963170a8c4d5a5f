import { type QuorumCertificate, QuorumCertificateSchema } from "./certificate.ts";
import { encodeVotePayload, votePayloadDigest } from "./vote-payload.ts";
import { type VoteAlgorithm, verifyVoteSignature } from "./vote-signature.ts";

/** A registered node key as the mesh publishes it (GET /api/v1/qrg/mesh/nodes, or a node-keys file). */
export interface NodeKey {
  node_id: string;
  key_id: string;
  algorithm: VoteAlgorithm;
  public_key_pem: string;
}

export interface CertificateCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface CertificateVerification {
  valid: boolean;
  /** Distinct registered keys whose signature verified. */
  signers: string[];
  /** How many distinct valid signers were required. */
  required: number;
  checks: CertificateCheck[];
}

export interface VerifyCertificateOptions {
  /** The artifact hash the agreed payload must name (the response's artifact.hash). */
  artifactHash?: string;
  /** Required distinct signers. @default ⌈2K/3⌉ for K registered keys, and never less than the certificate's quorum */
  quorum?: number;
}

/** ⌈2n/3⌉: the smallest count that is at least two thirds of n. */
export function twoThirdsQuorum(n: number): number {
  return Math.ceil((2 * n) / 3);
}

/**
 * Checks a quorum certificate offline: its shape, that its digest is the digest of its payload, that at least a
 * quorum of distinct registered node keys signed that same payload, and (when given) that the payload names the
 * artifact. A signature by an unknown key, or a second signature by the same key, counts for nothing.
 */
export function verifyCertificate(
  input: unknown,
  keys: readonly NodeKey[],
  options: VerifyCertificateOptions = {},
): CertificateVerification {
  const checks: CertificateCheck[] = [];
  const parsed = QuorumCertificateSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    checks.push({
      name: "certificate.shape",
      ok: false,
      detail: `not a quorum certificate: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
    });
    return { valid: false, signers: [], required: options.quorum ?? 1, checks };
  }
  const cert = parsed.data as QuorumCertificate;
  checks.push({ name: "certificate.shape", ok: true, detail: `job ${cert.job_id}` });

  const digestOk =
    votePayloadDigest(cert.payload) === cert.payload_digest && cert.payload.job_id === cert.job_id;
  checks.push({
    name: "certificate.payload_digest",
    ok: digestOk,
    detail: digestOk ? cert.payload_digest : "payload digest or job id does not match the payload",
  });

  const required = options.quorum ?? Math.max(cert.quorum, twoThirdsQuorum(keys.length));
  const bytes = encodeVotePayload(cert.payload);
  const byKeyId = new Map(keys.map((key) => [key.key_id, key]));
  const signers = new Set<string>();
  for (const signature of cert.signatures) {
    const key = byKeyId.get(signature.key_id);
    let ok = false;
    let detail: string;
    if (!key) detail = `key ${signature.key_id} is not a registered node key`;
    else if (key.node_id !== signature.node_id) detail = `key ${signature.key_id} belongs to ${key.node_id}`;
    else if (key.algorithm !== signature.algorithm) detail = `key ${signature.key_id} is ${key.algorithm}`;
    else if (signers.has(key.key_id)) detail = `key ${signature.key_id} signed twice`;
    else {
      ok = verifyVoteSignature(
        key.algorithm,
        key.public_key_pem,
        bytes,
        Buffer.from(signature.signature_b64, "base64"),
      );
      detail = ok ? `${key.algorithm} signature valid` : "signature does not verify";
    }
    if (ok) signers.add(signature.key_id);
    checks.push({ name: `certificate.signature[${signature.node_id}]`, ok, detail });
  }
  const quorumOk = signers.size >= required;
  checks.push({
    name: "certificate.quorum",
    ok: quorumOk,
    detail: `${signers.size} distinct registered signer(s), ${required} required`,
  });

  if (options.artifactHash !== undefined) {
    const ok = cert.payload.outcome === "generated" && cert.payload.artifact_hash === options.artifactHash;
    checks.push({
      name: "certificate.artifact",
      ok,
      detail: ok ? options.artifactHash : `payload names ${cert.payload.artifact_hash ?? "no artifact"}`,
    });
  }
  // Strict: the coordinator only certifies verified votes, so any bad signature means the certificate was altered.
  const valid = checks.every((check) => check.ok);
  return { valid, signers: [...signers], required, checks };
}
