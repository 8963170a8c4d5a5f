import type { ValidateRequest, ValidateResult } from "@qrg/schema";
import { QRGNotFoundError } from "../errors.ts";
import { hashBytes, parseHash } from "../util/hash.ts";
import type { ServiceConfig } from "./options.ts";

/**
 * Re-reads a stored artifact: its bytes must hash to the expected (and recorded) hash, and the provenance
 * service must accept its signatures and attestation. A verifier that throws counts as not verified.
 */
export function validateStored(config: ServiceConfig, request: ValidateRequest): Promise<ValidateResult> {
  const { telemetry, store, provenance } = config;
  return telemetry.span("qrg.validate", { "qrg.qrg_id": request.qrg_id }, async () => {
    const record = await store.getRecord(request.qrg_id);
    if (!record) throw new QRGNotFoundError(`no artifact ${request.qrg_id}`);
    const expected = parseHash(request.expected_hash);
    const content = await store.getContent(record.content_hash);
    const hashMatch =
      content !== undefined &&
      request.expected_hash === record.response.artifact.hash &&
      hashBytes(expected.algorithm, content) === request.expected_hash;
    let signatureValid = false;
    let provenanceVerified = false;
    if (content !== undefined) {
      const attestation = await store.getAttestation(request.qrg_id);
      try {
        const verdict = await provenance.verify({
          response: record.response,
          content,
          ...(attestation ? { attestation } : {}),
        });
        signatureValid = verdict.signature_valid;
        provenanceVerified = verdict.provenance_verified;
        telemetry.signatureVerification(signatureValid ? "valid" : "invalid");
      } catch (error) {
        telemetry.signatureVerification("error");
        telemetry.logger.warn(
          { event: "verification_error", qrg_id: request.qrg_id, err: String(error) },
          "verification failed",
        );
      }
    }
    return {
      valid: hashMatch && signatureValid && provenanceVerified,
      hash_match: hashMatch,
      signature_valid: signatureValid,
      provenance_verified: provenanceVerified,
    };
  });
}
