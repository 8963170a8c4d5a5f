import type { ArtifactStore, CommitEntry, StoredRecord } from "@qrg/core";
import { hashMatches, QRGError } from "@qrg/core";
import type { QRGResponse } from "@qrg/schema";
import { envelopeKeyId, openEnvelope, sealEnvelope } from "./envelope.ts";
import type { KemBackend } from "./hybrid-kem.ts";
import type { KemKeyProvider } from "./kem-key-provider.ts";

export interface EncryptedArtifactStoreOptions {
  /**
   * Return records, content and attestations that were stored before encryption was turned on, as they
   * are. Off, such an object is a decryption_error: a plaintext blob in an encrypted store is suspect.
   * @default false
   */
  allowPlaintextReads?: boolean;
  /** @default node:crypto when it has ML-KEM-1024, else @noble */
  backend?: KemBackend;
}

/** The field of a wrapped record's response that carries the encrypted full response. */
export const ENCRYPTED_RESPONSE_FIELD = "qrg_encrypted";

interface EncryptedResponseField {
  /** Envelope format, for readers that inspect the data dir. */
  format: "qrg-envelope-v1";
  key_id: string;
  envelope_b64: string;
}

/**
 * Encryption at rest as an {@link ArtifactStore} decorator. Content bytes, attestation bytes and each
 * record's response are sealed in hybrid-KEM envelopes (ML-KEM-1024 + X25519 wrapping a per-object
 * AES-256-GCM key) before they reach `inner`, and opened on the way out. Each envelope is bound to the
 * object's identity — content to its plaintext hash, attestation and record to the qrg_id — so blobs
 * cannot be swapped between objects.
 *
 * Content stays addressed by the PLAINTEXT hash (`content_hash` is unchanged and `getContent` re-hashes the
 * decrypted bytes), so artifact URLs and provenance do not depend on the key. The record `inner` stores keeps
 * the StoredRecord shape, with a response reduced to non-secret routing fields (id, artifact reference,
 * status, builder and build time) and the full response in `qrg_encrypted`: no seed, token or affect value
 * reaches `inner` in the clear. SBOMs pass through unencrypted: they are public documents.
 *
 * A read that cannot be decrypted (another key, modified bytes) is a QRGError "decryption_error" and
 * changes nothing in `inner`.
 */
export function createEncryptedArtifactStore(
  inner: ArtifactStore,
  kem: KemKeyProvider,
  options: EncryptedArtifactStoreOptions = {},
): ArtifactStore {
  const { backend, allowPlaintextReads = false } = options;

  const seal = async (plaintext: Uint8Array, context: string): Promise<Uint8Array> => {
    const key = await kem.current();
    return sealEnvelope(plaintext, context, key, backend);
  };

  const open = async (envelope: Uint8Array, context: string, what: string): Promise<Uint8Array> => {
    const keyId = envelopeKeyId(envelope, what);
    const keyPair = await kem.get(keyId);
    if (!keyPair) {
      throw new QRGError(
        "decryption_error",
        `cannot decrypt ${what}: it was encrypted to KEM key ${keyId}, which this store's key provider does not hold (wrong key file or data dir?)`,
      );
    }
    return openEnvelope(envelope, context, keyPair, what, backend);
  };

  const openOrPass = async (bytes: Uint8Array, context: string, what: string): Promise<Uint8Array> => {
    if (allowPlaintextReads && !looksLikeEnvelope(bytes)) return bytes;
    return open(bytes, context, what);
  };

  return {
    async commit(entry: CommitEntry, signal: AbortSignal): Promise<void> {
      // `inner` sees only ciphertext, so the plaintext digest can be checked only here.
      if (!hashMatches(entry.content_hash, entry.content)) {
        throw new QRGError(
          "storage_error",
          `content bytes of ${entry.qrg_id} do not match ${entry.content_hash}`,
        );
      }
      const [content, attestation, response] = await Promise.all([
        seal(entry.content, contentContext(entry.content_hash)),
        seal(entry.attestation, attestationContext(entry.qrg_id)),
        seal(new TextEncoder().encode(JSON.stringify(entry.record.response)), recordContext(entry.qrg_id)),
      ]);
      const keyId = envelopeKeyId(response, "record");
      const record: StoredRecord = {
        ...entry.record,
        response: redactedResponse(entry.record.response, keyId, response),
      };
      await inner.commit({ ...entry, content, attestation, record }, signal);
    },

    async getRecord(qrgId) {
      const stored = await inner.getRecord(qrgId);
      if (stored === undefined) return undefined;
      const field = (stored.response as Record<string, unknown>)[ENCRYPTED_RESPONSE_FIELD] as
        | EncryptedResponseField
        | undefined;
      if (field === undefined) {
        if (allowPlaintextReads) return stored;
        throw new QRGError(
          "decryption_error",
          `the record of ${qrgId} is stored unencrypted in an encrypted store`,
        );
      }
      if (typeof field?.envelope_b64 !== "string") {
        throw new QRGError(
          "decryption_error",
          `the record of ${qrgId} has a malformed ${ENCRYPTED_RESPONSE_FIELD} field`,
        );
      }
      const plaintext = await open(
        Buffer.from(field.envelope_b64, "base64"),
        recordContext(qrgId),
        `the record of ${qrgId}`,
      );
      let response: QRGResponse;
      try {
        response = JSON.parse(new TextDecoder().decode(plaintext)) as QRGResponse;
      } catch (cause) {
        throw new QRGError("decryption_error", `the decrypted record of ${qrgId} is not JSON`, { cause });
      }
      return { ...stored, response };
    },

    async getContent(hash) {
      const stored = await inner.getContent(hash);
      if (stored === undefined) return undefined;
      const content = await openOrPass(stored, contentContext(hash), `content ${hash}`);
      if (!hashMatches(hash, content)) {
        throw new QRGError("decryption_error", `decrypted content does not hash to ${hash}`);
      }
      return content;
    },

    async getAttestation(qrgId) {
      const stored = await inner.getAttestation(qrgId);
      if (stored === undefined) return undefined;
      return openOrPass(stored, attestationContext(qrgId), `the attestation of ${qrgId}`);
    },

    putSbom: (digest, bytes) => inner.putSbom(digest, bytes),
    getSbom: (digest) => inner.getSbom(digest),

    async health() {
      if ((await inner.health()) !== "ok") return "error";
      try {
        await kem.current();
        return "ok";
      } catch {
        return "error";
      }
    },

    close: async () => {
      await inner.close?.();
    },
  };
}

function contentContext(contentHash: string): string {
  return `qrg-store/content/${contentHash}`;
}
function attestationContext(qrgId: string): string {
  return `qrg-store/attestation/${qrgId}`;
}
function recordContext(qrgId: string): string {
  return `qrg-store/record/${qrgId}`;
}

function looksLikeEnvelope(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x51 && bytes[1] === 0x52 && bytes[2] === 0x47 && bytes[3] === 0x45
  ); // "QRGE"
}

/**
 * What `inner` sees of a response: enough to satisfy the response schema and route a lookup, nothing
 * derived from the user's seed or context.
 */
function redactedResponse(response: QRGResponse, keyId: string, envelope: Uint8Array): QRGResponse {
  const { type, location, hash, size_bytes, content_type } = response.artifact;
  const encrypted: EncryptedResponseField = {
    format: "qrg-envelope-v1",
    key_id: keyId,
    envelope_b64: Buffer.from(envelope).toString("base64"),
  };
  return {
    qrg_id: response.qrg_id,
    seed: "",
    artifact: {
      type,
      location,
      hash,
      ...(size_bytes === undefined ? {} : { size_bytes }),
      ...(content_type === undefined ? {} : { content_type }),
    },
    safety: { status: response.safety.status, gate_checks: {} },
    provenance: { builder_id: response.provenance.builder_id, build_time: response.provenance.build_time },
    [ENCRYPTED_RESPONSE_FIELD]: encrypted,
  };
}
