import type { KeyRing } from "../key-ring.ts";
import type { KeyRingFactory, KeyRingResolveOptions } from "../keys/key-reference.ts";
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
 * The provider for `pkcs11:` key references, to pass to `resolveKeyRing` as `providers: { pkcs11: … }`. The
 * resolve options' `clock` and `generate` carry over (`generate: false` → keys must already be on the token).
 */
export function pkcs11KeyRingProvider(options: Pkcs11ProviderOptions = {}): KeyRingFactory {
  return async (ref, resolveOptions) => {
    const fallback =
      typeof options.fallback === "function" ? await options.fallback(resolveOptions) : options.fallback;
    return createPkcs11KeyRing(ref, {
      ...(fallback === undefined ? {} : { fallback }),
      ...(resolveOptions.generate === undefined ? {} : { generateKeys: resolveOptions.generate }),
      ...(resolveOptions.clock === undefined ? {} : { now: resolveOptions.clock }),
    });
  };
}
