import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { QRGServiceOptions } from "@qrg/core";
import { loadDevIssuer } from "../../src/auth/dev-issuer.ts";
import { type ApiConfig, loadConfig } from "../../src/config.ts";
import { type RunningServer, startServer } from "../../src/server.ts";

export interface TestApi extends AsyncDisposable {
  url: string;
  dataDir: string;
  config: ApiConfig;
  server: RunningServer;
  token(claims?: { sub?: string; tier?: number; consent?: string[]; scope?: string }): Promise<string>;
  post(
    path: string,
    body: unknown,
    token?: string | null,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** GET with the default user's token (reads are owner-only); `token: null` sends none. */
  get(path: string, headers?: Record<string, string>, token?: string | null): Promise<Response>;
}

export interface TestApiOptions {
  /**
   * Service parts replacing the configured ones, built from the test's config (e.g. the real gates with
   * one wrapped by `hanging`). @default none
   */
  service?: (config: ApiConfig) => Promise<Partial<QRGServiceOptions>>;
  /** Environment telemetry reads (OTEL_*, QRG_LOG_LEVEL). @default process.env, logging errors only */
  telemetryEnv?: NodeJS.ProcessEnv;
}

/** Starts the real API (production composition) on 127.0.0.1, port 0, over a fresh data dir. */
export async function startTestApi(
  env: Record<string, string> = {},
  options: TestApiOptions = {},
  dataDir?: string,
): Promise<TestApi> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), "qrg-api-")));
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    QRG_DATA_DIR: dir,
    QRG_QUOTAS: "off",
    QRG_METRICS_PORT: "0",
    ...env,
  });
  // Quiet by default (QRG_LOG_LEVEL=… shows the server's log while debugging a test).
  const telemetryEnv = options.telemetryEnv ?? {
    ...process.env,
    QRG_LOG_LEVEL: process.env.QRG_LOG_LEVEL ?? "error",
  };
  const service = options.service ? await options.service(config) : {};
  const server = await startServer(config, { env: telemetryEnv, service });
  const issuer = await loadDevIssuer(dir);
  const api: TestApi = {
    url: server.url,
    dataDir: dir,
    config,
    server,
    token: (claims = {}) =>
      issuer.sign(
        {
          sub: claims.sub ?? "lid:abc123def456",
          tier: claims.tier ?? 4,
          consent: claims.consent ?? ["consciousness"],
          ...(claims.scope ? { scope: claims.scope } : {}),
        },
        { audience: "qrg-api", ttlSeconds: 600 },
      ),
    async post(path, body, token, headers = {}) {
      const auth = token === null ? {} : { authorization: `Bearer ${token ?? (await api.token())}` };
      return fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...auth, ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    },
    async get(path, headers = {}, token) {
      const auth = token === null ? {} : { authorization: `Bearer ${token ?? (await api.token())}` };
      return fetch(`${server.url}${path}`, { headers: { ...auth, ...headers } });
    },
    async [Symbol.asyncDispose]() {
      await server.close();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
  return api;
}

/** A response body as loosely-typed JSON: tests assert its shape explicitly. */
export const json = (res: Response): Promise<any> => res.json();

/** A loopback port free right now (for listeners that need a fixed port, such as QRG_METRICS_PORT). */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
