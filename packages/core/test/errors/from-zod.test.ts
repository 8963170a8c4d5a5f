import { QRGRequestSchema, ValidateRequestSchema } from "@qrg/schema";
import { describe, expect, it } from "vitest";
import { QRGError, QRGQuotaExceededError, QRGValidationError } from "../../src/index.ts";

function zodError(
  schema: { safeParse(value: unknown): { success: boolean; error?: unknown } },
  value: unknown,
) {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error("expected the value to fail the schema");
  return parsed.error as Parameters<typeof QRGValidationError.fromZod>[0];
}

describe("QRGValidationError.fromZod", () => {
  it("maps every issue to a field error with a dotted path and keeps the zod error as cause", () => {
    const error = zodError(ValidateRequestSchema, { qrg_id: "QRG:1", expected_hash: "md5:00" });
    const mapped = QRGValidationError.fromZod(error, "invalid validate request");
    expect(mapped).toBeInstanceOf(QRGValidationError);
    expect(mapped).toBeInstanceOf(QRGError);
    expect(mapped.code).toBe("validation_error");
    expect(mapped.errors.map((e) => e.path).sort()).toEqual(["expected_hash", "qrg_id"]);
    expect(mapped.cause).toBe(error);
    expect(mapped.message).toMatch(
      /^invalid validate request: (qrg_id|expected_hash): .+; (qrg_id|expected_hash): .+$/,
    );
  });

  it("names an issue about the whole value (root)", () => {
    const mapped = QRGValidationError.fromZod(zodError(QRGRequestSchema, "not an object"));
    expect(mapped.errors).toEqual([{ path: "(root)", message: expect.any(String) }]);
    expect(mapped.message.startsWith("invalid input: (root): ")).toBe(true);
  });

  it("joins nested and array paths with dots", () => {
    const mapped = QRGValidationError.fromZod({
      issues: [{ path: ["context", "accessibility_needs", 2], message: "unknown need" }],
    });
    expect(mapped.errors).toEqual([{ path: "context.accessibility_needs.2", message: "unknown need" }]);
  });

  it("spells out at most five issues in the message but keeps them all in errors", () => {
    const issues = Array.from({ length: 8 }, (_, i) => ({ path: [`f${i}`], message: "bad" }));
    const mapped = QRGValidationError.fromZod({ issues }, "invalid thing");
    expect(mapped.errors).toHaveLength(8);
    expect(mapped.message).toBe("invalid thing: f0: bad; f1: bad; f2: bad; f3: bad; f4: bad; and 3 more");
  });
});

describe("QRGQuotaExceededError", () => {
  it("carries the Retry-After seconds and the quota_exceeded code", () => {
    const error = new QRGQuotaExceededError("daily quota used", 42);
    expect(error.name).toBe("QRGQuotaExceededError");
    expect(error.code).toBe("quota_exceeded");
    expect(error.retryAfterSeconds).toBe(42);
  });
});
