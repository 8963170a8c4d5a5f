import { describe, expect, it } from "vitest";
import {
  isQrgId,
  QRG_ID_PATTERN,
  QRG_ID_PREFIX,
  QRGResponseSchema,
  QrgIdSchema,
  ValidateRequestSchema,
} from "../src/index.ts";

const uuidId = "qrg:550e8400-e29b-41d4-a716-446655440000";

describe("the qrg_id pattern", () => {
  it("accepts qrg: and 1 to 64 lowercase hex digits or hyphens", () => {
    for (const id of [uuidId, "qrg:1", `qrg:${"a".repeat(64)}`]) {
      expect(isQrgId(id)).toBe(true);
      expect(QrgIdSchema.safeParse(id).success).toBe(true);
    }
  });

  it("refuses anything that could escape a file name or is not an id", () => {
    for (const id of [
      "qrg:",
      "qrg:ABC",
      "550e8400",
      "qrg:../x",
      "qrg:a/b",
      "qrg:a.b",
      "qrg:a\0",
      `qrg:${"a".repeat(65)}`,
    ]) {
      expect(isQrgId(id)).toBe(false);
      expect(QrgIdSchema.safeParse(id).success).toBe(false);
    }
    expect(isQrgId(42)).toBe(false);
    expect(isQrgId(undefined)).toBe(false);
  });

  it("is the pattern the request and response schemas check", () => {
    const tooLong = `qrg:${"a".repeat(65)}`;
    const hash = `sha256:${"a".repeat(64)}`;
    expect(ValidateRequestSchema.safeParse({ qrg_id: uuidId, expected_hash: hash }).success).toBe(true);
    expect(ValidateRequestSchema.safeParse({ qrg_id: tooLong, expected_hash: hash }).success).toBe(false);
    const responseIssue = QRGResponseSchema.safeParse({ qrg_id: tooLong }).error?.issues.find(
      (issue) => issue.path[0] === "qrg_id",
    );
    expect(responseIssue).toBeDefined();
  });

  it("exposes the prefix and a JSON-Schema-compatible source", () => {
    expect(uuidId.slice(QRG_ID_PREFIX.length)).toBe("550e8400-e29b-41d4-a716-446655440000");
    expect(new RegExp(QRG_ID_PATTERN.source).test(uuidId)).toBe(true);
    expect(QRG_ID_PATTERN.flags).toBe("");
  });
});
