import { join } from "node:path";
import { removeIfPresent } from "@qrg/core";
import { writeDurableTemp } from "./durability/atomic-write.ts";

/**
 * A real write-and-flush in the store's health directory, run at most every `intervalMs` (the first call
 * always runs it); calls in between reuse the last result.
 */
export class HealthProbe {
  readonly #healthDir: string;
  readonly #intervalMs: number;
  #last: { at: number; result: Promise<boolean> } | undefined;

  constructor(healthDir: string, intervalMs: number) {
    this.#healthDir = healthDir;
    this.#intervalMs = intervalMs;
  }

  /** Whether a new probe is due; `onProbe` runs alongside each new probe (background retries). */
  result(onProbe: () => void): Promise<boolean> {
    if (!this.#last || performance.now() - this.#last.at >= this.#intervalMs) {
      this.#last = { at: performance.now(), result: this.#run() };
      onProbe();
    }
    return this.#last.result;
  }

  async #run(): Promise<boolean> {
    try {
      const temp = await writeDurableTemp(join(this.#healthDir, "probe"), new Uint8Array([1]));
      await removeIfPresent(temp);
      return true;
    } catch {
      return false;
    }
  }
}
