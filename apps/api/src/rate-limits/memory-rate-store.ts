import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import type { RateStore } from "./rate-store.ts";
import { type RateDecision, take, type WindowState } from "./sliding-window.ts";

export interface MemoryRateStoreOptions {
  /** Snapshot file the counters are saved to and restored from, so a restart does not reset them. */
  file?: string;
  /** How often changed counters are written to `file`. @default 1000 */
  flushIntervalMs?: number;
  /**
   * Keys kept; past this, counters whose windows have both ended are dropped first, then the least
   * recently used (which can only ever give a user a fresh window, never a refusal they did not earn).
   * @default 100_000
   */
  maxKeys?: number;
  /** @default Date.now */
  now?: () => number;
}

const SnapshotSchema = z.object({
  version: z.literal(1),
  entries: z.array(z.tuple([z.string(), z.number(), z.number(), z.number(), z.number()])),
});

interface Entry extends WindowState {
  windowMs: number;
}

/**
 * Sliding-window counters in this process, saved to the data dir every second and on close, and read
 * back on open. A crash loses at most the last interval's counts.
 */
export class MemoryRateStore implements RateStore {
  readonly #entries = new Map<string, Entry>();
  readonly #options: MemoryRateStoreOptions;
  readonly #now: () => number;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #saving: Promise<void> | undefined;

  private constructor(options: MemoryRateStoreOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    if (options.file) {
      this.#timer = setInterval(() => void this.#save().catch(() => {}), options.flushIntervalMs ?? 1000);
      this.#timer.unref();
    }
  }

  static async open(options: MemoryRateStoreOptions = {}): Promise<MemoryRateStore> {
    const store = new MemoryRateStore(options);
    if (options.file) await store.#restore(options.file);
    return store;
  }

  get size(): number {
    return this.#entries.size;
  }

  async take(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = this.#now();
    const existing = this.#entries.get(key);
    const previous = existing && existing.windowMs === windowMs ? existing : undefined;
    const { state, decision } = take(previous, now, limit, windowMs);
    this.#entries.delete(key); // re-insert: Map order is least recently used first
    this.#entries.set(key, { ...state, windowMs });
    if (this.#entries.size > (this.#options.maxKeys ?? 100_000)) this.#evict(now);
    this.#dirty = true;
    return decision;
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#save();
  }

  #evict(now: number): void {
    const max = this.#options.maxKeys ?? 100_000;
    for (const [key, entry] of this.#entries) {
      if (Math.floor(now / entry.windowMs) > entry.window + 1) this.#entries.delete(key);
    }
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= max) break;
      this.#entries.delete(key);
    }
  }

  async #restore(file: string): Promise<void> {
    let raw: string;
    try {
      raw = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    // A damaged snapshot only costs users their counts, never their access: start fresh.
    const parsed = SnapshotSchema.safeParse(safeJson(raw));
    if (!parsed.success) return;
    const now = this.#now();
    for (const [key, windowMs, window, current, previous] of parsed.data.entries) {
      if (windowMs > 0 && Math.floor(now / windowMs) <= window + 1) {
        this.#entries.set(key, { window, current, previous, windowMs });
      }
    }
  }

  #save(): Promise<void> {
    const file = this.#options.file;
    if (!file || !this.#dirty) return this.#saving ?? Promise.resolve();
    this.#saving = (this.#saving ?? Promise.resolve()).then(async () => {
      this.#dirty = false;
      const entries = [...this.#entries].map(([k, e]) => [k, e.windowMs, e.window, e.current, e.previous]);
      const temp = `${file}.${process.pid}.tmp`;
      await mkdir(dirname(file), { recursive: true });
      const handle = await open(temp, "w", 0o600);
      try {
        await handle.writeFile(JSON.stringify({ version: 1, entries }));
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temp, file).catch(async (error: unknown) => {
        await rm(temp, { force: true });
        throw error;
      });
    });
    return this.#saving;
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
