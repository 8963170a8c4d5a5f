import { createHash } from "node:crypto";
import type { VerificationCheck } from "@qrg/core";
import { type Bundle, bundleFromJSON } from "@sigstore/bundle";
import { toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";
import { nodePublicKey } from "./algorithms/node-verify.ts";
import { verifySignature } from "./algorithms/verify-signature.ts";
import {
  createTrustStore,
  describeWindow,
  keyUnusableAt,
  type ResolvedKey,
  shortId,
  type TrustedKey,
  type TrustStore,
} from "./signatures/trust.ts";
import { IN_TOTO_PAYLOAD_TYPE } from "./statement/constants.ts";
import { ProvenanceStatementSchema } from "./statement/statement-schema.ts";
import { subjectMatches } from "./subject-match.ts";

export interface BundleVerificationOptions {
  /** The signed artifact: required for message-signature bundles, checked against DSSE subjects. */
  artifact?: Uint8Array;
  /**
   * When the signature was made; the key's validity window must contain it.
   * @default the in-toto Statement's runDetails.metadata.finishedOn when the payload has one, else `now`
   */
  signedAt?: Date;
  /** @default new Date() */
  now?: Date;
}

export interface BundleVerificationReport {
  valid: boolean;
  kind: "dsse" | "message_signature" | "unknown";
  media_type: string;
  /** The trusted key that verified the signature. */
  key_id?: string;
  /** DSSE payloadType and payload bytes. */
  payload_type?: string;
  payload?: Uint8Array;
  checks: VerificationCheck[];
  warnings: string[];
}

type TrustedRoot = Parameters<typeof toTrustMaterial>[0];

/** No CAs, logs or TSAs: trust comes only from the public keys we are given. */
const KEYS_ONLY_ROOT: TrustedRoot = {
  mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

function isTrustStore(trust: unknown): trust is TrustStore {
  return typeof (trust as TrustStore).byId === "function";
}

function mediaTypeOf(bundle: unknown): string {
  const mediaType = (bundle as { mediaType?: unknown } | null)?.mediaType;
  return typeof mediaType === "string" ? mediaType : "";
}

/** Keys that may have signed: the one the hint names, else every classical key (cosign's hints vary). */
function bundleCandidates(hint: string, trust: TrustStore): ResolvedKey[] {
  const named = hint ? trust.byId(hint) : undefined;
  if (named) return [named];
  return trust.all().filter((key) => key.info.algorithm !== "ml-dsa-87");
}

/**
 * @sigstore/verify checks message signatures with `verify("sha256", …)`, which Ed25519 keys refuse; an
 * Ed25519 message signature (PureEdDSA over the artifact) is checked here instead, digest first.
 */
function verifyEd25519MessageSignature(bundle: Bundle, key: ResolvedKey, artifact: Uint8Array): boolean {
  if (bundle.content.$case !== "messageSignature") return false;
  const { messageDigest, signature } = bundle.content.messageSignature;
  const digest = createHash("sha256").update(artifact).digest();
  if (!messageDigest || !digest.equals(messageDigest.digest)) return false;
  return verifySignature("ed25519", key.spki, artifact, signature);
}

/** How a bundle was verified, for the report; undefined when `key` does not verify it. */
function verifyWith(bundle: Bundle, key: ResolvedKey, artifact: Uint8Array | undefined): string | undefined {
  if (bundle.content.$case === "messageSignature" && key.info.algorithm === "ed25519") {
    const ok = artifact ? verifyEd25519MessageSignature(bundle, key, artifact) : false;
    return ok ? "Ed25519 over the artifact, which @sigstore/verify does not support" : undefined;
  }
  try {
    // Only classical keys get here (bundleCandidates), which node:crypto always implements.
    const publicKey = nodePublicKey(key.info.algorithm, key.spki);
    const trustMaterial = toTrustMaterial(KEYS_ONLY_ROOT, () => ({ publicKey, validFor: () => true }));
    const verifier = new Verifier(trustMaterial, {
      tlogThreshold: 0,
      ctlogThreshold: 0,
      tsaThreshold: 0,
      timestampThreshold: 0,
    });
    const entity = toSignedEntity(bundle, artifact ? Buffer.from(artifact) : undefined);
    // Log entries and timestamps can only be checked against Rekor/TSA trust material, which an offline,
    // keys-only verifier does not have; they are reported, not relied on.
    verifier.verify({ ...entity, tlogEntries: [], timestamps: [] });
    return "@sigstore/verify";
  } catch {
    return undefined;
  }
}

function statementFinishedOn(payloadType: string, payload: Uint8Array): Date | undefined {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) return undefined;
  try {
    const parsed = ProvenanceStatementSchema.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    const finishedOn = parsed.success ? parsed.data.predicate.runDetails.metadata?.finishedOn : undefined;
    return finishedOn ? new Date(finishedOn) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks that the bundle is about `artifact`: the message digest, or a Statement subject, or the payload. */
function artifactCheck(bundle: Bundle, artifact: Uint8Array): VerificationCheck {
  if (bundle.content.$case === "messageSignature") {
    const { messageDigest } = bundle.content.messageSignature;
    const digest = createHash("sha256").update(artifact).digest();
    const ok = messageDigest !== undefined && digest.equals(messageDigest.digest);
    return {
      name: "bundle.artifact",
      ok,
      detail: ok
        ? "artifact sha256 equals the signed message digest"
        : "artifact sha256 differs from the signed message digest",
    };
  }
  const { payloadType, payload } = bundle.content.dsseEnvelope;
  if (payloadType === IN_TOTO_PAYLOAD_TYPE) {
    const match = subjectMatches(payload, artifact);
    return { name: "bundle.artifact", ok: match.ok, detail: match.detail };
  }
  const ok = Buffer.from(artifact).equals(payload);
  return {
    name: "bundle.artifact",
    ok,
    detail: ok ? "artifact equals the DSSE payload" : "artifact differs from the DSSE payload",
  };
}

/**
 * Verifies a Sigstore bundle (DSSE or message signature, key-based P-256 or Ed25519, from any tool) with
 * @sigstore/verify against public keys only: no certificates, transparency log or timestamps. The key the
 * bundle's hint names (or, failing that, any trusted classical key) must verify it and have been valid when
 * it signed. @sigstore/verify does not compare a message-signature digest with the artifact; that is done
 * here, so a message-signature bundle needs the artifact.
 */
export function verifySigstoreBundle(
  bundle: unknown,
  trust: readonly TrustedKey[] | { keys: TrustedKey[] } | TrustStore,
  options: BundleVerificationOptions = {},
): BundleVerificationReport {
  const store = isTrustStore(trust) ? trust : createTrustStore(trust as TrustedKey[]);
  const report: BundleVerificationReport = {
    valid: false,
    kind: "unknown",
    media_type: mediaTypeOf(bundle),
    checks: [],
    warnings: [],
  };
  let parsed: Bundle;
  try {
    parsed = bundleFromJSON(bundle);
  } catch (error) {
    const fields = (error as { fields?: string[] }).fields;
    const where = fields?.length ? ` (${fields.join(", ")})` : "";
    report.checks.push({
      name: "bundle.format",
      ok: false,
      detail: `not a Sigstore bundle: ${(error as Error).message}${where}`,
    });
    return report;
  }
  report.kind = parsed.content.$case === "dsseEnvelope" ? "dsse" : "message_signature";
  const signedContent =
    parsed.content.$case === "dsseEnvelope"
      ? `DSSE envelope (${parsed.content.dsseEnvelope.payloadType})`
      : "message signature";
  report.checks.push({ name: "bundle.format", ok: true, detail: `${report.media_type}, ${signedContent}` });
  if (parsed.content.$case === "dsseEnvelope") {
    report.payload_type = parsed.content.dsseEnvelope.payloadType;
    report.payload = new Uint8Array(parsed.content.dsseEnvelope.payload);
    if (parsed.content.dsseEnvelope.signatures.length !== 1) {
      report.warnings.push("the DSSE envelope holds more than one signature; only the first is verified");
    }
  }
  const { tlogEntries, timestampVerificationData } = parsed.verificationMaterial;
  const witnessCount = tlogEntries.length + (timestampVerificationData?.rfc3161Timestamps.length ?? 0);
  if (witnessCount > 0) {
    report.warnings.push(
      `${witnessCount} transparency-log entries/timestamps not checked (offline: no Rekor or TSA trust material)`,
    );
  }

  const material = parsed.verificationMaterial.content;
  if (material.$case !== "publicKey") {
    report.checks.push({
      name: "bundle.signature",
      ok: false,
      detail:
        "certificate-based bundle: keyless (Fulcio) signatures need a Sigstore trusted root; only key-based bundles verify offline",
    });
    return finish(report);
  }
  if (parsed.content.$case === "messageSignature" && !options.artifact) {
    report.checks.push({
      name: "bundle.artifact",
      ok: false,
      detail: "a message-signature bundle signs the artifact's digest: the artifact is required",
    });
    return finish(report);
  }
  const candidates = bundleCandidates(material.publicKey.hint, store);
  let key: ResolvedKey | undefined;
  let method: string | undefined;
  for (const candidate of candidates) {
    method = verifyWith(parsed, candidate, options.artifact);
    if (method) {
      key = candidate;
      break;
    }
  }
  if (!key) {
    const which =
      candidates.length === 1
        ? `key ${shortId(candidates[0]!.info.key_id)}`
        : `any of ${candidates.length} trusted keys`;
    report.checks.push({
      name: "bundle.signature",
      ok: false,
      detail: `signature does not verify with ${which}`,
    });
  } else {
    report.key_id = key.info.key_id;
    const signedAt =
      options.signedAt ??
      (report.payload && report.payload_type
        ? statementFinishedOn(report.payload_type, report.payload)
        : undefined) ??
      options.now ??
      new Date();
    const unusable = keyUnusableAt(key.info, signedAt);
    report.checks.push({
      name: "bundle.signature",
      ok: unusable === undefined,
      detail:
        unusable ??
        `verified (${method}) with ${key.info.status} ${key.info.algorithm} key ${shortId(key.info.key_id)} ${describeWindow(key.info)}`,
    });
  }
  if (options.artifact) report.checks.push(artifactCheck(parsed, options.artifact));
  return finish(report);
}

function finish(report: BundleVerificationReport): BundleVerificationReport {
  report.valid = report.checks.length > 0 && report.checks.every((check) => check.ok);
  return report;
}
