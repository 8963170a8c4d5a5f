import { raceSignal } from "@qrg/core";

/** Settles like `promise`, or rejects with the signal's reason as soon as `signal` aborts (core's raceSignal). */
export const raceAbort = raceSignal;

/** Never decides: waits for `signal` and rejects with its reason (the hang test hook). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return raceSignal(new Promise<never>(() => {}), signal);
}
