import type { Signature, Signer } from "@sigstore/sign";
import type { SigningKey } from "../signing-key.ts";

/**
 * A @sigstore/sign `Signer` backed by one of our keys (file, PKCS#11 or KMS): no Fulcio certificate, the
 * bundle names the key by its id in verificationMaterial.publicKey.hint.
 */
export function createLocalKeySigner(key: SigningKey): Signer {
  return {
    async sign(data: Buffer): Promise<Signature> {
      const signature = await key.sign(data);
      return {
        signature: Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength),
        key: { $case: "publicKey", publicKey: key.publicKeyPem, hint: key.keyId },
      };
    },
  };
}
