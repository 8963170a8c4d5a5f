import type { Attributes, AttributeValue } from "@qrg/core";

/** Only a seed's first 16 characters may appear in a trace: the seed is the user's secret input (docs/design.md). */
export const SEED_ATTRIBUTE = "qrg.seed";
export const SEED_ATTRIBUTE_MAX_CHARS = 16;

/** Truncates to `max` Unicode code points (as Python's `seed[:16]` does), never splitting a surrogate pair. */
function truncateCodePoints(value: string, max: number): string {
  // Fast path: fewer UTF-16 units than the limit means fewer code points too.
  if (value.length <= max) return value;
  let out = "";
  let count = 0;
  for (const char of value) {
    if (count === max) break;
    out += char;
    count++;
  }
  return out;
}

/** One attribute value as it may be recorded: `qrg.seed` truncated. */
export function safeAttributeValue(key: string, value: AttributeValue): AttributeValue {
  if (key === SEED_ATTRIBUTE) return truncateCodePoints(String(value), SEED_ATTRIBUTE_MAX_CHARS);
  return value;
}

/** Attributes as they may be recorded: undefined values dropped, `qrg.seed` truncated. */
export function safeAttributes(attributes: Attributes): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) out[key] = safeAttributeValue(key, value);
  }
  return out;
}
