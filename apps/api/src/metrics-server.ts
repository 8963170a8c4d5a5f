import { createServer } from "node:http";
import type { QrgTelemetry } from "@qrg/telemetry";

/** GET /metrics on its own port (QRG_METRICS_PORT), so scrapes stay off the public listener. */
export async function startMetricsServer(
  telemetry: QrgTelemetry,
  host: string,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    telemetry.metricsText().then(
      (text) => res.writeHead(200, { "content-type": telemetry.contentType }).end(text),
      () => res.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
