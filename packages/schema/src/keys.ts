import { z } from "zod";

export const KeyAlgorithmSchema = z.enum(["ed25519", "ecdsa-p256", "ml-dsa-87"]);

export const PublicKeySchema = z
  .object({
    key_id: z.string().describe("sha256 of the key's DER SubjectPublicKeyInfo, hex"),
    algorithm: KeyAlgorithmSchema,
    public_key_pem: z.string(),
    status: z.enum(["active", "retired", "revoked"]),
    not_before: z.iso.datetime({ offset: true }),
    not_after: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ title: "PublicKey" });

export const KeyListSchema = z.object({ keys: z.array(PublicKeySchema) }).meta({ title: "KeyList" });

export type KeyAlgorithm = z.output<typeof KeyAlgorithmSchema>;
export type PublicKeyInfo = z.output<typeof PublicKeySchema>;
export type KeyList = z.output<typeof KeyListSchema>;
