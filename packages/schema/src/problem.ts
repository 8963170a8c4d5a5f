import { z } from "zod";

/** RFC 9457 problem details, with QRG's stable `code` and optional field errors. */
export const ProblemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    trace_id: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ title: "Problem" });

export type Problem = z.output<typeof ProblemSchema>;
