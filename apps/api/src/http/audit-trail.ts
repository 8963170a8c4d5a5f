import type { Principal } from "@qrg/core";
import { type AuditEvent, AuditEventSchema } from "@qrg/storage";
import type { Context, MiddlewareHandler } from "hono";
import { clientAddress } from "./client-address.ts";

/** Where audit events go: the hash-chained log, durable before `append` resolves. */
export interface AuditSink {
  append(event: AuditEvent): Promise<unknown>;
}

export type AuditVariables = { principal?: Principal; problemCode?: string; auditQrgId?: string };

const ACTIONS: [method: string, pattern: RegExp, action: string][] = [
  ["POST", /^\/generate$/, "artifact.generate"],
  ["POST", /^\/validate$/, "artifact.validate"],
  ["GET", /^\/artifacts\/[^/]+$/, "artifact.read"],
  ["GET", /^\/artifacts\/[^/]+\/content$/, "content.read"],
  ["GET", /^\/artifacts\/[^/]+\/verification$/, "verification.read"],
  ["GET", /^\/attestations\/[^/]+$/, "attestation.read"],
  ["GET", /^\/keys(\/[^/]+)?$/, "key.read"],
  ["GET", /^\/sbom\/[^/]+$/, "sbom.read"],
];

/**
 * Appends one audit event per audited request, after the handler and before the response leaves: the
 * request waits for the entry to be durable. Refusals (401, 403, 404, 429) are recorded as such.
 */
export function auditTrail(
  sink: AuditSink,
  mountPath: string,
): MiddlewareHandler<{ Variables: AuditVariables }> {
  return async (c, next) => {
    await next();
    const path = c.req.path.startsWith(mountPath) ? c.req.path.slice(mountPath.length) : c.req.path;
    const action = actionFor(c, path);
    if (!action) return;
    await sink.append(eventFor(c, action));
  };
}

function actionFor(c: Context, path: string): string | undefined {
  const status = c.res.status;
  if (status === 401) return "auth.failure";
  if (status === 429) return "quota.refused";
  return ACTIONS.find(([method, pattern]) => method === c.req.method && pattern.test(path))?.[2];
}

/** Drops optional fields a hostile request made unfit for the log, so recording it can never fail it. */
function fit(event: AuditEvent): AuditEvent {
  const shape = AuditEventSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  return Object.fromEntries(
    Object.entries(event).filter(([key, value]) => shape[key]?.safeParse(value).success),
  ) as AuditEvent;
}

function eventFor(c: Context<{ Variables: AuditVariables }>, action: string): AuditEvent {
  const status = c.res.status;
  const principal = c.get("principal");
  const qrgId = c.get("auditQrgId") ?? /qrg:[a-f0-9-]{1,64}/.exec(c.req.path)?.[0];
  const code = c.get("problemCode");
  const ip = clientAddress(c);
  const traceparent = c.res.headers.get("traceparent");
  return fit({
    action,
    outcome: status < 400 ? "success" : [401, 403, 404, 429].includes(status) ? "refused" : "failure",
    ...(principal ? { actor: principal.sub } : {}),
    ...(ip !== "unknown" ? { ip } : {}),
    method: c.req.method,
    path: c.req.path.slice(0, 256),
    status,
    ...(qrgId ? { qrg_id: qrgId } : {}),
    ...(code && /^[a-z_]{1,64}$/.test(code) ? { reason: code } : {}),
    ...(traceparent ? { trace_id: traceparent.split("-")[1] } : {}),
  });
}
