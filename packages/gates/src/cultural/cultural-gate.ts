import type { CulturalGate, GateOutcome, InspectionInput, Logger } from "@qrg/core";
import type { GateData } from "../data/gate-data.ts";
import { AllowList } from "../lexicon/allow-list.ts";
import { logRejection, silentLogger } from "../rejection-log.ts";
import { looksEncoded, prepareText } from "../text/prepare.ts";
import { readingOf } from "../text/reading.ts";
import { type AccessibilityFinding, checkAccessibility } from "./accessibility.ts";
import { BiasCheck } from "./bias.ts";
import { OffensiveScreen } from "./offensive-screen.ts";
import { CULTURAL_WEIGHTS, culturalScore, DEFAULT_CULTURAL_THRESHOLD } from "./score.ts";
import { inspectSvg, type SvgInspection } from "./svg-inspect.ts";
import { visibleTexts } from "./visible-texts.ts";

export interface CulturalSafetyCheckerOptions {
  data: GateData;
  /** Scores below this are rejected. @default 0.85 */
  threshold?: number;
  /** Receives one structured record per rejection. @default a silent logger */
  logger?: Logger;
}

const utf8 = new TextDecoder("utf-8", { fatal: false });

interface CompiledScreens {
  readonly offensive: OffensiveScreen;
  readonly bias: BiasCheck;
}

/** Compiled once per loaded data set: every gate set built from the same data shares the matchers. */
const compiled = new WeakMap<GateData, CompiledScreens>();

function screensFor(data: GateData): CompiledScreens {
  let screens = compiled.get(data);
  if (screens === undefined) {
    screens = {
      offensive: new OffensiveScreen(data, new AllowList(data.allowList.languages)),
      bias: new BiasCheck(data),
    };
    compiled.set(data, screens);
  }
  return screens;
}

/**
 * After generation, before anything is stored or returned: offensive and regionally sensitive words in every
 * visible string (in the user's languages and English), accessibility, and bias, folded into one score (see
 * CULTURAL_WEIGHTS). All word lists are compiled in the constructor.
 */
export class CulturalSafetyChecker implements CulturalGate {
  readonly name = "CulturalSafetyChecker" as const;
  readonly threshold: number;
  private readonly offensive: OffensiveScreen;
  private readonly bias: BiasCheck;
  private readonly logger: Logger;

  constructor(options: CulturalSafetyCheckerOptions) {
    this.threshold = options.threshold ?? DEFAULT_CULTURAL_THRESHOLD;
    this.logger = options.logger ?? silentLogger;
    const screens = screensFor(options.data);
    this.offensive = screens.offensive;
    this.bias = screens.bias;
  }

  ready(): boolean {
    return true;
  }

  async evaluate(input: InspectionInput, signal: AbortSignal): Promise<GateOutcome> {
    signal.throwIfAborted();
    const reading = readingOf(input.request.context?.cultural_context);
    const svgs: SvgInspection[] = input.artifact.parts
      .filter((part) => part.kind === "svg")
      .map((part) => inspectSvg(utf8.decode(part.bytes)));
    const texts = visibleTexts(input, svgs);
    const prepared = texts.map(prepareText);
    signal.throwIfAborted();

    const literal = texts.filter(looksEncoded);
    const prose = literal.length === 0 ? texts : texts.filter((t) => !looksEncoded(t));
    const offensive = this.offensive.find(prepared, prose, reading, literal);
    if (offensive !== undefined) {
      return this.reject(input, offensive.rule_id, offensive.reason, 1 - CULTURAL_WEIGHTS.offensive, []);
    }
    signal.throwIfAborted();

    const accessibility = checkAccessibility(input.artifact, { svgs }, reading);
    const bias = this.bias.find(prepared, reading);
    const score = culturalScore(accessibility.length, bias.length);
    const warnings = bias.map(
      (finding) => `possible bias: ${finding.category} term next to negative-valence words`,
    );
    if (score < this.threshold) {
      const first: AccessibilityFinding | undefined = accessibility[0];
      const ruleId = first?.rule_id ?? "bias.identity_negative";
      const details = [...accessibility.map((f) => f.reason), ...warnings];
      const reason = `cultural safety score ${score.toFixed(2)} below ${this.threshold}: ${details.join("; ")}`;
      return this.reject(input, ruleId, reason, score, warnings);
    }
    return {
      status: "approved",
      reason:
        warnings.length > 0 ? "approved with warnings" : "no offensive, inaccessible or biased content found",
      score,
      warnings,
    };
  }

  private reject(
    input: InspectionInput,
    ruleId: string,
    reason: string,
    score: number,
    warnings: string[],
  ): GateOutcome {
    logRejection(this.logger, { gate: this.name, rule_id: ruleId, reason, score, user: input.principal.sub });
    return { status: "rejected", reason, score, rule_id: ruleId, warnings };
  }
}
