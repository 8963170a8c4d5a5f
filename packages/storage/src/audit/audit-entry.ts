import { createHash } from "node:crypto";
import { canonicalJsonBytes } from "@qrg/core";
import { z } from "zod";

/**
 * What one audit entry records. The schema is strict and has no free-text field: a seed, an intent or a
 * bearer token has nowhere to go, and an event carrying an unknown key is refused rather than stored.
 */
export const AuditEventSchema = z.strictObject({
  /** What happened, dotted lower-case words, e.g. `artifact.generate`, `auth.failure`, `quota.refused`. */
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)*$/)
    .max(64),
  outcome: z.enum(["success", "failure", "refused"]),
  /** The token's subject (`lid:…`), or absent when the caller was not authenticated. */
  actor: z
    .string()
    .regex(/^[A-Za-z0-9:_.@-]{1,128}$/)
    .optional(),
  /** The client address the server saw. */
  ip: z
    .string()
    .regex(/^[0-9A-Fa-f:.[\]%a-z]{1,64}$/)
    .optional(),
  method: z
    .string()
    .regex(/^[A-Z]{1,10}$/)
    .optional(),
  /** The request path without its query string. */
  path: z
    .string()
    .max(256)
    .regex(/^\/[^?#\s]*$/)
    .optional(),
  status: z.number().int().min(100).max(599).optional(),
  qrg_id: z
    .string()
    .regex(/^qrg:[a-f0-9-]{1,64}$/)
    .optional(),
  key_id: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,128}$/)
    .optional(),
  /** A machine-readable code (the problem code of a refusal), never a message. */
  reason: z
    .string()
    .regex(/^[a-z_]{1,64}$/)
    .optional(),
  trace_id: z
    .string()
    .regex(/^[a-f0-9]{32}$/)
    .optional(),
});

export type AuditEvent = z.input<typeof AuditEventSchema>;

/** The hash the first entry commits to. */
export const GENESIS_HASH = `sha256:${"0".repeat(64)}`;

const DigestSchema = z.string().regex(/^sha256:[a-f0-9]{64}$/);

/** One line of `audit.log`: the event, its place in the chain, and the hash that commits to both. */
export const AuditEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  ts: z.iso.datetime(),
  prev: DigestSchema,
  event: AuditEventSchema,
  hash: DigestSchema,
});

export type AuditEntry = z.output<typeof AuditEntrySchema>;

/** The hash of an entry: sha256 over the RFC 8785 canonical JSON of everything but `hash` itself. */
export function auditEntryHash(entry: Omit<AuditEntry, "hash">): string {
  const body = { seq: entry.seq, ts: entry.ts, prev: entry.prev, event: entry.event };
  return `sha256:${createHash("sha256").update(canonicalJsonBytes(body)).digest("hex")}`;
}

/**
 * One line of `checkpoints.log`: the service key's signature over the chain's head at `seq`. Checkpoints
 * chain among themselves too (`prev_checkpoint`), so removing one from the middle is detected.
 */
export const AuditCheckpointSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  head: DigestSchema,
  ts: z.iso.datetime(),
  prev_checkpoint: DigestSchema,
  key_id: z.string().min(1).max(128),
  algorithm: z.string().min(1).max(32),
  /** Base64 signature over `auditCheckpointPayload` of this checkpoint. */
  signature: z.string().min(1).max(8192),
});

export type AuditCheckpoint = z.output<typeof AuditCheckpointSchema>;

/** The bytes a checkpoint signature covers: canonical JSON of every field but `signature`. */
export function auditCheckpointPayload(checkpoint: Omit<AuditCheckpoint, "signature">): Uint8Array {
  const { seq, head, ts, prev_checkpoint, key_id, algorithm } = checkpoint;
  return canonicalJsonBytes({ seq, head, ts, prev_checkpoint, key_id, algorithm });
}

/** The hash the next checkpoint commits to: sha256 of this checkpoint's whole canonical JSON. */
export function auditCheckpointHash(checkpoint: AuditCheckpoint): string {
  return `sha256:${createHash("sha256").update(canonicalJsonBytes(checkpoint)).digest("hex")}`;
}

/** Signs checkpoints; the API passes the service's active signing key. */
export interface AuditSigner {
  readonly keyId: string;
  readonly algorithm: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** Checks one checkpoint signature; `false` (or a throw) marks the checkpoint bad. */
export type AuditSignatureCheck = (
  payload: Uint8Array,
  signature: Uint8Array,
  keyId: string,
  algorithm: string,
) => Promise<boolean>;
