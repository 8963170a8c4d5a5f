/**
 * Weights of the CulturalSafetyChecker's score: start at 1 and subtract a penalty per finding, floor 0.
 * - an offensive word or regionally sensitive term: the score is 0 (always rejected);
 * - each failed accessibility requirement (contrast, text alternative, reduced motion, audio description): 0.2,
 *   so one failure alone is below the default threshold;
 * - each identity category flagged by the bias check: 0.1, at most 0.3 in all, so one flag is a warning and
 *   two are a rejection at the default threshold.
 */
export const CULTURAL_WEIGHTS = {
  offensive: 1,
  accessibility: 0.2,
  bias: 0.1,
  biasMax: 0.3,
} as const;

/** Artifacts scoring below this are rejected. */
export const DEFAULT_CULTURAL_THRESHOLD = 0.85;

/** The score for a number of accessibility failures and bias flags (no offensive term). */
export function culturalScore(accessibilityFailures: number, biasFlags: number): number {
  const penalty =
    accessibilityFailures * CULTURAL_WEIGHTS.accessibility +
    Math.min(CULTURAL_WEIGHTS.biasMax, biasFlags * CULTURAL_WEIGHTS.bias);
  return Math.max(0, Math.round((1 - penalty) * 1000) / 1000);
}
