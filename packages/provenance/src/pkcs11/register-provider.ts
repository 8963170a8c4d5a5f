import type { KeyRing } from "../key-ring.ts";
import { type KeyRingResolveOptions, registerKeyRingProvider } from "../keys/index.ts";
import { createPkcs11KeyRing } from "./pkcs11-key-ring.ts";

export interface Pkcs11ProviderOptions {
  /**
   * The software ring ML-DSA-87 keys live in (PKCS#11 has no ML-DSA mechanism), typically the file key ring
   * of the data directory. A function is called once per resolved reference with the resolve options.
   * @default undefined — ML-DSA-87 requests on a pkcs11: ring throw a `not_implemented` QRGError
   */
  fallback?: KeyRing | ((options: KeyRingResolveOptions) => KeyRing | Promise<KeyRing>);
}

/**
 * Makes `pkcs11:` key references resolvable by `resolveKeyRing`. The resolve options' `clock` and
 * `generate` carry over (`generate: false` → keys must already be on the token). Returns the unregister
 * function; registering twice without unregistering is a QRGError "conflict".
 */
export function registerPkcs11Provider(options: Pkcs11ProviderOptions = {}): () => void {
  return registerKeyRingProvider("pkcs11", async (ref, resolveOptions) => {
    const fallback =
      typeof options.fallback === "function" ? await options.fallback(resolveOptions) : options.fallback;
    return createPkcs11KeyRing(ref, {
      ...(fallback === undefined ? {} : { fallback }),
      ...(resolveOptions.generate === undefined ? {} : { generateKeys: resolveOptions.generate }),
      ...(resolveOptions.clock === undefined ? {} : { now: resolveOptions.clock }),
    });
  });
}
