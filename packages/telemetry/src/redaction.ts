/** What a redacted value is replaced with. */
export const REDACTED = "[REDACTED]";

/**
 * Keys whose values never reach a log line, at any depth: credentials, key material and raw seeds. Matched
 * case-insensitively on the key's last segment (`qrg.seed`, `request.seed`, `x-api-key` all match).
 */
const SECRET_KEY =
  /(?:^|[._-])(?:authorization|proxy-authorization|cookie|set-cookie|token|access_token|refresh_token|id_token|bearer|seed|raw_seed|passphrase|password|passwd|secret|client_secret|private_key|privatekey|secret_key|api_key|apikey|x-api-key|pin|so_pin|user_pin)$/i;

/** Whether a field of this name is redacted. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) || /token$/i.test(key);
}

/**
 * pino `redact` paths for the common shapes, applied by pino itself (also to loggers made with `.child`
 * and to the raw pino instance). {@link redactSecrets} covers every other depth.
 */
export const PINO_REDACT_PATHS = [
  "authorization",
  "token",
  "seed",
  "passphrase",
  "password",
  "secret",
  "private_key",
  "api_key",
  "*.authorization",
  "*.token",
  "*.seed",
  "*.passphrase",
  "*.password",
  "*.secret",
  "*.private_key",
  "*.api_key",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  'headers["x-api-key"]',
];

const MAX_DEPTH = 8;

/**
 * A copy of `fields` with every secret-named key's value replaced by {@link REDACTED}, at any depth.
 * Errors, dates and buffers pass through for pino's serializers; cycles and deep nesting are cut.
 */
export function redactSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  return scrub(fields, 0, new WeakSet()) as Record<string, unknown>;
}

function scrub(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error || value instanceof Date || ArrayBuffer.isView(value)) return value;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Truncated]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? REDACTED : scrub(inner, depth + 1, seen);
  }
  return out;
}
