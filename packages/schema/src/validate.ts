import { z } from "zod";
import { QrgIdSchema } from "./qrg-id.ts";

export const ValidateRequestSchema = z
  .strictObject({
    qrg_id: QrgIdSchema,
    expected_hash: z.string().regex(/^(sha256|sha3-256|blake3):[a-f0-9]+$/),
  })
  .meta({ title: "ValidateRequest" });

export const ValidateResultSchema = z
  .object({
    valid: z.boolean(),
    hash_match: z.boolean(),
    signature_valid: z.boolean(),
    provenance_verified: z.boolean(),
  })
  .meta({ title: "ValidateResult" });

export type ValidateRequest = z.output<typeof ValidateRequestSchema>;
export type ValidateResult = z.output<typeof ValidateResultSchema>;
