import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { hashBytes, type PolicyRef, QRGValidationError } from "@qrg/core";
import { parse as parseYaml } from "yaml";
import { type Policy, PolicySchema } from "./policy-schema.ts";

/** The policy shipped with the package. */
export const DEFAULT_POLICY_FILE = fileURLToPath(new URL("../../data/policy.v1.json", import.meta.url));

/** A validated policy with the reference every decision and the provenance record. */
export interface LoadedPolicy {
  readonly policy: Policy;
  /** `{version, digest: "sha256:<hex of the file's bytes>"}`. */
  readonly ref: PolicyRef;
  /** Where it was read from. */
  readonly source: string;
}

/**
 * Reads, parses (JSON, or YAML for `.yaml`/`.yml`) and schema-checks a policy file. Throws QRGValidationError
 * with field paths on anything invalid, so the API refuses to start with a broken policy.
 * @param file @default DEFAULT_POLICY_FILE (the API passes QRG_POLICY_FILE)
 */
export async function loadPolicy(file: string = DEFAULT_POLICY_FILE): Promise<LoadedPolicy> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new QRGValidationError(`cannot read policy file ${file}`, [{ path: "", message: String(cause) }], {
      cause,
    });
  }
  return parsePolicy(bytes, file);
}

/** Parses and validates policy bytes; `source` names them in errors (a path ending in .yaml/.yml means YAML). */
export function parsePolicy(bytes: Uint8Array, source: string): LoadedPolicy {
  const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  let data: unknown;
  try {
    const ext = extname(source).toLowerCase();
    data = ext === ".yaml" || ext === ".yml" ? parseYaml(text) : JSON.parse(text);
  } catch (cause) {
    throw new QRGValidationError(
      `policy ${source} is not well-formed`,
      [{ path: "", message: String(cause) }],
      {
        cause,
      },
    );
  }
  const parsed = PolicySchema.safeParse(data);
  if (!parsed.success) {
    throw QRGValidationError.fromZod(parsed.error, `policy ${source} is invalid`);
  }
  return {
    policy: parsed.data,
    ref: { version: parsed.data.version, digest: hashBytes("sha256", bytes) },
    source,
  };
}

/** The policy's reference (version and digest) for provenance: a resolved dependency of every artifact. */
export async function policyRef(file: string = DEFAULT_POLICY_FILE): Promise<PolicyRef> {
  return (await loadPolicy(file)).ref;
}
