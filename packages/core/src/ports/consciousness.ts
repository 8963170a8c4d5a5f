import type { ConsciousnessState } from "@qrg/schema";

export interface ConsciousnessQuery {
  user_id: string;
  /** The state the request declared, if any. */
  declared?: ConsciousnessState;
}

/** Where consciousness state comes from. Returns undefined when the provider is unavailable. */
export interface ConsciousnessProvider {
  readonly name: string;
  resolve(query: ConsciousnessQuery, signal: AbortSignal): Promise<ConsciousnessState | undefined>;
}
