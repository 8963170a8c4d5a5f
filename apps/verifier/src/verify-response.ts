import { parseTrustedKeys, QRGValidationError, verifyArtifact } from "@qrg/verify";
import { createApiClient } from "./api-client.ts";
import { ARGV_PATH, type CliArgs } from "./args.ts";
import { parseJson, readInputFile } from "./inputs.ts";
import type { CliIo } from "./io.ts";
import type { Outcome } from "./outcome.ts";
import { certificateChecks } from "./verify-certificate.ts";

export const NO_TRUST_MESSAGE =
  "no trusted keys: pass --keys FILE (the JSON of GET /api/v1/qrg/keys) or --api URL";

/** Loads the trust list from --keys, else from the API, else fails with a usage error. */
export async function loadTrust(args: CliArgs, io: CliIo) {
  if (args.keys)
    return parseTrustedKeys(
      parseJson(await readInputFile(io.cwd, args.keys, "keys file"), `keys file ${args.keys}`),
    );
  if (args.api) return parseTrustedKeys(await createApiClient(args.api, io.fetch ?? fetch, io.token).keys());
  throw new QRGValidationError(NO_TRUST_MESSAGE, [{ path: ARGV_PATH, message: NO_TRUST_MESSAGE }]);
}

/** A QRG response: hash, Statement, signatures and attestation; what is not local comes from --api. */
export async function verifyResponse(args: CliArgs, io: CliIo, response: unknown): Promise<Outcome> {
  const qrgId = (response as { qrg_id?: unknown }).qrg_id;
  if (typeof qrgId !== "string")
    throw new QRGValidationError(`${args.file} is not a QRG response (no qrg_id)`);
  const api = args.api ? createApiClient(args.api, io.fetch ?? fetch, io.token) : undefined;
  const content = args.content
    ? await readInputFile(io.cwd, args.content, "content file")
    : await api?.content(qrgId);
  const attestation = args.attestation
    ? await readInputFile(io.cwd, args.attestation, "attestation file")
    : await api?.attestation(qrgId);
  const trust = await loadTrust(args, io);
  const report = verifyArtifact({
    response,
    ...(content ? { content } : {}),
    ...(attestation ? { attestation } : {}),
    trust,
    policy: args.policy,
    ...(args.now ? { now: args.now } : {}),
  });
  const { valid, checks, warnings, ...details } = report;
  const consensus = await certificateChecks(
    args,
    io,
    api,
    response as Parameters<typeof certificateChecks>[3],
  );
  return {
    kind: "artifact",
    subject: `QRG artifact ${report.qrg_id} (policy ${report.policy})`,
    valid: valid && consensus.every((check) => check.ok),
    checks: [...checks, ...consensus],
    warnings,
    details,
  };
}
