/**
 * A minimal OTLP/HTTP trace receiver on a loopback port: accepts POST /v1/traces (http/json or
 * http/protobuf), answers as a collector does, and keeps every request for assertions.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";

export interface ReceivedExport {
  path: string;
  contentType: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The subset of the OTLP/JSON ExportTraceServiceRequest the tests read. */
export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number; message?: string };
  events?: { name: string; attributes?: { key: string; value: Record<string, unknown> }[] }[];
}

export interface OtlpJsonRequest {
  resourceSpans: {
    resource?: { attributes?: { key: string; value: Record<string, unknown> }[] };
    scopeSpans: { scope?: { name?: string; version?: string }; spans: OtlpJsonSpan[] }[];
  }[];
}

export interface OtlpReceiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://127.0.0.1:43127 */
  readonly url: string;
  readonly received: ReceivedExport[];
  /** Every span of every http/json export received so far. */
  jsonSpans(): OtlpJsonSpan[];
  /** Resolves once `predicate` holds for the received exports (polling every 50 ms), or throws after `timeoutMs`. */
  waitFor(predicate: (received: ReceivedExport[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Flattens an OTLP/JSON AnyValue attribute list into plain values. */
export function otlpAttributes(
  attributes: { key: string; value: Record<string, unknown> }[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of attributes) {
    const [inner] = Object.values(value);
    // OTLP/JSON encodes 64-bit ints as strings.
    out[key] = "intValue" in value ? Number(inner) : inner;
  }
  return out;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedExport[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end();
        return;
      }
      const contentType = req.headers["content-type"] ?? "";
      received.push({ path: req.url, contentType, headers: req.headers, body: Buffer.concat(chunks) });
      // An empty ExportTraceServiceResponse means full success in either encoding.
      if (contentType.startsWith("application/json")) {
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      } else {
        res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    jsonSpans: () =>
      received
        .filter((r) => r.contentType.startsWith("application/json"))
        .flatMap((r) => (JSON.parse(r.body.toString("utf8")) as OtlpJsonRequest).resourceSpans)
        .flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)),
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) throw new Error(`OTLP receiver: condition not met after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
