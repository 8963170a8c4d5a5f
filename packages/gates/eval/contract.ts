/**
 * The contract between the gates evaluation runner (eval/run.ts) and the harmful-intent evaluation
 * (eval/intents.ts). The runner imports `evaluateIntents` from ./intents.ts and prints its rows beside the
 * word-list figures; the JSON report embeds them under `intents`.
 */
export interface IntentEvalRow {
  /** A harm category, or `benign` for the look-alike set (help-seeking, fiction, idioms). */
  readonly category: string;
  /** ISO 639-1 language code of the examples. */
  readonly language: string;
  /** `heldout` (never trained or tuned on) or `train` (the training set, to show the gap). */
  readonly split: "heldout" | "train";
  /** For harm categories: examples refused. For `benign`: examples refused (false positives). */
  readonly refused: number;
  readonly total: number;
}

export interface IntentEvalOptions {
  /** Evaluate a small deterministic slice (the CI floor test) instead of everything. @default false */
  readonly slice?: boolean;
}

/** Signature exported by eval/intents.ts. */
export type EvaluateIntents = (options?: IntentEvalOptions) => Promise<readonly IntentEvalRow[]>;
