import { QRGError } from "@qrg/core";

/** SubjectPublicKeyInfo prefixes (RFC 8410 / RFC 5480): algorithm identifier plus BIT STRING header. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const P256_SPKI_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");

/**
 * DER SubjectPublicKeyInfo from a token's CKA_EC_POINT. The standard value is the point wrapped in a DER
 * OCTET STRING; some tokens return the bare point, so both are accepted (told apart by length).
 */
export function ecPointToSpki(algorithm: "ed25519" | "ecdsa-p256", ecPoint: Uint8Array): Uint8Array {
  const point = Buffer.from(ecPoint);
  if (algorithm === "ed25519") {
    const raw = point.length === 34 && point[0] === 0x04 && point[1] === 0x20 ? point.subarray(2) : point;
    if (raw.length !== 32) throw badPoint(algorithm, point);
    return new Uint8Array(Buffer.concat([ED25519_SPKI_PREFIX, raw]));
  }
  const raw = point.length === 67 && point[0] === 0x04 && point[1] === 0x41 ? point.subarray(2) : point;
  if (raw.length !== 65 || raw[0] !== 0x04) throw badPoint(algorithm, point);
  return new Uint8Array(Buffer.concat([P256_SPKI_PREFIX, raw]));
}

function badPoint(algorithm: string, point: Buffer): QRGError {
  return new QRGError(
    "key_error",
    `the token returned a ${point.length}-byte CKA_EC_POINT, not a ${algorithm} point`,
  );
}
