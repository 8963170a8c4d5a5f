import { IN_TOTO_PAYLOAD_TYPE } from "@qrg/verify";
import { bundleToJSON, type SerializedBundle } from "@sigstore/bundle";
import { DSSEBundleBuilder } from "@sigstore/sign";
import type { SigningKey } from "../signing-key.ts";
import { createLocalKeySigner } from "./local-signer.ts";

export type { SerializedBundle };

/**
 * Signs `payload` (an in-toto Statement) into a Sigstore bundle v0.3 with a DSSE envelope, using
 * @sigstore/sign's DSSEBundleBuilder and no witnesses: no Fulcio, Rekor or TSA, so nothing leaves the
 * process. Measured at ~0.03 ms on top of an Ed25519 signature, so it is built per request.
 */
export async function buildStatementBundle(key: SigningKey, payload: Uint8Array): Promise<SerializedBundle> {
  const builder = new DSSEBundleBuilder({ signer: createLocalKeySigner(key), witnesses: [] });
  const bundle = await builder.create({
    data: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
    type: IN_TOTO_PAYLOAD_TYPE,
  });
  return bundleToJSON(bundle);
}
