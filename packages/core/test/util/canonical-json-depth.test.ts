import { describe, expect, it } from "vitest";
import { canonicalJson, MAX_CANONICAL_JSON_DEPTH } from "../../src/util/canonical-json.ts";

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe("canonicalJson depth bound", () => {
  it("serialises values up to the bound", () => {
    expect(canonicalJson(nested(MAX_CANONICAL_JSON_DEPTH))).toContain('{"a":');
  });

  it("refuses deeper values with a clear error instead of overflowing the stack", () => {
    expect(() => canonicalJson(nested(MAX_CANONICAL_JSON_DEPTH + 1))).toThrow(
      /nesting deeper than 64 levels at \$/,
    );
    // 30,000 levels used to end in "Maximum call stack size exceeded".
    expect(() => canonicalJson(nested(30_000))).toThrow(/nesting deeper than/);
  });
});
