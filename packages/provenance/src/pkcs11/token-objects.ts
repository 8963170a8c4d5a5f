import { QRGError } from "@qrg/core";
import { keyIdOf } from "@qrg/verify";
import pkcs11js from "pkcs11js";
import {
  CKK_EC_EDWARDS,
  CKM_EC_EDWARDS_KEY_PAIR_GEN,
  ED25519_EC_PARAMS,
  EDWARDS25519_NAME_PARAMS,
  P256_EC_PARAMS,
} from "./mechanisms.ts";
import type { Pkcs11 } from "./pkcs11-module.ts";
import { ecPointToSpki } from "./public-key-spki.ts";
import type { Handle } from "./token-session.ts";

export type Pkcs11Template = Parameters<Pkcs11["C_FindObjectsInit"]>[1];

/** The algorithms whose private keys live on the token. */
export type HsmAlgorithm = "ed25519" | "ecdsa-p256";
export const HSM_ALGORITHMS: readonly HsmAlgorithm[] = ["ed25519", "ecdsa-p256"];

export interface TokenKeyPair {
  /** CKA_ID shared by the private and public objects. */
  ckaId: Uint8Array;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
}

/**
 * Generates a key pair ON the token: the private half is CKA_TOKEN, CKA_PRIVATE, CKA_SENSITIVE and not
 * CKA_EXTRACTABLE, so it can sign but never be read out. Both halves get CKA_LABEL `label` and, once the
 * public key is known, CKA_ID = SHA-256 of its SPKI (the key id), so they can be found again by id.
 */
export function generateTokenKeyPair(
  pkcs11: Pkcs11,
  session: Handle,
  algorithm: HsmAlgorithm,
  label: string,
): TokenKeyPair {
  const ed25519 = algorithm === "ed25519";
  const { publicKey, privateKey } = pkcs11.C_GenerateKeyPair(
    session,
    { mechanism: ed25519 ? CKM_EC_EDWARDS_KEY_PAIR_GEN : pkcs11js.CKM_EC_KEY_PAIR_GEN },
    [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
      { type: pkcs11js.CKA_KEY_TYPE, value: ed25519 ? CKK_EC_EDWARDS : pkcs11js.CKK_EC },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: false },
      { type: pkcs11js.CKA_VERIFY, value: true },
      { type: pkcs11js.CKA_EC_PARAMS, value: ed25519 ? ED25519_EC_PARAMS : P256_EC_PARAMS },
      { type: pkcs11js.CKA_LABEL, value: label },
    ],
    [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_KEY_TYPE, value: ed25519 ? CKK_EC_EDWARDS : pkcs11js.CKK_EC },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
      { type: pkcs11js.CKA_SIGN, value: true },
      { type: pkcs11js.CKA_LABEL, value: label },
    ],
  );
  const spki = readPublicKeySpki(pkcs11, session, publicKey, algorithm);
  const ckaId = Buffer.from(keyIdOf(spki), "hex");
  const idTemplate = [{ type: pkcs11js.CKA_ID, value: ckaId }];
  pkcs11.C_SetAttributeValue(session, publicKey, idTemplate);
  pkcs11.C_SetAttributeValue(session, privateKey, idTemplate);
  return { ckaId: new Uint8Array(ckaId), spki };
}

/** The SPKI of a public key object, after checking it is an `algorithm` key. */
export function readPublicKeySpki(
  pkcs11: Pkcs11,
  session: Handle,
  handle: Handle,
  algorithm: HsmAlgorithm,
): Uint8Array {
  const [keyType, params, point] = pkcs11.C_GetAttributeValue(session, handle, [
    { type: pkcs11js.CKA_KEY_TYPE },
    { type: pkcs11js.CKA_EC_PARAMS },
    { type: pkcs11js.CKA_EC_POINT },
  ]);
  const type = keyType === undefined ? undefined : readUlong(keyType.value);
  const expectedParams =
    algorithm === "ed25519" ? [ED25519_EC_PARAMS, EDWARDS25519_NAME_PARAMS] : [P256_EC_PARAMS];
  const expectedType = algorithm === "ed25519" ? CKK_EC_EDWARDS : pkcs11js.CKK_EC;
  if (type !== expectedType || !expectedParams.some((p) => params?.value.equals(p))) {
    throw new QRGError("key_error", `the token key is not an ${algorithm} key (key type ${type})`);
  }
  return ecPointToSpki(algorithm, point?.value ?? Buffer.alloc(0));
}

/** Every object matching `template`. */
export function findObjects(pkcs11: Pkcs11, session: Handle, template: Pkcs11Template): Handle[] {
  pkcs11.C_FindObjectsInit(session, template);
  try {
    return pkcs11.C_FindObjects(session, 64);
  } finally {
    pkcs11.C_FindObjectsFinal(session);
  }
}

/** The key object of `objectClass` with CKA_ID `ckaId`; key_error when absent or ambiguous. */
export function findKeyById(pkcs11: Pkcs11, session: Handle, objectClass: number, ckaId: Uint8Array): Handle {
  const found = findObjects(pkcs11, session, [
    { type: pkcs11js.CKA_CLASS, value: objectClass },
    { type: pkcs11js.CKA_ID, value: Buffer.from(ckaId) },
  ]);
  if (found.length !== 1) {
    const kind = objectClass === pkcs11js.CKO_PRIVATE_KEY ? "private" : "public";
    throw new QRGError(
      "key_error",
      `expected one ${kind} key with CKA_ID ${Buffer.from(ckaId).toString("hex")} on the token, found ${found.length}`,
    );
  }
  return found[0] as Handle;
}

/** CKA_ID of an object. */
export function readCkaId(pkcs11: Pkcs11, session: Handle, handle: Handle): Uint8Array {
  const [id] = pkcs11.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_ID }]);
  return new Uint8Array(id?.value ?? Buffer.alloc(0));
}

/** A CK_ULONG attribute value: native-endian, 8 bytes on 64-bit Linux (4 on some platforms). */
function readUlong(value: Buffer): number {
  return value.length === 8 ? Number(value.readBigUInt64LE(0)) : value.readUIntLE(0, value.length);
}
