import type { Gauge } from "prom-client";

/**
 * `qrg_provenance_slsa_level{qrg_id}` with one series per id would gain a series per artifact, forever.
 * This keeps the gauge's series for the most recent `capacity` ids only (least recently set goes first), so
 * the exposition holds at most `capacity` series and the level distribution of recent artifacts stays
 * queryable with `count_values`.
 */
export class RecentIdsGauge {
  readonly capacity: number;
  #gauge: Gauge<"qrg_id">;
  #ids = new Map<string, true>();

  /** @param capacity series kept; the `qrg_id` label stays, its cardinality is capped. */
  constructor(gauge: Gauge<"qrg_id">, capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError("capacity must be a positive integer");
    this.#gauge = gauge;
    this.capacity = capacity;
  }

  set(id: string, value: number): void {
    // Re-inserting moves the id to the young end of the Map's insertion order.
    this.#ids.delete(id);
    this.#ids.set(id, true);
    this.#gauge.set({ qrg_id: id }, value);
    while (this.#ids.size > this.capacity) {
      const oldest = this.#ids.keys().next().value as string;
      this.#ids.delete(oldest);
      this.#gauge.remove({ qrg_id: oldest });
    }
  }

  get size(): number {
    return this.#ids.size;
  }
}
