/**
 * RFC 8785 JSON Canonicalization Scheme: object keys sorted by UTF-16 code units, no whitespace, numbers in
 * ECMAScript's shortest round-trip form (which JSON.stringify already produces), strings escaped as
 * JSON.stringify does. Non-finite numbers and non-JSON values are refused rather than silently dropped.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, 0);
}

/**
 * Deepest nesting canonicalJson accepts. Serialisation recurses, so an unbounded depth would let a deeply
 * nested value overflow the stack (a RangeError far from its cause); past this it throws a clear error.
 * Everything QRG signs is a few levels deep.
 */
export const MAX_CANONICAL_JSON_DEPTH = 64;

class CanonicalJsonError extends TypeError {
  readonly path: string;
  constructor(problem: string, path: string) {
    super(`canonicalJson: ${problem} at $${path}`);
    this.path = path;
  }
}

// The path of an offending value is assembled only while an error unwinds: building it for every value
// would double the cost of canonicalising a statement.
function serialize(value: unknown, depth: number): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new CanonicalJsonError("non-finite number", "");
      return JSON.stringify(value);
    case "string":
      return JSON.stringify(value);
    case "object": {
      if (depth >= MAX_CANONICAL_JSON_DEPTH) {
        throw new CanonicalJsonError(`nesting deeper than ${MAX_CANONICAL_JSON_DEPTH} levels`, "");
      }
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i) out += ",";
          out += child(value[i], `[${i}]`, depth + 1);
        }
        return `${out}]`;
      }
      const keys = Object.keys(value as object).filter(
        (k) => (value as Record<string, unknown>)[k] !== undefined,
      );
      keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      let out = "{";
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        if (i) out += ",";
        out += `${JSON.stringify(k)}:${child((value as Record<string, unknown>)[k], `.${k}`, depth + 1)}`;
      }
      return `${out}}`;
    }
    default:
      throw new CanonicalJsonError(`unsupported ${typeof value}`, "");
  }
}

function child(value: unknown, segment: string, depth: number): string {
  try {
    return serialize(value, depth);
  } catch (error) {
    if (error instanceof CanonicalJsonError) {
      throw new CanonicalJsonError(
        error.message.replace(/^canonicalJson: (.*) at \$.*$/, "$1"),
        segment + error.path,
      );
    }
    throw error;
  }
}

/** Canonical JSON as UTF-8 bytes. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
