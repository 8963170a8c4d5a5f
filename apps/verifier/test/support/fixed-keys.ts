import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createSoftwareSigningKey, type SigningKey } from "@qrg/provenance";
import type { KeyAlgorithm } from "@qrg/schema";

export { fixedKeyInfo as keyInfo, fixedKeyRing } from "@qrg/provenance/testing";

const KEY_DIR = join(import.meta.dirname, "..", "fixtures", "keys");

/** One of the committed test keys (fixtures/keys/NAME.pem), through the production software SigningKey. */
export function fixedKey(name: string, algorithm: KeyAlgorithm): SigningKey {
  const pem = readFileSync(join(KEY_DIR, `${name}.pem`));
  const pkcs8 = createPrivateKey(pem).export({ type: "pkcs8", format: "der" });
  return createSoftwareSigningKey(algorithm, new Uint8Array(pkcs8));
}
