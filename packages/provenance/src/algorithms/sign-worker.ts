import { sign } from "node:crypto";
import { parentPort } from "node:worker_threads";
import type { WorkerKey } from "./private-key.ts";
import type { SignJob, SignReply } from "./sign-worker-protocol.ts";

/**
 * Worker-thread entry: signs ML-DSA-87 (or any) messages off the main event loop. Loaded directly by Node
 * (type stripping), so it imports nothing but node builtins and, lazily, @noble for the noble backend.
 */

type NobleMlDsa = { sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array };

const keys = new Map<number, WorkerKey>();
let nobleMlDsa: Promise<NobleMlDsa> | undefined;

async function signWith(key: WorkerKey, message: Uint8Array): Promise<Uint8Array> {
  if (key.backend === "node") {
    return sign(key.algorithm === "ecdsa-p256" ? "sha256" : null, message, key.key);
  }
  if (key.algorithm !== "ml-dsa-87")
    throw new Error(`worker signs ${key.algorithm} only with the node backend`);
  nobleMlDsa ??= import("@noble/post-quantum/ml-dsa.js").then((module) => module.ml_dsa87);
  return (await nobleMlDsa).sign(message, key.secret);
}

parentPort?.on("message", async (job: SignJob) => {
  let reply: SignReply;
  try {
    if (job.key) keys.set(job.handle, job.key);
    const key = keys.get(job.handle);
    if (!key) throw new Error(`key handle ${job.handle} was never sent to this worker`);
    const signature = await signWith(key, job.message);
    reply = { id: job.id, signature };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  // Copied, not transferred: node:crypto may hand back a view into a shared pooled ArrayBuffer.
  parentPort?.postMessage(reply);
});
