import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";

let ensured = false;

/**
 * Makes `context.with` carry the active context across `await`s. Registers an AsyncLocalStorage context
 * manager globally unless one is already registered (say, by an OpenTelemetry NodeSDK the embedding
 * application started itself), in which case that one is used. Idempotent and cheap after the first call.
 */
export function ensureContextManager(): void {
  if (ensured) return;
  ensured = true;
  const manager = new AsyncLocalStorageContextManager().enable();
  if (!context.setGlobalContextManager(manager)) manager.disable();
}
