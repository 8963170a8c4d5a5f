/** The label value every out-of-bounds input collapses to. */
export const OTHER_LABEL_VALUE = "other";

const IDENTIFIER = /^[A-Za-z0-9_.:/{}-]{1,64}$/;

/**
 * Keeps one label's values a small, fixed vocabulary: identifier-like values (rule ids, route templates,
 * provider names) pass until `limit` distinct ones were seen; free text and anything past the limit becomes
 * `other`. A metric's series count is then bounded however callers misuse it.
 */
export class BoundedLabelValues {
  readonly limit: number;
  #seen = new Set<string>();

  /** @param limit distinct values kept before `other` takes over. */
  constructor(limit: number) {
    this.limit = limit;
  }

  value(raw: string): string {
    if (this.#seen.has(raw)) return raw;
    if (!IDENTIFIER.test(raw) || this.#seen.size >= this.limit) return OTHER_LABEL_VALUE;
    this.#seen.add(raw);
    return raw;
  }
}

const HTTP_METHODS = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
  "TRACE",
  "CONNECT",
]);

/** Upper-cased standard HTTP method, or `OTHER` (a client can send any token as a method). */
export function httpMethodLabel(method: string): string {
  const upper = method.toUpperCase();
  return HTTP_METHODS.has(upper) ? upper : "OTHER";
}

/** A status code as a label, `other` when it is not a valid HTTP status. */
export function httpStatusLabel(status: number): string {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : OTHER_LABEL_VALUE;
}

/** Tier levels are 1-5; anything else (which validation should have refused) is `other`. */
export function tierLabel(tier: number): string {
  return Number.isInteger(tier) && tier >= 0 && tier <= 9 ? String(tier) : OTHER_LABEL_VALUE;
}
