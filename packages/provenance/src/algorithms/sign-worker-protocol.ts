import type { WorkerKey } from "./private-key.ts";

/** Main thread → worker. `key` is sent the first time a worker sees `handle`, then cached there. */
export interface SignJob {
  id: number;
  handle: number;
  key?: WorkerKey;
  message: Uint8Array;
}

/** Worker → main thread. */
export interface SignReply {
  id: number;
  signature?: Uint8Array;
  error?: string;
}
