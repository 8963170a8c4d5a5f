import type { VerificationCheck } from "@qrg/verify";
import type { Mode } from "./args.ts";

/** One verification's result, whatever was verified. */
export interface Outcome {
  kind: Mode;
  /** What was verified, for the heading (a qrg_id, a file name). */
  subject: string;
  valid: boolean;
  checks: VerificationCheck[];
  warnings: string[];
  /** The report's other fields (JSON output). */
  details: Record<string, unknown>;
}
