import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QRGValidationError } from "@qrg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSafetyGates } from "../src/create-safety-gates.ts";
import { DEFAULT_POLICY_FILE, loadPolicy, parsePolicy, policyRef } from "../src/policy/load-policy.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "qrg-gates-policy-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function shippedPolicy(): Promise<Record<string, unknown> & { rules: Record<string, unknown>[] }> {
  return JSON.parse(await readFile(DEFAULT_POLICY_FILE, "utf8"));
}

async function write(name: string, content: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
}

async function validationErrorOf(promise: Promise<unknown>): Promise<QRGValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QRGValidationError);
  return error as QRGValidationError;
}

describe("the constitutional policy", () => {
  it("ships a valid versioned policy whose digest is the sha256 of the file's bytes", async () => {
    const loaded = await loadPolicy();
    const bytes = await readFile(DEFAULT_POLICY_FILE);
    expect(loaded.ref.version).toBe("1.0.0");
    expect(loaded.ref.digest).toBe(`sha256:${createHash("sha256").update(bytes).digest("hex")}`);
    expect(loaded.policy.rules.map((r) => r.id)).toEqual([
      "tier.advanced_features",
      "harmful_intent",
      "consent.consciousness",
      "quota",
    ]);
    expect(await policyRef()).toEqual(loaded.ref);
  });

  it("records every rule with id, description, condition, effect and reason", async () => {
    const { policy } = await loadPolicy();
    for (const rule of policy.rules) {
      expect(rule.id).toMatch(/^[a-z]/);
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.condition.type).toBeTruthy();
      expect(rule.effect).toBeTruthy();
      expect(rule.reason.length).toBeGreaterThan(5);
    }
  });

  it("loads the same policy written as YAML and digests its own bytes", async () => {
    const { stringify } = await import("yaml");
    const file = await write("policy.yaml", stringify(await shippedPolicy()));
    const loaded = await loadPolicy(file);
    expect(loaded.policy.rules).toHaveLength(4);
    expect(loaded.ref.digest).toBe(
      `sha256:${createHash("sha256")
        .update(await readFile(file))
        .digest("hex")}`,
    );
    expect(loaded.ref.digest).not.toBe((await loadPolicy()).ref.digest);
  });

  it("rejects a rule condition that breaks the schema, naming the field path", async () => {
    const policy = await shippedPolicy();
    (policy.rules[0]!.condition as Record<string, unknown>).min_tier = 9;
    const error = await validationErrorOf(loadPolicy(await write("bad-tier.json", JSON.stringify(policy))));
    expect(error.errors.map((e) => e.path)).toContain("rules.0.condition.min_tier");
    expect(error.message).toContain("rules.0.condition.min_tier");
  });

  it("rejects an effect that does not fit the rule's condition", async () => {
    const policy = await shippedPolicy();
    policy.rules[3]!.effect = "warn";
    const error = await validationErrorOf(loadPolicy(await write("bad-effect.json", JSON.stringify(policy))));
    expect(error.errors).toContainEqual(expect.objectContaining({ path: "rules.3.effect" }));
  });

  it("rejects duplicate rule ids", async () => {
    const policy = await shippedPolicy();
    policy.rules[1]!.id = "tier.advanced_features";
    const error = await validationErrorOf(loadPolicy(await write("duplicate.json", JSON.stringify(policy))));
    expect(error.errors).toContainEqual({
      path: "rules.1.id",
      message: "duplicate rule id tier.advanced_features",
    });
  });

  it("rejects unknown fields and a quota rule missing a tier", async () => {
    const policy = await shippedPolicy();
    policy.rules[0]!.surprise = true;
    delete (policy.rules[3]!.condition as { limits_by_tier: Record<string, number> }).limits_by_tier["5"];
    const error = await validationErrorOf(loadPolicy(await write("bad-many.json", JSON.stringify(policy))));
    const paths = error.errors.map((e) => e.path);
    expect(paths).toContain("rules.0");
    expect(paths).toContain("rules.3.condition.limits_by_tier.5");
  });

  it("rejects a file that is not JSON, and a file that does not exist", async () => {
    await validationErrorOf(loadPolicy(await write("broken.json", "{ not json")));
    await validationErrorOf(loadPolicy(join(dir, "missing.json")));
    expect(() => parsePolicy(new TextEncoder().encode("[]"), "inline.json")).toThrow(QRGValidationError);
  });

  it("makes the gate factory refuse to start on an invalid policy", async () => {
    const policy = await shippedPolicy();
    policy.version = "";
    const file = await write("empty-version.json", JSON.stringify(policy));
    const error = await validationErrorOf(createSafetyGates({ policyFile: file }));
    expect(error.errors.map((e) => e.path)).toContain("version");
  });
});
