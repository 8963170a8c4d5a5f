import { verifyAttestationDocument, verifySbom, verifySigstoreBundle } from "@qrg/verify";
import type { CliArgs } from "./args.ts";
import { readInputFile } from "./inputs.ts";
import type { CliIo } from "./io.ts";
import type { Outcome } from "./outcome.ts";
import { loadTrust } from "./verify-response.ts";

async function artifactOf(args: CliArgs, io: CliIo): Promise<Uint8Array | undefined> {
  return args.content ? readInputFile(io.cwd, args.content, "artifact file") : undefined;
}

/** A bare Sigstore bundle (any tool, key-based), with the artifact it signs when given. */
export async function verifyBundle(args: CliArgs, io: CliIo, bundle: unknown): Promise<Outcome> {
  const artifact = await artifactOf(args, io);
  const trust = await loadTrust(args, io);
  const report = verifySigstoreBundle(bundle, trust, {
    ...(artifact ? { artifact } : {}),
    ...(args.signedAt ? { signedAt: args.signedAt } : {}),
    ...(args.now ? { now: args.now } : {}),
  });
  // The bundle's own `kind` (dsse | message_signature) is reported as `content`: `kind` names the command.
  const { valid, checks, warnings, payload: _payload, kind, ...rest } = report;
  const details = { content: kind, ...rest };
  if (!artifact && kind === "dsse")
    warnings.push("artifact not supplied: the Statement's subject was not compared with it");
  return { kind: "bundle", subject: `Sigstore bundle ${args.file}`, valid, checks, warnings, details };
}

/** A QRG attestation document on its own. */
export async function verifyAttestation(args: CliArgs, io: CliIo, document: unknown): Promise<Outcome> {
  const artifact = await artifactOf(args, io);
  const trust = await loadTrust(args, io);
  const report = verifyAttestationDocument({
    attestation: document as object,
    ...(artifact ? { artifact } : {}),
    trust,
  });
  const { valid, checks, warnings, ...details } = report;
  return { kind: "attestation", subject: `QRG attestation ${args.file}`, valid, checks, warnings, details };
}

/** A CycloneDX SBOM: schema validity and, with --digest, its digest. */
export async function verifySbomFile(args: CliArgs, bytes: Uint8Array): Promise<Outcome> {
  const report = await verifySbom(bytes, args.digest);
  const { valid, checks, ...details } = report;
  return { kind: "sbom", subject: `SBOM ${args.file}`, valid, checks, warnings: [], details };
}
