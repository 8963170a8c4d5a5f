import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { QRGError, QRGUnavailableError } from "@qrg/core";
import type { WorkerKey } from "./private-key.ts";
import type { SignJob, SignReply } from "./sign-worker-protocol.ts";

/**
 * A small pool of worker threads that sign off the main event loop. ML-DSA-87 signing costs ~1.3 ms of CPU in
 * node:crypto (vs ~30 µs for Ed25519); run inline it stalls every other request for that long. Workers are
 * unref'd while idle so they never keep the process alive.
 */
export interface SignWorkerPool {
  /** Signs `message` with the key behind `handle`; `key` is shipped to a worker the first time it needs it. */
  sign(handle: number, key: WorkerKey, message: Uint8Array): Promise<Uint8Array>;
  /** Terminates the workers; pending signatures fail with QRGError "unavailable". */
  close(): Promise<void>;
  readonly size: number;
}

interface PendingJob {
  resolve(signature: Uint8Array): void;
  reject(error: Error): void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, PendingJob>;
  knownHandles: Set<number>;
  alive: boolean;
}

// Node runs the .ts worker directly (type stripping); a built package ships sign-worker.js next to this file.
const WORKER_URL = new URL(
  import.meta.url.endsWith(".ts") ? "./sign-worker.ts" : "./sign-worker.js",
  import.meta.url,
);

/** One worker on a 2-core machine, at most two: the main thread needs a core for everything else. */
export function defaultSignWorkers(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

export function createSignWorkerPool(size: number = defaultSignWorkers()): SignWorkerPool {
  const workers: PoolWorker[] = [];
  let nextJobId = 0;
  let closed = false;

  function failAll(entry: PoolWorker, error: Error): void {
    entry.alive = false;
    const index = workers.indexOf(entry);
    if (index >= 0) workers.splice(index, 1);
    for (const job of entry.pending.values()) job.reject(error);
    entry.pending.clear();
  }

  function spawn(): PoolWorker {
    const worker = new Worker(WORKER_URL, { execArgv: workerExecArgv() });
    worker.unref();
    const entry: PoolWorker = { worker, pending: new Map(), knownHandles: new Set(), alive: true };
    worker.on("message", (reply: SignReply) => {
      const job = entry.pending.get(reply.id);
      if (!job) return;
      entry.pending.delete(reply.id);
      if (entry.pending.size === 0) worker.unref();
      if (reply.signature) job.resolve(reply.signature);
      else job.reject(new QRGError("key_error", `signing worker failed: ${reply.error ?? "no signature"}`));
    });
    worker.on("error", (cause) => {
      failAll(entry, new QRGError("key_error", `signing worker crashed: ${cause.message}`, { cause }));
    });
    worker.on("exit", (code) => {
      failAll(entry, new QRGUnavailableError(`signing worker exited (code ${code})`));
    });
    workers.push(entry);
    return entry;
  }

  function pick(): PoolWorker {
    const idle = workers.find((entry) => entry.pending.size === 0);
    if (idle) return idle;
    if (workers.length < size) return spawn();
    return workers.reduce((best, entry) => (entry.pending.size < best.pending.size ? entry : best));
  }

  return {
    size,
    sign(handle, key, message) {
      if (closed) return Promise.reject(new QRGUnavailableError("signing worker pool is closed"));
      const entry = pick();
      const id = nextJobId++;
      const job: SignJob = { id, handle, message };
      if (!entry.knownHandles.has(handle)) job.key = key;
      return new Promise<Uint8Array>((resolve, reject) => {
        entry.pending.set(id, { resolve, reject });
        // Keep the process alive while a signature is owed to someone.
        if (entry.pending.size === 1) entry.worker.ref();
        entry.worker.postMessage(job);
        entry.knownHandles.add(handle);
      });
    },
    async close() {
      closed = true;
      const closing = workers.splice(0);
      for (const entry of closing) failAll(entry, new QRGUnavailableError("signing worker pool is closed"));
      await Promise.all(closing.map((entry) => entry.worker.terminate()));
    },
  };
}

let shared: SignWorkerPool | undefined;
let nextHandle = 0;

/** The process-wide pool used by software signing keys with `offload` (created on first use). */
export function sharedSignWorkerPool(): SignWorkerPool {
  shared ??= createSignWorkerPool();
  return shared;
}

/** Terminates the shared pool (graceful shutdown, tests). A later offloaded signature starts a new one. */
export async function closeSignWorkers(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}

/** A fresh handle under which a key is cached inside workers. */
export function newWorkerKeyHandle(): number {
  return nextHandle++;
}

/**
 * The parent's Node flags minus `--input-type`, which Node refuses for a worker started from a file: a
 * process run with `node --input-type=module --eval …` could otherwise never sign off-thread.
 */
function workerExecArgv(): string[] {
  return process.execArgv.filter((flag) => !flag.startsWith("--input-type"));
}
