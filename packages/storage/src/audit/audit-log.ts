import { type FileHandle, mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import { QRGError } from "@qrg/core";
import {
  type AuditCheckpoint,
  AuditCheckpointSchema,
  type AuditEntry,
  AuditEntrySchema,
  type AuditEvent,
  AuditEventSchema,
  type AuditSigner,
  auditCheckpointHash,
  auditCheckpointPayload,
  auditEntryHash,
  GENESIS_HASH,
} from "./audit-entry.ts";
import { readLastLine } from "./last-line.ts";

export const AUDIT_LOG_FILE = "audit.log";
export const AUDIT_CHECKPOINT_FILE = "checkpoints.log";

export interface AuditLogOptions {
  /** Directory holding `audit.log` and `checkpoints.log`; created when missing. */
  dir: string;
  /** The key that signs checkpoints (resolved at each checkpoint, so a rotated key is picked up). */
  signer?: () => Promise<AuditSigner>;
  /** A signed checkpoint after this many entries. @default 1000 */
  checkpointEvery?: number;
  /** …or after this long with unsigned entries. @default 60_000 */
  checkpointIntervalMs?: number;
  /** Called when a checkpoint cannot be written (entries stay durable; the next checkpoint covers them). */
  onCheckpointError?: (error: unknown) => void;
  /** @default () => new Date() */
  now?: () => Date;
}

/** Where an appended event landed in the chain. */
export interface AuditReceipt {
  seq: number;
  hash: string;
}

interface Pending {
  event: AuditEntry["event"];
  resolve: (receipt: AuditReceipt) => void;
  reject: (error: unknown) => void;
}

/**
 * An append-only, hash-chained audit log. Every entry commits to the previous entry's hash; `append`
 * resolves only once the entry is on stable storage (appends that arrive together share one fdatasync),
 * so nothing is ever dropped: under load callers wait instead. Signed checkpoints over the chain's head
 * make truncation detectable, not only edits.
 */
export class AuditLog {
  readonly #options: AuditLogOptions;
  readonly #log: FileHandle;
  readonly #checkpoints: FileHandle;
  #size: number;
  #head: AuditReceipt;
  #lastCheckpoint: { seq: number; hash: string };
  #sinceCheckpoint: number;
  #pending: Pending[] = [];
  #checkpointDue = false;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Bytes of a torn last write cut off when the log was opened (a crash before it was acknowledged). */
  readonly recoveredTornBytes: number;

  private constructor(
    options: AuditLogOptions,
    handles: { log: FileHandle; checkpoints: FileHandle },
    state: { size: number; head: AuditReceipt; lastCheckpoint: { seq: number; hash: string }; torn: number },
  ) {
    this.#options = options;
    this.#log = handles.log;
    this.#checkpoints = handles.checkpoints;
    this.#size = state.size;
    this.#head = state.head;
    this.#lastCheckpoint = state.lastCheckpoint;
    this.#sinceCheckpoint = state.head.seq - state.lastCheckpoint.seq;
    this.recoveredTornBytes = state.torn;
    if (options.signer) {
      this.#timer = setInterval(() => {
        if (this.#sinceCheckpoint > 0) this.#requestCheckpoint();
      }, options.checkpointIntervalMs ?? 60_000);
      this.#timer.unref();
    }
  }

  static async open(options: AuditLogOptions): Promise<AuditLog> {
    await mkdir(options.dir, { recursive: true });
    const log = await open(join(options.dir, AUDIT_LOG_FILE), "a+", 0o640);
    const checkpoints = await open(join(options.dir, AUDIT_CHECKPOINT_FILE), "a+", 0o640).catch(
      async (error: unknown) => {
        await log.close();
        throw error;
      },
    );
    try {
      const logTail = await cutTornTail(log);
      const head: AuditReceipt = logTail.line
        ? pick(AuditEntrySchema.parse(JSON.parse(logTail.line)), "seq", "hash")
        : { seq: 0, hash: GENESIS_HASH };
      const checkpointTail = await cutTornTail(checkpoints);
      let lastCheckpoint = { seq: 0, hash: GENESIS_HASH };
      if (checkpointTail.line) {
        const checkpoint: AuditCheckpoint = AuditCheckpointSchema.parse(JSON.parse(checkpointTail.line));
        lastCheckpoint = { seq: checkpoint.seq, hash: auditCheckpointHash(checkpoint) };
      }
      return new AuditLog(
        options,
        { log, checkpoints },
        { size: logTail.completeSize, head, lastCheckpoint, torn: logTail.torn + checkpointTail.torn },
      );
    } catch (error) {
      await log.close();
      await checkpoints.close();
      throw new QRGError("storage_error", `cannot open the audit log in ${options.dir}: ${String(error)}`, {
        cause: error,
      });
    }
  }

  /** The last durable entry (seq 0 and the genesis hash for an empty log). */
  get head(): AuditReceipt {
    return { ...this.#head };
  }

  /** Appends one event; resolves once it is durable. Refuses events that do not match the schema. */
  append(event: AuditEvent): Promise<AuditReceipt> {
    if (this.#closed) return Promise.reject(new QRGError("unavailable", "the audit log is closed"));
    const parsed = AuditEventSchema.safeParse(event);
    if (!parsed.success) {
      return Promise.reject(
        new QRGError("internal_error", `refused audit event: ${parsed.error.issues[0]?.message}`),
      );
    }
    return new Promise<AuditReceipt>((resolve, reject) => {
      this.#pending.push({ event: parsed.data, resolve, reject });
      this.#run();
    });
  }

  /** Signs the current head now (no-op without a signer or without new entries). */
  async checkpoint(): Promise<void> {
    if (this.#sinceCheckpoint === 0 && this.#pending.length === 0) return;
    this.#requestCheckpoint();
    await this.#running;
  }

  /** Waits for every pending append, writes a final checkpoint and closes the files. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
    if (this.#sinceCheckpoint > 0 && this.#options.signer) {
      this.#checkpointDue = true;
      this.#run();
      await this.#running;
    }
    await this.#log.close();
    await this.#checkpoints.close();
  }

  #requestCheckpoint(): void {
    if (!this.#options.signer) return;
    this.#checkpointDue = true;
    this.#run();
  }

  #run(): void {
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  async #drain(): Promise<void> {
    // One writer: entries are numbered and chained in the order they reach the file.
    while (this.#pending.length > 0 || this.#checkpointDue) {
      if (this.#pending.length > 0) await this.#flush(this.#pending.splice(0));
      if (this.#sinceCheckpoint >= (this.#options.checkpointEvery ?? 1000)) this.#checkpointDue = true;
      if (this.#checkpointDue && this.#options.signer) {
        this.#checkpointDue = false;
        if (this.#sinceCheckpoint > 0)
          await this.#writeCheckpoint().catch((error: unknown) => this.#options.onCheckpointError?.(error));
      } else {
        this.#checkpointDue = false;
      }
    }
  }

  async #flush(batch: Pending[]): Promise<void> {
    const now = (this.#options.now ?? (() => new Date()))().toISOString();
    let { seq, hash: prev } = this.#head;
    const lines: string[] = [];
    const receipts: AuditReceipt[] = [];
    for (const { event } of batch) {
      seq++;
      const hash = auditEntryHash({ seq, ts: now, prev, event });
      lines.push(JSON.stringify({ seq, ts: now, prev, event, hash }));
      receipts.push({ seq, hash });
      prev = hash;
    }
    const bytes = Buffer.from(`${lines.join("\n")}\n`);
    try {
      await this.#log.appendFile(bytes);
      await this.#log.datasync();
    } catch (error) {
      // Take back whatever part of the batch reached the file: those entries were never acknowledged.
      await this.#log.truncate(this.#size).catch(() => {});
      const failure = new QRGError("storage_error", `audit log append failed: ${String(error)}`, {
        cause: error,
      });
      for (const item of batch) item.reject(failure);
      return;
    }
    this.#size += bytes.length;
    this.#head = receipts[receipts.length - 1]!;
    this.#sinceCheckpoint += batch.length;
    for (const [i, item] of batch.entries()) item.resolve(receipts[i]!);
  }

  async #writeCheckpoint(): Promise<void> {
    const signer = await this.#options.signer!();
    const body = {
      seq: this.#head.seq,
      head: this.#head.hash,
      ts: (this.#options.now ?? (() => new Date()))().toISOString(),
      prev_checkpoint: this.#lastCheckpoint.hash,
      key_id: signer.keyId,
      algorithm: signer.algorithm,
    };
    const signature = Buffer.from(await signer.sign(auditCheckpointPayload(body))).toString("base64");
    const checkpoint: AuditCheckpoint = { ...body, signature };
    const { size } = await this.#checkpoints.stat();
    try {
      await this.#checkpoints.appendFile(`${JSON.stringify(checkpoint)}\n`);
      await this.#checkpoints.datasync();
    } catch (error) {
      await this.#checkpoints.truncate(size).catch(() => {});
      throw error;
    }
    this.#lastCheckpoint = { seq: checkpoint.seq, hash: auditCheckpointHash(checkpoint) };
    this.#sinceCheckpoint = this.#head.seq - checkpoint.seq;
  }
}

async function cutTornTail(
  handle: FileHandle,
): Promise<{ line?: string; completeSize: number; torn: number }> {
  const tail = await readLastLine(handle);
  const torn = tail.size - tail.completeSize;
  if (torn > 0) {
    await handle.truncate(tail.completeSize);
    await handle.datasync();
  }
  return { ...(tail.line !== undefined ? { line: tail.line } : {}), completeSize: tail.completeSize, torn };
}

function pick<T, K extends keyof T>(value: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}
