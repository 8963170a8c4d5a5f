import { isQRGError, QRGError, QRGUnavailableError } from "@qrg/core";
import pkcs11js from "pkcs11js";
import { acquireModule, type Pkcs11, pkcs11ErrorName, releaseModule } from "./pkcs11-module.ts";
import type { Pkcs11Uri } from "./pkcs11-uri.ts";

export type Handle = Buffer;

/** Errors after which the session is gone but a fresh one (and a fresh login) may work. */
const SESSION_LOST = new Set([
  "CKR_SESSION_HANDLE_INVALID",
  "CKR_SESSION_CLOSED",
  "CKR_USER_NOT_LOGGED_IN",
  "CKR_DEVICE_REMOVED",
  "CKR_TOKEN_NOT_PRESENT",
  "CKR_DEVICE_ERROR",
]);
const PIN_REJECTED = new Set([
  "CKR_PIN_INCORRECT",
  "CKR_PIN_INVALID",
  "CKR_PIN_LEN_RANGE",
  "CKR_PIN_LOCKED",
  "CKR_PIN_EXPIRED",
]);

export interface TokenSessionOptions {
  uri: Pkcs11Uri;
  pin: string | undefined;
  /** For messages: the reference with any inline PIN masked. */
  displayRef: string;
}

/**
 * A logged-in read/write session on the token a PKCS#11 URI names. Every operation runs through
 * {@link TokenSession.run}: one at a time (a PKCS#11 session holds one active sign operation), and after a
 * lost session (token re-inserted, HSM restarted) the session is reopened and the operation retried once.
 */
export class TokenSession {
  readonly tokenLabel: string;
  readonly #options: TokenSessionOptions;
  readonly #modulePath: string;
  readonly #pkcs11: Pkcs11;
  #session: Handle | undefined;
  /** Bumped on every reopen; object handles cached under an older generation are stale. */
  #generation = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(options: TokenSessionOptions, modulePath: string, pkcs11: Pkcs11) {
    this.#options = options;
    this.#modulePath = modulePath;
    this.#pkcs11 = pkcs11;
    this.tokenLabel = options.uri.token ?? "";
  }

  /** Loads the module, finds the token and logs in; QRGUnavailableError when any of that fails. */
  static open(options: TokenSessionOptions): TokenSession {
    const modulePath = options.uri.modulePath;
    if (modulePath === undefined) {
      throw new QRGError(
        "config_error",
        `${options.displayRef} names no module-path (the PKCS#11 library to load)`,
      );
    }
    const pkcs11 = acquireModule(modulePath);
    const session = new TokenSession(options, modulePath, pkcs11);
    try {
      session.#reopen();
    } catch (error) {
      releaseModule(modulePath);
      throw error;
    }
    return session;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Runs `operation` with the live session, serialised with every other operation on this token. */
  run<T>(operation: (pkcs11: Pkcs11, session: Handle) => T | Promise<T>): Promise<T> {
    const next = this.#queue.then(() => this.#runNow(operation));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Whether the session is open and the token still present. */
  async healthy(): Promise<boolean> {
    try {
      await this.run((pkcs11, session) => pkcs11.C_GetSessionInfo(session));
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the session (the token logs the application out with its last session) and releases the module. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#session !== undefined) {
      try {
        this.#pkcs11.C_CloseSession(this.#session);
      } catch {
        // already gone with the token; nothing left to release
      }
      this.#session = undefined;
    }
    releaseModule(this.#modulePath);
  }

  async #runNow<T>(operation: (pkcs11: Pkcs11, session: Handle) => T | Promise<T>): Promise<T> {
    if (this.#closed)
      throw new QRGUnavailableError(`the PKCS#11 key ring for ${this.#options.displayRef} is closed`);
    try {
      if (this.#session === undefined) this.#reopen();
      return await operation(this.#pkcs11, this.#session as Handle);
    } catch (error) {
      if (!SESSION_LOST.has(pkcs11ErrorName(error) ?? "")) throw this.#translate(error);
      this.#session = undefined;
      try {
        this.#reopen();
        return await operation(this.#pkcs11, this.#session as unknown as Handle);
      } catch (retryError) {
        throw this.#translate(retryError);
      }
    }
  }

  #reopen(): void {
    const { uri, pin, displayRef } = this.#options;
    const slot = this.#findSlot();
    let session: Handle;
    try {
      session = this.#pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    } catch (cause) {
      throw new QRGUnavailableError(
        `HSM unavailable: cannot open a session on token "${uri.token}" (${message(cause)})`,
        {
          cause,
        },
      );
    }
    if (pin !== undefined) {
      try {
        this.#pkcs11.C_Login(session, pkcs11js.CKU_USER, pin);
      } catch (cause) {
        const code = pkcs11ErrorName(cause);
        if (code !== "CKR_USER_ALREADY_LOGGED_IN") {
          this.#pkcs11.C_CloseSession(session);
          const why = PIN_REJECTED.has(code ?? "") ? "rejected the PIN" : "refused the login";
          throw new QRGUnavailableError(
            `HSM unavailable: token "${uri.token}" ${why} (${code ?? message(cause)}) for ${displayRef}`,
            {
              cause,
            },
          );
        }
      }
    }
    this.#session = session;
    this.#generation++;
  }

  #findSlot(): Handle {
    const { uri, displayRef } = this.#options;
    let slots: Handle[];
    try {
      slots = this.#pkcs11.C_GetSlotList(true);
    } catch (cause) {
      throw new QRGUnavailableError(`HSM unavailable: cannot list PKCS#11 slots (${message(cause)})`, {
        cause,
      });
    }
    const matching = slots.filter((slot) => {
      if (uri.slotId !== undefined && slot.readBigUInt64LE(0) !== uri.slotId) return false;
      const info = this.#pkcs11.C_GetTokenInfo(slot);
      if (!(info.flags & pkcs11js.CKF_TOKEN_INITIALIZED)) return false;
      if (uri.token !== undefined && info.label.trim() !== uri.token) return false;
      if (uri.serial !== undefined && info.serialNumber.trim() !== uri.serial) return false;
      if (uri.manufacturer !== undefined && info.manufacturerID.trim() !== uri.manufacturer) return false;
      if (uri.model !== undefined && info.model.trim() !== uri.model) return false;
      return true;
    });
    if (matching.length === 0) {
      throw new QRGUnavailableError(
        `HSM unavailable: no initialised PKCS#11 token matches ${displayRef} in ${this.#modulePath}`,
      );
    }
    if (matching.length > 1) {
      throw new QRGError(
        "config_error",
        `${matching.length} PKCS#11 tokens match ${displayRef}; add serial= or slot-id=`,
      );
    }
    return matching[0] as Handle;
  }

  #translate(error: unknown): Error {
    if (isQRGError(error)) return error;
    const code = pkcs11ErrorName(error);
    if (code !== undefined && SESSION_LOST.has(code)) {
      return new QRGUnavailableError(`HSM unavailable: token "${this.tokenLabel}" went away (${code})`, {
        cause: error,
      });
    }
    return new QRGError(
      "key_error",
      `PKCS#11 operation on token "${this.tokenLabel}" failed: ${message(error)}`,
      {
        cause: error,
      },
    );
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
