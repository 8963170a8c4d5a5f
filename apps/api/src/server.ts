import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { createConfiguredVerifier } from "./auth/token-verifier.ts";
import { composeHardening } from "./compose/hardening.ts";
import { type ComposeOptions, composeService } from "./compose/service.ts";
import type { ApiConfig } from "./config.ts";
import { applyServerLimits } from "./http/node-server-limits.ts";
import { createUrlBuilder } from "./urls.ts";

export interface RunningServer {
  /** The address the server listens on, e.g. http://127.0.0.1:8787. */
  url: string;
  port: number;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Builds the whole service from configuration and puts it on a socket. `options` injects the telemetry
 * environment and any service parts that replace the configured ones.
 */
export async function startServer(config: ApiConfig, options: ComposeOptions = {}): Promise<RunningServer> {
  let listening = `http://${config.HOST}:${config.PORT}`;
  const urls = createUrlBuilder(() => config.QRG_PUBLIC_URL ?? listening);
  const wired = await composeService(config, urls, options);
  const verifier = await createConfiguredVerifier(config);
  if (!config.QRG_JWKS_URL && !config.QRG_JWKS_FILE) {
    wired.logger.warn(
      { event: "dev_issuer", data_dir: config.dataDir },
      "no QRG_JWKS_URL/QRG_JWKS_FILE: tokens are checked against the embedded dev issuer (not for production)",
    );
  }
  const hardening = await composeHardening(config, wired.keyRing, wired.logger);
  const app = createApp({
    adapter: wired.adapter,
    verifier,
    enabled: config.QRG_ENABLED,
    publicUrl: () => config.QRG_PUBLIC_URL ?? listening,
    version: wired.version,
    http: wired.http,
    ...(wired.mesh ? { mesh: wired.mesh } : {}),
    ...(hardening.limiter ? { limiter: hardening.limiter } : {}),
    audit: hardening.audit,
    corsOrigins: config.QRG_CORS_ORIGINS,
    ...(config.QRG_METRICS_TOKEN ? { metricsToken: config.QRG_METRICS_TOKEN } : {}),
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, () => resolve(s));
    s.once("error", reject);
  });
  applyServerLimits(server);
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  listening = `http://${host}:${address.port}`;
  const metricsServer = await wired.startMetricsServer(config.HOST, config.QRG_METRICS_PORT);
  wired.logger.info(
    { url: listening, adapter: wired.adapter.kind, data_dir: config.dataDir },
    "QRG API listening",
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Stop accepting, let in-flight requests finish (their responses are only sent once durable).
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await metricsServer?.close();
      await hardening.close();
      await wired.shutdown();
    })();
    return closing;
  };
  return { url: listening, port: address.port, close, [Symbol.asyncDispose]: close };
}
