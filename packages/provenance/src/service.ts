import {
  type Attestation,
  type AttestationInput,
  canonicalJsonBytes,
  hashBytes,
  type Logger,
  type ProvenanceService,
  QRGError,
  type VerificationInput,
  type VerificationResult,
} from "@qrg/core";
import type { KeyAlgorithm, Provenance, PublicKeyInfo, SignatureAlgorithm } from "@qrg/schema";
import {
  type ClassicalAlgorithm,
  createTrustStore,
  encodeAttestationDocument,
  QRG_ATTESTATION_MEDIA_TYPE,
  signingAlgorithms,
  type TrustStore,
  toBase64,
  toSpecAlgorithm,
  verifyArtifact,
} from "@qrg/verify";
import { signStatement } from "./attestation/sign-statement.ts";
import { buildProvenanceStatement, type LexiconDigest } from "./attestation/statement.ts";
import type { KeyRing } from "./key-ring.ts";
import type { KeyCustody, SigningKey } from "./signing-key.ts";
import { computeSlsaLevel } from "./slsa-level.ts";

export interface ProvenanceServiceOptions {
  /** The service's signing keys (file ring, PKCS#11 ring…). */
  keyRing: KeyRing;
  /** provenance.builder_id and the SLSA builder id, e.g. `qrg-service-prod-eu-west-1`. */
  builderId: string;
  /** Version of the generator, recorded in the Statement's internalParameters. */
  generatorVersion: string;
  /**
   * Algorithm used when a request's options carry none.
   * @default "ed25519"
   */
  defaultAlgorithm?: SignatureAlgorithm;
  /**
   * The classical half of `hybrid`.
   * @default "ed25519"
   */
  classicalForHybrid?: ClassicalAlgorithm;
  /** The service SBOM: its digest becomes a resolved dependency and provenance.sbom_ref. */
  sbom?: { digest: string; bytes: Uint8Array };
  /** Digests of the gate lexicons, listed as resolved dependencies. */
  lexiconDigests?: readonly LexiconDigest[];
  /** Models the gates decide with (`name` is `id@version`), listed as resolved dependencies. */
  gateModels?: readonly LexiconDigest[];
  /**
   * Where keys are meant to live. When set to `hsm` or `kms`, a file-held signing key is a local
   * fallback: the response gets a warning (and slsa_level 1, as for any file key).
   * @default undefined (no expectation)
   */
  expectedCustody?: KeyCustody;
  /** Verification time for `verify`. @default () => new Date() */
  clock?: () => Date;
  logger?: Logger;
}

function fallbackWarnings(keys: readonly SigningKey[], expected: KeyCustody | undefined): string[] {
  if (expected === undefined || expected === "file") return [];
  return keys
    .filter((key) => key.custody === "file")
    .map(
      (key) =>
        `local key fallback: the ${key.algorithm} signature was made with a file-held key instead of the ${expected}; slsa_level lowered to 1`,
    );
}

/**
 * The provenance port: signs an in-toto Statement (SLSA Provenance v1) for every artifact, with a Sigstore
 * bundle for the classical signature and a DSSE envelope for ML-DSA-87, and verifies responses with the
 * service's own keys.
 */
export function createProvenanceService(options: ProvenanceServiceOptions): ProvenanceService {
  const defaultAlgorithm = options.defaultAlgorithm ?? "ed25519";
  const classicalForHybrid = options.classicalForHybrid ?? "ed25519";
  const clock = options.clock ?? (() => new Date());

  async function activeKeys(algorithms: readonly KeyAlgorithm[]): Promise<SigningKey[]> {
    try {
      return await Promise.all(algorithms.map((algorithm) => options.keyRing.active(algorithm)));
    } catch (cause) {
      if (cause instanceof QRGError) throw cause;
      throw new QRGError("key_error", `no signing key for ${algorithms.join(" + ")}`, { cause });
    }
  }

  async function attest(input: AttestationInput, signal: AbortSignal): Promise<Attestation> {
    signal.throwIfAborted();
    const choice = input.options.signature_algorithm ?? defaultAlgorithm;
    const keys = await activeKeys(signingAlgorithms(choice, classicalForHybrid));
    signal.throwIfAborted();
    const statement = buildProvenanceStatement({
      qrgId: input.qrg_id,
      artifact: input.artifact,
      request: input.request,
      options: input.options,
      builderId: options.builderId,
      generatorVersion: options.generatorVersion,
      startedOn: input.started_on,
      finishedOn: input.finished_on,
      policy: input.policy,
      ...(options.sbom ? { sbomDigest: options.sbom.digest } : {}),
      ...(options.lexiconDigests ? { lexiconDigests: options.lexiconDigests } : {}),
      ...(options.gateModels ? { gateModels: options.gateModels } : {}),
    });
    const payload = canonicalJsonBytes(statement);
    const signed = await signStatement(payload, keys);
    signal.throwIfAborted();

    const primary = signed.signatures[0]!;
    const provenance: Provenance = {
      builder_id: options.builderId,
      build_time: input.finished_on.toISOString(),
      ...(options.sbom ? { sbom_ref: input.urls.sbom(options.sbom.digest) } : {}),
      attestation_ref: input.urls.attestation(input.qrg_id),
      slsa_level: computeSlsaLevel(keys.map((key) => key.custody)),
      signature: {
        algorithm: toSpecAlgorithm(primary.algorithm),
        public_key_ref: input.urls.key(primary.key_id),
        signature_b64: primary.signature_b64,
      },
      ...(signed.signatures.length > 1
        ? {
            signatures: signed.signatures.map((signature) => ({
              algorithm: signature.algorithm,
              key_id: signature.key_id,
              public_key_ref: input.urls.key(signature.key_id),
              signature_b64: signature.signature_b64,
            })),
          }
        : {}),
      statement_b64: toBase64(payload),
    };
    const document = encodeAttestationDocument({
      mediaType: QRG_ATTESTATION_MEDIA_TYPE,
      ...(signed.bundle ? { bundle: signed.bundle } : {}),
      envelopes: signed.envelopes,
      statement_digest: hashBytes("sha256", payload),
    });
    const warnings = fallbackWarnings(keys, options.expectedCustody);
    for (const warning of warnings) options.logger?.warn({ qrg_id: input.qrg_id }, warning);
    return { provenance, document, warnings };
  }

  // Parsing and checking every public key is a third of a verification's CPU: reuse the trust store until
  // the key list changes (a rotation, a retirement).
  let trustCache: { signature: string; store: TrustStore } | undefined;
  const trustStore = (keys: readonly PublicKeyInfo[]): TrustStore => {
    const signature = keys.map((k) => `${k.key_id}|${k.status}|${k.not_before}|${k.not_after}`).join(",");
    if (trustCache?.signature !== signature) trustCache = { signature, store: createTrustStore([...keys]) };
    return trustCache.store;
  };

  async function verify(input: VerificationInput): Promise<VerificationResult> {
    const trust = trustStore(await options.keyRing.list());
    const report = verifyArtifact({
      response: input.response,
      content: input.content,
      ...(input.attestation ? { attestation: input.attestation } : {}),
      trust,
      policy: "auto",
      now: clock(),
    });
    return {
      signature_valid: report.signature_valid,
      provenance_verified: report.provenance_verified,
      checks: report.checks,
    };
  }

  return {
    attest,
    verify,
    listKeys: () => options.keyRing.list(),
    sbom: () => options.sbom,
    health: () => options.keyRing.health(),
  };
}
