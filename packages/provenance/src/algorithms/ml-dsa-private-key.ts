import { bytesEqual, derError, encodeTlv, readChildren, readTlv, TAG } from "@qrg/verify";

/**
 * ML-DSA-87 private key bodies (the content of PKCS#8 `privateKey`), per RFC 9881 (draft-ietf-lamps-dilithium-
 * certificates) §6:
 *
 *   ML-DSA-87-PrivateKey ::= CHOICE {
 *     seed         [0] IMPLICIT OCTET STRING (SIZE (32)),   -- 80 20 <seed>
 *     expandedKey  OCTET STRING (SIZE (4896)),               -- 04 82 13 20 <sk>
 *     both         SEQUENCE { seed OCTET STRING (SIZE (32)), expandedKey OCTET STRING (SIZE (4896)) } }
 *
 * Node 24.22 exports the seed-only form and imports all three; we write the seed-only form too (the expanded
 * key when no seed is known) so the two backends emit byte-identical PKCS#8 for the same seed.
 */
export const ML_DSA_87_SEED_LENGTH = 32;
export const ML_DSA_87_SECRET_KEY_LENGTH = 4896;
export const ML_DSA_87_SIGNATURE_LENGTH = 4627;

const SEED_TAG = 0x80;

/** Seed, expanded key, or both (at least one is present). */
export interface MlDsaPrivateKeyBody {
  seed?: Uint8Array;
  expanded?: Uint8Array;
}

/** The seed-only form when the seed is known, else the expanded key. */
export function encodeMlDsaPrivateKey(key: MlDsaPrivateKeyBody): Uint8Array {
  if (key.seed) return encodeTlv(SEED_TAG, checkLength(key.seed, ML_DSA_87_SEED_LENGTH, "seed"));
  if (key.expanded) {
    return encodeTlv(TAG.OCTET_STRING, checkLength(key.expanded, ML_DSA_87_SECRET_KEY_LENGTH, "expandedKey"));
  }
  throw derError("ML-DSA-87 PKCS#8 needs the seed or the expanded key");
}

export function decodeMlDsaPrivateKey(body: Uint8Array): MlDsaPrivateKeyBody {
  const element = readTlv(body, 0);
  if (element.end !== body.length) throw derError("trailing bytes after ML-DSA private key");
  if (element.tag === SEED_TAG) return { seed: checkLength(element.content, ML_DSA_87_SEED_LENGTH, "seed") };
  if (element.tag === TAG.OCTET_STRING) {
    return { expanded: checkLength(element.content, ML_DSA_87_SECRET_KEY_LENGTH, "expandedKey") };
  }
  if (element.tag === TAG.SEQUENCE) {
    const [seed, expanded, ...rest] = readChildren(element.content);
    if (seed?.tag !== TAG.OCTET_STRING || expanded?.tag !== TAG.OCTET_STRING || rest.length > 0) {
      throw derError("ML-DSA private key `both` must hold two OCTET STRINGs");
    }
    return {
      seed: checkLength(seed.content, ML_DSA_87_SEED_LENGTH, "seed"),
      expanded: checkLength(expanded.content, ML_DSA_87_SECRET_KEY_LENGTH, "expandedKey"),
    };
  }
  throw derError("unrecognised ML-DSA-87 private key form");
}

/** RFC 9881 asks importers of the `both` form to check the expanded key really derives from the seed. */
export function assertSeedMatchesExpanded(derived: Uint8Array, expanded: Uint8Array): void {
  if (!bytesEqual(derived, expanded)) {
    throw derError("ML-DSA-87 private key: expandedKey does not derive from seed");
  }
}

function checkLength(bytes: Uint8Array, length: number, what: string): Uint8Array {
  if (bytes.length !== length) throw derError(`ML-DSA-87 ${what} must be ${length} bytes`);
  return bytes;
}
