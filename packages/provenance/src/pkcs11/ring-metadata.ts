import { QRGError } from "@qrg/core";
import pkcs11js from "pkcs11js";
import { z } from "zod";
import type { Pkcs11 } from "./pkcs11-module.ts";
import { findObjects } from "./token-objects.ts";
import type { Handle } from "./token-session.ts";

/** CKA_APPLICATION of the data object that holds the ring's bookkeeping. */
export const METADATA_APPLICATION = "qrg-key-ring";

const EntrySchema = z.object({
  key_id: z.string().regex(/^[0-9a-f]{64}$/),
  /** CKA_ID of the key pair on the token, hex (the key id for generated keys; anything for adopted ones). */
  cka_id: z.string().regex(/^(?:[0-9a-f]{2})*$/),
  algorithm: z.enum(["ed25519", "ecdsa-p256"]),
  spki_b64: z.string(),
  status: z.enum(["active", "retired", "revoked"]),
  not_before: z.iso.datetime({ offset: true }),
  not_after: z.iso.datetime({ offset: true }).nullable(),
});

const MetadataSchema = z.object({
  version: z.literal(1),
  /** Bumped by every write; the highest wins if a crash left an older object behind. */
  revision: z.int().min(0),
  keys: z.array(EntrySchema),
});

export type RingEntry = z.output<typeof EntrySchema>;
export type RingMetadata = z.output<typeof MetadataSchema>;

/**
 * The ring's validity windows, kept on the token itself in a private CKO_DATA object (CKA_APPLICATION
 * `qrg-key-ring`, CKA_LABEL the ring's label prefix): CKA_START_DATE/CKA_END_DATE only hold dates, and
 * keeping the bookkeeping beside the keys means a token moved to another host brings its history along.
 */
export function readRingMetadata(pkcs11: Pkcs11, session: Handle, label: string): RingMetadata {
  const stored = readAll(pkcs11, session, label);
  return stored.at(-1)?.metadata ?? { version: 1, revision: 0, keys: [] };
}

/**
 * Stores a new revision. CKA_VALUE of a data object is read-only once created, so the new object is created
 * before the old ones are destroyed: a crash in between leaves two, and the newer revision is read.
 */
export function writeRingMetadata(
  pkcs11: Pkcs11,
  session: Handle,
  label: string,
  keys: readonly RingEntry[],
): RingMetadata {
  const stored = readAll(pkcs11, session, label);
  const metadata = MetadataSchema.parse({
    version: 1,
    revision: (stored.at(-1)?.metadata.revision ?? 0) + 1,
    keys,
  });
  pkcs11.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_APPLICATION, value: METADATA_APPLICATION },
    { type: pkcs11js.CKA_LABEL, value: label },
    { type: pkcs11js.CKA_VALUE, value: Buffer.from(JSON.stringify(metadata), "utf8") },
  ]);
  for (const old of stored) pkcs11.C_DestroyObject(session, old.handle);
  return metadata;
}

/** Every metadata object for `label`, oldest revision first. */
function readAll(
  pkcs11: Pkcs11,
  session: Handle,
  label: string,
): Array<{ handle: Handle; metadata: RingMetadata }> {
  const handles = findObjects(pkcs11, session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
    { type: pkcs11js.CKA_APPLICATION, value: METADATA_APPLICATION },
    { type: pkcs11js.CKA_LABEL, value: label },
  ]);
  return handles
    .map((handle) => ({ handle, metadata: parseMetadata(pkcs11, session, handle, label) }))
    .sort((a, b) => a.metadata.revision - b.metadata.revision);
}

function parseMetadata(pkcs11: Pkcs11, session: Handle, handle: Handle, label: string): RingMetadata {
  const [value] = pkcs11.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value?.value.toString("utf8") ?? "");
  } catch (cause) {
    throw new QRGError("key_error", `the key ring metadata object "${label}" on the token is not JSON`, {
      cause,
    });
  }
  const result = MetadataSchema.safeParse(parsed);
  if (!result.success) {
    throw new QRGError("key_error", `the key ring metadata object "${label}" on the token is malformed`, {
      cause: result.error,
    });
  }
  return result.data;
}
