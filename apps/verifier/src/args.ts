import { parseArgs } from "node:util";
import { QRGValidationError, VERIFICATION_POLICIES, type VerificationPolicy } from "@qrg/verify";

export type Mode = "artifact" | "bundle" | "attestation" | "sbom";
const MODES: readonly string[] = ["artifact", "bundle", "attestation", "sbom"];

export interface CliArgs {
  help: boolean;
  /** Explicit subcommand, or undefined to detect the kind from the file. */
  mode?: Mode;
  file?: string;
  content?: string;
  attestation?: string;
  keys?: string;
  /** Mesh node keys for a quorum certificate (the JSON of GET /api/v1/qrg/mesh/nodes). */
  nodeKeys?: string;
  api?: string;
  policy: VerificationPolicy;
  signedAt?: Date;
  digest?: string;
  now?: Date;
  json: boolean;
}

/** Field path marking a command-line mistake (as opposed to bad input files): the CLI then points at --help. */
export const ARGV_PATH = "argv";

function usageError(message: string, cause?: unknown): QRGValidationError {
  return new QRGValidationError(
    message,
    [{ path: ARGV_PATH, message }],
    cause === undefined ? {} : { cause },
  );
}

export function isUsageError(error: unknown): boolean {
  return error instanceof QRGValidationError && error.errors[0]?.path === ARGV_PATH;
}

function isoDate(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw usageError(`${flag} expects an ISO 8601 date-time, got "${value}"`);
  }
  return date;
}

/** Parses argv (without node and script); throws QRGValidationError on a usage error. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (cause) {
    throw usageError((cause as Error).message, cause);
  }
  const { values, positionals } = parsed;
  const args: CliArgs = { help: values.help === true, policy: "auto", json: values.json === true };
  if (args.help) return args;

  const rest = [...positionals];
  if (rest.length > 0 && MODES.includes(rest[0]!)) args.mode = rest.shift() as Mode;
  if (rest.length === 0) throw usageError("missing the file to verify");
  if (rest.length > 1) throw usageError(`unexpected argument "${rest[1]}"`);
  args.file = rest[0]!;

  if (values.content !== undefined && values.artifact !== undefined) {
    throw usageError("--content and --artifact name the same file: give one");
  }
  const content = values.content ?? values.artifact;
  if (content !== undefined) args.content = content;
  if (values.attestation !== undefined) args.attestation = values.attestation;
  if (values.keys !== undefined) args.keys = values.keys;
  if (values["node-keys"] !== undefined) args.nodeKeys = values["node-keys"];
  if (values.api !== undefined) {
    let url: URL;
    try {
      url = new URL(values.api);
    } catch {
      throw usageError(`--api expects a URL, got "${values.api}"`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw usageError("--api expects an http(s) URL");
    args.api = values.api.replace(/\/+$/, "");
  }
  if (values.policy !== undefined) {
    if (!VERIFICATION_POLICIES.includes(values.policy as VerificationPolicy)) {
      throw usageError(`--policy must be one of ${VERIFICATION_POLICIES.join(", ")}, got "${values.policy}"`);
    }
    args.policy = values.policy as VerificationPolicy;
  }
  if (values.digest !== undefined) args.digest = values.digest;
  const signedAt = isoDate("--signed-at", values["signed-at"]);
  if (signedAt) args.signedAt = signedAt;
  const now = isoDate("--now", values.now);
  if (now) args.now = now;
  return args;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      content: { type: "string" },
      artifact: { type: "string" },
      attestation: { type: "string" },
      keys: { type: "string" },
      "node-keys": { type: "string" },
      api: { type: "string" },
      policy: { type: "string" },
      "signed-at": { type: "string" },
      digest: { type: "string" },
      now: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
