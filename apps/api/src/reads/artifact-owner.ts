import type { Principal } from "@qrg/core";
import { ownerDigest } from "@qrg/provenance";
import type { QRGResponse } from "@qrg/schema";

/** The token scope that lets auditors read every artifact, content and attestation. */
export const AUDITOR_SCOPE = "auditor";

/**
 * Whether `principal` may read the artifact: its owner (the Statement's owner_digest, computed from the
 * caller's subject and the qrg_id) or an auditor. Everyone else is told the artifact does not exist, so a
 * read is no oracle for which qrg_ids exist.
 */
export function mayRead(principal: Principal, qrgId: string, response: QRGResponse): boolean {
  if (principal.scopes?.includes(AUDITOR_SCOPE)) return true;
  const request = statementRequest(response);
  if (!request) return false;
  if (typeof request.owner_digest === "string") {
    return request.owner_digest === ownerDigest(qrgId, principal.sub);
  }
  // Statements that name the user in the clear (written before minimisation, and the sandbox's).
  return request.user_id === principal.sub;
}

function statementRequest(response: QRGResponse): Record<string, unknown> | undefined {
  const encoded = response.provenance.statement_b64;
  if (!encoded) return undefined;
  try {
    const statement = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
    const request = statement?.predicate?.buildDefinition?.externalParameters?.request;
    return request && typeof request === "object" ? (request as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What anyone may see of an artifact to verify it: the content hash, the signatures and the signed
 * Statement, which carries only digests of personal inputs. A Statement that still names the user (an
 * older artifact) is left out: the view then proves the hash and signatures' key ids, not the Statement.
 */
export function verificationView(response: QRGResponse): Record<string, unknown> {
  const { qrg_id, artifact, provenance } = response;
  const request = statementRequest(response);
  const statementIsPublic = request !== undefined && !("user_id" in request);
  return {
    qrg_id,
    artifact: {
      type: artifact.type,
      hash: artifact.hash,
      ...(artifact.size_bytes !== undefined ? { size_bytes: artifact.size_bytes } : {}),
      ...(artifact.content_type !== undefined ? { content_type: artifact.content_type } : {}),
    },
    provenance: {
      builder_id: provenance.builder_id,
      build_time: provenance.build_time,
      ...(provenance.slsa_level !== undefined ? { slsa_level: provenance.slsa_level } : {}),
      ...(provenance.sbom_ref ? { sbom_ref: provenance.sbom_ref } : {}),
      ...(provenance.signature ? { signature: provenance.signature } : {}),
      ...(provenance.signatures ? { signatures: provenance.signatures } : {}),
      ...(statementIsPublic && provenance.statement_b64 ? { statement_b64: provenance.statement_b64 } : {}),
    },
  };
}
