import { createHash } from "node:crypto";
import { spkiToPem } from "@qrg/verify";
import pkcs11js from "pkcs11js";
import type { SigningKey } from "../signing-key.ts";
import { rawEcdsaToDer } from "./ecdsa-signature.ts";
import { CKM_EDDSA } from "./mechanisms.ts";
import type { Pkcs11 } from "./pkcs11-module.ts";
import type { RingEntry } from "./ring-metadata.ts";
import { findKeyById } from "./token-objects.ts";
import type { Handle, TokenSession } from "./token-session.ts";

/** Largest signature either mechanism returns: Ed25519 64 bytes, P-256 raw r||s 64 bytes. */
const SIGNATURE_BUFFER_BYTES = 64;

/**
 * A {@link SigningKey} whose private half stays on the token: signing is C_SignInit + C_Sign in the
 * ring's session. Ed25519 signs the message itself (CKM_EDDSA, pure EdDSA); P-256 signs its SHA-256
 * with CKM_ECDSA and the raw r||s is re-encoded as DER.
 */
export function createPkcs11SigningKey(session: TokenSession, entry: RingEntry): SigningKey {
  const spki = new Uint8Array(Buffer.from(entry.spki_b64, "base64"));
  const ckaId = new Uint8Array(Buffer.from(entry.cka_id, "hex"));
  let cached: { generation: number; handle: Handle } | undefined;

  const privateHandle = (pkcs11: Pkcs11, handle: Handle): Handle => {
    if (cached?.generation !== session.generation) {
      cached = {
        generation: session.generation,
        handle: findKeyById(pkcs11, handle, pkcs11js.CKO_PRIVATE_KEY, ckaId),
      };
    }
    return cached.handle;
  };

  return {
    keyId: entry.key_id,
    algorithm: entry.algorithm,
    publicKeySpki: spki,
    publicKeyPem: spkiToPem(spki),
    custody: "hsm",
    sign: (message) =>
      session.run(async (pkcs11, handle) => {
        const key = privateHandle(pkcs11, handle);
        if (entry.algorithm === "ed25519") {
          pkcs11.C_SignInit(handle, { mechanism: CKM_EDDSA }, key);
          const signature = await pkcs11.C_SignAsync(
            handle,
            Buffer.from(message),
            Buffer.alloc(SIGNATURE_BUFFER_BYTES),
          );
          return new Uint8Array(signature);
        }
        const digest = createHash("sha256").update(message).digest();
        pkcs11.C_SignInit(handle, { mechanism: pkcs11js.CKM_ECDSA }, key);
        const raw = await pkcs11.C_SignAsync(handle, digest, Buffer.alloc(SIGNATURE_BUFFER_BYTES));
        return rawEcdsaToDer(raw);
      }),
  };
}
