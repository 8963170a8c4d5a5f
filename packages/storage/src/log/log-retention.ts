import { rename } from "node:fs/promises";
import { basename } from "node:path";
import { removeIfPresent } from "@qrg/core";
import type { RetentionListener, RetentionPolicy, RetentionRemoval } from "../retention.ts";
import type { IndexedSegment, LogIndex } from "./log-index.ts";
import type { Tombstones } from "./log-tombstones.ts";

export interface CompactionContext {
  index: LogIndex;
  tombstones: Tombstones;
  policy: RetentionPolicy;
  listener: RetentionListener | undefined;
  /** May this segment be dropped by this store? (its own sealed segments, and those of dead writers) */
  mayDrop: (segment: IndexedSegment) => boolean;
  /** Called once a segment is gone, to close read handles. */
  onDropped: (segment: IndexedSegment) => void;
}

export interface CompactionResult {
  segmentsDropped: number;
  artifactsRemoved: number;
}

/**
 * Retention by compaction: a segment whose newest artifact has expired is dropped whole. Artifacts in a
 * segment that still holds younger ones are already answered as expired by every read (the store checks
 * `stored_at` first) and go with their segment; segments rotate by age, so that wait is bounded.
 *
 * Each drop: claim the segment by renaming it (one process wins when several share the directory), tell
 * the listener (the audit trail) about every artifact in it, write the tombstones that keep answering 410,
 * then delete it. A listener failure puts the segment back for the next round.
 */
export async function compactExpired(
  context: CompactionContext,
  nowMs = Date.now(),
): Promise<CompactionResult> {
  const result: CompactionResult = { segmentsDropped: 0, artifactsRemoved: 0 };
  const due = [...context.index.segments()].filter(
    (segment) =>
      segment.ids.length > 0 &&
      context.policy.isExpired(segment.maxStoredAtMs, nowMs) &&
      context.mayDrop(segment),
  );
  for (const segment of due) {
    const claimed = `${segment.path}.dropping`;
    try {
      await rename(segment.path, claimed);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      context.index.dropSegment(segment); // another process dropped it
      context.onDropped(segment);
      continue;
    }
    const locations = segment.ids.flatMap((id) => {
      const location = context.index.get(id);
      return location?.segment === segment ? [location] : [];
    });
    const removedAt = new Date(nowMs).toISOString();
    const removals: RetentionRemoval[] = locations.map((location) => ({
      qrg_id: location.qrg_id,
      content_hash: location.content_hash,
      stored_at: location.stored_at,
      removed_at: removedAt,
      backend: "log",
    }));
    try {
      if (removals.length > 0) await context.listener?.(removals);
      await context.tombstones.write(`${basename(segment.writerDir)}-${segment.seq}`, removals);
    } catch (error) {
      await rename(claimed, segment.path);
      throw error;
    }
    await removeIfPresent(claimed);
    context.index.dropSegment(segment);
    context.onDropped(segment);
    result.segmentsDropped++;
    result.artifactsRemoved += removals.length;
  }
  return result;
}
