import type { QuorumCertificate } from "@qrg/verify";
import { encodeVotePayload, type NodeKey, type VotePayload, verifyCertificate } from "@qrg/verify";
import { describe, expect, it } from "vitest";
import { buildCertificate } from "../src/certificate.ts";
import { type SignedVote, signVote, verifyVote } from "../src/vote.ts";
import { newSigner, payloadFor } from "./support/votes.ts";

const signers = [newSigner("ed25519"), newSigner("ecdsa-p256"), newSigner("ed25519")];
const nodes = ["n1", "n2", "n3"];
const keys: NodeKey[] = signers.map((s, i) => ({
  node_id: nodes[i]!,
  key_id: s.keyId,
  algorithm: s.algorithm,
  public_key_pem: s.publicKeyPem,
}));
const payload: VotePayload = { ...payloadFor("seed-a"), job_id: "job-1" };

async function certificate(voters: number[], p: VotePayload = payload): Promise<QuorumCertificate> {
  const votes: SignedVote[] = await Promise.all(voters.map((i) => signVote(nodes[i]!, p, signers[i]!)));
  return buildCertificate({
    jobId: p.job_id,
    nodes,
    quorum: 2,
    payload: p,
    signatures: votes.map((v) => ({
      node_id: v.node_id,
      key_id: v.key_id,
      algorithm: v.algorithm,
      signature_b64: v.signature_b64,
    })),
    issuedAt: new Date("2026-01-01T00:00:00Z"),
  });
}

describe("vote payload encoding", () => {
  it("is canonical JSON: key order does not change the bytes", () => {
    const reordered = Object.fromEntries(Object.entries(payload).reverse()) as VotePayload;
    expect(Buffer.from(encodeVotePayload(reordered)).toString()).toBe(
      Buffer.from(encodeVotePayload(payload)).toString(),
    );
    expect(Buffer.from(encodeVotePayload(payload)).toString()).toMatch(/^\{"artifact_hash":/);
  });
});

describe("signed votes", () => {
  it("verify for ML-DSA-87 node keys too", async () => {
    const pq = newSigner("ml-dsa-87");
    const vote = await signVote("n1", payload, pq);
    expect(verifyVote(vote, pq.publicKeyPem)).toBe(true);
    expect(
      verifyVote({ ...vote, node_id: "n1", payload: { ...payload, job_id: "job-2" } }, pq.publicKeyPem),
    ).toBe(false);
  });

  it("verify with the signer's public key, for Ed25519 and ECDSA P-256", async () => {
    for (const [i, signer] of signers.entries()) {
      const vote = await signVote(nodes[i]!, payload, signer);
      expect(verifyVote(vote, signer.publicKeyPem)).toBe(true);
      expect(verifyVote(vote, signers[(i + 1) % 3]!.publicKeyPem)).toBe(false);
      const altered = {
        ...vote,
        payload: { ...vote.payload, policy_digest: payloadFor("x", "other").policy_digest },
      };
      expect(verifyVote(altered, signer.publicKeyPem)).toBe(false);
    }
  });
});

describe("verifyCertificate", () => {
  it("passes with a quorum of distinct registered signers and the matching artifact", async () => {
    const result = verifyCertificate(await certificate([0, 1]), keys, {
      artifactHash: payload.artifact_hash!,
    });
    expect(result.valid).toBe(true);
    expect(result.required).toBe(2);
    expect(result.signers).toHaveLength(2);
  });

  it("fails below the quorum", async () => {
    const result = verifyCertificate(await certificate([0]), keys);
    expect(result.valid).toBe(false);
    expect(result.checks.find((c) => c.name === "certificate.quorum")?.ok).toBe(false);
  });

  it("does not let a certificate lower the quorum the registered keys require", async () => {
    const cert = { ...(await certificate([0])), quorum: 1, nodes: ["n1"] };
    expect(verifyCertificate(cert, keys).valid).toBe(false);
    expect(verifyCertificate(cert, keys, { quorum: 1 }).valid).toBe(true);
  });

  it("fails when the payload was altered after signing", async () => {
    const cert = await certificate([0, 1, 2]);
    const other = payloadFor("seed-b");
    const forged = { ...cert, payload: { ...cert.payload, artifact_hash: other.artifact_hash } };
    expect(verifyCertificate(forged, keys).valid).toBe(false);
  });

  it("fails when the artifact is not the one the payload names", async () => {
    const other = payloadFor("seed-b").artifact_hash!;
    const result = verifyCertificate(await certificate([0, 1]), keys, { artifactHash: other });
    expect(result.valid).toBe(false);
    expect(result.checks.find((c) => c.name === "certificate.artifact")?.ok).toBe(false);
  });

  it("counts one key once and ignores unknown keys", async () => {
    const cert = await certificate([0]);
    const twice = { ...cert, signatures: [cert.signatures[0]!, cert.signatures[0]!] };
    expect(verifyCertificate(twice, keys).valid).toBe(false);
    const stranger = newSigner();
    const vote = await signVote("n2", payload, stranger);
    const withStranger = {
      ...cert,
      signatures: [
        ...cert.signatures,
        { node_id: "n2", key_id: vote.key_id, algorithm: vote.algorithm, signature_b64: vote.signature_b64 },
      ],
    };
    const result = verifyCertificate(withStranger, keys);
    expect(result.valid).toBe(false);
    expect(result.signers).toHaveLength(1);
  });

  it("fails when a signature claims another node's key", async () => {
    const cert = await certificate([0, 1]);
    const swapped = {
      ...cert,
      signatures: cert.signatures.map((s, i) => (i === 0 ? { ...s, node_id: "n3" } : s)),
    };
    expect(verifyCertificate(swapped, keys).valid).toBe(false);
  });

  it("rejects something that is not a certificate with a clear check", () => {
    const result = verifyCertificate({ hello: "world" }, keys);
    expect(result.valid).toBe(false);
    expect(result.checks[0]).toMatchObject({ name: "certificate.shape", ok: false });
  });
});
