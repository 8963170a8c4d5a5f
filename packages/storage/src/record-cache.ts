import type { StoredRecord } from "@qrg/core";

/**
 * A least-recently-used cache of parsed records. Records are write-once, so a cached copy never goes
 * stale; it spares repeated reads (the validate endpoint) a file read, a JSON parse and a schema check.
 * Entries are handed out as clones so that a caller mutating its copy cannot change what others read.
 */
export class RecordCache {
  readonly #capacity: number;
  readonly #records = new Map<string, StoredRecord>();

  /** @param capacity how many records to keep; 0 turns the cache off. */
  constructor(capacity: number) {
    this.#capacity = Math.max(0, Math.floor(capacity));
  }

  get size(): number {
    return this.#records.size;
  }

  has(qrgId: string): boolean {
    return this.#records.has(qrgId);
  }

  get(qrgId: string): StoredRecord | undefined {
    const record = this.#records.get(qrgId);
    if (record === undefined) return undefined;
    // Re-insert: Map iteration order is insertion order, so the first key is the least recently used.
    this.#records.delete(qrgId);
    this.#records.set(qrgId, record);
    return structuredClone(record);
  }

  set(qrgId: string, record: StoredRecord): void {
    if (this.#capacity === 0) return;
    this.#records.delete(qrgId);
    this.#records.set(qrgId, structuredClone(record));
    while (this.#records.size > this.#capacity) {
      this.#records.delete(this.#records.keys().next().value!);
    }
  }
}
