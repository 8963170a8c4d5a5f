import { z } from "zod";
import { IN_TOTO_STATEMENT_TYPE, SLSA_PROVENANCE_PREDICATE_TYPE } from "./constants.ts";

const DigestSetSchema = z.record(z.string(), z.string().regex(/^[a-f0-9]+$/));

/**
 * What a verifier needs from a Statement: the in-toto envelope fields and the SLSA run details. Unknown
 * fields pass through: a Statement is signed as a whole, so extra fields are not a reason to reject it.
 */
export const ProvenanceStatementSchema = z.looseObject({
  _type: z.literal(IN_TOTO_STATEMENT_TYPE),
  subject: z.array(z.looseObject({ name: z.string().optional(), digest: DigestSetSchema })).min(1),
  predicateType: z.literal(SLSA_PROVENANCE_PREDICATE_TYPE),
  predicate: z.looseObject({
    buildDefinition: z.looseObject({
      buildType: z.string(),
      externalParameters: z.record(z.string(), z.unknown()),
      internalParameters: z.record(z.string(), z.unknown()).optional(),
      resolvedDependencies: z
        .array(
          z.looseObject({
            uri: z.string().optional(),
            name: z.string().optional(),
            digest: DigestSetSchema.optional(),
          }),
        )
        .optional(),
    }),
    runDetails: z.looseObject({
      builder: z.looseObject({ id: z.string() }),
      metadata: z
        .looseObject({
          invocationId: z.string().optional(),
          startedOn: z.iso.datetime({ offset: true }).optional(),
          finishedOn: z.iso.datetime({ offset: true }).optional(),
        })
        .optional(),
    }),
  }),
});

export type ParsedProvenanceStatement = z.output<typeof ProvenanceStatementSchema>;
