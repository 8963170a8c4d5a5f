import { isQRGError, QRGValidationError } from "@qrg/verify";
import { type CliArgs, isUsageError, type Mode, parseCliArgs } from "./args.ts";
import { detectMode } from "./detect.ts";
import { parseJson, readInputFile } from "./inputs.ts";
import type { CliIo } from "./io.ts";
import type { Outcome } from "./outcome.ts";
import { renderHuman, renderJson } from "./render.ts";
import { USAGE } from "./usage.ts";
import { verifyAttestation, verifyBundle, verifySbomFile } from "./verify-other.ts";
import { verifyResponse } from "./verify-response.ts";

/** Exit statuses: the contract scripts rely on. */
export const EXIT_VALID = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

export interface Cli {
  /** Runs one invocation (argv without node and script) and returns its exit status. */
  run(argv: readonly string[]): Promise<number>;
}

async function verify(args: CliArgs, io: CliIo): Promise<Outcome> {
  const file = args.file!;
  const bytes = await readInputFile(io.cwd, file, "file");
  if (args.mode === "sbom") return verifySbomFile(args, bytes);
  const document = parseJson(bytes, file);
  const mode: Mode | undefined = args.mode ?? detectMode(document);
  switch (mode) {
    case "artifact":
      return verifyResponse(args, io, document);
    case "bundle":
      return verifyBundle(args, io, document);
    case "attestation":
      return verifyAttestation(args, io, document);
    case "sbom":
      return verifySbomFile(args, bytes);
    case undefined:
      throw new QRGValidationError(
        `cannot tell what ${file} is (not a QRG response, Sigstore bundle, QRG attestation or CycloneDX SBOM); name its kind: qrg-verify artifact|bundle|attestation|sbom FILE`,
      );
  }
}

/** The qrg-verify command, independent of the process so tests run it in-process. */
export function createCli(io: CliIo): Cli {
  return {
    async run(argv) {
      let args: CliArgs | undefined;
      try {
        args = parseCliArgs(argv);
        if (args.help) {
          io.stdout(USAGE);
          return EXIT_VALID;
        }
        const outcome = await verify(args, io);
        io.stdout(args.json ? renderJson(outcome) : renderHuman(outcome));
        return outcome.valid ? EXIT_VALID : EXIT_INVALID;
      } catch (error) {
        // Neither valid nor proven invalid: a usage or input problem (or a bug, whose stack is shown).
        const message = error instanceof Error ? error.message : String(error);
        io.stderr(`qrg-verify: error: ${message}\n`);
        if (isUsageError(error)) io.stderr("qrg-verify: run qrg-verify --help for usage\n");
        else if (error instanceof QRGValidationError) {
          for (const field of error.errors.slice(0, 5))
            io.stderr(`  ${field.path || "(root)"}: ${field.message}\n`);
        } else if (!isQRGError(error)) io.stderr(`${(error as Error).stack ?? ""}\n`);
        if (args?.json) io.stdout(`${JSON.stringify({ valid: false, error: message }, null, 2)}\n`);
        return EXIT_USAGE;
      }
    },
  };
}
