/** A segment file known to the index, with what retention needs to drop it whole. */
export interface IndexedSegment {
  readonly path: string;
  /** The writer directory holding it. */
  readonly writerDir: string;
  readonly seq: number;
  /** Scanned (or appended) up to here: the next tail scan starts at this offset. */
  validEnd: number;
  /** Newest `stored_at` of its entries (ms); NaN if one did not parse, which keeps the segment forever. */
  maxStoredAtMs: number;
  readonly ids: string[];
}

/** Where one artifact's three payloads sit in its segment. */
export interface LogLocation {
  readonly qrg_id: string;
  readonly content_hash: string;
  readonly stored_at: string;
  readonly storedAtMs: number;
  readonly segment: IndexedSegment;
  readonly content: { offset: number; length: number };
  readonly attestation: { offset: number; length: number };
  readonly record: { offset: number; length: number };
}

/**
 * The in-memory index of every artifact in the log: qrg_id → location, and content digest → the newest
 * location holding those bytes. It is rebuilt from the segments when a store opens and extended by commits
 * and tail scans; write-once means the first frame seen for a qrg_id wins.
 */
export class LogIndex {
  readonly #byId = new Map<string, LogLocation>();
  readonly #byContent = new Map<string, LogLocation>();
  readonly #segments = new Map<string, IndexedSegment>();

  get size(): number {
    return this.#byId.size;
  }

  segment(path: string): IndexedSegment | undefined {
    return this.#segments.get(path);
  }

  addSegment(path: string, writerDir: string, seq: number): IndexedSegment {
    let segment = this.#segments.get(path);
    if (!segment) {
      segment = { path, writerDir, seq, validEnd: 0, maxStoredAtMs: Number.NEGATIVE_INFINITY, ids: [] };
      this.#segments.set(path, segment);
    }
    return segment;
  }

  segments(): IterableIterator<IndexedSegment> {
    return this.#segments.values();
  }

  has(qrgId: string): boolean {
    return this.#byId.has(qrgId);
  }

  get(qrgId: string): LogLocation | undefined {
    return this.#byId.get(qrgId);
  }

  content(digest: string): LogLocation | undefined {
    return this.#byContent.get(digest);
  }

  /** Adds a location unless its qrg_id is already indexed (write-once: the first frame wins). */
  add(location: LogLocation): boolean {
    if (this.#byId.has(location.qrg_id)) return false;
    this.#byId.set(location.qrg_id, location);
    this.#byContent.set(location.content_hash, location);
    const segment = location.segment;
    segment.ids.push(location.qrg_id);
    segment.maxStoredAtMs = Math.max(segment.maxStoredAtMs, location.storedAtMs);
    return true;
  }

  locations(): IterableIterator<LogLocation> {
    return this.#byId.values();
  }

  /** Forgets a dropped segment and every location in it; returns those locations. */
  dropSegment(segment: IndexedSegment): LogLocation[] {
    const dropped: LogLocation[] = [];
    for (const id of segment.ids) {
      const location = this.#byId.get(id);
      if (location?.segment !== segment) continue;
      dropped.push(location);
      this.#byId.delete(id);
      if (this.#byContent.get(location.content_hash) === location)
        this.#byContent.delete(location.content_hash);
    }
    this.#segments.delete(segment.path);
    return dropped;
  }
}
