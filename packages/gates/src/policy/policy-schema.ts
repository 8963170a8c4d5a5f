import { z } from "zod";

export const HARMFUL_CATEGORIES = [
  "sexual_minors",
  "terrorism",
  "weapons",
  "hate",
  "self_harm",
  "violence",
] as const;
export const HarmfulCategorySchema = z.enum(HARMFUL_CATEGORIES);
export type HarmfulCategory = z.output<typeof HarmfulCategorySchema>;

const tierLimit = z.int().min(0);

/** Tier gate for advanced features. */
export const MinTierConditionSchema = z.strictObject({
  type: z.literal("min_tier"),
  min_tier: z.int().min(1).max(5),
  /** Features that need `min_tier`; a request using any of them is checked. */
  features: z.strictObject({
    artifact_types: z.array(z.enum(["symbolic", "visual", "audio", "multimodal"])).default([]),
    entropy_sources: z.array(z.enum(["pseudo_rng", "quantum_rng"])).default([]),
    consensus_required: z.boolean().default(false),
  }),
});

/** Harmful-intent screen of the seed and context.intent. */
export const HarmfulIntentConditionSchema = z.strictObject({
  type: z.literal("harmful_intent"),
  fields: z.array(z.enum(["seed", "context.intent"])).min(1),
  categories: z.array(HarmfulCategorySchema).min(1),
  /** Terms added to the shipped phrase lists: category → language → terms. */
  extra_terms: z
    .partialRecord(HarmfulCategorySchema, z.record(z.string(), z.array(z.string().min(1))))
    .optional(),
});

/** A consent scope the token must carry. */
export const ConsentConditionSchema = z.strictObject({
  type: z.literal("consent"),
  scope: z.string().min(1),
});

/** Generations per user per window, by tier. */
export const QuotaConditionSchema = z.strictObject({
  type: z.literal("quota"),
  window_seconds: z.int().min(1).max(86_400),
  limits_by_tier: z.strictObject({
    "1": tierLimit,
    "2": tierLimit,
    "3": tierLimit,
    "4": tierLimit,
    "5": tierLimit,
  }),
});

export const ConditionSchema = z.discriminatedUnion("type", [
  MinTierConditionSchema,
  HarmfulIntentConditionSchema,
  ConsentConditionSchema,
  QuotaConditionSchema,
]);

/** What a firing rule does: `degrade` goes on without the feature, `throttle` is a quota refusal (429). */
export const EffectSchema = z.enum(["reject", "warn", "degrade", "throttle"]);

const EFFECTS_BY_CONDITION: Record<z.output<typeof ConditionSchema>["type"], readonly string[]> = {
  min_tier: ["reject", "warn"],
  harmful_intent: ["reject", "warn"],
  consent: ["degrade", "reject"],
  quota: ["throttle"],
};

export const PolicyRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, "rule ids are dotted lower-case words"),
    description: z.string().min(1),
    condition: ConditionSchema,
    effect: EffectSchema,
    /** Reason template; `{placeholders}` are filled per rule type. */
    reason: z.string().min(1),
    /** Outcome score when the rule rejects (0-1, higher is safer). @default 0 (1 for throttle) */
    score: z.number().min(0).max(1).optional(),
  })
  .superRefine((rule, ctx) => {
    const allowed = EFFECTS_BY_CONDITION[rule.condition.type];
    if (!allowed.includes(rule.effect)) {
      ctx.addIssue({
        code: "custom",
        path: ["effect"],
        message: `effect ${rule.effect} is not allowed for a ${rule.condition.type} rule (allowed: ${allowed.join(", ")})`,
      });
    }
  });

export const PolicySchema = z
  .strictObject({
    policy_id: z.string().min(1),
    version: z.string().min(1),
    description: z.string().optional(),
    rules: z.array(PolicyRuleSchema).min(1),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["rules", index, "id"],
          message: `duplicate rule id ${rule.id}`,
        });
      }
      seen.add(rule.id);
    });
    const quotas = policy.rules.filter((r) => r.condition.type === "quota").length;
    if (quotas > 1) ctx.addIssue({ code: "custom", path: ["rules"], message: "at most one quota rule" });
  });

export type Policy = z.output<typeof PolicySchema>;
export type PolicyRule = z.output<typeof PolicyRuleSchema>;
export type PolicyCondition = z.output<typeof ConditionSchema>;
export type MinTierCondition = z.output<typeof MinTierConditionSchema>;
export type HarmfulIntentCondition = z.output<typeof HarmfulIntentConditionSchema>;
export type ConsentCondition = z.output<typeof ConsentConditionSchema>;
export type QuotaCondition = z.output<typeof QuotaConditionSchema>;
