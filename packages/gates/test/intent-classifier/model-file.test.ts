import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { QRGValidationError } from "@qrg/core";
import { describe, expect, it } from "vitest";
import { INTENT_MODEL_URL, parseIntentModel } from "../../src/intent-classifier/model-file.ts";
import { normalizeIntent } from "../../src/intent-classifier/normalize.ts";

const shipped = readFileSync(INTENT_MODEL_URL);

function mutated(change: (json: Record<string, unknown>) => void): Buffer {
  const json = JSON.parse(shipped.toString("utf8")) as Record<string, unknown>;
  change(json);
  return Buffer.from(JSON.stringify(json));
}

describe("intent model file", () => {
  it("loads the shipped model; its digest is the sha256 of the file's bytes", () => {
    const started = performance.now();
    const model = parseIntentModel(shipped);
    const ms = performance.now() - started;
    expect(model.digest).toBe(`sha256:${createHash("sha256").update(shipped).digest("hex")}`);
    expect(model.categories).toHaveLength(6);
    expect(model.weights.length).toBe((1 << model.spec.hashBits) * 6);
    // The budget is 300 ms at start-up; leave room for a loaded CI machine.
    expect(ms).toBeLessThan(3000);
  });

  it("refuses a malformed file with a validation error naming the field", () => {
    const cases: [Buffer, string][] = [
      [Buffer.from("{not json"), ""],
      [
        mutated((j) => {
          j.format = "other/1";
        }),
        "format",
      ],
      [
        mutated((j) => {
          delete (j.bias as Record<string, unknown>).violence;
        }),
        "bias",
      ],
      [
        mutated((j) => {
          (j.weights as Record<string, unknown>).data = "AAAA";
        }),
        "weights.data",
      ],
      [
        mutated((j) => {
          j.normalizer = "intent-normalize/1";
        }),
        "normalizer",
      ],
    ];
    for (const [bytes, path] of cases) {
      let error: unknown;
      try {
        parseIntentModel(bytes, "test");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(QRGValidationError);
      expect((error as QRGValidationError).errors.map((e) => e.path)).toContain(path);
    }
  });
});

describe("normalizeIntent", () => {
  it.each([
    ["Matarás", "mataras"],
    ["STRAẞE", "strasse"],
    ["k1ll mys3lf", "kill myself"],
    ["k i l l", "kill"],
    ["k.i.l.l", "kill"],
    ["kiiiiill", "kiill"],
    ["ｋｉｌｌ", "kill"],
    ["ki\u200Bll  me!!", "kill me"],
    ["2025-11-10", "2025 11 10"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeIntent(input)).toBe(expected);
  });
});
