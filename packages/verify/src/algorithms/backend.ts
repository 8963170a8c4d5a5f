import { generateKeyPairSync } from "node:crypto";
import { QRGError } from "@qrg/core";
import type { KeyAlgorithm } from "@qrg/schema";

/**
 * Which implementation does the maths. node:crypto (OpenSSL) is primary; the audited pure-JS @noble libraries
 * are the fallback when the running Node lacks an algorithm (ML-DSA arrived in Node 24 with OpenSSL 3.5) and a
 * second implementation for cross-checks.
 */
export type CryptoBackend = "node" | "noble";

export const CRYPTO_BACKENDS: readonly CryptoBackend[] = ["node", "noble"];

export interface BackendOptions {
  /**
   * Forces a backend. Environment `QRG_CRYPTO_BACKEND=node|noble` forces it process-wide.
   * @default "node" when node:crypto implements the algorithm, else "noble"
   */
  backend?: CryptoBackend;
}

const nodeSupport = new Map<KeyAlgorithm, boolean>();

/** Whether this Node's crypto implements `algorithm` (probed once: Ed25519 and P-256 always, ML-DSA-87 on 24+). */
export function nodeSupports(algorithm: KeyAlgorithm): boolean {
  if (algorithm !== "ml-dsa-87") return true;
  let supported = nodeSupport.get(algorithm);
  if (supported === undefined) {
    try {
      generateKeyPairSync("ml-dsa-87");
      supported = true;
    } catch {
      supported = false;
    }
    nodeSupport.set(algorithm, supported);
  }
  return supported;
}

function backendFromEnvironment(): CryptoBackend | undefined {
  const value = process.env.QRG_CRYPTO_BACKEND;
  if (value === undefined || value === "") return undefined;
  if (value === "node" || value === "noble") return value;
  throw new QRGError("config_error", `QRG_CRYPTO_BACKEND must be "node" or "noble", got "${value}"`);
}

/** The backend that will run `algorithm`: explicit option, then QRG_CRYPTO_BACKEND, then the best available. */
export function resolveBackend(algorithm: KeyAlgorithm, requested?: CryptoBackend): CryptoBackend {
  const backend = requested ?? backendFromEnvironment();
  if (backend === "noble") return "noble";
  if (backend === "node") {
    if (!nodeSupports(algorithm)) {
      throw new QRGError(
        "config_error",
        `node:crypto in Node ${process.versions.node} does not implement ${algorithm}; use the "noble" backend`,
      );
    }
    return "node";
  }
  return nodeSupports(algorithm) ? "node" : "noble";
}
