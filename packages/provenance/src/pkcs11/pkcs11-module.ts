import { QRGUnavailableError } from "@qrg/core";
import pkcs11js from "pkcs11js";

export type Pkcs11 = InstanceType<typeof pkcs11js.PKCS11>;

interface LoadedModule {
  pkcs11: Pkcs11;
  users: number;
}

/**
 * One loaded, initialised PKCS#11 module per library path and process. C_Initialize may run only once per
 * process for a given library (CKR_CRYPTOKI_ALREADY_INITIALIZED), so rings share the module and the last
 * one to close finalises it.
 */
const modules = new Map<string, LoadedModule>();

/** Loads and initialises `modulePath` (or reuses it); unavailable when the library cannot be loaded. */
export function acquireModule(modulePath: string): Pkcs11 {
  const known = modules.get(modulePath);
  if (known) {
    known.users++;
    return known.pkcs11;
  }
  const pkcs11 = new pkcs11js.PKCS11();
  try {
    pkcs11.load(modulePath);
  } catch (cause) {
    throw new QRGUnavailableError(
      `HSM unavailable: cannot load the PKCS#11 module ${modulePath} (${(cause as Error).message})`,
      { cause },
    );
  }
  try {
    pkcs11.C_Initialize();
  } catch (cause) {
    if (pkcs11ErrorName(cause) !== "CKR_CRYPTOKI_ALREADY_INITIALIZED") {
      pkcs11.close();
      throw new QRGUnavailableError(
        `HSM unavailable: C_Initialize failed for ${modulePath} (${(cause as Error).message})`,
        { cause },
      );
    }
  }
  modules.set(modulePath, { pkcs11, users: 1 });
  return pkcs11;
}

/** Releases one use of `modulePath`; the last release finalises and unloads it. */
export function releaseModule(modulePath: string): void {
  const known = modules.get(modulePath);
  if (!known) return;
  known.users--;
  if (known.users > 0) return;
  modules.delete(modulePath);
  try {
    known.pkcs11.C_Finalize();
  } finally {
    known.pkcs11.close();
  }
}

/** The CKR_* name of a pkcs11js error (`Pkcs11Error.message`), or undefined for any other error. */
export function pkcs11ErrorName(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : "";
  return /^(CKR_[A-Z0-9_]+)/.exec(message)?.[1];
}
